import { CpuDevice } from '@tensorgraph/backend-cpu';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray, type AttrValue } from '@tensorgraph/core';
import { runKernel } from '@tensorgraph/core/testing';

export const backend = cpu();

/** Deterministic values in [-1, 1). */
export function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function f32(shape: number[], seed: number): NDArray {
  return new NDArray(
    'float32',
    shape,
    seeded(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
  );
}

let devices = 0;
/** A CPU device with the WebAssembly kernels on or off and a thread budget. */
export function device(wasm: boolean, threads = 1): CpuDevice {
  return new CpuDevice(
    {
      name: `/job:localhost/replica:0/task:0/device:CPU:${devices++}`,
      deviceType: 'CPU',
      memoryLimitBytes: 1 << 28,
      incarnation: 1n,
    },
    { wasm, intraOpThreads: threads },
  );
}

export async function run(
  dev: CpuDevice,
  op: string,
  inputs: NDArray[],
  attrs: Record<string, AttrValue> = {},
): Promise<NDArray> {
  const [y] = await runKernel({ op, inputs, attrs, backend, device: dev });
  if (!y) throw new Error(`${op} gave no output`);
  return y;
}

/** Largest |a - b| / (1 + |b|) over two float arrays of one shape. */
export function maxRelErr(a: NDArray, b: NDArray): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes ${a.shape} vs ${b.shape}`);
  const x = a.data as Float32Array;
  const y = b.data as Float32Array;
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs((x[i] as number) - (y[i] as number)) / (1 + Math.abs(y[i] as number));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

export function sameBits(a: NDArray, b: NDArray): boolean {
  // Views: a tensor may live inside the WebAssembly memory.
  const bits = (v: NDArray) => {
    const d = v.data as Float32Array;
    return new Uint32Array(d.buffer, d.byteOffset, d.length);
  };
  const x = bits(a);
  const y = bits(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
