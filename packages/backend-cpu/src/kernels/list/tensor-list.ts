import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  allocateStorage,
  dtypeWireName,
  NDArray,
  storageOf,
  type DataFor,
  type DType,
  type KernelContext,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';

/** A partially known shape: `null` for an unknown rank, `null` dims for unknown sizes. */
export type PartialShape = readonly (number | null)[] | null;

/**
 * TF's `TensorList`, the value a `variant` scalar holds. Immutable: kernels build a new
 * one (sharing element arrays) rather than editing an input, since a list can feed
 * several ops. A `null` element is TF's uninitialized (DT_INVALID) tensor.
 */
export interface TensorList {
  readonly elementDtype: DType;
  readonly elementShape: PartialShape;
  readonly elements: readonly (NDArray | null)[];
  /** -1 for no limit (EmptyTensorList's max_num_elements). */
  readonly maxNumElements: number;
}

export function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/** TF's `DataTypeString`: `float`, `double`, `int32`. */
export function dtypeString(dtype: DType): string {
  return dtypeWireName(dtype).slice(3).toLowerCase();
}

/** `TensorShape::DebugString`: `[2,3]`. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** `PartialTensorShape::DebugString`: `[2,?]`, `<unknown>`. */
export function partialString(shape: PartialShape): string {
  return shape === null ? '<unknown>' : `[${shape.map((d) => (d === null ? '?' : d)).join(',')}]`;
}

export function isFullyDefined(shape: PartialShape): shape is readonly number[] {
  return shape !== null && shape.every((d) => d !== null);
}

export function isCompatible(a: PartialShape, b: PartialShape): boolean {
  if (a === null || b === null) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** `PartialTensorShape::MergeWith`, with TF's messages. */
export function merge(a: PartialShape, b: PartialShape): PartialShape {
  if (a === null) return b;
  if (b === null) return a;
  if (a.length !== b.length) {
    throw invalid(
      `PartialTensorShape: Incompatible ranks during merge: ${a.length} vs. ${b.length}`,
    );
  }
  return a.map((d, i) => {
    const e = b[i] as number | null;
    if (d !== null && e !== null && d !== e) {
      throw invalid(
        `PartialTensorShape: Incompatible shapes during merge: ${partialString(a)} vs. ${partialString(b)}`,
      );
    }
    return d ?? e;
  });
}

/** TF's `TensorShapeFromTensor`: a shape tensor (-1 scalar: unknown rank) as a shape. */
export function shapeFromTensor(t: NDArray): PartialShape {
  if (t.rank === 0) {
    if (Number((t.data as ArrayLike<number | bigint>)[0]) === -1) return null;
    throw invalid('The only valid scalar shape tensor is the fully unknown shape specified as -1.');
  }
  if (t.rank !== 1) throw invalid(`Shape must be at most rank 1 but is rank ${t.rank}`);
  const dims: (number | null)[] = [];
  for (const v of Array.from(t.data as ArrayLike<number | bigint>)) {
    const d = Number(v);
    if (d < -1) throw invalid(`Dimension ${d} must be >= -1`);
    dims.push(d === -1 ? null : d);
  }
  return dims;
}

/** TF's `GetInputList`: the list held by variant input `i`. */
export function inputList(ctx: KernelContext, i: number): TensorList {
  const t = inputArray(ctx, i);
  if (t.rank !== 0) throw invalid(`Input list must be a scalar saw: ${shapeString(t.shape)}`);
  const l = (t.data as unknown[])[0] as TensorList | undefined;
  if (l === undefined || l === null || !Array.isArray((l as TensorList).elements)) {
    throw invalid(`Input handle is not a list. Saw: '${String(l)}'`);
  }
  return l;
}

export function setOutputList(ctx: KernelContext, i: number, list: TensorList): void {
  setOutputArray(ctx, i, new NDArray('variant', [], [Object.freeze(list)]));
}

/** The list's element shape merged with the shape in input `i` (`GetElementShapeFromInput`). */
export function elementShapeFromInput(ctx: KernelContext, l: TensorList, i: number): PartialShape {
  return merge(shapeFromTensor(inputArray(ctx, i)), l.elementShape);
}

export function checkDtype(opDtype: DType, l: TensorList): void {
  if (opDtype !== l.elementDtype) {
    throw invalid(
      `Invalid data types; op elements ${dtypeString(opDtype)} but list elements ${dtypeString(l.elementDtype)}`,
    );
  }
}

export function scalarInt(t: NDArray): number {
  return Number((t.data as ArrayLike<number | bigint>)[0]);
}

export function zeros(dtype: DType, shape: readonly number[]): NDArray {
  return new NDArray(dtype, shape, allocateStorage(dtype, sizeOf(shape)));
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

type Sliceable = { slice(a: number, b: number): DataFor<DType>; length: number };
type Slots = { [i: number]: unknown; length: number };

/** Element `i` of `t` along its first dimension, as a new array. */
export function slice0(t: NDArray, i: number): NDArray {
  const inner = t.shape.slice(1);
  const n = sizeOf(inner) * storageOf(t.dtype).slotsPerElement;
  return new NDArray(t.dtype, inner, (t.data as unknown as Sliceable).slice(i * n, (i + 1) * n));
}

/** Concatenates `parts` (each a flat run of slots) into one array of `shape`. */
export function concatParts(
  dtype: DType,
  shape: readonly number[],
  parts: readonly NDArray[],
): NDArray {
  const out = allocateStorage(dtype, sizeOf(shape)) as unknown as Slots;
  let at = 0;
  for (const p of parts) {
    const src = p.data as unknown as Slots;
    if (ArrayBuffer.isView(out)) {
      (out as unknown as { set(s: unknown, o: number): void }).set(src, at);
    } else {
      for (let k = 0; k < src.length; k++) out[at + k] = src[k];
    }
    at += src.length;
  }
  return new NDArray(dtype, shape, out as unknown as DataFor<DType>);
}
