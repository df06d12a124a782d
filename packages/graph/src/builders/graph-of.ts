import { ValueError } from '@tensorgraph/errors';
import { getDefaultGraph, type Graph } from '../graph.js';
import { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';

function graphElement(value: unknown): Tensor | Operation | { graph: Graph } | undefined {
  if (value instanceof Tensor || value instanceof Operation) return value;
  if (typeof value === 'object' && value !== null) {
    const g = (value as { graph?: unknown }).graph;
    if (g !== undefined && g !== null && typeof (g as Graph).createOp === 'function') {
      return value as { graph: Graph };
    }
  }
  return undefined;
}

/**
 * The graph a builder adds to, as TF's `_get_graph_from_inputs`: the graph of the first
 * tensor (or op, or variable) among `values` (a list one level deep is looked into), else
 * the default graph; tensors from two graphs are TF's ValueError.
 */
export function graphOf(...values: readonly unknown[]): Graph {
  let first: ReturnType<typeof graphElement>;
  const flat = values.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
  for (const v of flat) {
    const element = graphElement(v);
    if (element === undefined) continue;
    if (first === undefined) first = element;
    else if (element.graph !== first.graph) {
      throw new ValueError(`${String(element)} must be from the same graph as ${String(first)}.`);
    }
  }
  return first?.graph ?? getDefaultGraph();
}
