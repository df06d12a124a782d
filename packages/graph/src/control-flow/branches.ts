import { ValueError } from '@tensorgraph/errors';
import type { AttrValue, ShapeValue, TensorShape } from '@tensorgraph/core';
import type { Graph } from '../graph.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import { identity } from '../builders/control.js';
import { createNamedOp } from '../builders/op-name-scope.js';
import { createFunction, readOnlyResourceInputs } from './function-def.js';
import type { FuncGraph } from './func-graph.js';
import { assertSameStructure, describe, flatten, packSequenceAs } from './nest.js';

/** What {@link buildBranchOp} builds: `If`/`StatelessIf` or `Case`/`StatelessCase`. */
export type BranchKind = 'cond' | 'case';

/** TF's `_check_same_outputs`: the same structure, number and dtypes in every branch. */
export function checkSameOutputs(kind: BranchKind, graphs: readonly FuncGraph[]): void {
  const first = graphs[0] as FuncGraph;
  const names = (b: number) =>
    kind === 'cond' ? (b === 0 ? 'true_fn' : 'false_fn') : `branches[${b}]`;
  const error = (b: number, detail: string) =>
    new TypeError(
      `${names(0)} and ${names(b)} arguments to ${kind === 'cond' ? 'tf.cond' : 'tf.switch_case'} must have the same number, type, and overall structure of return values.\n\n` +
        `${names(0)} output: ${describe(first.structuredOutputs)}\n` +
        `${names(b)} output: ${describe((graphs[b] as FuncGraph).structuredOutputs)}\n\n` +
        `Error details:\n${detail}`,
    );
  for (let b = 1; b < graphs.length; b++) {
    const g = graphs[b] as FuncGraph;
    try {
      assertSameStructure(first.structuredOutputs, g.structuredOutputs);
    } catch (e) {
      if (e instanceof ValueError) throw error(b, e.message);
      throw e;
    }
    const firstNone = flatten(first.structuredOutputs).map((t) => t === null);
    const none = flatten(g.structuredOutputs).map((t) => t === null);
    if (firstNone.some((n, i) => n !== none[i])) {
      throw error(b, 'The two structures have None at different places.');
    }
    if (first.outputs.length !== g.outputs.length) {
      throw new ValueError(
        `Lengths of branch outputs of ${kind} must match.\nlen(graphs[0].outputs): ${first.outputs.length}\nlen(graphs[${b}].outputs): ${g.outputs.length}\n`,
      );
    }
    first.outputs.forEach((t, i) => {
      const o = g.outputs[i] as Tensor;
      if (t.dtype !== o.dtype)
        throw error(b, `${t.toString()} and ${o.toString()} have different types`);
    });
  }
}

/**
 * TF's `_make_inputs_match`: every branch takes all branches' captures (deduplicated, in
 * order), a branch that does not use one getting a placeholder for it. Returns the outer
 * tensors the op takes.
 */
export function makeInputsMatch(graphs: readonly FuncGraph[]): Tensor[] {
  const inputs: Tensor[] = [];
  for (const g of graphs)
    for (const t of g.externalCaptures) if (!inputs.includes(t)) inputs.push(t);
  for (const g of graphs) {
    const internal = new Map(g.captures);
    const params = inputs.map(
      (t) => internal.get(t) ?? g.placeholder({ dtype: t.dtype, shape: t.shape.dims }),
    );
    g.inputs = params;
    g.resetCaptures(inputs, params);
  }
  return inputs;
}

/** TF's `_get_output_shapes`: each output's most specific shape compatible with all branches. */
export function outputShapes(graphs: readonly FuncGraph[]): ShapeValue[] {
  const first = graphs[0] as FuncGraph;
  return first.outputs.map((t, i) => {
    let shape: TensorShape = t.shape;
    for (const g of graphs.slice(1)) {
      shape = shape.mostSpecificCompatibleShape((g.outputs[i] as Tensor).shape);
    }
    return shape.dims as ShapeValue;
  });
}

/** Whether any op of the bodies is stateful (then `If`/`Case`/`While`, else `Stateless*`). */
export function anyStateful(graphs: readonly FuncGraph[]): boolean {
  return graphs.some((g) => g.getOperations().some((op) => op.opDef.isStateful === true));
}

/** The outer ops the bodies' ops depended on, once each. */
export function controlCaptures(graphs: readonly FuncGraph[]): Operation[] {
  const out: Operation[] = [];
  for (const g of graphs) for (const c of g.controlCaptures) if (!out.includes(c)) out.push(c);
  return out;
}

/** Input indices of resources every body only reads, shifted by `offset` op inputs. */
export function readOnlyIndices(
  graphs: readonly FuncGraph[],
  count: number,
  offset: number,
): number[] {
  let indices = new Set(Array.from({ length: count }, (_, i) => i));
  for (const g of graphs) {
    if (indices.size === 0) break;
    const ro = new Set(readOnlyResourceInputs(g));
    indices = new Set([...indices].filter((i) => ro.has(i)));
  }
  return [...indices].sort((a, b) => a - b).map((i) => i + offset);
}

/**
 * TF's `_build_cond` / `_build_case` after the branches are traced: matches their inputs,
 * adds their functions to the library, creates the op named `fullName` (stateless unless a
 * branch has a stateful op) with TF's private attrs, and returns Identity outputs packed
 * as the first branch's result.
 */
export function buildBranchOp(
  kind: BranchKind,
  graph: Graph,
  fullName: string,
  selector: Tensor,
  graphs: readonly FuncGraph[],
): unknown {
  checkSameOutputs(kind, graphs);
  const inputs = makeInputsMatch(graphs);
  const stateful = anyStateful(graphs);
  const type =
    kind === 'cond' ? (stateful ? 'If' : 'StatelessIf') : stateful ? 'Case' : 'StatelessCase';
  const first = graphs[0] as FuncGraph;
  const attrs: Record<string, AttrValue> = {
    Tin: inputs.map((t) => t.dtype),
    Tout: first.outputs.map((t) => t.dtype),
    output_shapes: outputShapes(graphs),
  };
  if (kind === 'cond') {
    attrs.Tcond = selector.dtype;
    attrs.then_branch = { name: createFunction(graph, graphs[0] as FuncGraph) };
    attrs.else_branch = { name: createFunction(graph, graphs[1] as FuncGraph) };
  } else {
    attrs.branches = graphs.map((g) => ({ name: createFunction(graph, g) }));
  }
  // A StatelessIf without outputs is no op to TF's builder: it gets none of these.
  const marked = !(type === 'StatelessIf' && first.outputs.length === 0);
  if (marked) {
    attrs._lower_using_switch_merge = true;
    attrs._read_only_resource_inputs = readOnlyIndices(graphs, inputs.length, 1);
  }
  const op = graph.controlDependencies(controlCaptures(graphs), () =>
    createNamedOp(graph, fullName, type, [selector, ...inputs], attrs),
  );
  if (marked) graph.preventFetching(op);
  const identities = op.outputs.map((t) => identity(t));
  let next = 0;
  const flat = flatten(first.structuredOutputs).map((t) =>
    t === null ? null : identities[next++],
  );
  return packSequenceAs(first.structuredOutputs, flat);
}
