import { InvalidArgumentError } from '@tensorgraph/errors';
import type { Conv2dShape } from '../../wasm/f32-kernels.js';
import {
  allocateStorage,
  floatBitsToNumber,
  isFloatBitsDType,
  NDArray,
  numberToFloatBits,
  storageOf,
  type DType,
} from '@tensorgraph/core';

/** Real values as numbers: float32/float64 storage as is, everything else converted. */
export type Reals = Float32Array | Float64Array;

/** The elements of a real-valued array as numbers (narrow floats decoded exactly). */
export function readReals(a: NDArray): Reals {
  const { dtype } = a;
  if (dtype === 'float32' || dtype === 'float64') return a.data as Reals;
  const src = a.data as ArrayLike<number | bigint>;
  const n = a.size;
  if (isFloatBitsDType(dtype)) {
    // float16 and bfloat16 values are all exact in float32.
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = floatBitsToNumber(dtype, src[i] as number);
    return out;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(src[i]);
  return out;
}

/** Reals rounded once into `dtype` (float16/bfloat16 from their float32 value, as TF casts). */
export function realsToArray(
  dtype: DType,
  shape: readonly number[],
  values: ArrayLike<number>,
): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = allocateStorage(dtype, n) as unknown as { [i: number]: number | bigint };
  if (isFloatBitsDType(dtype)) {
    for (let i = 0; i < n; i++)
      data[i] = numberToFloatBits(dtype, Math.fround(values[i] as number));
  } else if (storageOf(dtype).kind === 'bigint') {
    for (let i = 0; i < n; i++) data[i] = BigInt(Math.trunc(values[i] as number));
  } else if (dtype === 'float32' || dtype === 'float64') {
    (data as unknown as Float64Array).set(values);
  } else {
    for (let i = 0; i < n; i++) data[i] = Math.trunc(values[i] as number);
  }
  return new NDArray(dtype, shape, data as never);
}

/** The elements of an integer array (int32, int64, ...) as numbers. */
export function readInts(a: NDArray): number[] {
  const src = a.data as ArrayLike<number | bigint>;
  const out: number[] = [];
  for (let i = 0; i < a.size; i++) out.push(Number(src[i]));
  return out;
}

/** A shape as TF's `TensorShape::DebugString` writes it: `[1,2,3]`. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** The product of `dims`. */
export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export type Padding = 'SAME' | 'VALID' | 'EXPLICIT';

/** One spatial dimension of a windowed op: its output size and leading padding. */
export interface Window {
  readonly outSize: number;
  readonly padBefore: number;
}

/**
 * TF's `GetWindowedOutputSizeVerbose`: the output size of a window sliding over `inSize`
 * (C++ integer division truncates toward zero), and how much padding goes before.
 */
export function windowedOutputSize(
  inSize: number,
  filterSize: number,
  dilation: number,
  stride: number,
  padding: Padding,
  explicitBefore = 0,
  explicitAfter = 0,
): Window {
  if (stride <= 0)
    throw new InvalidArgumentError(null, null, `Stride must be > 0, but got ${stride}`);
  if (dilation < 1) {
    throw new InvalidArgumentError(null, null, `Dilation rate must be >= 1, but got ${dilation}`);
  }
  const eff = (filterSize - 1) * dilation + 1;
  let outSize: number;
  let padBefore = 0;
  if (padding === 'VALID') {
    outSize = Math.trunc((inSize - eff + stride) / stride);
  } else if (padding === 'EXPLICIT') {
    outSize = Math.trunc((inSize + explicitBefore + explicitAfter - eff + stride) / stride);
    padBefore = explicitBefore;
  } else {
    outSize = Math.trunc((inSize + stride - 1) / stride);
    const needed = Math.max(0, (outSize - 1) * stride + eff - inSize);
    padBefore = Math.floor(needed / 2);
  }
  if (outSize < 0) {
    throw new InvalidArgumentError(
      null,
      null,
      `Computed output size would be negative: ${outSize} [input_size: ${inSize}, effective_filter_size: ${eff}, stride: ${stride}]`,
    );
  }
  return { outSize, padBefore };
}

/**
 * For float16/bfloat16: rounds a value to that type the way a float32 multiply-add whose
 * result is stored back in it does (to float32, then to the narrow type). `undefined` for
 * wider types, which TF accumulates in their own precision.
 */
export function narrowRound(dtype: DType): ((v: number) => number) | undefined {
  if (dtype !== 'float16' && dtype !== 'bfloat16') return undefined;
  return (v) => floatBitsToNumber(dtype, numberToFloatBits(dtype, Math.fround(v)));
}

/**
 * An NHWC convolution window in the terms of the WebAssembly kernels (`Conv2dShape`): the
 * sizes, the output windows along rows and columns, and their strides and dilations.
 */
export function wasmWindow(
  dims: Pick<
    Conv2dShape,
    'batch' | 'inRows' | 'inCols' | 'inDepth' | 'fRows' | 'fCols' | 'outDepth'
  >,
  rows: Window,
  cols: Window,
  strides: readonly [number, number],
  dilations: readonly [number, number],
): Conv2dShape {
  return {
    ...dims,
    outRows: rows.outSize,
    outCols: cols.outSize,
    strides,
    dilations,
    padBefore: [rows.padBefore, cols.padBefore],
  };
}
