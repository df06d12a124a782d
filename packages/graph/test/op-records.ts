import { NDArray, type AttrType, type AttrValue } from '@tensorgraph/core';
import { isRefTensor, type Operation } from '@tensorgraph/graph';

/** An op as the oracle scripts record it, for comparing graphs with TF's. */
export interface OpRecord {
  name: string;
  type: string;
  inputs: string[];
  device: string;
  attrs: Record<string, unknown>;
  outputs: [string, (number | null)[] | null][];
}

export function jfloat(x: number): number | string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}

export function jscalar(v: unknown): unknown {
  if (typeof v === 'number') return jfloat(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false }).decode(v);
  if (typeof v === 'object' && v !== null && 're' in v) {
    const c = v as { re: number; im: number };
    return [jfloat(c.re), jfloat(c.im)];
  }
  return v;
}

export function flatten(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

export function jtensor(a: NDArray): unknown {
  return { dtype: a.dtype, shape: [...a.shape], values: flatten(a.toArray()).map(jscalar) };
}

/** An attr value in the oracle's JSON spelling (floats as float32, tensors flattened). */
export function jattr(value: AttrValue, type: AttrType | undefined): unknown {
  if (value instanceof NDArray) return jtensor(value);
  if (Array.isArray(value)) {
    const inner = type?.startsWith('list(') ? (type.slice(5, -1) as AttrType) : undefined;
    return (value as AttrValue[]).map((v) => jattr(v, inner));
  }
  if (type === 'float' && typeof value === 'number') return jfloat(Math.fround(value));
  if (typeof value === 'object' && value !== null && 'name' in value) return { name: value.name };
  return value;
}

/**
 * An op as the oracle records it. TF marks every op named in `control_dependencies([...])`
 * with `_has_manual_control_dependencies`; that is the graph's business, left out here.
 */
export function jop(op: Operation): OpRecord {
  const attrs: Record<string, unknown> = {};
  for (const name of op.attrNames) {
    if (name === '_has_manual_control_dependencies') continue;
    const type = op.opDef.attrs.find((a) => a.name === name)?.type;
    attrs[name] = jattr(op.getAttr(name), type);
  }
  return {
    name: op.name,
    type: op.type,
    inputs: [...op.inputs.map((t) => t.name), ...op.controlInputs.map((c) => `^${c.name}`)],
    device: op.device,
    attrs,
    outputs: op.outputs.map((t) => [
      isRefTensor(t) ? `${t.dtype}_ref` : t.dtype,
      t.shape.dims === null ? null : [...t.shape.dims],
    ]),
  };
}

/** A recorded op without the attr TF adds to ops used as control dependencies. */
export function withoutGraphMarks(op: OpRecord): OpRecord {
  const { _has_manual_control_dependencies: _mark, ...attrs } = op.attrs;
  return { ...op, attrs };
}
