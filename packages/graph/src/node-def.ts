import {
  AttrValueProto,
  NodeDef,
  attrValueToProto,
  dimsToTensorShapeProto,
  type AttrValue,
} from '@tensorgraph/core';
import type { Operation } from './operation.js';
import type { Tensor } from './tensor.js';

/**
 * Attrs an imported node carried outside its op definition (`_class`, `_user_specified_name`,
 * attrs of a newer TF), with the proto each came from: a JS number cannot tell `f: 1` from
 * `i: 1`, so the proto is written back as long as the attr still holds the value read from it.
 */
const IMPORTED_ATTRS = new WeakMap<
  Operation,
  Map<string, { value: AttrValue; proto: AttrValueProto }>
>();

/** @internal Records the proto an attr outside the op definition was read from. */
export function recordImportedAttr(
  op: Operation,
  name: string,
  value: AttrValue,
  proto: AttrValueProto,
): void {
  let attrs = IMPORTED_ATTRS.get(op);
  if (attrs === undefined) IMPORTED_ATTRS.set(op, (attrs = new Map()));
  attrs.set(name, { value, proto });
}

/** How a NodeDef names a tensor: `'op'` for output 0, `'op:1'` otherwise. */
export function tensorInputName(t: Tensor): string {
  return t.valueIndex === 0 ? t.op.name : `${t.op.name}:${t.valueIndex}`;
}

/** An input string of a NodeDef read as TF's `ParseTensorName` does. */
export interface ParsedInput {
  readonly node: string;
  /** The output index; -1 for a control input. */
  readonly index: number;
}

/**
 * TF's `ParseTensorName`: `'x:3'` is output 3 of `x` (checked first, so `'^x:0'` is output 0
 * of a node named `^x`); `'^x'` a control input of `x`; any other string (`'x:'`, `'x:a'`)
 * output 0 of a node named by the whole string.
 */
export function parseInputName(input: string): ParsedInput {
  const m = /^(.+):(\d+)$/s.exec(input);
  if (m !== null) {
    const index = Number(m[2]);
    if (Number.isSafeInteger(index) && index <= 0x7fffffff) return { node: m[1] as string, index };
  }
  if (input.startsWith('^')) return { node: input.slice(1), index: -1 };
  return { node: input, index: 0 };
}

/** TF's `TensorId::ToString`: `'^x'` for a control input, else `'x:i'`. */
export function formatInputKey(node: string, index: number): string {
  return index === -1 ? `^${node}` : `${node}:${index}`;
}

/** The proto of one attr of `op`: by its op-definition type, or as it was imported. */
export function attrProtoOf(op: Operation, name: string): AttrValueProto {
  const value = op.getAttr(name);
  const def = op.opDef.attrs.find((a) => a.name === name);
  if (def === undefined) {
    const record = IMPORTED_ATTRS.get(op)?.get(name);
    if (record !== undefined && Object.is(record.value, value)) return record.proto;
  }
  return attrValueToProto(value, def?.type);
}

export interface NodeDefOptions {
  /** Add `_output_shapes` with each output's static shape, as `as_graph_def(add_shapes=True)`. */
  readonly addShapes?: boolean;
}

/**
 * `op` as a NodeDef, as TF's `op.node_def`: name, op type, data inputs (`'x'`, `'x:1'`) then
 * control inputs (`'^c'`), the requested device, and every attr.
 */
export function nodeDefOf(op: Operation, options: NodeDefOptions = {}): NodeDef {
  const attr: Record<string, AttrValueProto> = {};
  for (const name of op.attrNames) attr[name] = attrProtoOf(op, name);
  if (options.addShapes && op.outputs.length > 0) {
    attr._output_shapes = new AttrValueProto({
      list: new AttrValueProto.ListValue({
        shape: op.outputs.map((t) => dimsToTensorShapeProto(t.shape.dims)),
      }),
    });
  }
  return new NodeDef({
    name: op.name,
    op: op.type,
    input: [...op.inputs.map(tensorInputName), ...op.controlInputs.map((c) => `^${c.name}`)],
    device: op.device,
    attr,
  });
}
