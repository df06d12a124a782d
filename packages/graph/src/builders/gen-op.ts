import type { AttrDef, OpDefinition } from '@tensorgraph/core';
import {
  applyOp,
  makeShapeForWrapper,
  opOutputs,
  resolveOpInputs,
  toAttrValue,
} from '../apply-op.js';
import type { Graph } from '../graph.js';
import { PendingTensor, prepareTensor, type PrepareOptions } from '../convert-to-tensor.js';
import type { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';
import { graphOf } from './graph-of.js';
import { pyRepr } from './py-repr.js';

// Hidden ops whose generated Python wrapper is `_name` (TF prefixes them with `_`).
const HIDDEN = new Set([
  'Slice',
  'Exit',
  'Stack',
  'For',
  'If',
  'While',
  'Assert',
  'Print',
  'Abs',
  'All',
  'Any',
  'ClipByValue',
  'Complex',
  'HistogramFixedWidth',
  'Max',
  'Min',
  'Pow',
  'Range',
  'Sum',
  'BatchNormWithGlobalNormalization',
  'FusedBatchNorm',
]);

/** The Python name TF generates for an op's wrapper: `ConcatV2` -> `concat_v2`. */
export function wrapperName(opType: string): string {
  let out = '';
  for (let i = 0; i < opType.length; i++) {
    const c = opType[i] as string;
    const prev = opType[i - 1] ?? '';
    const next = opType[i + 1] ?? '';
    const upper = c >= 'A' && c <= 'Z';
    const lower = (ch: string) => ch >= 'a' && ch <= 'z';
    if (upper && i > 0 && (lower(prev) || (lower(next) && prev !== '_'))) out += '_';
    out += c.toLowerCase();
  }
  return HIDDEN.has(opType) ? `_${out}` : out;
}

function inferredAttrs(def: OpDefinition): Set<string> {
  const out = new Set<string>();
  for (const a of def.inputs) {
    for (const n of [a.typeAttr, a.numberAttr, a.typeListAttr]) if (n !== undefined) out.add(n);
  }
  return out;
}

/**
 * The checks TF's generated wrapper (`gen_*_ops.<op>`) makes before `_apply_op_helper`:
 * each attr it takes, required ones first, in its own wording for lists and shapes.
 */
function wrapperChecks(
  def: OpDefinition,
  attrs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const inferred = inferredAttrs(def);
  const own = def.attrs.filter((a) => !inferred.has(a.name));
  const ordered: AttrDef[] = [
    ...own.filter((a) => a.defaultValue === undefined),
    ...own.filter((a) => a.defaultValue !== undefined),
  ];
  const out: Record<string, unknown> = { ...attrs };
  for (const a of ordered) {
    const v = attrs[a.name];
    if (v === undefined || v === null) continue;
    if (a.type.startsWith('list(') && !Array.isArray(v)) {
      throw new TypeError(
        `Expected list for '${a.name}' argument to '${wrapperName(def.name)}' Op, not ${pyRepr(v, 'int')}.`,
      );
    }
    if (a.type === 'shape') out[a.name] = makeShapeForWrapper(v, a.name);
    else if (a.type === 'list(shape)')
      out[a.name] = (v as unknown[]).map((s) => makeShapeForWrapper(s, a.name));
    else
      toAttrValue(v, { ...a, allowedValues: undefined, minimum: undefined } as AttrDef, def.name);
  }
  return out;
}

/**
 * A graph-mode call of TF's generated wrapper for `opType` (`gen_math_ops.add_v2(x, y,
 * name=name)`): the op goes into the graph of its tensor inputs (else the default graph),
 * named `name ?? opType`; returns the op's outputs as TF's wrapper does.
 */
export function genOp(
  opType: string,
  inputs: readonly unknown[],
  attrs: Readonly<Record<string, unknown>> = {},
  name?: string | null,
): Operation {
  const graph = graphOf(...inputs);
  const def = graph.opRegistry.find(opType);
  const checked = def === undefined ? attrs : wrapperChecks(def, attrs);
  return applyOp(graph, opType, inputs, checked, name ?? null);
}

/**
 * Checks, without adding anything, that `genOp` would accept these inputs and attrs
 * (dtypes, list lengths, attr values): TF's errors for a call that would be refused.
 */
export function checkOp(
  graph: Graph,
  opType: string,
  inputs: readonly unknown[],
  attrs: Readonly<Record<string, unknown>> = {},
): void {
  const def = graph.opRegistry.find(opType);
  resolveOpInputs(graph, opType, inputs, def === undefined ? attrs : wrapperChecks(def, attrs));
}

/** {@link genOp} for an op with one output: that output. */
export function genOne(
  opType: string,
  inputs: readonly unknown[],
  attrs: Readonly<Record<string, unknown>> = {},
  name?: string | null,
): Tensor {
  return genOp(opType, inputs, attrs, name).outputs[0] as Tensor;
}

/** {@link genOp} returning TF's output structure. */
export function genOutputs(
  opType: string,
  inputs: readonly unknown[],
  attrs: Readonly<Record<string, unknown>> = {},
  name?: string | null,
): ReturnType<typeof opOutputs> {
  return opOutputs(genOp(opType, inputs, attrs, name));
}

/**
 * TF's `ops.convert_to_tensor(value, dtype, name=...)` inside a builder: a Tensor as is,
 * anything else decided now and made when an op takes it (so a refused call adds nothing).
 */
export function toTensorLater(
  value: unknown,
  name: string | null,
  options: PrepareOptions = {},
): Tensor | PendingTensor {
  if (value instanceof Tensor || value instanceof PendingTensor) {
    if (value instanceof PendingTensor && value.realized !== undefined) return value.realized;
    prepareTensor(value, { name, ...options });
    return value;
  }
  // TF names a conversion without a name `Const`.
  return new PendingTensor(prepareTensor(value, { name, ...options }), name ?? 'Const');
}
