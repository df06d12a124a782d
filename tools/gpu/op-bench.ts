// MatMul and Conv2D kernel timings of the CUDA backend (cuBLAS and the tiled MatMul; the
// implicit-GEMM Conv2D), the shapes bench_torch.py times in PyTorch. Kernels are called
// directly (no Session), synchronising after each, median of the runs.
import { cuda, type CudaDevice } from '@tensorgraph/backend-cuda';
import { NDArray, type Backend, type DeviceTensor, type KernelContext } from '@tensorgraph/core';

const namePrefix = '/job:localhost/replica:0/task:0';

export function seeded(n: number, seed: number): Float32Array {
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

export async function benchmarks(
  backend: Backend,
  tiled: Backend,
): Promise<Record<string, unknown>[]> {
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
        impl: label === 'cublas' && device.hasCublas ? 'ours via cuBLAS' : 'ours (tiled kernel)',
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
    inputIsConstant: () => false,
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

/** The timings of the real GPU: cuBLAS, then the tiled kernel. */
export const opBenchmarks = () => benchmarks(cuda(), cuda({ cublas: false }));
