import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  type AttrValue,
  type DType,
  type OpDefinition,
  type ShapeContext,
  type ShapeValue,
} from '../../src/index.js';

/**
 * A test `ShapeContext` built from a recorded oracle case, for any op's shape function.
 * Cases come from the `tools/oracle/gen_shape_cases_*.py` generators.
 */

/** A tensor value as the oracle records it (strings as text). */
export interface JsonTensor {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values: readonly (number | boolean | string)[];
}

export interface ShapeCaseInput {
  /** The op-definition arg this flat input belongs to (list args span several inputs). */
  readonly arg?: string;
  readonly dtype: string;
  readonly shape: ShapeValue;
  /** The input's value when it is a constant. */
  readonly value?: JsonTensor;
  /** The input read as a partial shape when the graph tells more than its value. */
  readonly as_shape?: ShapeValue;
}

export interface ShapeCase {
  readonly op: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly inputs: readonly ShapeCaseInput[];
  readonly outputs?: readonly ShapeValue[];
  readonly error?: { readonly class: string; readonly message: string };
  readonly note?: string;
}

const encoder = new TextEncoder();

/** An `NDArray` from a recorded value. */
export function ndarrayFromJson(t: JsonTensor): NDArray {
  const v = t.values;
  const dtype = t.dtype as DType;
  switch (dtype) {
    case 'int64':
      return new NDArray(
        dtype,
        t.shape,
        BigInt64Array.from(v, (x) => BigInt(x as number)),
      );
    case 'uint64':
      return new NDArray(
        dtype,
        t.shape,
        BigUint64Array.from(v, (x) => BigInt(x as number)),
      );
    case 'int32':
      return new NDArray(dtype, t.shape, Int32Array.from(v as number[]));
    case 'float32':
      return new NDArray(dtype, t.shape, Float32Array.from(v as number[]));
    case 'float64':
      return new NDArray(dtype, t.shape, Float64Array.from(v as number[]));
    case 'bool':
      return new NDArray(
        dtype,
        t.shape,
        Uint8Array.from(v, (x) => (x ? 1 : 0)),
      );
    case 'string':
      return new NDArray(
        dtype,
        t.shape,
        v.map((x) => encoder.encode(String(x))),
      );
    default:
      throw new Error(`test shape context: no conversion for dtype ${t.dtype}`);
  }
}

/** Which flat inputs belong to which input arg: from the case's `arg` tags, else one each. */
function argRanges(def: OpDefinition, c: ShapeCase): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  if (c.inputs.every((i) => i.arg !== undefined)) {
    c.inputs.forEach((inp, i) => {
      const r = ranges.get(inp.arg as string);
      ranges.set(inp.arg as string, r === undefined ? [i, i + 1] : [r[0], i + 1]);
    });
    for (const arg of def.inputs) {
      if (!ranges.has(arg.name)) {
        const before = [...ranges.values()].filter(([s]) => s <= c.inputs.length);
        const at = before.length === 0 ? 0 : Math.max(...before.map(([, e]) => e));
        ranges.set(arg.name, [at, at]);
      }
    }
    return ranges;
  }
  def.inputs.forEach((arg, i) => ranges.set(arg.name, [i, i + 1]));
  return ranges;
}

/** The node's attrs: the case's, then type/number attrs implied by the inputs, then defaults. */
function resolveAttrs(
  def: OpDefinition,
  c: ShapeCase,
  ranges: Map<string, [number, number]>,
): Map<string, AttrValue> {
  const attrs = new Map<string, AttrValue>();
  for (const [k, v] of Object.entries(c.attrs ?? {})) attrs.set(k, v as AttrValue);
  for (const arg of def.inputs) {
    const [start, end] = ranges.get(arg.name) ?? [0, 0];
    const dtypes = c.inputs.slice(start, end).map((i) => i.dtype as DType);
    if (arg.numberAttr !== undefined && !attrs.has(arg.numberAttr)) {
      attrs.set(arg.numberAttr, end - start);
    }
    if (arg.typeListAttr !== undefined && !attrs.has(arg.typeListAttr)) {
      attrs.set(arg.typeListAttr, dtypes);
    }
    if (arg.typeAttr !== undefined && !attrs.has(arg.typeAttr) && dtypes[0] !== undefined) {
      attrs.set(arg.typeAttr, dtypes[0]);
    }
  }
  for (const a of def.attrs) {
    if (!attrs.has(a.name) && a.defaultValue !== undefined) attrs.set(a.name, a.defaultValue);
  }
  return attrs;
}

/** The number of flat outputs of the node. */
function countOutputs(def: OpDefinition, attrs: Map<string, AttrValue>): number {
  let n = 0;
  for (const out of def.outputs) {
    if (out.numberAttr !== undefined) n += Number(attrs.get(out.numberAttr) ?? 0);
    else if (out.typeListAttr !== undefined) {
      n += ((attrs.get(out.typeListAttr) as readonly DType[] | undefined) ?? []).length;
    } else n += 1;
  }
  return n;
}

/**
 * A shape tensor's value as a partial shape, as TF's `MakeShapeFromShapeTensor` reads a
 * constant: -1 is an unknown dim, a scalar -1 an unknown shape.
 */
function shapeFromValue(t: JsonTensor): ShapeValue {
  const values = t.values.map(Number);
  if (t.shape.length === 0) {
    if (values[0] !== -1) {
      throw new InvalidArgumentError(
        null,
        null,
        `Input tensor must be rank 1, or if its rank 0 it must have value -1 (representing an unknown shape).  Saw value: ${values[0]}`,
      );
    }
    return null;
  }
  return values.map((v) => {
    if (v < -1) {
      throw new InvalidArgumentError(null, null, `Invalid value in tensor used for shape: ${v}`);
    }
    return v === -1 ? null : v;
  });
}

/** A `ShapeContext` for one recorded case of op `def`. */
export function makeShapeContext(def: OpDefinition, c: ShapeCase): ShapeContext {
  const ranges = argRanges(def, c);
  const attrs = resolveAttrs(def, c, ranges);
  const values = new Map<number, NDArray>();
  return {
    opType: c.op,
    nodeName: c.op,
    inputShapes: c.inputs.map((i) => i.shape),
    inputDTypes: c.inputs.map((i) => i.dtype as DType),
    numOutputs: countOutputs(def, attrs),
    attr<T extends AttrValue = AttrValue>(name: string): T {
      if (!attrs.has(name)) {
        throw new InvalidArgumentError(null, null, `No attr named '${name}' in NodeDef`);
      }
      return attrs.get(name) as T;
    },
    inputValue(i: number): NDArray | null {
      const value = c.inputs[i]?.value;
      if (value === undefined) return null;
      let nd = values.get(i);
      if (nd === undefined) {
        nd = ndarrayFromJson(value);
        values.set(i, nd);
      }
      return nd;
    },
    inputAsShape(i: number): ShapeValue {
      const inp = c.inputs[i];
      if (inp === undefined) return null;
      if (inp.as_shape !== undefined) return inp.as_shape;
      if (inp.value !== undefined) return shapeFromValue(inp.value);
      // Not known: a vector of known length gives that many unknown dims.
      const s = inp.shape;
      if (s === null || s.length !== 1 || s[0] === null || s[0] === undefined) return null;
      return new Array<number | null>(s[0]).fill(null);
    },
    inputRange(argName: string): readonly [number, number] {
      const r = ranges.get(argName);
      if (r === undefined) throw new Error(`No input arg '${argName}' in op ${def.name}`);
      return r;
    },
  };
}
