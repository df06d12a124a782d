import { ValueError } from '@tensorgraph/errors';
import {
  asDType,
  convertToNDArray,
  TensorShape as TensorShapeClass,
  type DType,
  type NDArray,
  type TensorShape,
} from '@tensorgraph/core';
import { getDefaultGraph, type Graph } from './graph.js';
import { Operation } from './operation.js';
import { Tensor } from './tensor.js';
import { createNamedOp, withOpScope } from './builders/op-name-scope.js';
import { pyRepr, tensorRepr } from './builders/py-repr.js';

/**
 * Something that stands for a tensor of a known dtype and makes one on demand, as
 * TF's registered tensor conversion functions do (a Variable gives its value).
 */
export interface TensorConvertible {
  readonly dtype: DType;
  readonly shape?: TensorShape;
  /** The tensor for this object; `asRef` asks for a mutable (ref) tensor. */
  toTensor(options: { dtype?: DType; name?: string; asRef?: boolean }): Tensor;
  /** The object's own error for a conversion to another dtype (a Variable words its own). */
  conversionError?(dtype: DType): Error;
}

/** A JS value TF would convert as a constant. */
export type HostValue =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | ArrayBufferView
  | NDArray
  | { re: number; im: number }
  | readonly TensorLike[];

/** Anything a builder accepts for a tensor input. */
export type TensorLike = Tensor | TensorConvertible | HostValue;

export function isTensorConvertible(value: unknown): value is TensorConvertible {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Tensor) &&
    typeof (value as { toTensor?: unknown }).toTensor === 'function' &&
    typeof (value as { dtype?: unknown }).dtype === 'string'
  );
}

/**
 * A conversion decided but not yet added to the graph: builders decide every input first
 * and create ops only once nothing can fail, so a refused call leaves the graph as it was.
 */
export type PreparedTensor =
  | { readonly kind: 'tensor'; readonly dtype: DType; readonly tensor: Tensor }
  | {
      readonly kind: 'const';
      readonly dtype: DType;
      readonly value: NDArray;
      /** TF entered (and so used up) a name scope of the Const's name before making it. */
      readonly scopeMarked?: boolean;
    }
  | {
      readonly kind: 'convertible';
      readonly dtype: DType;
      readonly source: TensorConvertible;
      readonly asRef: boolean;
    }
  /** A list holding tensors, packed along a new first axis (TF's auto-packing). */
  | { readonly kind: 'pack'; readonly dtype: DType; readonly items: readonly PreparedTensor[] }
  /** A tensor cast to the dtype its list was converted to. */
  | { readonly kind: 'cast'; readonly dtype: DType; readonly source: PreparedTensor }
  /** A builder's own conversion, made when first needed (TF's `convert_to_tensor(x, name='x')`). */
  | { readonly kind: 'pending'; readonly dtype: DType; readonly pending: PendingTensor };

/**
 * A value a builder has converted (decided its dtype and Const) without adding it yet:
 * the Const is made, once, when an op first takes it, under the name TF gives it.
 */
export class PendingTensor {
  readonly prepared: PreparedTensor;
  /** The Const's name in the builder's scope (`x` in `Add/x`); `null` for the taker's default. */
  readonly name: string | null;
  /** Where TF would have made it: the default graph and its name scope at conversion time. */
  readonly #graph: Graph;
  readonly #scope: string;
  #tensor: Tensor | undefined;

  constructor(prepared: PreparedTensor, name: string | null) {
    this.prepared = prepared;
    this.name = name;
    this.#graph = getDefaultGraph();
    this.#scope = this.#graph.getNameScope();
  }

  get dtype(): DType {
    return this.prepared.dtype;
  }

  /** The static shape the tensor will have. */
  get shape(): TensorShape {
    return this.#tensor?.shape ?? new TensorShapeClass(preparedShape(this.prepared));
  }

  /**
   * The tensor, made now if it does not exist yet: in the name scope the conversion was
   * decided in (so `Add/y` whenever it is made), else the current one.
   */
  realize(graph: Graph = getDefaultGraph(), name: string | null = null): Tensor {
    if (this.#tensor === undefined) {
      const make = () => materialize(graph, this.prepared, this.name ?? name);
      const moved = graph === this.#graph && graph.getNameScope() !== this.#scope;
      this.#tensor = moved ? graph.nameScope(this.#scope ? `${this.#scope}/` : '', make) : make();
    }
    return this.#tensor;
  }

  get realized(): Tensor | undefined {
    return this.#tensor;
  }

  toString(): string {
    return (
      this.#tensor?.toString() ??
      `Tensor("${this.name ?? 'Const'}:0", shape=${this.shape.toString()}, dtype=${this.dtype})`
    );
  }
}

export interface ConvertToTensorOptions {
  readonly dtype?: DType | string | null;
  readonly name?: string | null;
  /** Used when `dtype` is not given and the value converts to it (TF's `dtype_hint`). */
  readonly preferredDtype?: DType | string | null;
  readonly dtypeHint?: DType | string | null;
  /** Ask for a mutable (ref) tensor, as TF's `as_ref`. */
  readonly asRef?: boolean;
}

/** TF's `tf.as_dtype` with TF's message for anything that is not a dtype. */
export function toDType(value: unknown): DType {
  try {
    return asDType(value);
  } catch {
    throw new TypeError(
      `Cannot convert the argument \`type_value\`: ${pyRepr(value)} to a TensorFlow DType.`,
    );
  }
}

/**
 * TF's `tf.convert_to_tensor` in graph mode: a Tensor passes through (a dtype mismatch is
 * TF's ValueError), a Variable-like gives its tensor, a list holding tensors is packed, and
 * any other value becomes a `Const` (named `Const` unless `name` says otherwise) with TF's
 * conversion rules and errors.
 */
export function convertToTensor(value: unknown, options: ConvertToTensorOptions = {}): Tensor {
  const prepared = prepareTensor(value, {
    name: options.name ?? null,
    dtype: options.dtype,
    preferredDtype: options.preferredDtype ?? options.dtypeHint,
    asRef: options.asRef,
  });
  const graph = graphOfPrepared([prepared]) ?? getDefaultGraph();
  return graph.asDefault(() => materialize(graph, prepared, options.name ?? null, 'Const'));
}

export interface PrepareOptions {
  /** The conversion's name, which TF puts before its dtype-mismatch message. */
  readonly name?: string | null;
  readonly dtype?: DType | string | null;
  readonly preferredDtype?: DType | string | null;
  readonly asRef?: boolean | undefined;
}

/** Decides how `value` converts (see {@link convertToTensor}) without touching a graph. */
export function prepareTensor(value: unknown, options: PrepareOptions = {}): PreparedTensor {
  const dtype =
    options.dtype === undefined || options.dtype === null ? undefined : toDType(options.dtype);
  const preferred =
    options.preferredDtype === undefined || options.preferredDtype === null
      ? undefined
      : toDType(options.preferredDtype);
  const asRef = options.asRef ?? false;
  const prefix = options.name ? `${options.name}: ` : '';
  if (value instanceof Tensor) return fromTensor(value, dtype, prefix);
  if (value instanceof PendingTensor) {
    if (value.realized !== undefined) return fromTensor(value.realized, dtype, prefix);
    if (dtype !== undefined && dtype !== value.dtype) {
      throw new ValueError(
        `${prefix}Tensor conversion requested dtype ${dtype} for Tensor with dtype ${value.dtype}: <tf.Tensor '${value.name ?? 'Const'}:0' shape=${value.shape.toString()} dtype=${value.dtype}>`,
      );
    }
    return { kind: 'pending', dtype: value.dtype, pending: value };
  }
  if (isTensorConvertible(value)) {
    if (dtype !== undefined && dtype !== value.dtype) {
      if (value.conversionError) throw value.conversionError(dtype);
      throw new ValueError(
        `${prefix}Tensor conversion requested dtype ${dtype} for Tensor with dtype ${value.dtype}: ${pyRepr(value)}`,
      );
    }
    return { kind: 'convertible', dtype: value.dtype, source: value, asRef };
  }
  if (value instanceof Operation)
    throw new TypeError(`can't convert Operation '${value.name}' to Tensor`);
  if (dtype === undefined && preferred !== undefined) {
    try {
      return convertValue(value, preferred);
    } catch (e) {
      if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
    }
  }
  return convertValue(value, dtype);
}

function fromTensor(t: Tensor, dtype: DType | undefined, prefix = ''): PreparedTensor {
  if (dtype !== undefined && dtype !== t.dtype) {
    throw new ValueError(
      `${prefix}Tensor conversion requested dtype ${dtype} for Tensor with dtype ${t.dtype}: ${tensorRepr(t)}`,
    );
  }
  return { kind: 'tensor', dtype: t.dtype, tensor: t };
}

function convertValue(value: unknown, dtype: DType | undefined): PreparedTensor {
  if (Array.isArray(value)) {
    const inferred = firstTensorDType(value);
    if (inferred !== undefined)
      return autopack(value, dtype ?? inferred, dtype !== undefined && dtype !== inferred);
  }
  if (isSparseLike(value)) {
    throw new TypeError(
      `Failed to convert elements of ${String(value)} to Tensor. Consider casting elements to a supported type. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.`,
    );
  }
  const array = convertToNDArray(value, dtype ?? null);
  return { kind: 'const', dtype: array.dtype, value: array };
}

function isSparseLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { constructor?: { name?: string } }).constructor?.name === 'SparseTensor'
  );
}

function isTensorish(v: unknown): v is Tensor | TensorConvertible | PendingTensor {
  return v instanceof Tensor || v instanceof PendingTensor || isTensorConvertible(v);
}

/** The dtype of the first tensor met depth-first (TF's `_get_dtype_from_nested_lists`). */
function firstTensorDType(list: readonly unknown[]): DType | undefined {
  for (const v of list) {
    if (isTensorish(v)) return v.dtype;
    if (Array.isArray(v)) {
      const d = firstTensorDType(v);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

/** TF's `_autopacking_helper` (after `_cast_nested_seqs_to_dtype` when `cast` is set). */
function autopack(list: readonly unknown[], dtype: DType, cast: boolean): PreparedTensor {
  const items: PreparedTensor[] = [];
  let mustPack = false;
  for (const elem of list) {
    if (isTensorish(elem)) {
      let item: PreparedTensor =
        elem instanceof Tensor
          ? { kind: 'tensor', dtype: elem.dtype, tensor: elem }
          : elem instanceof PendingTensor
            ? { kind: 'pending', dtype: elem.dtype, pending: elem }
            : { kind: 'convertible', dtype: elem.dtype, source: elem, asRef: false };
      if (cast && item.dtype !== dtype) item = { kind: 'cast', dtype, source: item };
      if (item.dtype !== dtype) throw listDTypeError(elem, dtype);
      items.push(item);
      mustPack = true;
    } else if (Array.isArray(elem) && firstTensorDType(elem) !== undefined) {
      items.push(autopack(elem, dtype, cast));
      mustPack = true;
    } else if (Array.isArray(elem)) {
      const array = convertToNDArray(elem, dtype);
      items.push({ kind: 'const', dtype, value: array, scopeMarked: true });
    } else {
      items.push({ kind: 'const', dtype, value: convertToNDArray(elem, dtype) });
    }
  }
  if (!mustPack) throw new Error('unreachable: autopack without tensors');
  return { kind: 'pack', dtype, items };
}

function listDTypeError(elem: Tensor | TensorConvertible | PendingTensor, dtype: DType): TypeError {
  const shown = elem instanceof Tensor ? tensorRepr(elem) : pyRepr(elem);
  return new TypeError(
    `Cannot convert a list containing a tensor of dtype <dtype: '${elem.dtype}'> to <dtype: '${dtype}'> (Tensor is: ${shown})`,
  );
}

/** The graph that tensors among prepared conversions belong to, if any. */
export function graphOfPrepared(prepared: readonly PreparedTensor[]): Graph | undefined {
  for (const p of prepared) {
    switch (p.kind) {
      case 'tensor':
        return p.tensor.graph;
      case 'pack': {
        const g = graphOfPrepared(p.items);
        if (g !== undefined) return g;
        break;
      }
      case 'pending':
        if (p.pending.realized !== undefined) return p.pending.realized.graph;
        break;
      case 'cast': {
        const g = graphOfPrepared([p.source]);
        if (g !== undefined) return g;
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Adds what a prepared conversion needs to `graph` and returns the tensor: a Const named
 * `name` (or `defaultName`) in the current name scope, a packed list, a Variable's value.
 */
export function materialize(
  graph: Graph,
  p: PreparedTensor,
  name: string | null,
  defaultName = 'Const',
): Tensor {
  switch (p.kind) {
    case 'tensor':
      return p.tensor;
    case 'const': {
      if (p.scopeMarked) graph.nameScope(name ?? defaultName, () => undefined);
      return graph.createOp(
        'Const',
        [],
        { value: p.value, dtype: p.dtype },
        { name: name ?? defaultName },
      ).outputs[0] as Tensor;
    }
    case 'convertible':
      return p.source.toTensor({
        dtype: p.dtype,
        ...(name === null ? {} : { name }),
        asRef: p.asRef,
      });
    case 'pending':
      return p.pending.realize(graph, name ?? defaultName);
    case 'cast': {
      const source = materialize(graph, p.source, null);
      return graph.createOp(
        'Cast',
        [source],
        { SrcT: source.dtype, DstT: p.dtype, Truncate: false },
        { name: 'Cast' },
      ).outputs[0] as Tensor;
    }
    case 'pack': {
      // TF casts every listed tensor before it opens the packing scope.
      const casted = castItems(graph, p);
      return withOpScope(graph, name ?? 'packed', 'packed', (full) => {
        // TF makes the list's constants first and reads listed Variables as Pack takes them.
        const elems: Tensor[] = new Array(casted.items.length);
        casted.items.forEach((item, i) => {
          if (item.kind !== 'convertible') elems[i] = materialize(graph, item, String(i));
        });
        casted.items.forEach((item, i) => {
          if (item.kind === 'convertible') elems[i] = materialize(graph, item, String(i));
        });
        const op = createNamedOp(graph, full, 'Pack', elems, {
          N: elems.length,
          T: p.dtype,
          axis: 0,
        });
        return op.outputs[0] as Tensor;
      });
    }
  }
}

function castItems(
  graph: Graph,
  p: Extract<PreparedTensor, { kind: 'pack' }>,
): Extract<PreparedTensor, { kind: 'pack' }> {
  return {
    ...p,
    items: p.items.map((item): PreparedTensor => {
      if (item.kind === 'cast') {
        const t = materialize(graph, item, null);
        return { kind: 'tensor', dtype: t.dtype, tensor: t };
      }
      return item.kind === 'pack' ? castItems(graph, item) : item;
    }),
  };
}

/** The static shape of what a prepared conversion will give, when known without building it. */
export function preparedShape(p: PreparedTensor): readonly (number | null)[] | null {
  switch (p.kind) {
    case 'tensor':
      return p.tensor.shape.dims;
    case 'const':
      return p.value.shape;
    case 'convertible':
      return p.source.shape?.dims ?? null;
    case 'cast':
      return preparedShape(p.source);
    case 'pending':
      return p.pending.realized?.shape.dims ?? preparedShape(p.pending.prepared);
    case 'pack': {
      const first = p.items[0];
      const inner = first === undefined ? [] : preparedShape(first);
      return inner === null ? null : [p.items.length, ...inner];
    }
  }
}
