import type { NDArray } from '@tensorgraph/core';
import { convertToTensor, type TensorLike } from '../convert-to-tensor.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import { squeeze } from '../builders/array.js';
import { graphOf } from '../builders/graph-of.js';
import { withOpScope } from '../builders/op-name-scope.js';
import { buildBranchOp } from './branches.js';
import { functionScope, traceFunction, uniqueFnName } from './func-graph.js';

/**
 * What a control-flow builder returns for a function result of type `T`: the same
 * structure with a Tensor for every tensor, Operation or value, `null` for `null`.
 */
export type Structured<T> = T extends null | undefined
  ? null
  : T extends Tensor | Operation | NDArray | number | bigint | boolean | string
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Structured<T[K]> }
      : T extends Record<string, unknown>
        ? { [K in keyof T]: Structured<T[K]> }
        : Tensor;

export interface CondOptions {
  /** The If op's name, and the scope of its helpers (default `cond`). */
  readonly name?: string | null;
}

/** A name given as a string or `{ name }`. */
export function nameOption(
  options: { readonly name?: string | null } | string | null | undefined,
): string | null {
  if (options === null || options === undefined) return null;
  if (typeof options === 'string') return options;
  return options.name ?? null;
}

/**
 * TF's `_normalize_pred`: the predicate as a tensor, squeezed unless it is known to be a
 * scalar.
 */
function normalizePred(pred: TensorLike): Tensor {
  const t = convertToTensor(pred);
  const dims = t.shape.dims;
  return dims === null || dims.length > 0 ? squeeze(t) : t;
}

/**
 * TF 2's `tf.cond(pred, true_fn, false_fn, name=None)` in a graph, as `cond_v2` builds it:
 * each branch traced into a function of the graph's library (outer tensors it uses become
 * extra inputs), one `If` op (`StatelessIf` when no branch has a stateful op) named `cond`,
 * and an `Identity` per output (`cond/Identity`, ...), returned in the structure the
 * branches return. An Operation a branch returns stands for `pred`, run after it.
 */
export function cond<T>(
  pred: TensorLike,
  trueFn: () => T,
  falseFn: () => T,
  options?: CondOptions | string | null,
): Structured<T> {
  if (typeof pred === 'boolean') throw new TypeError('pred must not be a Python bool');
  if (typeof trueFn !== 'function') throw new TypeError("'true_fn' must be callable.");
  if (typeof falseFn !== 'function') throw new TypeError("'false_fn' must be callable.");
  const graph = graphOf(pred);
  return graph.asDefault(() =>
    withOpScope(graph, nameOption(options) || 'cond', 'cond', (fullName) => {
      const scope = functionScope(graph);
      const trueName = uniqueFnName(scope, 'true');
      const falseName = uniqueFnName(scope, 'false');
      const p = normalizePred(pred);
      const trueGraph = traceFunction(graph, trueName, trueFn, { opReturnValue: p });
      const falseGraph = traceFunction(graph, falseName, falseFn, { opReturnValue: p });
      return buildBranchOp('cond', graph, fullName, p, [trueGraph, falseGraph]);
    }),
  ) as Structured<T>;
}
