import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';

/**
 * TF's `_as_graph_element` protocol: an object that is not a Tensor or an Operation but
 * stands for one when fetched (a Variable stands for its value).
 */
export interface GraphElementConvertible {
  _asGraphElement(): Tensor | Operation;
}

export function isGraphElementConvertible(value: unknown): value is GraphElementConvertible {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<GraphElementConvertible>)._asGraphElement === 'function'
  );
}

/**
 * What `value` stands for in a fetch: its graph element if it has one (TF's
 * `Graph.as_graph_element` asks `obj._as_graph_element()` first), else `value` itself.
 */
export function graphElementOf(value: unknown): unknown {
  return isGraphElementConvertible(value) ? value._asGraphElement() : value;
}
