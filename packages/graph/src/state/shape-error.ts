import { ValueError } from '@tensorgraph/errors';
import type { AttrValue, ShapeValue } from '@tensorgraph/core';
import type { Graph } from '../graph.js';
import { formatShapeValue, summarizeNode } from '../node-summary.js';

/** An input of an op about to be made, as a shape error shows it. */
export interface ShownInput {
  readonly name: string;
  readonly shape: ShapeValue;
}

/**
 * The ValueError the graph raises when an op's shape function fails, for checks TF's shape
 * functions make with information our graph does not carry (a resource's handle data, a
 * constant input TF reads): `<message> for '{{node X}} = Op[attrs](inputs)' with input
 * shapes: ...<detail>.`
 */
export function shapeFunctionError(
  graph: Graph,
  opType: string,
  name: string | null,
  inputs: readonly ShownInput[],
  attrs: Readonly<Record<string, AttrValue>>,
  message: string,
  detail = '',
): ValueError {
  const opDef = graph.opRegistry.get(opType);
  const requested = name ?? opType;
  const full = requested.endsWith('/')
    ? requested.slice(0, -1)
    : graph.uniqueName(requested, false);
  const all = new Map<string, AttrValue>(
    opDef.attrs.map((d) => [d.name, (attrs[d.name] ?? d.defaultValue) as AttrValue]),
  );
  const names = inputs.map((i) => i.name);
  const shapes = inputs.map((i) => formatShapeValue(i.shape)).join(', ');
  return new ValueError(
    `${message} for '{{node ${full}}} = ${summarizeNode(opType, all, names, opDef)}' with input shapes: ${shapes}${detail}.`,
  );
}

/** How the graph names an input tensor in a NodeDef: `op` for output 0, else `op:i`. */
export function inputName(t: {
  readonly valueIndex: number;
  readonly name: string;
  readonly op: { readonly name: string };
}): string {
  return t.valueIndex === 0 ? t.op.name : t.name;
}
