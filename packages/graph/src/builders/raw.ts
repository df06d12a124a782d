import { OP_LIST, type AttrValueMap, type ops, type TensorShape } from '@tensorgraph/core';
import { applyOp, opOutputs } from '../apply-op.js';
import type { TensorLike } from '../convert-to-tensor.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import { graphOf } from './graph-of.js';

type Defs = typeof ops;

interface ArgShape {
  readonly name: string;
}
interface OpShape {
  readonly inputs: readonly ArgShape[];
  readonly outputs: readonly ArgShape[];
  readonly attrs: readonly { readonly name: string; readonly type: keyof AttrValueMap }[];
}

type IsList<A> = A extends { readonly numberAttr: string } | { readonly typeListAttr: string }
  ? true
  : false;

type InputArg<A> = IsList<A> extends true ? readonly TensorLike[] : TensorLike;

type MapInputs<T extends readonly unknown[]> = { -readonly [K in keyof T]: InputArg<T[K]> };

/** The inputs of an op, in definition order: a list arg is an array. */
export type RawInputs<D extends OpShape> = MapInputs<D['inputs']>;

type InferredBy<A> =
  | (A extends { readonly typeAttr: infer T extends string } ? T : never)
  | (A extends { readonly numberAttr: infer N extends string } ? N : never)
  | (A extends { readonly typeListAttr: infer L extends string } ? L : never);

/** Attrs TF infers from the inputs: giving them is TF's TypeError. */
type Inferred<D extends OpShape> = InferredBy<D['inputs'][number]>;

/** What a caller may pass for an attr of each type (shapes also as TensorShape). */
type AttrArg<T extends keyof AttrValueMap> = T extends 'shape'
  ? AttrValueMap['shape'] | TensorShape
  : T extends 'list(shape)'
    ? readonly (AttrValueMap['shape'] | TensorShape)[]
    : AttrValueMap[T];

type RequiredAttrs<D extends OpShape> = {
  [
    A in D['attrs'][number] as A['name'] extends Inferred<D>
      ? never
      : A extends { readonly defaultValue: unknown }
        ? never
        : A['name']
  ]: AttrArg<A['type']>;
};

type OptionalAttrs<D extends OpShape> = {
  [
    A in D['attrs'][number] as A['name'] extends Inferred<D>
      ? never
      : A extends { readonly defaultValue: unknown }
        ? A['name']
        : never
  ]?: AttrArg<A['type']> | null;
};

/** The attrs a caller gives an op: those without defaults are required; inferred ones are absent. */
export type RawAttrs<D extends OpShape> = keyof (RequiredAttrs<D> & OptionalAttrs<D>) extends never
  ? { readonly [attr: string]: never }
  : RequiredAttrs<D> & OptionalAttrs<D>;

type OutputArg<A> = IsList<A> extends true ? Tensor[] : Tensor;

type MapOutputs<T extends readonly unknown[]> = { -readonly [K in keyof T]: OutputArg<T[K]> };

/** What a raw builder returns: the op for no outputs, the tensor for one, else an array. */
export type RawOutputs<D extends OpShape> = D['outputs'] extends readonly []
  ? Operation
  : D['outputs'] extends readonly [infer Only]
    ? OutputArg<Only>
    : MapOutputs<D['outputs']>;

/** One builder of `raw`: `(inputs, attrs?, name?)`, attrs required when some are. */
export type RawBuilder<D extends OpShape> = keyof RequiredAttrs<D> extends never
  ? (inputs: RawInputs<D>, attrs?: RawAttrs<D> | null, name?: string | null) => RawOutputs<D>
  : (inputs: RawInputs<D>, attrs: RawAttrs<D>, name?: string | null) => RawOutputs<D>;

/** Every built-in op by its TensorFlow name. */
export type RawOps = { readonly [K in keyof Defs]: RawBuilder<Defs[K]> };

/**
 * Builds an op by its TF name from inputs in definition order and attrs by wire name
 * (TF's `tf.raw_ops`, positional): `raw.MatMul([a, b], { transpose_a: true }, 'mm')`.
 * The op goes into the graph of its tensor inputs, else the default graph.
 */
export function rawOp(
  opType: string,
  inputs: readonly unknown[],
  attrs?: Readonly<Record<string, unknown>> | null,
  name?: string | null,
): Operation | Tensor | (Tensor | Tensor[])[] | Tensor[] {
  const graph = graphOf(...(Array.isArray(inputs) ? inputs : []));
  return opOutputs(applyOp(graph, opType, inputs, attrs ?? {}, name ?? null));
}

/** `raw.<OpType>(inputs, attrs?, name?)` for every op in `BUILTIN_OPS`. */
export const raw: RawOps = Object.freeze(
  Object.fromEntries(
    OP_LIST.map((type) => [
      type,
      (
        inputs: readonly unknown[],
        attrs?: Readonly<Record<string, unknown>> | null,
        name?: string | null,
      ) => rawOp(type, inputs, attrs, name),
    ]),
  ),
) as unknown as RawOps;
