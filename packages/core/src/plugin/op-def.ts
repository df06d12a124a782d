import type { DType } from '../dtype/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';

/**
 * The attr types of TensorFlow's op registry (`AttrDef.type`), spelled as on the wire.
 */
export type AttrType =
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'type'
  | 'shape'
  | 'tensor'
  | 'func'
  | 'list(string)'
  | 'list(int)'
  | 'list(float)'
  | 'list(bool)'
  | 'list(type)'
  | 'list(shape)'
  | 'list(tensor)'
  | 'list(func)';

/** A shape as an attr value: dims with `null` for unknown, or `null` for unknown rank. */
export type ShapeValue = readonly (number | null)[] | null;

/** A function reference as an attr value (TF's `NameAttrList`). */
export interface FuncValue {
  readonly name: string;
  readonly attr?: Readonly<Record<string, AttrValue>>;
}

/** The JS value of an attr of type `T` (`'int'` is a number, `'list(type)'` a DType array). */
export interface AttrValueMap {
  string: string;
  int: number;
  float: number;
  bool: boolean;
  type: DType;
  shape: ShapeValue;
  tensor: NDArray;
  func: FuncValue;
  'list(string)': readonly string[];
  'list(int)': readonly number[];
  'list(float)': readonly number[];
  'list(bool)': readonly boolean[];
  'list(type)': readonly DType[];
  'list(shape)': readonly ShapeValue[];
  'list(tensor)': readonly NDArray[];
  'list(func)': readonly FuncValue[];
}

export type AttrValue = AttrValueMap[AttrType];

/**
 * One input or output of an op (TF's `OpDef.ArgDef`). Exactly one of `type`, `typeAttr`
 * or `typeListAttr` says its dtype; `numberAttr` makes it a list of N same-typed tensors.
 */
export interface ArgDef {
  readonly name: string;
  readonly type?: DType;
  readonly typeAttr?: string;
  readonly numberAttr?: string;
  readonly typeListAttr?: string;
  readonly isRef?: boolean;
  readonly description?: string;
}

/** One attr of an op (TF's `OpDef.AttrDef`). */
export interface AttrDef<T extends AttrType = AttrType> {
  readonly name: string;
  readonly type: T;
  /** Used when a NodeDef leaves the attr out. Absent: the attr is required. */
  readonly defaultValue?: AttrValueMap[T];
  /** For `type`/`list(type)` attrs the allowed dtypes; for `string` attrs the allowed strings. */
  readonly allowedValues?: readonly string[];
  /** The least value of an `int` attr, or the least length of a list attr. */
  readonly minimum?: number;
  readonly description?: string;
}

/**
 * What a shape function sees of a node: its input shapes and dtypes, its attrs and,
 * where an input is a constant, that constant's value (TF's `InferenceContext`).
 * Shapes are dims arrays with `null` for unknown dims, or `null` for unknown rank.
 * Inputs are numbered flat, as in a NodeDef (a list arg of N tensors takes N indices).
 */
export interface ShapeContext {
  readonly opType: string;
  readonly nodeName: string;
  readonly inputShapes: readonly ShapeValue[];
  readonly inputDTypes: readonly DType[];
  /** The number of outputs the node has (list outputs expanded). */
  readonly numOutputs: number;
  /** An attr of the node, defaults filled in. */
  attr<T extends AttrValue = AttrValue>(name: string): T;
  /** The value of input `i` when it is known at graph-build time (a Const), else `null`. */
  inputValue(i: number): NDArray | null;
  /**
   * Input `i`, a 1-D shape tensor, read as a partial shape, as TF's
   * `MakeShapeFromShapeTensor`: known where the graph tells (a Const, a `Shape` op,
   * a `Pack` of scalars, ...), `null` dims where it cannot; `null` if even the rank is unknown.
   */
  inputAsShape(i: number): ShapeValue;
  /** The flat input indices of the list arg `argName` (`[start, end)`). */
  inputRange(argName: string): readonly [number, number];
}

/**
 * Computes output shapes (one per flat output). Bad shapes throw `InvalidArgumentError`
 * with TF's shape-function message ("Dimensions must be equal, but are 2 and 3"); the
 * graph adds the node and its input shapes, as TF's `ValueError` does.
 */
export type ShapeFn = (ctx: ShapeContext) => readonly ShapeValue[];

/**
 * The one definition of an op, from which graph builders, importers, shape inference
 * and every backend's kernels take their facts (TF's `OpDef` plus a shape function).
 */
export interface OpDefinition {
  /** The op type as on the wire: `'AddV2'`, `'MatMul'`. */
  readonly name: string;
  readonly inputs: readonly ArgDef[];
  readonly outputs: readonly ArgDef[];
  readonly attrs: readonly AttrDef[];
  readonly isStateful?: boolean;
  readonly isCommutative?: boolean;
  readonly isAggregate?: boolean;
  readonly allowsUninitializedInput?: boolean;
  readonly isDistributedCommunication?: boolean;
  readonly summary?: string;
  readonly shapeFn?: ShapeFn;
}

/** Keeps the literal types of an op definition so kernels can derive typed attrs from it. */
export function defineOp<const D extends OpDefinition>(definition: D): D {
  return Object.freeze(definition);
}

type AttrEntry = { readonly name: string; readonly type: AttrType };

/**
 * The attrs of an op definition as a typed record:
 * `AttrsOf<typeof MatMul>` is `{ transpose_a: boolean; transpose_b: boolean; T: DType }`.
 */
export type AttrsOf<D extends { readonly attrs: readonly AttrEntry[] }> = {
  readonly [A in D['attrs'][number] as A['name']]: AttrValueMap[A['type']];
};

/** The input names of an op definition, as a union of string literals. */
export type InputNamesOf<D extends { readonly inputs: readonly { readonly name: string }[] }> =
  D['inputs'][number]['name'];

/** The output names of an op definition, as a union of string literals. */
export type OutputNamesOf<D extends { readonly outputs: readonly { readonly name: string }[] }> =
  D['outputs'][number]['name'];
