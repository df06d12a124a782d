import {
  AttrValueProto,
  FunctionDef,
  OpDef,
  dimsToTensorShapeProto,
  dtypeToEnum,
  expandArgs,
} from '@tensorgraph/core';
import type { Graph } from '../graph.js';
import { nodeDefOf } from '../node-def.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import type { FuncGraph } from './func-graph.js';

/**
 * TF's `NodeNameMapping` (graph_to_functiondef.cc): argument names are node names made
 * lower-case identifiers and unique; body node names are kept unless taken, then `_N`.
 */
class NodeNameMapping {
  readonly #used = new Map<string, number>();
  readonly #mapping = new Map<string, string>();

  /** Lower case, non-alphanumerics as `_`, starting at the first letter (else `unknown`). */
  static normalize(name: string): string {
    if (name === '') return 'unknown';
    let out = '';
    for (const c of name) out += /[A-Za-z0-9]/.test(c) ? c.toLowerCase() : '_';
    const first = out.search(/[a-z]/);
    return first < 0 ? 'unknown' : out.slice(first);
  }

  #uniquify(name: string): string {
    const count = this.#used.get(name);
    if (count === undefined) {
      this.#used.set(name, 0);
      return name;
    }
    for (let i = count; ; i++) {
      const candidate = `${name}_${i}`;
      if (!this.#used.has(candidate)) {
        this.#used.set(name, i + 1);
        this.#used.set(candidate, 0);
        return candidate;
      }
    }
  }

  inputName(name: string): string {
    const out = this.#uniquify(NodeNameMapping.normalize(name));
    this.#mapping.set(name, out);
    return out;
  }

  outputName(name: string): string {
    return this.#uniquify(NodeNameMapping.normalize(name));
  }

  nodeName(name: string): string {
    const out = this.#uniquify(name);
    this.#mapping.set(name, out);
    return out;
  }

  lookup(name: string): string {
    return this.#mapping.get(name) ?? name;
  }
}

/**
 * `fg` as a FunctionDef, as TF's `GraphToFunctionDef` writes a FuncGraph: outputs named
 * first, then arguments (with their `_`-attrs and known shapes as `arg_attr`), then the body
 * nodes in creation order with inputs as `node:output_arg:index`; stateful if any body node is.
 */
export function funcGraphToFunctionDef(fg: FuncGraph): FunctionDef {
  const names = new NodeNameMapping();
  const renamed = new Map<Tensor, string>();
  const outputArg = fg.outputs.map(
    (t) => new OpDef.ArgDef({ name: names.outputName(t.op.name), type: dtypeToEnum(t.dtype) }),
  );
  const argOps = new Set(fg.inputs.map((t) => t.op));
  const argAttr: Record<number, FunctionDef.ArgAttrs> = {};
  const inputArg = fg.inputs.map((t, i) => {
    const name = names.inputName(t.op.name);
    renamed.set(t, name);
    const attr: Record<string, AttrValueProto> = {};
    const node = nodeDefOf(t.op);
    for (const [k, v] of Object.entries(node.attr)) {
      if (k.startsWith('_')) attr[k] = v;
    }
    if (t.dtype !== 'resource' && t.op.hasAttr('shape')) {
      attr._output_shapes = new AttrValueProto({
        list: new AttrValueProto.ListValue({
          shape: [
            dimsToTensorShapeProto(t.op.getAttr('shape') as readonly (number | null)[] | null),
          ],
        }),
      });
    }
    if (Object.keys(attr).length > 0) argAttr[i] = new FunctionDef.ArgAttrs({ attr });
    return new OpDef.ArgDef({ name, type: dtypeToEnum(t.dtype) });
  });

  const body = fg.getOperations().filter((op) => !argOps.has(op));
  for (const op of body) {
    const nodeName = names.nodeName(op.name);
    const attrs = new Map(op.attrNames.map((n) => [n, op.getAttr(n)] as const));
    for (const e of expandArgs(op.opDef, op.opDef.outputs, attrs)) {
      for (let i = e.start; i < e.end; i++) {
        const t = op.outputs[i] as Tensor;
        if (!renamed.has(t)) renamed.set(t, `${nodeName}:${e.arg.name}:${i - e.start}`);
      }
    }
  }
  const nodeDef = body.map((op) => {
    const node = nodeDefOf(op);
    node.name = names.lookup(op.name);
    const controls = op.controlInputs.map((c: Operation) => `^${names.lookup(c.name)}`).sort();
    node.input = [...op.inputs.map((t) => renamed.get(t) as string), ...controls];
    return node;
  });
  const ret: Record<string, string> = {};
  fg.outputs.forEach((t, i) => {
    ret[outputArg[i]?.name as string] = renamed.get(t) as string;
  });
  return new FunctionDef({
    signature: new OpDef({
      name: fg.name,
      inputArg,
      outputArg,
      isStateful: body.some((op) => op.opDef.isStateful === true),
    }),
    attr: {
      _construction_context: new AttrValueProto({ s: new TextEncoder().encode('kEagerRuntime') }),
    },
    argAttr,
    nodeDef,
    ret,
  });
}

/** Adds `fdef` to the function library of `graph` (TF's `_add_function_recursive`). */
export function addFunction(graph: Graph, fdef: FunctionDef): void {
  graph.library._replaceWith(graph.library.withLibrary({ function: [fdef] }, graph.opRegistry));
}

/** The body as TF's `create_new_tf_function`: converted, added to `graph`'s library. */
export function createFunction(graph: Graph, fg: FuncGraph): string {
  addFunction(graph, funcGraphToFunctionDef(fg));
  return fg.name;
}

// Ops that only read the resources they take (TF's `RESOURCE_READ_OPS`).
const RESOURCE_READ_OPS = new Set([
  'ReadVariableOp',
  'VariableShape',
  'ResourceGather',
  'ResourceGatherNd',
  '_ReadVariablesOp',
]);
const READ_ONLY_ATTR = '_read_only_resource_inputs';

/** Indices into `op.inputs` of resources `op` only reads. */
function readOnlyInputsOf(op: Operation): Set<number> {
  const out = new Set<number>();
  if (RESOURCE_READ_OPS.has(op.type)) {
    op.inputs.forEach((t, i) => {
      if (t.dtype === 'resource') out.add(i);
    });
    return out;
  }
  if (!op.hasAttr(READ_ONLY_ATTR)) return out;
  const listed = op.getAttr(READ_ONLY_ATTR) as readonly number[];
  for (const i of listed) if (op.inputs[i]?.dtype === 'resource') out.add(i);
  return out;
}

/**
 * TF's `get_read_only_resource_input_indices_graph`: indices of `fg.inputs` that are
 * resources every consumer only reads.
 */
export function readOnlyResourceInputs(fg: FuncGraph): number[] {
  const result: number[] = [];
  fg.inputs.forEach((t, index) => {
    if (t.dtype !== 'resource') return;
    const readOnly = fg.consumersOf(t).every((op) => {
      const ro = readOnlyInputsOf(op);
      return (
        op.inputs.some((x, i) => x === t && ro.has(i)) &&
        op.inputs.every((x, i) => x !== t || ro.has(i))
      );
    });
    if (readOnly) result.push(index);
  });
  return result;
}
