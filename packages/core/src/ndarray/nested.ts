import { ValueError } from '@tensorgraph/errors';
import type { DType } from '../dtype/dtype.js';
import { tupleRepr } from './py-repr.js';
import type { PyScalar } from './py-scalar.js';

/** A typed array other than DataView. */
export type AnyTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

export function isTypedArray(value: unknown): value is AnyTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** A multi-dimensional block embedded in a nested value (a TypedArray or an NDArray). */
export interface Block {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** The element at flat index `i` as the Python scalar numpy would hand out. */
  element(i: number): PyScalar;
}

export interface WalkOptions {
  /** Turns a TypedArray/NDArray met inside the value into a block, or undefined for a leaf. */
  readonly asBlock: (value: unknown) => Block | undefined;
  /** Whether a Uint8Array is one bytes leaf (dtype string) rather than a uint8 block. */
  readonly bytesAreLeaves: boolean;
  /** The Python scalar a JS leaf stands for. */
  readonly toLeaf: (value: unknown) => PyScalar;
}

/** A nested value taken apart: its leaves in row-major (nest.flatten) order and its shape. */
export interface Walked {
  readonly leaves: PyScalar[];
  /** The dimensions numpy discovers; when ragged, those before the inhomogeneous part. */
  readonly shape: number[];
  readonly ragged: boolean;
  /** The dtypes of embedded blocks, and whether any leaf came from outside a block. */
  readonly blockDTypes: ReadonlySet<DType>;
  readonly looseLeaves: number;
  /** When ragged: the first value at the cut depth that is a list (string feeds report it). */
  readonly cutValues: unknown[];
}

// numpy refuses deeper nesting; it also stops a cyclic array from recursing forever.
const MAX_DEPTH = 64;

/**
 * Walks a nested JS array the way numpy's `np.array` discovers a shape: a sequence whose
 * length differs from its siblings', or a scalar beside sequences, makes it ragged, and
 * the dimensions before the first such depth are what numpy reports.
 */
export function walkNested(value: unknown, options: WalkOptions): Walked {
  const shape: (number | undefined)[] = [];
  const seqAt: boolean[] = [];
  let maxDims = Infinity;
  let ragged = false;
  const leaves: PyScalar[] = [];
  const blockDTypes = new Set<DType>();
  let looseLeaves = 0;
  const nodesAtDepth: unknown[][] = [];

  const seq = (d: number, length: number): void => {
    if (d >= maxDims) {
      ragged = true;
    } else if (shape[d] === undefined) {
      shape[d] = length;
    } else if (shape[d] !== length) {
      ragged = true;
      maxDims = d;
    }
    seqAt[d] = true;
  };
  const scalar = (d: number): void => {
    if (d < maxDims) {
      if (seqAt[d] === true) ragged = true;
      maxDims = d;
    }
  };
  const note = (d: number, node: unknown): void => {
    (nodesAtDepth[d] ??= []).push(node);
  };

  const visitBlock = (block: Block, d: number): void => {
    blockDTypes.add(block.dtype);
    const dims = block.shape;
    for (let k = 0; k < dims.length; k++) seq(d + k, dims[k] as number);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size > 0 || dims.length === 0) scalar(d + dims.length);
    for (let i = 0; i < size; i++) leaves.push(block.element(i));
  };

  const visit = (node: unknown, d: number): void => {
    if (d > MAX_DEPTH) {
      throw new ValueError(`Nested value is deeper than ${MAX_DEPTH} levels (is it cyclic?)`);
    }
    note(d, node);
    if (Array.isArray(node)) {
      seq(d, node.length);
      for (let i = 0; i < node.length; i++) visit(node[i], d + 1);
      return;
    }
    if (!(options.bytesAreLeaves && node instanceof Uint8Array)) {
      const block = options.asBlock(node);
      if (block !== undefined) {
        visitBlock(block, d);
        return;
      }
    }
    scalar(d);
    leaves.push(options.toLeaf(node));
    looseLeaves += 1;
  };

  visit(value, 0);
  const ndim = Math.min(maxDims, shape.length);
  const dims = shape.slice(0, ndim).map((x) => x ?? 0);
  return {
    leaves,
    shape: dims,
    ragged,
    blockDTypes,
    looseLeaves,
    cutValues: ragged ? (nodesAtDepth[ndim] ?? []) : [],
  };
}

/** numpy's error for a ragged nested sequence (TF graph mode raises it unchanged). */
export function raggedError(walked: Walked): ValueError {
  const n = walked.shape.length;
  return new ValueError(
    'setting an array element with a sequence. The requested array has an inhomogeneous ' +
      `shape after ${n} dimensions. The detected shape was ${tupleRepr(walked.shape)} + ` +
      'inhomogeneous part.',
  );
}
