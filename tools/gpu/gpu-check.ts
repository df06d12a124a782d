// The device-machine check of @tensorgraph/backend-cuda on a real GPU, bundled by prepare.sh
// into build/gpu-check.mjs (Node is carried there; nothing else is installed). In order:
//   1. TF's golden kernel cases on the GPU (cuBLAS, then the tiled MatMul);
//   2. a GPU-pinned graph through a Session against the CPU backend;
//   3. the conformance session group (run outside vitest, see vitest-shim.ts);
//   4. the model zoo, GPU-pinned with CPU fallback, and its errors.json runs;
//   5. MobileNetV2 timings through Session.run on GPU and on the CPU backend;
//   6. MatMul/Conv2D kernel timings (bench_torch.py times the same shapes in PyTorch).
// Usage: node gpu-check.mjs <ops fixture dir> <out dir> [flags]
//   --zoo-max-kib=N     only zoo models whose folder is at most N KiB (emulator dry runs)
//   --models=a,b        only these zoo models
//   --skip=p,q          leave out phases: ops, session, zoo, mobilenet, bench
//   --mobilenet-224=PB  tools/bench's frozen MobileNetV2 224 (default: beside this script)
//   --budget-s=N        seconds for the whole run (default 400): later phases shorten to fit
// Writes <out dir>/gpu-check.json after every phase. Exit 0 when everything agrees with TF
// (or differs exactly as TF's own GPU kernels do), 1 otherwise, 2 when CUDA is unavailable.
// TG_GPU_CHECK_EMULATE=1 runs it all on the emulated device (no kernel timings).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpu } from '@tensorgraph/backend-cpu';
import { cuda, type CudaDevice } from '@tensorgraph/backend-cuda';
import { NDArray } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { runFixtures, summarize } from '../../packages/backend-cuda/test/fixture-runner.js';
import {
  benchMobileNet,
  mobileNet224,
  zooMobileNet,
  type MobileNetRow,
} from './mobilenet-bench.js';
import { opBenchmarks, seeded } from './op-bench.js';
import { runSessionChecks } from './session-checks.js';
import { runZoo, selectZoo } from './zoo-on-gpu.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [fixtures = 'packages/conformance/fixtures/ops', outDir = '.'] = positional;
const conformanceDir = dirname(fixtures);
const skip = new Set((flag('skip') ?? '').split(',').filter(Boolean));
const zooMaxKiB = flag('zoo-max-kib');
const onlyModels = flag('models')?.split(',').filter(Boolean);
const here = dirname(fileURLToPath(import.meta.url));
const pb224 = flag('mobilenet-224') ?? join(here, 'mobilenet_v2_224.pb');
const started = performance.now();
const budgetMs = Number(flag('budget-s') ?? 400) * 1000;
/** performance.now() by which a phase should be done, as a share of the budget. */
const by = (share: number) => started + budgetMs * share;

const namePrefix = '/job:localhost/replica:0/task:0';
const report: Record<string, unknown> = {};
const problems: string[] = [];
mkdirSync(outDir, { recursive: true });
const writeReport = () =>
  writeFileSync(join(outDir, 'gpu-check.json'), JSON.stringify(report, null, 2));

// TG_GPU_CHECK_EMULATE=1 runs the same steps on the emulated device (a dry run of this
// script on a machine without a GPU; no kernel timings).
const emulate = process.env.TG_GPU_CHECK_EMULATE === '1';

async function goldenCases(): Promise<void> {
  const backend = cuda({ emulate });
  const [device] = (await backend.createDevices({ namePrefix })) as CudaDevice[];
  report.device = device!.attributes.physicalDeviceDesc;
  report.cublas = device!.hasCublas;
  console.log(`device: ${report.device}; cuBLAS: ${report.cublas}`);
  const t0 = performance.now();
  // A few ulp for float results: CUDA's transcendental functions are not glibc's.
  const floor = emulate ? {} : { rtol: 5e-7, atol: 1e-7 };
  report.toleranceFloor = floor;
  const outcomes = await runFixtures(fixtures, backend, device!, { floor });
  const s = summarize(outcomes);
  report.fixtures = {
    pass: s.pass,
    fail: s.fail,
    unexpected: s.unexpected,
    skip: s.skip,
    seconds: (performance.now() - t0) / 1000,
  };
  report.failures = s.failures;
  console.log(
    `TF golden cases on ${device!.attributes.name}: ${s.pass} agree, ${s.fail} differ (${s.fail - s.unexpected} as TF's own GPU kernels do), ${s.skip} without a GPU kernel`,
  );
  for (const f of s.failures) console.log(`  ${f}`);
  await device!.dispose();
  if (s.unexpected > 0) problems.push(`${s.unexpected} golden cases differ from TF`);

  // The tiled MatMul (no cuBLAS) on the MatMul cases.
  const tiled = cuda({ cublas: false, emulate });
  const [plain] = await tiled.createDevices({ namePrefix });
  const matmul = summarize(
    await runFixtures(fixtures, tiled, plain!, { files: (f) => /matmul/.test(f), floor }),
  );
  report.tiledMatMul = { pass: matmul.pass, fail: matmul.fail };
  console.log(`tiled MatMul kernel: ${matmul.pass} agree, ${matmul.fail} differ`);
  for (const f of matmul.failures) console.log(`  ${f}`);
  await plain!.dispose();
  if (matmul.fail > 0) problems.push(`${matmul.fail} tiled MatMul cases differ from TF`);
}

/** A graph pinned to /device:GPU:0, run by a Session, against the CPU backend. */
async function smokeSession(): Promise<void> {
  const g = new Graph();
  g.device('/device:GPU:0', () => {
    const x = g.createOp(
      'Const',
      [],
      { value: new NDArray('float32', [64, 128], seeded(64 * 128, 5)), dtype: 'float32' },
      { name: 'x' },
    );
    const w = g.createOp(
      'Const',
      [],
      { value: new NDArray('float32', [128, 32], seeded(128 * 32, 6)), dtype: 'float32' },
      { name: 'w' },
    );
    const m = g.createOp('MatMul', [x.outputs[0]!, w.outputs[0]!], { T: 'float32' }, { name: 'm' });
    g.createOp('Softmax', [m.outputs[0]!], { T: 'float32' }, { name: 'y' });
  });
  const lines: string[] = [];
  const gpuSession = new Session({
    graph: g,
    backends: [cpu(), cuda({ emulate })],
    config: { logDevicePlacement: true },
    logger: (l) => lines.push(l),
  });
  const onGpu = (await gpuSession.run('y:0')) as NDArray;
  await gpuSession.close();
  const cpuSession = new Session({
    graph: g,
    backends: [cpu()],
    config: { allowSoftPlacement: true },
  });
  const onCpu = (await cpuSession.run('y:0')) as NDArray;
  await cpuSession.close();
  let maxDiff = 0;
  (onGpu.data as Float32Array).forEach(
    (v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (onCpu.data as Float32Array)[i]!))),
  );
  report.session = { placement: lines.filter((l) => l.includes(': (')), maxDiffVsCpu: maxDiff };
  console.log(`session on GPU: max |gpu - cpu| = ${maxDiff}`);
  console.log(lines.filter((l) => l.includes(': (')).join('\n'));
  if (!(maxDiff <= 1e-4)) problems.push(`GPU-pinned session differs from CPU by ${maxDiff}`);
}

async function sessionGroup(): Promise<void> {
  const t0 = performance.now();
  const results = await runSessionChecks(conformanceDir, () => [cuda({ emulate }), cpu()]);
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const [pass, asTfGpu, fail, skipped] = [
    count('pass'),
    count('as-tf-gpu'),
    count('fail'),
    count('skip'),
  ];
  report.sessionGroup = {
    pass,
    asTfGpu,
    fail,
    skip: skipped,
    seconds: (performance.now() - t0) / 1000,
    results,
  };
  console.log(
    `\nconformance session group on GPU: ${pass} pass, ${asTfGpu} differ as TF's GPU kernels do, ${fail} fail, ${skipped} unsupported`,
  );
  for (const r of results.filter((x) => x.status !== 'pass')) {
    console.log(`  ${r.status.toUpperCase()} ${r.name}: ${r.detail.split('\n')[0]}`);
  }
  if (fail > 0) problems.push(`${fail} session-group checks fail`);
}

async function zoo(): Promise<void> {
  const models = selectZoo(join(conformanceDir, 'zoo'), {
    ...(onlyModels ? { models: onlyModels } : {}),
    ...(zooMaxKiB !== undefined ? { maxKiB: Number(zooMaxKiB) } : {}),
  });
  const t0 = performance.now();
  console.log(
    `\nmodel zoo on GPU (${models.length} models${zooMaxKiB ? `, folders <= ${zooMaxKiB} KiB` : ''}):`,
  );
  console.log(
    `${'model / errors.json case'.padEnd(58)}${'result'.padEnd(8)}${'GPU'.padStart(6)}${'CPU'.padStart(6)}${'s'.padStart(8)}  ops on CPU`,
  );
  const { outcomes, skipped } = await runZoo(
    models,
    () => [cuda({ emulate }), cpu()],
    by(0.6),
    (o) => {
      const p = o.kind === 'model' ? o.placement : undefined;
      const onCpu = Object.entries(p?.onCpu ?? {})
        .map(([t, n]) => `${t}x${n}`)
        .join(' ');
      const status = o.status === 'as-tf-gpu' ? 'TF-GPU' : o.status.toUpperCase();
      const test = o.kind === 'errors' ? `  ${o.test.slice(o.model.length + 2)}` : o.test;
      console.log(
        `${test.slice(0, 57).padEnd(58)}${status.padEnd(8)}${(p ? String(p.nodes.GPU ?? 0) : '').padStart(6)}${(p ? String(p.nodes.CPU ?? 0) : '').padStart(6)}${o.seconds.toFixed(2).padStart(8)}  ${onCpu.length > 60 ? `${onCpu.slice(0, 57)}...` : onCpu}`,
      );
      if (o.status !== 'pass') for (const l of o.detail.split('\n')) console.log(`      ${l}`);
    },
  );
  const fails = outcomes.filter((o) => o.status === 'fail');
  const modelsRun = outcomes.filter((o) => o.kind === 'model');
  report.zoo = {
    models: modelsRun.length,
    modelsPass: modelsRun.filter((o) => o.status === 'pass').length,
    errorCases: outcomes.length - modelsRun.length,
    errorCasesPass: outcomes.filter((o) => o.kind === 'errors' && o.status !== 'fail').length,
    notRunForTime: skipped,
    seconds: (performance.now() - t0) / 1000,
    outcomes,
  };
  const errorRuns = outcomes.filter((o) => o.kind === 'errors');
  const errorsAs = (s: string) => errorRuns.filter((o) => o.status === s).length;
  console.log(
    `zoo: ${modelsRun.filter((o) => o.status === 'pass').length}/${modelsRun.length} models pass; errors.json: ${errorsAs('pass')} pass, ${errorsAs('as-tf-gpu')} differ as TF's GPU kernels do, ${errorsAs('fail')} fail${skipped.length ? `; not run (time budget): ${skipped.join(', ')}` : ''}`,
  );
  if (fails.length > 0) problems.push(`${fails.length} zoo runs fail`);
  if (skipped.length > 0) problems.push(`zoo models not run for time: ${skipped.join(', ')}`);
}

async function mobilenet(): Promise<void> {
  const cases = [zooMobileNet(join(conformanceDir, 'zoo'))].filter((c) => c !== null);
  if (existsSync(pb224)) cases.push(mobileNet224(pb224));
  else console.log(`\n(no ${pb224}: MobileNetV2 224 not timed)`);
  const rows: MobileNetRow[] = [];
  console.log(
    `\nMobileNetV2 through Session.run (feeds up, logits back), median of N after warm-up:`,
  );
  console.log(
    `${'model'.padEnd(44)}${'device'.padEnd(7)}${'N'.padStart(4)}${'median ms'.padStart(11)}${'best ms'.padStart(10)}  nodes GPU/CPU  check`,
  );
  for (const [i, c] of cases.entries()) {
    // The 96 model first; each case gets an even share of the phase's time.
    const deadline = by(0.6 + (0.2 * (i + 1)) / cases.length);
    const got = await benchMobileNet(c, () => [cuda({ emulate }), cpu()], cpu, {
      warmup: emulate ? 1 : 5,
      gpuReps: emulate ? 3 : 30,
      cpuReps: emulate ? 3 : 10,
      deadline,
    });
    for (const r of got) {
      rows.push(r);
      console.log(
        `${r.model.padEnd(44)}${r.device.padEnd(7)}${String(r.reps).padStart(4)}${r.medianMs.toFixed(2).padStart(11)}${r.bestMs.toFixed(2).padStart(10)}  ${r.device === 'GPU' ? `${r.nodes.GPU ?? 0}/${r.nodes.CPU ?? 0}`.padEnd(13) : ''.padEnd(13)}  ${r.check}`,
      );
      const bad = r.check.includes('differ');
      if (bad) problems.push(`MobileNetV2 ${r.model} on ${r.device}: ${r.check}`);
    }
  }
  report.mobilenet = rows;
}

async function main(): Promise<void> {
  const availability = await cuda({ emulate }).isAvailable();
  report.availability = availability;
  console.log('availability:', JSON.stringify(availability));
  if (!availability.available) {
    writeReport();
    process.exitCode = 2;
    return;
  }
  const phase = async (name: string, fn: () => Promise<void>) => {
    if (skip.has(name)) return;
    try {
      await fn();
    } catch (e) {
      const err = e as Error;
      problems.push(`${name} phase threw ${err.name}: ${err.message}`);
      console.log(`${name} phase threw ${err.stack ?? err.message}`);
    }
    report.problems = problems;
    report.elapsedSeconds = (performance.now() - started) / 1000;
    writeReport();
  };
  await phase('ops', goldenCases);
  await phase('ops', smokeSession);
  await phase('session', sessionGroup);
  await phase('zoo', zoo);
  await phase('mobilenet', mobilenet);
  if (!emulate) {
    await phase('bench', async () => {
      report.bench = await opBenchmarks();
      console.log(
        '\nop      shape                               impl                      ms      GFLOP/s',
      );
      for (const r of report.bench as Record<string, unknown>[]) {
        console.log(
          `${String(r.op).padEnd(8)}${String(r.shape).padEnd(36)}${String(r.impl).padEnd(26)}${Number(r.ms).toFixed(3).padStart(8)}${Number(r.gflops).toFixed(0).padStart(10)}`,
        );
      }
    });
  }
  console.log(
    `\ngpu-check: ${problems.length === 0 ? 'all agree' : `${problems.length} problem(s)`} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const p of problems) console.log(`  ${p}`);
  if (problems.length > 0) process.exitCode = 1;
}

await main();
