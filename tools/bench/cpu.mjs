// CPU benchmark: tensorgraph against TensorFlow, onnxruntime-node, onnxruntime-web,
// tfjs-backend-wasm and tfjs-backend-cpu on the same work, in one run, with ratios.
//   npm run bench:install   # once: the peers into tools/bench/node_modules, onnx into .venv-tf
//   npm run bench:cpu       # builds, then runs this; --quick: fewer repetitions, no tfjs cpu;
//                           # --only=tensorflow,ort-node,ort-web,tfjs-wasm,tfjs-cpu: a subset
//                           # --rss: also each runner's peak RSS running MobileNetV2 alone
//                           # (a child process per runner: it loads and runs only that model)
// Work: MatMul 1024x1024 f32; Conv2D 1x56x56x64 * 3x3x64x64 SAME; Keras MobileNetV2 224
// (alpha 1.0, random weights) frozen by TensorFlow (tools/bench/peer_models.py, cached in
// tools/bench/.cache). The ONNX peers run the same GraphDef converted op by op; tfjs runs
// it through a small interpreter below (batch norm folded into the convolutions, as the
// tfjs converter would). Peers that are not installed show as "n/a".
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const cache = `${here}.cache/`;
const python = fileURLToPath(new URL('../../.venv-tf/bin/python', import.meta.url));
const quick = process.argv.includes('--quick');
// --only=a,b runs just the runners whose names contain one of the words (tensorgraph always).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (name) => only === undefined || only.some((w) => name.includes(w));
const require = createRequire(import.meta.url);
const THREADS = [1, Math.min(2, availableParallelism())];
const rss = process.argv.includes('--rss');
// --rss-child=runner:threads (internal): run only that runner's MobileNetV2, print peak RSS.
const rssChild = process.argv.find((a) => a.startsWith('--rss-child='))?.slice(12);
const modelOnly = rssChild !== undefined;

function seeded(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Best and median milliseconds of `fn` (async) after warm-up. */
async function time(fn, reps = quick ? 5 : 15, warm = 3) {
  for (let i = 0; i < warm; i++) await fn();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { best: t[0], median: t[t.length >> 1] };
}

function ensureModels() {
  if (!existsSync(python)) return false;
  const run = (cmd) =>
    execFileSync(python, [`${here}peer_models.py`, cmd], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  if (!existsSync(`${cache}mobilenet_v2_224.pb`)) run('freeze');
  if (!existsSync(`${cache}mobilenet_v2_224.onnx`)) {
    try {
      run('onnx');
    } catch {
      console.error('no ONNX models (is onnx installed in .venv-tf? npm run bench:install)');
    }
  }
  return true;
}

// Not made in a --rss child: they would count in its peak memory.
const A = modelOnly ? null : seeded(1024 * 1024, 1);
const B = modelOnly ? null : seeded(1024 * 1024, 2);
const X = modelOnly ? null : seeded(56 * 56 * 64, 3);
const W = modelOnly ? null : seeded(3 * 3 * 64 * 64, 4);
const IMG = seeded(224 * 224 * 3, 5).map((v) => (v + 1) / 2);

/** tensorgraph: Session.run on a cached plan, `threads` intra-op threads. */
async function tensorgraph(threads) {
  const { Session, Graph, importGraphDef, GraphDef, NDArray, cpu } = await import('tensorgraph');
  const config = { intraOpParallelismThreads: threads, interOpParallelismThreads: 1 };
  const out = {};
  if (!modelOnly) {
    const g = new Graph();
    const a = g.createOp(
      'Placeholder',
      [],
      { dtype: 'float32', shape: [1024, 1024] },
      { name: 'a' },
    );
    const b = g.createOp(
      'Placeholder',
      [],
      { dtype: 'float32', shape: [1024, 1024] },
      { name: 'b' },
    );
    const y = g.createOp('MatMul', [a.outputs[0], b.outputs[0]], { T: 'float32' }, { name: 'y' });
    const s = new Session({ graph: g, backends: [cpu()], config });
    const feeds = new Map([
      [a.outputs[0], new NDArray('float32', [1024, 1024], A)],
      [b.outputs[0], new NDArray('float32', [1024, 1024], B)],
    ]);
    out.matmul = await time(() => s.run(y.outputs[0], feeds), quick ? 3 : 8);
    await s.close();
  }
  if (!modelOnly) {
    const g = new Graph();
    const x = g.createOp(
      'Placeholder',
      [],
      { dtype: 'float32', shape: [1, 56, 56, 64] },
      { name: 'x' },
    );
    const w = g.createOp(
      'Const',
      [],
      { dtype: 'float32', value: new NDArray('float32', [3, 3, 64, 64], W) },
      { name: 'w' },
    );
    const y = g.createOp(
      'Conv2D',
      [x.outputs[0], w.outputs[0]],
      { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' },
      { name: 'y' },
    );
    const s = new Session({ graph: g, backends: [cpu()], config });
    const feeds = new Map([[x.outputs[0], new NDArray('float32', [1, 56, 56, 64], X)]]);
    out.conv = await time(() => s.run(y.outputs[0], feeds));
    await s.close();
  }
  if (existsSync(`${cache}mobilenet_v2_224.pb`)) {
    const meta = JSON.parse(readFileSync(`${cache}mobilenet_v2_224.json`, 'utf8'));
    const g = new Graph();
    importGraphDef(GraphDef.decode(readFileSync(`${cache}mobilenet_v2_224.pb`)), {
      graph: g,
      name: '',
    });
    const s = new Session({ graph: g, backends: [cpu()], config });
    const feeds = { [meta.input]: new NDArray('float32', [1, 224, 224, 3], IMG) };
    let y;
    out.mobilenet = await time(async () => {
      y = await s.run(meta.output, feeds);
    });
    out.mobilenetOut = y.data;
    await s.close();
  }
  return out;
}

function tensorflow(threads) {
  if (!existsSync(python)) return null;
  const line = execFileSync(python, [`${here}peer_models.py`, 'time', String(threads)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const r = JSON.parse(line.trim().split('\n').pop());
  const pick = ([best, median]) => ({ best, median });
  return { matmul: pick(r.matmul), conv: pick(r.conv), mobilenet: pick(r.mobilenet) };
}

async function onnxruntime(ort, threads, label) {
  const opts =
    label === 'node'
      ? { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' }
      : // Without it, ort-web in Node may run on ort-node's native backend (one registry).
        { graphOptimizationLevel: 'all', executionProviders: ['wasm'] };
  if (label === 'web') ort.env.wasm.numThreads = threads;
  const out = {};
  const session = (f) => ort.InferenceSession.create(`${cache}${f}`, opts);
  if (!modelOnly && existsSync(`${cache}matmul_1024.onnx`)) {
    const s = await session('matmul_1024.onnx');
    const feeds = {
      a: new ort.Tensor('float32', A, [1024, 1024]),
      b: new ort.Tensor('float32', B, [1024, 1024]),
    };
    out.matmul = await time(() => s.run(feeds), quick ? 3 : 8);
    // NCHW input for the conv model (same values, the layout ONNX uses).
    const c = await session('conv_56.onnx');
    const x = new ort.Tensor('float32', X, [1, 64, 56, 56]);
    out.conv = await time(() => c.run({ x }));
  }
  if (existsSync(`${cache}mobilenet_v2_224.onnx`)) {
    const s = await session('mobilenet_v2_224.onnx');
    const feeds = { [s.inputNames[0]]: new ort.Tensor('float32', IMG, [1, 224, 224, 3]) };
    let y;
    out.mobilenet = await time(async () => {
      y = await s.run(feeds);
    });
    out.mobilenetOut = y[s.outputNames[0]].data;
  }
  return out;
}

/** MobileNetV2's GraphDef on tfjs ops (consts folded, batch norm folded into convs). */
function tfjsMobileNet(tf) {
  const meta = JSON.parse(readFileSync(`${cache}mobilenet_v2_224.json`, 'utf8'));
  const blob = readFileSync(`${cache}mobilenet_v2_224.nodes.bin`);
  const consts = new Map();
  const val = (n) => {
    const b = blob.subarray(n.offset, n.offset + n.length);
    const a = new Uint8Array(b).buffer;
    return n.dtype === 'float32' ? new Float32Array(a) : new Int32Array(a);
  };
  // Constant folding on plain arrays (vectors): Identity, Rsqrt, Mul, AddV2, Sub.
  const fold = {
    Identity: (a) => a,
    Rsqrt: (a) => ({ ...a, v: a.v.map((x) => 1 / Math.sqrt(x)) }),
    Mul: (a, b) => bin(a, b, (x, y) => x * y),
    AddV2: (a, b) => bin(a, b, (x, y) => x + y),
    Sub: (a, b) => bin(a, b, (x, y) => x - y),
  };
  const bin = (a, b, f) => {
    const n = Math.max(a.v.length, b.v.length);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = f(a.v[i % a.v.length], b.v[i % b.v.length]);
    return { shape: a.v.length >= b.v.length ? a.shape : b.shape, v };
  };
  for (const n of meta.nodes) {
    const ins = n.inputs.map((i) => i.split(':')[0]);
    if (n.op === 'Const') consts.set(n.name, { shape: n.shape, v: val(n) });
    else if (fold[n.op] && ins.every((i) => consts.has(i))) {
      consts.set(n.name, fold[n.op](...ins.map((i) => consts.get(i))));
    }
  }
  const consumers = new Map();
  for (const n of meta.nodes)
    for (const i of n.inputs) {
      const k = i.split(':')[0];
      consumers.set(k, [...(consumers.get(k) ?? []), n]);
    }
  const tensors = new Map();
  const T = (name) => {
    const c = consts.get(name);
    if (c && !tensors.has(name)) tensors.set(name, tf.keep(tf.tensor(c.v, c.shape, 'float32')));
    return tensors.get(name);
  };
  // Plan: conv -> Mul(scale) -> AddV2(shift) [-> Relu6] becomes one fused conv.
  const steps = [];
  const skip = new Set();
  for (const n of meta.nodes) {
    const ins = n.inputs.map((i) => i.split(':')[0]);
    if (n.op === 'Const' || consts.has(n.name) || skip.has(n.name) || n.op === 'NoOp') continue;
    if (n.op === 'Conv2D' || n.op === 'DepthwiseConv2dNative') {
      const w = consts.get(ins[1]);
      const [mul] = consumers.get(n.name) ?? [];
      const scale = mul?.op === 'Mul' && consts.get(mul.inputs[1].split(':')[0]);
      const [add] = scale ? consumers.get(mul.name) : [];
      const shift = add?.op === 'AddV2' && consts.get(add.inputs[1].split(':')[0]);
      const [relu] = shift ? (consumers.get(add.name) ?? []) : [];
      let wv = w.v;
      let bias = null;
      let last = n.name;
      let activation = 'linear';
      if (scale && shift) {
        const oc = scale.v.length;
        wv = w.v.map((x, i) => x * scale.v[i % oc]);
        bias = tf.tensor1d(shift.v);
        skip.add(mul.name).add(add.name);
        last = add.name;
        if (relu?.op === 'Relu6') {
          activation = 'relu6';
          skip.add(relu.name);
          last = relu.name;
        }
      }
      const filter = tf.tensor(wv, w.shape, 'float32');
      const s = n.strides.slice(1, 3);
      const pad = n.padding.toLowerCase();
      const conv = n.op === 'Conv2D' ? tf.fused.conv2d : tf.fused.depthwiseConv2d;
      steps.push([
        last,
        () => conv({ x: tensors.get(ins[0]), filter, strides: s, pad, bias, activation }),
      ]);
      continue;
    }
    const a = () => tensors.get(ins[0]) ?? T(ins[0]);
    const b = () => tensors.get(ins[1]) ?? T(ins[1]);
    const f = {
      Placeholder: null,
      Identity: () => a(),
      Relu6: () => tf.relu6(a()),
      AddV2: () => tf.add(a(), b()),
      Mul: () => tf.mul(a(), b()),
      Pad: () =>
        tf.pad(
          a(),
          [...consts.get(ins[1]).v].reduce(
            (r, v, i) => (i % 2 ? r[r.length - 1].push(v) : r.push([v]), r),
            [],
          ),
        ),
      Mean: () => tf.mean(a(), [...consts.get(ins[1]).v], n.keep_dims),
      MatMul: () => tf.matMul(a(), b()),
      BiasAdd: () => tf.add(a(), b()),
      Softmax: () => tf.softmax(a()),
    }[n.op];
    if (f === undefined) throw new Error(`tfjs runner: no mapping for ${n.op}`);
    if (f !== null) steps.push([n.name, f]);
  }
  const input = meta.input.split(':')[0];
  const output = meta.output.split(':')[0];
  return (x) =>
    tf.tidy(() => {
      tensors.set(input, x);
      for (const [name, f] of steps) tensors.set(name, f());
      const y = tensors.get(output);
      for (const k of [...tensors.keys()]) if (!consts.has(k)) tensors.delete(k);
      return y;
    });
}

async function tfjs(backend) {
  const tf = require('@tensorflow/tfjs-core');
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${here}node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
    wasm.setThreadsCount?.(1);
  } else {
    require('@tensorflow/tfjs-backend-cpu');
  }
  await tf.setBackend(backend);
  await tf.ready();
  const out = {};
  const run = (f) => async () => {
    const y = f();
    await y.data();
    y.dispose();
  };
  if (!modelOnly) {
    const a = tf.tensor(A, [1024, 1024]);
    const b = tf.tensor(B, [1024, 1024]);
    out.matmul = await time(
      run(() => tf.matMul(a, b)),
      backend === 'cpu' ? 1 : quick ? 3 : 8,
      1,
    );
    const x = tf.tensor(X, [1, 56, 56, 64]);
    const w = tf.tensor(W, [3, 3, 64, 64]);
    out.conv = await time(
      run(() => tf.conv2d(x, w, 1, 'same')),
      backend === 'cpu' ? 2 : undefined,
      1,
    );
  }
  if (existsSync(`${cache}mobilenet_v2_224.json`)) {
    const net = tfjsMobileNet(tf);
    const img = tf.tensor(IMG, [1, 224, 224, 3]);
    let y;
    out.mobilenet = await time(
      async () => {
        const t = net(img);
        y = await t.data();
        t.dispose();
      },
      backend === 'cpu' ? 2 : undefined,
      1,
    );
    out.mobilenetOut = y;
  }
  return out;
}

async function maybe(name, f) {
  try {
    return await f();
  } catch (e) {
    console.error(`${name}: skipped (${e.stack.split('\n').slice(0, 3).join(' / ')})`);
    return null;
  }
}

/** TensorFlow running only MobileNetV2 (10 runs); prints its peak RSS in MB. */
const TF_RSS = `
import json, os, resource, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(here)})
import peer_models as pm
import tensorflow as tf
T = tf.compat.v1
T.disable_eager_execution()
cfg = T.ConfigProto(intra_op_parallelism_threads=int(sys.argv[1]), inter_op_parallelism_threads=1)
gd = T.GraphDef()
gd.ParseFromString(open(pm.PB, "rb").read())
meta = json.load(open(os.path.join(pm.CACHE, "mobilenet_v2_224.json")))
with T.Graph().as_default() as g:
    T.import_graph_def(gd, name="")
    x, y = g.get_tensor_by_name(meta["input"]), g.get_tensor_by_name(meta["output"])
    feeds = {x: np.random.default_rng(0).uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)}
    with T.Session(graph=g, config=cfg) as s:
        for _ in range(10):
            s.run(y, feeds)
# VmHWM: this process's own peak (ru_maxrss also counts the parent's RSS at fork).
try:
    hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    mb = int(hwm.split()[1]) / 1024
except (OSError, StopIteration):
    mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rssMB": mb}))
`;

if (rssChild !== undefined) {
  const [name, t] = rssChild.split(':');
  const threads = Number(t);
  const runners = {
    tensorgraph: () => tensorgraph(threads),
    'ort-node': () => onnxruntime(require('onnxruntime-node'), threads, 'node'),
    'ort-web': () => onnxruntime(require('onnxruntime-web'), threads, 'web'),
    'tfjs-wasm': () => tfjs('wasm'),
    'tfjs-cpu': () => tfjs('cpu'),
  };
  const r = await runners[name]();
  if (r?.mobilenet === undefined) throw new Error(`${name}: MobileNetV2 did not run`);
  console.log(JSON.stringify({ rssMB: peakRssMB() }));
  process.exit(0);
}

/**
 * This process's peak RSS in MB: Linux's VmHWM where there is one (maxRSS also counts the
 * parent's memory at fork, which would hide a child smaller than its parent).
 */
function peakRssMB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Peak RSS (MB) of a process that loads `runner` and runs only MobileNetV2; null if it fails. */
function peakRss(runner, threads) {
  try {
    const out =
      runner === 'tensorflow'
        ? execFileSync(python, ['-c', TF_RSS, String(threads)], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          })
        : execFileSync(
            process.execPath,
            [fileURLToPath(import.meta.url), `--rss-child=${runner}:${threads}`, '--quick'],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
          );
    return JSON.parse(out.trim().split('\n').pop()).rssMB;
  } catch (e) {
    console.error(`${runner} (rss): skipped (${String(e.message).split('\n')[0]})`);
    return null;
  }
}

const haveTf = ensureModels();
const rows = [];
for (const t of THREADS)
  rows.push([`tensorgraph (${t} thread${t > 1 ? 's' : ''})`, await tensorgraph(t)]);
if (haveTf && want('tensorflow'))
  for (const t of THREADS) rows.push([`TensorFlow 2.21 (${t})`, tensorflow(t)]);
const peer = (pkg) => existsSync(`${here}node_modules/${pkg}`);
if (peer('onnxruntime-node') && want('ort-node')) {
  for (const t of THREADS) {
    rows.push([
      `onnxruntime-node 1.30 (${t})`,
      await maybe('ort-node', () => onnxruntime(require('onnxruntime-node'), t, 'node')),
    ]);
  }
}
if (peer('onnxruntime-web') && want('ort-web')) {
  for (const t of THREADS) {
    rows.push([
      `onnxruntime-web 1.30 wasm (${t})`,
      await maybe('ort-web', () => onnxruntime(require('onnxruntime-web'), t, 'web')),
    ]);
  }
}
if (peer('@tensorflow/tfjs-backend-wasm'))
  rows.push(['tfjs-backend-wasm 4.22 (1)', await maybe('tfjs-wasm', () => tfjs('wasm'))]);
if (peer('@tensorflow/tfjs-backend-cpu') && !quick)
  rows.push(['tfjs cpu 4.22 (1)', await maybe('tfjs-cpu', () => tfjs('cpu'))]);

// Output check: every runner's MobileNetV2 probabilities against tensorgraph's.
const ref = rows[0][1]?.mobilenetOut;
const diff = (y) => {
  if (!ref || !y) return '';
  let d = 0;
  for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(ref[i] - y[i]));
  return d.toExponential(1);
};

const ours = rows[0][1];
const ours2 = rows[THREADS.length - 1][1];
const fmt = (r, key) => (r?.[key] ? r[key].best.toFixed(2) : 'n/a');
const gflops = (r) => (r?.matmul ? ((2 * 1024 ** 3) / r.matmul.best / 1e6).toFixed(1) : 'n/a');
const ratio = (r, key) =>
  r?.[key] && ours2?.[key] ? `${(r[key].best / ours2[key].best).toFixed(2)}x` : '';
console.log(
  `\nCPU benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.versions.node}`,
);
console.log(
  'best of runs, ms (MatMul also GFLOP/s); "vs tg" = runner time / tensorgraph time at',
  THREADS.at(-1),
  'threads (>1: tensorgraph faster)\n',
);
console.log(
  '| runner | MatMul 1024 ms | GFLOP/s | vs tg | Conv2D 56x56x64 3x3 ms | vs tg | MobileNetV2 224 ms | vs tg | max |dy| vs tg |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, r] of rows) {
  console.log(
    `| ${name} | ${fmt(r, 'matmul')} | ${gflops(r)} | ${ratio(r, 'matmul')} | ${fmt(r, 'conv')} | ${ratio(r, 'conv')} | ${fmt(r, 'mobilenet')} | ${ratio(r, 'mobilenet')} | ${r === ours ? '' : diff(r?.mobilenetOut)} |`,
  );
}

if (rss && existsSync(`${cache}mobilenet_v2_224.pb`)) {
  // One child process per runner, one after another (no timing runs beside them).
  const top = THREADS.at(-1);
  const rssRows = THREADS.map((t) => [`tensorgraph (${t})`, peakRss('tensorgraph', t)]);
  if (haveTf && want('tensorflow'))
    rssRows.push([`TensorFlow 2.21 (${top})`, peakRss('tensorflow', top)]);
  if (peer('onnxruntime-node') && want('ort-node'))
    rssRows.push([`onnxruntime-node 1.30 (${top})`, peakRss('ort-node', top)]);
  if (peer('onnxruntime-web') && want('ort-web'))
    rssRows.push([`onnxruntime-web 1.30 wasm (${top})`, peakRss('ort-web', top)]);
  if (peer('@tensorflow/tfjs-backend-wasm') && want('tfjs-wasm'))
    rssRows.push(['tfjs-backend-wasm 4.22 (1)', peakRss('tfjs-wasm', 1)]);
  if (peer('@tensorflow/tfjs-backend-cpu') && want('tfjs-cpu') && !quick)
    rssRows.push(['tfjs cpu 4.22 (1)', peakRss('tfjs-cpu', 1)]);
  const mine = rssRows[0][1];
  console.log(
    '\npeak RSS of a process running only MobileNetV2 224 (MB); "vs tg" = runner / tensorgraph (1 thread)\n',
  );
  console.log('| runner | peak RSS MB | vs tg |');
  console.log('|---|---|---|');
  for (const [name, mb] of rssRows) {
    const r = mb !== null && mine ? `${(mb / mine).toFixed(2)}x` : '';
    console.log(`| ${name} | ${mb === null ? 'n/a' : mb.toFixed(0)} | ${r} |`);
  }
}
process.exit(0);
