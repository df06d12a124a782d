import type { Graph, Operation, Tensor } from 'tensorgraph';
import { CliError } from './cli-error.js';
import { closestNames } from './closest-names.js';

/** `'x'` means `'x:0'`; `'x:1'` is output 1 of op `x`. */
export function splitTensorName(name: string): { op: string; index: number | null } {
  const m = /^(.*):(\d+)$/.exec(name);
  return m === null ? { op: name, index: null } : { op: m[1] ?? '', index: Number(m[2]) };
}

function suggestions(graph: Graph, name: string, role: 'input' | 'output'): string {
  const ops = graph.getOperations();
  const close = closestNames(
    name,
    ops.map((o) => o.name),
  );
  if (close.length > 0) return ` Did you mean: ${close.join(', ')}?`;
  const placeholders = ops.filter((o) => o.type === 'Placeholder').map((o) => o.name);
  if (role === 'input' && placeholders.length > 0) {
    return ` The graph's placeholders: ${placeholders.slice(0, 8).join(', ')}.`;
  }
  return '';
}

/**
 * The tensor `name` names in `graph` (`'x'` is `'x:0'`), for an `--input` or `--output`; an
 * unknown name is an error listing the closest names the graph has.
 */
export function resolveTensor(graph: Graph, name: string, role: 'input' | 'output'): Tensor {
  const { op: opName, index } = splitTensorName(name);
  const op = graph.findOperation(opName);
  if (op === undefined) {
    throw new CliError(
      `unknown ${role} '${name}': the graph has no op named '${opName}'.${suggestions(graph, opName, role)}`,
    );
  }
  const i = index ?? 0;
  const tensor = op.outputs[i];
  if (tensor === undefined) {
    const outs = op.outputs.map((t) => t.name).join(', ');
    throw new CliError(
      op.outputs.length === 0
        ? `${role} '${name}': op '${opName}' (${op.type}) has no outputs to ${role === 'input' ? 'feed' : 'fetch'}`
        : `${role} '${name}': op '${opName}' (${op.type}) has ${op.outputs.length} output(s): ${outs}`,
    );
  }
  return tensor;
}

/**
 * What to fetch for `--output name`: a tensor, or for an op with no outputs (a NoOp, an
 * initializer) the op itself, which runs as a target.
 */
export function resolveFetch(graph: Graph, name: string): Tensor | Operation {
  const { op: opName, index } = splitTensorName(name);
  const op = graph.findOperation(opName);
  if (op !== undefined && index === null && op.outputs.length === 0) return op;
  return resolveTensor(graph, name, 'output');
}
