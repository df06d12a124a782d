import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BUILTIN_OPS,
  BUILTIN_SHAPE_FNS,
  OP_LIST,
  defineKernel,
  ops,
  type AttrsOf,
  type DType,
} from '../../src/index.js';

interface RegistryArg {
  name: string;
  type?: string;
  type_attr?: string;
  number_attr?: string;
  type_list_attr?: string;
  is_ref?: boolean;
}
interface RegistryOp {
  name: string;
  inputs: RegistryArg[];
  outputs: RegistryArg[];
  attrs: { name: string; type: string; default_value?: unknown; allowed_values?: string[] }[];
  is_stateful: boolean;
}

// TF's op registry facts, recorded by tools/oracle/gen_op_registry.py.
const registry = JSON.parse(
  readFileSync(
    new URL('../../../../tools/oracle/fixtures/ops/registry.json', import.meta.url),
    'utf8',
  ),
) as { dropped: string[]; ops: Record<string, RegistryOp> };

describe('BUILTIN_OPS', () => {
  it('defines every op of the list that TF registers, and nothing else', () => {
    const expected = [...new Set(OP_LIST)].filter((op) => !registry.dropped.includes(op)).sort();
    expect(BUILTIN_OPS.opTypes()).toEqual(expected);
    expect(Object.keys(registry.ops).sort()).toEqual(expected);
  });

  it("keeps TF's args and attrs in TF's order", () => {
    for (const [name, op] of Object.entries(registry.ops)) {
      const def = BUILTIN_OPS.get(name);
      const args = (list: RegistryArg[]) =>
        list.map((a) => [
          a.name,
          a.type ?? a.type_attr ?? a.type_list_attr,
          a.number_attr,
          !!a.is_ref,
        ]);
      const ours = (list: typeof def.inputs) =>
        list.map((a) => [a.name, a.type ?? a.typeAttr ?? a.typeListAttr, a.numberAttr, !!a.isRef]);
      expect(ours(def.inputs), name).toEqual(args(op.inputs));
      expect(ours(def.outputs), name).toEqual(args(op.outputs));
      expect(
        def.attrs.map((a) => [a.name, a.type, a.defaultValue, a.allowedValues]),
        name,
      ).toEqual(op.attrs.map((a) => [a.name, a.type, a.default_value, a.allowed_values]));
      expect(def.isStateful ?? false, name).toBe(op.is_stateful);
    }
  });

  it('has a shape function for every op (the list below is the gap)', () => {
    const missing = BUILTIN_OPS.opTypes().filter((op) => BUILTIN_OPS.get(op).shapeFn === undefined);
    expect(missing, `ops without a shape function: ${missing.join(', ')}`).toEqual([]);
  });

  it('has no shape function for an op it does not define', () => {
    const unknown = [...BUILTIN_SHAPE_FNS.keys()].filter((op) => !BUILTIN_OPS.has(op));
    expect(unknown).toEqual([]);
  });

  it('gives kernels typed attrs through the ops namespace', () => {
    expectTypeOf<AttrsOf<typeof ops.MatMul>>().toEqualTypeOf<{
      readonly transpose_a: boolean;
      readonly transpose_b: boolean;
      readonly T: DType;
      readonly grad_a: boolean;
      readonly grad_b: boolean;
    }>();
    const kernel = defineKernel(ops.MatMul, { deviceType: 'CPU', create: () => () => {} });
    expect(kernel.opType).toBe('MatMul');
    expect(BUILTIN_OPS.get('MatMul').name).toBe(ops.MatMul.name);
  });
});
