import { ValueError } from '@tensorgraph/errors';
import type { AttrValue } from '@tensorgraph/core';
import type { Graph } from '../graph.js';
import { checkScopeName } from '../names.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import { pyTypeName } from './py-repr.js';

/**
 * TF's `with ops.name_scope(name, default_name) as scope:` followed by an op named `scope`:
 * runs `fn` inside the scope the op will own (so helper ops are `Add/y`) and hands it the
 * op's full name (`Add`, `Add_1`, `outer/Add`). A name ending in `/` is an existing scope
 * re-entered, the op then taking exactly that name, as TF's ops do with `name=scope`.
 *
 * The name is reserved only when the op is created (`createNamedOp`), so a builder that
 * fails leaves its name free as well as its graph unchanged.
 */
export function withOpScope<R>(
  graph: Graph,
  name: string | null | undefined,
  defaultName: string,
  fn: (fullName: string) => R,
): R {
  if (name !== null && name !== undefined && typeof name !== 'string') {
    throw new TypeError(`expected string or bytes-like object, got '${pyTypeName(name, 'int')}'`);
  }
  const requested = name ? name : defaultName;
  let full: string;
  if (requested.endsWith('/')) {
    full = requested.slice(0, -1);
  } else {
    checkScopeName(requested, graph.getNameScope() !== '');
    full = graph.uniqueName(requested, false);
  }
  return graph.nameScope(`${full}/`, () => fn(full));
}

/**
 * Creates an op with exactly `fullName` (TF's `_create_op_internal(name=scope)`), whatever
 * the current name scope; `inputs` and `attrs` as for `Graph.createOp`.
 */
export function createNamedOp(
  graph: Graph,
  fullName: string,
  type: string,
  inputs: readonly Tensor[],
  attrs: ReadonlyMap<string, AttrValue> | Readonly<Record<string, AttrValue | undefined>>,
): Operation {
  if (graph.findOperation(fullName) !== undefined) {
    throw new ValueError(`Duplicate node name in graph: '${fullName}'`);
  }
  return graph.nameScope('', () => graph.createOp(type, inputs, attrs, { name: fullName }));
}
