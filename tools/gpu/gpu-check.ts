// The device-machine check: the CUDA backend on a real GPU against TF's golden kernel
// cases, a GPU-pinned graph through a Session, and MatMul/Conv2D timings. Bundled by
// prepare.sh into build/gpu-check.mjs (Node is carried there; nothing else is installed).
// Usage: node gpu-check.mjs <fixture dir> <out dir>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpu } from '@tensorgraph/backend-cpu';
import { cuda, type CudaDevice } from '@tensorgraph/backend-cuda';
import { NDArray, type Backend, type DeviceTensor, type KernelContext } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { runFixtures, summarize } from '../../packages/backend-cuda/test/fixture-runner.js';

const [fixtures = 'packages/conformance/fixtures/ops', outDir = '.'] = process.argv.slice(2);
const namePrefix = '/job:localhost/replica:0/task:0';
const report: Record<string, unknown> = {};

function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Median milliseconds of `fn` (which enqueues work) over `reps`, synchronising each time. */
async function time(device: CudaDevice, fn: () => void, reps = 10): Promise<number> {
  fn();
  await device.synchronize();
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    await device.synchronize();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] as number;
}

async function benchmarks(backend: Backend, tiled: Backend): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const [label, b] of [
    ['cublas', backend],
    ['tiled', tiled],
  ] as const) {
    const [device] = (await b.createDevices({ namePrefix })) as CudaDevice[];
    if (device === undefined) continue;
    const kernelOf = (op: string) => b.kernels.find((k) => k.opType === op)!;
    for (const n of [256, 512, 1024, 2048, 4096]) {
      if (label === 'tiled' && n > 2048) continue;
      const a = device.upload(new NDArray('float32', [n, n], seeded(n * n, 1)));
      const w = device.upload(new NDArray('float32', [n, n], seeded(n * n, 2)));
      const compute = kernelOf('MatMul').create({
        nodeName: 'm',
        opType: 'MatMul',
        attrs: { T: 'float32', transpose_a: false, transpose_b: false },
        device,
        inputDTypes: ['float32', 'float32'],
        outputDTypes: ['float32'],
      });
      const ctx = fakeContext(device, [a, w]);
      const ms = await time(device, () => void compute(ctx));
      rows.push({
        op: 'MatMul',
        shape: `${n}x${n}x${n}`,
        impl: label === 'cublas' ? 'ours via cuBLAS' : 'ours (tiled kernel)',
        ms,
        gflops: (2 * n ** 3) / ms / 1e6,
      });
    }
    for (const [nb, hw, ci, co, k] of [
      [1, 56, 64, 64, 3],
      [32, 56, 64, 64, 3],
      [32, 28, 128, 128, 3],
      [32, 14, 256, 256, 3],
      [32, 112, 32, 64, 1],
    ] as const) {
      // Conv2D never uses cuBLAS: time it once.
      if (label === 'tiled') break;
      const x = device.upload(
        new NDArray('float32', [nb, hw, hw, ci], seeded(nb * hw * hw * ci, 3)),
      );
      const f = device.upload(new NDArray('float32', [k, k, ci, co], seeded(k * k * ci * co, 4)));
      const compute = kernelOf('Conv2D').create({
        nodeName: 'c',
        opType: 'Conv2D',
        attrs: {
          T: 'float32',
          strides: [1, 1, 1, 1],
          padding: 'SAME',
          explicit_paddings: [],
          data_format: 'NHWC',
          dilations: [1, 1, 1, 1],
          use_cudnn_on_gpu: true,
        },
        device,
        inputDTypes: ['float32', 'float32'],
        outputDTypes: ['float32'],
      });
      const ctx = fakeContext(device, [x, f]);
      const ms = await time(device, () => void compute(ctx), 5);
      const flops = 2 * nb * hw * hw * co * k * k * ci;
      rows.push({
        op: 'Conv2D',
        shape: `${nb}x${hw}x${hw}x${ci} * ${k}x${k}x${ci}x${co}`,
        impl: 'ours (implicit GEMM)',
        ms,
        gflops: flops / ms / 1e6,
      });
    }
    await device.dispose();
  }
  return rows;
}

/** The smallest KernelContext a benchmark needs: inputs on the device, outputs allocated. */
function fakeContext(device: CudaDevice, inputs: readonly DeviceTensor[]): KernelContext {
  return {
    nodeName: 'bench',
    opType: 'bench',
    device,
    numInputs: inputs.length,
    numOutputs: 1,
    input: (i: number) => inputs[i]!,
    inputList: () => inputs,
    hostInput: () => {
      throw new Error('no host inputs');
    },
    allocateOutput: (_i: number, shape: readonly number[]) => device.allocate('float32', shape),
    setOutput: () => {},
    setHostOutput: () => {},
    resources: undefined as never,
    signal: new AbortController().signal,
    stepId: 1,
  } as unknown as KernelContext;
}

// TG_GPU_CHECK_EMULATE=1 runs the same steps on the emulated device (a dry run of this
// script on a machine without a GPU; no timings).
const emulate = process.env.TG_GPU_CHECK_EMULATE === '1';

async function main(): Promise<void> {
  const backend = cuda({ emulate });
  const availability = await backend.isAvailable();
  report.availability = availability;
  console.log('availability:', JSON.stringify(availability));
  if (!availability.available) {
    writeFileSync(join(outDir, 'gpu-check.json'), JSON.stringify(report, null, 2));
    process.exitCode = 2;
    return;
  }
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

  // A graph pinned to /device:GPU:0, run by a Session, against the CPU backend.
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

  if (emulate) {
    writeFileSync(join(outDir, 'gpu-check.json'), JSON.stringify(report, null, 2));
    if (s.unexpected > 0 || matmul.fail > 0 || maxDiff > 1e-4) process.exitCode = 1;
    return;
  }
  report.bench = await benchmarks(cuda(), cuda({ cublas: false }));
  console.log(
    '\nop      shape                               impl                      ms      GFLOP/s',
  );
  for (const r of report.bench as Record<string, unknown>[]) {
    console.log(
      `${String(r.op).padEnd(8)}${String(r.shape).padEnd(36)}${String(r.impl).padEnd(26)}${Number(r.ms).toFixed(3).padStart(8)}${Number(r.gflops).toFixed(0).padStart(10)}`,
    );
  }
  writeFileSync(join(outDir, 'gpu-check.json'), JSON.stringify(report, null, 2));
  if (s.unexpected > 0 || matmul.fail > 0 || maxDiff > 1e-4) process.exitCode = 1;
}

await main();
