import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  stridesOf,
  type DType,
  type DeviceTensor,
  type KernelContext,
} from '@tensorgraph/core';

// Shape facts the kernels use, shared with the other backends.
export { shapeString, stridesOf } from '@tensorgraph/core';
import { sizeOf, wgslType, type GpuHandle } from '../gpu-storage.js';
import type { WebGpuDevice } from '../webgpu-device.js';

/** Threads per workgroup of the flat (one thread per element) programs. */
export const WG = 64;

export function deviceOf(ctx: KernelContext): WebGpuDevice {
  return ctx.device as WebGpuDevice;
}

/**
 * Input `i` on this device. A same-device producer may have left a host value (an output
 * it declared in host memory); that one is uploaded here.
 */
export function gpuInput(ctx: KernelContext, i: number): DeviceTensor<GpuHandle> {
  const v = ctx.input(i) as DeviceTensor | NDArray;
  if (v instanceof NDArray) return deviceOf(ctx).upload(v);
  return v as DeviceTensor<GpuHandle>;
}

/**
 * A host-memory input (shape, axis, sizes) as an NDArray. Produced on CPU it is there
 * already; produced on this device it is read back, which is why the result may be a Promise.
 */
export function hostValue(ctx: KernelContext, i: number, dtype: DType): NDArray | Promise<NDArray> {
  const v = ctx.hostInput(i) as unknown;
  if (v instanceof NDArray) return v;
  const handle = v as GpuHandle;
  const device = deviceOf(ctx);
  // The executor hands over the handle alone: rebuild the tensor (flat) to read it back.
  return device.download({ dtype, shape: [handle.size], device: device.attributes.name, handle });
}

/** The integer values of a host array (int32 or int64). */
export function ints(value: NDArray): number[] {
  return Array.from(value.data as ArrayLike<number | bigint>, Number);
}

/** Calls `fn` with every host input ready, synchronously when none needs a readback. */
export function withHost(
  values: readonly (NDArray | Promise<NDArray>)[],
  fn: (values: NDArray[]) => void | Promise<void>,
): void | Promise<void> {
  if (values.every((v) => v instanceof NDArray)) return fn(values as NDArray[]);
  return Promise.all(values).then((v) => fn(v));
}

/** Workgroups covering `n` threads of `WG`, folded into y past the 65535 limit on x. */
export function flatGroups(n: number): [number, number, number] {
  const groups = Math.ceil(n / WG);
  if (groups === 0) return [0, 1, 1];
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x), 1];
}

/** WGSL binding declarations: inputs read-only at 0..k-1, outputs read_write after. */
export function bindings(inputs: readonly DType[], outputs: readonly DType[]): string {
  const lines: string[] = ['fn tg_bits(x: u32) -> u32 { return x; }'];
  inputs.forEach((d, i) => {
    lines.push(`@group(0) @binding(${i}) var<storage, read> in${i}: array<${wgslType(d)}>;`);
  });
  outputs.forEach((d, i) => {
    lines.push(
      `@group(0) @binding(${inputs.length + i}) var<storage, read_write> out${i}: array<${wgslType(d)}>;`,
    );
  });
  return lines.join('\n');
}

/** A flat program: one thread per output element `idx` (a u32) below `n`. */
export function flatMain(n: number, body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let idx = gid.x + gid.y * nwg.x * ${WG}u;
  if (idx >= ${n}u) { return; }
${body}
}`;
}

/**
 * Runs a flat program over `n` threads: the bindings of `inputs` and `outputs`, then
 * `prelude` (WGSL functions), then `body` once per element `idx`.
 */
export function runFlat(
  ctx: KernelContext,
  inputs: readonly DeviceTensor[],
  outputs: readonly DeviceTensor[],
  n: number,
  body: string,
  prelude = '',
): void | Promise<void> {
  const declared = bindings(
    inputs.map((t) => t.dtype),
    outputs.map((t) => t.dtype),
  );
  const code = `${declared}\n${prelude}\n${flatMain(n, body)}`;
  return runProgram(ctx, code, inputs, outputs, flatGroups(n));
}

/** WGSL lines that split flat `idxVar` into coordinates `${prefix}0..` of `shape`. */
export function coords(shape: readonly number[], idxVar: string, prefix: string): string {
  const strides = stridesOf(shape);
  return shape
    .map((d, k) => `  let ${prefix}${k} = (${idxVar} / ${strides[k]}u) % ${Math.max(d, 1)}u;`)
    .join('\n');
}

/** A WGSL u32 expression: the sum of coordinate k times `strides[k]` (zeros skipped). */
export function dot(prefix: string, strides: readonly number[]): string {
  const terms = strides.flatMap((s, k) =>
    s === 0 ? [] : [s === 1 ? `${prefix}${k}` : `${prefix}${k} * ${s}u`],
  );
  return terms.length === 0 ? '0u' : terms.join(' + ');
}

/** An f32 literal WGSL accepts, infinities and NaN included. */
export function f32(x: number): string {
  const bits = new Uint32Array(new Float32Array([x]).buffer)[0] as number;
  // NaN and infinities are not constant expressions in WGSL: `tg_bits` keeps them runtime.
  if (!Number.isFinite(x)) return `bitcast<f32>(tg_bits(0x${bits.toString(16)}u))`;
  return `bitcast<f32>(0x${bits.toString(16)}u)`;
}

/** Encodes `program` with the device, returning what `run` returns. */
export function runProgram(
  ctx: KernelContext,
  code: string,
  inputs: readonly DeviceTensor[],
  outputs: readonly DeviceTensor[],
  workgroups: readonly [number, number, number],
): void | Promise<void> {
  if (outputs.every((o) => sizeOf(o.shape) === 0)) return;
  return deviceOf(ctx).run({
    name: `${ctx.opType} (${ctx.nodeName})`,
    code,
    inputs,
    outputs,
    workgroups,
  });
}

export function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/** Runs `cleanup` once `result` (a kernel's encode, maybe awaiting a compile) is done. */
export function andThen(result: void | Promise<void>, cleanup: () => void): void | Promise<void> {
  if (result instanceof Promise) return result.finally(cleanup);
  cleanup();
}
