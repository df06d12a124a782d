import { ValueError } from '@tensorgraph/errors';
import type { AttrValue, DType, ShapeValue } from '@tensorgraph/core';
import { createAsyncContextSlot } from '../context/async-context.js';
import { convertToTensor } from '../convert-to-tensor.js';
import { Graph } from '../graph.js';
import { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';
import { identity } from '../builders/control.js';
import { flatten, packSequenceAs } from './nest.js';

// TF's `ops.uid()`: one process-wide counter that makes function names unique.
let lastUid = 0;
// Recording prefixes (see `traceFunction`) come from their own counter, so that function
// names number as TF's do.
let lastRecording = 0;

/** The next unique id, as TF's `ops.uid()`. */
export function uid(): number {
  lastUid += 1;
  return lastUid;
}

/**
 * TF's `control_flow_util_v2.unique_fn_name`: `cond/` and `true` give `cond_true_12`.
 * `scope` is the scope as the function body would see it (see {@link functionScope}).
 */
export function uniqueFnName(scope: string, name: string): string {
  return `${scope}${name}_${uid()}`.replaceAll('/', '_');
}

/** A function body being recorded into its outer graph. */
interface Recording {
  readonly graph: Graph;
  readonly prefix: string;
  readonly parent: Recording | null;
}

const RECORDING = createAsyncContextSlot<Recording | null>(null);

/**
 * Whether ops created now in `graph` belong to a function body under construction (TF's
 * `graph.building_function`, for the FuncGraph such ops would be in).
 */
export function buildingFunction(graph: Graph): boolean {
  const r = RECORDING.get();
  return r !== null && r.graph === graph;
}

/** `name` without the recording prefix it was created under, if any. */
export function bodyName(name: string): string {
  for (let r = RECORDING.get(); r !== null; r = r.parent) {
    if (name.startsWith(`${r.prefix}/`)) return name.slice(r.prefix.length + 1);
  }
  return name;
}

/** The current name scope of `graph` as the function body being built sees it. */
export function functionScope(graph: Graph): string {
  const scope = graph.getNameScope();
  return scope === '' ? '' : `${bodyName(scope)}/`;
}

/** The dtype, shape and optional user-given name of a function argument. */
export interface ArgSpec {
  readonly dtype: DType;
  readonly shape: ShapeValue;
  /** Names the placeholder and becomes its `_user_specified_name`; else `Placeholder`. */
  readonly name?: string | null;
}

/**
 * A function body as a graph (TF's `FuncGraph`): placeholders for its arguments, then one
 * placeholder per tensor of an outer graph it uses (a capture: the caller passes the outer
 * tensor as an extra input), and its outputs.
 */
export class FuncGraph extends Graph {
  readonly name: string;
  readonly outerGraph: Graph;
  /** The placeholders the function's inputs feed: arguments, then captures. */
  inputs: Tensor[] = [];
  /** The tensors the function returns, flat. */
  outputs: Tensor[] = [];
  /** What the body returned, with tensors of this graph (`null` for TF's `None`). */
  structuredOutputs: unknown = null;
  /** Outer ops that ran before ops of the body (TF's control captures). */
  readonly controlCaptures: Operation[] = [];
  readonly #captures = new Map<Tensor, Tensor>();

  constructor(name: string, outerGraph: Graph) {
    super({ opRegistry: outerGraph.opRegistry });
    this.name = name;
    this.outerGraph = outerGraph;
  }

  /** `[outer tensor, placeholder]` pairs, in capture order. */
  get captures(): [Tensor, Tensor][] {
    return [...this.#captures];
  }

  get externalCaptures(): Tensor[] {
    return [...this.#captures.keys()];
  }

  get internalCaptures(): Tensor[] {
    return [...this.#captures.values()];
  }

  /**
   * The placeholder standing for outer `tensor`, made on first use inside `scope` and named
   * after the tensor's op, as TF's `FuncGraph.capture`.
   */
  capture(tensor: Tensor, scope = ''): Tensor {
    const known = this.#captures.get(tensor);
    if (known !== undefined) return known;
    const name = bodyName(tensor.op.name);
    const placeholder = this.placeholder(
      { dtype: tensor.dtype, shape: tensor.shape.dims, name },
      scope,
    );
    this.#captures.set(tensor, placeholder);
    this.inputs.push(placeholder);
    return placeholder;
  }

  /** Replaces the captures (TF's `reset_captures`, after branches' inputs are matched). */
  resetCaptures(external: readonly Tensor[], internal: readonly Tensor[]): void {
    this.#captures.clear();
    external.forEach((t, i) => this.#captures.set(t, internal[i] as Tensor));
  }

  /** A placeholder of this graph in `scope` (TF's `TensorSpec.placeholder_value`). */
  placeholder(spec: ArgSpec, scope = ''): Tensor {
    const attrs: Record<string, AttrValue> = { dtype: spec.dtype, shape: spec.shape };
    if (spec.name) attrs._user_specified_name = spec.name;
    return this.nameScope('', () =>
      this.nameScope(scope === '' ? '' : scope, () =>
        this.createOp('Placeholder', [], attrs, { name: spec.name || 'Placeholder' }),
      ),
    ).outputs[0] as Tensor;
  }
}

export interface TraceOptions {
  /** Placeholders made first, passed to `fn` in order. */
  readonly args?: readonly ArgSpec[];
  /** Outer tensors captured before the body's ops (a while body takes its cond's first). */
  readonly captureFirst?: readonly Tensor[];
  /** What an Operation returned by `fn` stands for (TF's `op_return_value`). */
  readonly opReturnValue?: Tensor;
  /** The dtype a non-tensor output at each flat position converts to. */
  readonly outputDTypes?: readonly (DType | undefined)[];
}

/**
 * Builds the function body `fn` as a {@link FuncGraph} named `name`, as TF's
 * `func_graph_from_py_func` does for control flow: `fn` runs with `outer` as the default
 * graph, under a private name scope and no control dependencies, so its builders work on
 * outer tensors as TF's do inside a FuncGraph; the ops it made are then replayed into the
 * FuncGraph in creation order (outer tensors become captured placeholders, named after the
 * op that first used them) and removed from `outer`.
 */
export function traceFunction(
  outer: Graph,
  name: string,
  fn: (...args: Tensor[]) => unknown,
  options: TraceOptions = {},
): FuncGraph {
  lastRecording += 1;
  const recording: Recording = {
    graph: outer,
    prefix: `.fn_body_${lastRecording}`,
    parent: RECORDING.get(),
  };
  const version = outer.version;
  try {
    const traced = RECORDING.run(recording, () =>
      outer.asDefault(() =>
        outer.controlDependencies(null, () =>
          outer.nameScope('', () =>
            outer.nameScope(`${recording.prefix}/`, () => {
              const args = (options.args ?? []).map((spec) => recordPlaceholder(outer, spec));
              const result = fn(...args);
              if (result instanceof Promise) {
                throw new TypeError('A control flow function must build its ops synchronously.');
              }
              const flat = flatten(result).map((leaf, i) =>
                convertOutput(outer, leaf, options.opReturnValue, options.outputDTypes?.[i]),
              );
              return { args, structure: result, flat };
            }),
          ),
        ),
      ),
    );
    return RECORDING.run(recording, () =>
      replay(outer, version, name, traced, options.captureFirst ?? []),
    );
  } finally {
    outer._rollbackTo(version);
  }
}

function recordPlaceholder(outer: Graph, spec: ArgSpec): Tensor {
  const attrs: Record<string, AttrValue> = { dtype: spec.dtype, shape: spec.shape };
  if (spec.name) attrs._user_specified_name = spec.name;
  return outer.createOp('Placeholder', [], attrs, { name: spec.name || 'Placeholder' })
    .outputs[0] as Tensor;
}

function convertOutput(
  outer: Graph,
  leaf: unknown,
  opReturnValue: Tensor | undefined,
  dtype: DType | undefined,
): Tensor | null {
  if (leaf === null || leaf === undefined) return null;
  if (leaf instanceof Tensor) return leaf;
  if (leaf instanceof Operation) {
    if (opReturnValue === undefined) {
      throw new TypeError(
        `To be compatible with tf.function, Python functions must return zero or more Tensors or ExtensionTypes or None values; in compilation of a control flow function, found return value of type Operation, which is not a Tensor or ExtensionType.`,
      );
    }
    return outer.controlDependencies([leaf], () => identity(opReturnValue));
  }
  return convertToTensor(leaf, dtype === undefined ? {} : { dtype });
}

interface Traced {
  readonly args: readonly Tensor[];
  readonly structure: unknown;
  readonly flat: readonly (Tensor | null)[];
}

function replay(
  outer: Graph,
  version: number,
  name: string,
  traced: Traced,
  captureFirst: readonly Tensor[],
): FuncGraph {
  const fg = new FuncGraph(name, outer);
  const tensors = new Map<Tensor, Tensor>();
  const ops = new Map<Operation, Operation>();
  const argOps = new Set(traced.args.map((t) => t.op));
  for (const arg of traced.args) {
    const created = fg.createOp('Placeholder', [], attrsOf(arg.op), {
      name: bodyName(arg.op.name),
    });
    tensors.set(arg, created.outputs[0] as Tensor);
    ops.set(arg.op, created);
    fg.inputs.push(created.outputs[0] as Tensor);
  }
  for (const t of captureFirst) fg.capture(t);
  const recorded = outer.operationsSince(version);
  const inScope = (t: Tensor): Tensor => {
    // An outer tensor must still be in the outer graph: one made by another function body
    // (a sibling branch, an inner loop) is out of scope, as TF's InaccessibleTensorError.
    if (outer.findOperation(t.op.name) !== t.op) {
      throw new ValueError(
        `${t.toString()} is out of scope and cannot be used here. Use return values, explicit Python locals or TensorFlow collections to access it.`,
      );
    }
    return t;
  };
  for (const op of recorded) {
    if (argOps.has(op)) continue;
    const opName = bodyName(op.name);
    const inputs = op.inputs.map((t) => tensors.get(t) ?? fg.capture(inScope(t), `${opName}/`));
    const controls: Operation[] = [];
    for (const c of op.controlInputs) {
      const inner = ops.get(c);
      if (inner !== undefined) controls.push(inner);
      else if (!fg.controlCaptures.includes(c)) fg.controlCaptures.push(c);
    }
    const created = fg.createOp(op.type, inputs, attrsOf(op), {
      name: opName,
      device: op.device,
    });
    created._addControlInputs(controls);
    ops.set(op, created);
    op.outputs.forEach((t, i) => tensors.set(t, created.outputs[i] as Tensor));
  }
  const flat = traced.flat.map((t) =>
    t === null ? null : (tensors.get(t) ?? fg.capture(inScope(t))),
  );
  fg.outputs = flat.filter((t): t is Tensor => t !== null);
  fg.structuredOutputs = packSequenceAs(traced.structure, flat);
  return fg;
}

/** An op's attrs, with colocation groups renamed as the body sees them. */
function attrsOf(op: Operation): Map<string, AttrValue> {
  const out = new Map<string, AttrValue>();
  for (const n of op.attrNames) {
    const v = op.getAttr(n);
    out.set(
      n,
      n === '_class' && Array.isArray(v)
        ? (v as string[]).map((g) => (g.startsWith('loc:@') ? `loc:@${bodyName(g.slice(5))}` : g))
        : v,
    );
  }
  return out;
}
