import { ValueError } from '@tensorgraph/errors';
import { isInteger } from '@tensorgraph/core';
import { Tensor } from '../tensor.js';
import { withOpScope } from '../builders/op-name-scope.js';
import { pyTypeName } from '../builders/py-repr.js';
import { buildBranchOp } from './branches.js';
import { nameOption, type Structured } from './cond.js';
import { functionScope, traceFunction, uniqueFnName } from './func-graph.js';

export interface SwitchCaseOptions {
  /** Runs when `branchIndex` matches no key; without it the last branch does. */
  readonly default?: (() => unknown) | null;
  /** The name scope of the Case op (default `switch_case`). */
  readonly name?: string | null;
}

type BranchFns<T> =
  | readonly (() => T)[]
  | readonly (readonly [number, () => T])[]
  | Readonly<Record<number, () => T>>;

/** TF's `_indexed_case_verify_and_canonicalize_args`: the branches in key order, default last. */
function canonicalBranches<T>(
  branchIndex: unknown,
  branchFns: BranchFns<T>,
  fallback: (() => unknown) | null | undefined,
): (() => unknown)[] {
  if (!(branchIndex instanceof Tensor)) {
    throw new TypeError(
      `'branch_index' must be a Tensor, got <class '${pyTypeName(branchIndex, 'int')}'>`,
    );
  }
  if (!isInteger(branchIndex.dtype)) {
    throw new TypeError(
      `'branch_index' must be an integer Tensor, got <dtype: '${branchIndex.dtype}'>`,
    );
  }
  const isArray = Array.isArray(branchFns);
  if (typeof branchFns !== 'object' || branchFns === null) {
    throw new TypeError("'branch_fns' must be a list, tuple, or dict");
  }
  const entries: unknown[] = isArray
    ? [...(branchFns as readonly unknown[])]
    : Object.entries(branchFns).map(([k, fn]) => [Number(k), fn]);
  if (entries.length === 0) throw new ValueError("Must provide at least one item in 'branch_fns'");
  const pairs = entries.every((fn) => typeof fn === 'function')
    ? entries.map((fn, i) => [i, fn] as const)
    : entries;
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(
        `Each entry in 'branch_fns' must be a 2-tuple. Received ${String(pair)}.`,
      );
    }
    const [key, fn] = pair as [unknown, unknown];
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      throw new TypeError(`key must be a Python \`int\`, got <class '${pyTypeName(key, 'int')}'>`);
    }
    if (typeof fn !== 'function') throw new TypeError(`fn for key ${key} must be callable.`);
  }
  const keyed = (pairs as [number, () => unknown][]).slice().sort((a, b) => a[0] - b[0]);
  const keys = keyed.map((p) => p[0]);
  if (
    Math.min(...keys) < 0 ||
    Math.max(...keys) >= keys.length ||
    new Set(keys).size !== keys.length
  ) {
    throw new ValueError(
      `branch indices (keys) must form contiguous range of [0 to ${keys.length}) but found {${keys.join(',')}}`,
    );
  }
  const actions = keyed.map((p) => p[1]);
  if (fallback !== null && fallback !== undefined) actions.push(fallback);
  return actions;
}

/**
 * TF's `tf.switch_case(branch_index, branch_fns, default=None, name='switch_case')` in a
 * graph: a `Case` op (`StatelessCase` when no branch has a stateful op) named
 * `switch_case/indexed_case` over one library function per branch; an index out of range
 * runs the last branch.
 */
export function switchCase<T>(
  branchIndex: Tensor,
  branchFns: BranchFns<T>,
  options?: SwitchCaseOptions | string | null,
): Structured<T> {
  const fallback = typeof options === 'object' && options !== null ? options.default : undefined;
  const branches = canonicalBranches(branchIndex, branchFns, fallback);
  const graph = branchIndex.graph;
  return graph.asDefault(() =>
    graph.nameScope(nameOption(options) || 'switch_case', () =>
      withOpScope(graph, 'indexed_case', 'indexed_case', (fullName) => {
        const scope = functionScope(graph);
        const names = branches.map((_, b) => uniqueFnName(scope, `branch${b}`));
        const graphs = branches.map((fn, b) =>
          traceFunction(graph, names[b] as string, fn, { opReturnValue: branchIndex }),
        );
        return buildBranchOp('case', graph, fullName, branchIndex, graphs);
      }),
    ),
  ) as Structured<T>;
}
