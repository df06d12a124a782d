import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import { NDArray, type DType, type KernelContext, type ShapeValue } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  dtypeString,
  isCompatible,
  isFullyDefined,
  merge,
  partialString,
  shapeString,
  zeros,
  type PartialShape,
} from '../list/tensor-list.js';

/** TF numbers every TensorArray it makes in the process, and names it `<name>_<n>`. */
let counter = 0;

function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/**
 * TF1's TensorArray (the resource behind `TensorArrayV3`): a sized, optionally growing
 * array of tensors of one dtype, written once per index and, by default, cleared as it is
 * read. It lives for one step: the handle tensor holds the array itself, so nothing is left
 * in the session's resource manager after the step (TF keeps it in the step container).
 */
export class TensorArray {
  readonly name: string;
  readonly dtype: DType;
  readonly dynamicSize: boolean;
  readonly clearAfterRead: boolean;
  readonly identicalShapes: boolean;
  /** Gradient arrays add up repeated writes to an index instead of refusing them. */
  readonly aggregateWrites: boolean;
  elementShape: PartialShape;
  /** `undefined`: never written; `null`: read and cleared. */
  readonly values: (NDArray | null | undefined)[];
  closed = false;
  /** Gradient arrays made from this one, by their `source`. */
  readonly grads = new Map<string, TensorArray>();

  constructor(options: {
    name: string;
    dtype: DType;
    size: number;
    elementShape: PartialShape;
    dynamicSize: boolean;
    clearAfterRead: boolean;
    identicalShapes: boolean;
    aggregateWrites?: boolean;
  }) {
    this.name = `${options.name}_${counter++}`;
    this.dtype = options.dtype;
    this.dynamicSize = options.dynamicSize;
    this.clearAfterRead = options.clearAfterRead;
    this.identicalShapes = options.identicalShapes;
    this.aggregateWrites = options.aggregateWrites ?? false;
    this.elementShape = options.elementShape;
    this.values = new Array<undefined>(options.size).fill(undefined);
  }

  get size(): number {
    return this.values.length;
  }

  checkOpen(): void {
    if (this.closed) throw invalid(`TensorArray ${this.name} has already been closed.`);
  }

  checkWriteDType(dtype: DType): void {
    if (dtype !== this.dtype) {
      throw invalid(
        `TensorArray dtype is ${dtypeString(this.dtype)} but Op is trying to write dtype ${dtypeString(dtype)}.`,
      );
    }
  }

  checkReadDType(dtype: DType): void {
    if (dtype !== this.dtype) {
      throw invalid(
        `TensorArray dtype is ${dtypeString(this.dtype)} but Op requested dtype ${dtypeString(dtype)}.`,
      );
    }
  }

  write(index: number, value: NDArray): void {
    this.checkOpen();
    if (index < 0 || (index >= this.size && !this.dynamicSize)) {
      throw invalid(
        `TensorArray ${this.name}: Tried to write to index ${index} but array is not resizeable and size is: ${this.size}`,
      );
    }
    while (this.values.length <= index) this.values.push(undefined);
    if (!isCompatible(this.elementShape, value.shape)) {
      throw invalid(
        `TensorArray ${this.name}: Could not write to TensorArray index ${index} because the value shape is ${shapeString(value.shape)} which is incompatible with the TensorArray's inferred element shape: ${partialString(this.elementShape)} (consider setting infer_shape=False).`,
      );
    }
    if (this.identicalShapes) this.elementShape = merge(this.elementShape, value.shape);
    const old = this.values[index];
    if (old !== undefined) {
      if (!this.aggregateWrites || old === null) {
        throw invalid(
          `TensorArray ${this.name}: Could not write to TensorArray index ${index} because it has already been written to.`,
        );
      }
      this.values[index] = addArrays(this.name, index, old, value);
      return;
    }
    this.values[index] = value;
  }

  read(index: number): NDArray {
    this.checkOpen();
    if (index < 0 || index >= this.size) {
      throw invalid(`Tried to read from index ${index} but array size is: ${this.size}`);
    }
    const value = this.values[index];
    if (value === null) {
      throw invalid(
        `TensorArray ${this.name}: Could not read index ${index} twice because it was cleared after a previous read (perhaps try setting clear_after_read = false?).`,
      );
    }
    if (value === undefined) {
      // An element never written reads as zeros when its shape is known (gradients rely on it).
      if (isFullyDefined(this.elementShape)) return zeros(this.dtype, this.elementShape);
      throw invalid(
        `TensorArray ${this.name}: Could not read from TensorArray index ${index}.  Furthermore, the element shape is not fully defined: ${partialString(this.elementShape)}.  It is possible you are working with a resizeable TensorArray and stop_gradients is not allowing the gradients to be written.  If you set the full element_shape property on the forward TensorArray, the proper all-zeros tensor will be returned instead of incurring this error.`,
      );
    }
    if (this.clearAfterRead) this.values[index] = null;
    return value;
  }

  /** Marks the array closed and drops its values (`TensorArrayCloseV3`). */
  close(): void {
    this.values.fill(null);
    this.closed = true;
  }
}

function addArrays(name: string, index: number, a: NDArray, b: NDArray): NDArray {
  if (a.shape.join(',') !== b.shape.join(',')) {
    throw invalid(
      `TensorArray ${name}: Could not aggregate to TensorArray index ${index} because the existing shape is ${shapeString(a.shape)} but the new input shape is ${shapeString(b.shape)}`,
    );
  }
  const out = zeros(a.dtype, a.shape);
  const x = a.data as unknown as ArrayLike<number | bigint>;
  const y = b.data as unknown as ArrayLike<number | bigint>;
  const z = out.data as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < x.length; i++) {
    z[i] =
      typeof x[i] === 'bigint'
        ? (x[i] as bigint) + (y[i] as bigint)
        : (x[i] as number) + (y[i] as number);
  }
  return out;
}

/** The TensorArray in resource input `i`. */
export function tensorArrayInput(ctx: KernelContext, i: number): TensorArray {
  const value = inputArray(ctx, i);
  const ta = value.dtype === 'resource' ? (value.data as unknown[])[0] : undefined;
  if (value.size !== 1 || !(ta instanceof TensorArray)) {
    throw invalid(`${ctx.nodeName}: input ${i} is not a TensorArray handle`);
  }
  return ta;
}

export function setTensorArrayOutput(ctx: KernelContext, i: number, ta: TensorArray): void {
  setOutputArray(ctx, i, new NDArray('resource', [], [ta]));
}

/** Stacks `parts` (all of `shape`) along a new leading dimension. */
export function stack(dtype: DType, shape: readonly number[], parts: readonly NDArray[]): NDArray {
  return joined(dtype, [parts.length, ...shape], parts);
}

/** An array of `shape` whose row-major elements are those of `parts`, one after another. */
export function joined(dtype: DType, shape: readonly number[], parts: readonly NDArray[]): NDArray {
  const out = zeros(dtype, shape);
  const data = out.data as unknown as { set?: (a: ArrayLike<unknown>, o: number) => void } & {
    [i: number]: unknown;
  };
  let offset = 0;
  for (const p of parts) {
    const src = p.data as unknown as ArrayLike<unknown>;
    if (typeof data.set === 'function') data.set(src, offset);
    else for (let i = 0; i < src.length; i++) data[offset + i] = src[i];
    offset += src.length;
  }
  return out;
}

/** The elements of `ta` at `indices`, read (and cleared) in order, all of one shape. */
export function readMany(ta: TensorArray, indices: readonly number[], elementShape: ShapeValue) {
  ta.checkOpen();
  const known = merge(ta.elementShape, elementShape);
  if (indices.length === 0) {
    if (!isFullyDefined(known)) {
      throw new UnimplementedError(
        null,
        null,
        `TensorArray has size zero, but element shape ${partialString(known)} is not fully defined. Currently only static shapes are supported when packing zero-size TensorArrays.`,
      );
    }
    return { shape: [...known], parts: [] as NDArray[] };
  }
  const parts = indices.map((i) => ta.read(i));
  const first = parts[0] as NDArray;
  parts.forEach((p, k) => {
    if (p.shape.join(',') !== first.shape.join(',')) {
      throw invalid(
        `TensorArray has inconsistent shapes.  Index ${indices[0]} has shape: ${shapeString(first.shape)} but index ${indices[k]} has shape: ${shapeString(p.shape)}`,
      );
    }
  });
  return { shape: [...first.shape], parts };
}
