import { OpError, RuntimeError, ValueError } from '@tensorgraph/errors';
import {
  expandArgs,
  NDArray,
  TensorShape,
  type ArgDef,
  type AttrDef,
  type AttrValue,
  type DType,
  type FuncValue,
  type OpDefinition,
  type ShapeContext,
  type ShapeValue,
} from '@tensorgraph/core';
import { constantValue, constantValueAsShape } from './constant-value.js';
import {
  graphOfPrepared,
  materialize,
  prepareTensor,
  preparedShape,
  toDType,
  type PreparedTensor,
} from './convert-to-tensor.js';
import type { Graph } from './graph.js';
import { shapeFunctionError } from './node-summary.js';
import type { Operation } from './operation.js';
import { Tensor } from './tensor.js';
import { createNamedOp, withOpScope } from './builders/op-name-scope.js';
import { pyRepr, pyStr, pyTypeName, numberStyleFor } from './builders/py-repr.js';

/** Attr values as a caller gives them: JS values, converted and checked as TF does. */
export type AttrArgs = Readonly<Record<string, unknown>>;

/**
 * The outputs of an op as TF's `apply_op` returns them: the Operation when it has none,
 * the single Tensor, or an array with one entry per output arg (a list arg an array).
 */
export type OpOutputs = Operation | Tensor | (Tensor | Tensor[])[] | Tensor[];

/**
 * Adds an op to `graph` from Python-style arguments, as TF's `op_def_library._apply_op_helper`:
 * `inputs` in op-definition order (a list arg is a JS array), each a Tensor or a value
 * converted to a `Const` of the dtype the op implies; attrs inferred from the inputs,
 * given ones converted and checked, defaults filled in. TF's errors, TF's messages. The op
 * is named `name ?? opType`, unique in the current name scope (a name ending in `/` is
 * taken exactly); the Consts it makes live in its scope (`Add/y`). On any error nothing is
 * added to the graph.
 */
export function applyOp(
  graph: Graph,
  opType: string,
  inputs: readonly unknown[],
  attrs: AttrArgs = {},
  name?: string | null,
): Operation {
  const opDef = graph.opRegistry.find(opType);
  if (opDef === undefined) throw new RuntimeError(`Unrecognized Op name ${opType}`);
  if (!Array.isArray(inputs)) {
    throw new TypeError(
      `Inputs of '${opType}' are an array in op-definition order, not ${pyRepr(inputs)}.`,
    );
  }
  if (inputs.length > opDef.inputs.length) {
    throw new TypeError(
      `${opType} takes ${opDef.inputs.length} inputs (${opDef.inputs.map((a) => a.name).join(', ')}) but ${inputs.length} were given.`,
    );
  }
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
    throw new TypeError(
      `Attrs of '${opType}' are an object keyed by attr name, not ${pyRepr(attrs)}.`,
    );
  }
  return graph.asDefault(() =>
    withOpScope(graph, name, opType, (fullName) => {
      const built = resolveOp(opDef, inputs, attrs);
      if (graph.finalized) throw new RuntimeError('Graph is finalized and cannot be modified.');
      const inputGraph = graphOfPrepared(built.inputs);
      if (inputGraph !== undefined && inputGraph !== graph) {
        throw new ValueError(
          `${String(firstTensor(built.inputs))} must be from the same graph as the op being created.`,
        );
      }
      precheckShapes(graph, opDef, fullName, built);
      const tensors = built.inputs.map((p, i) =>
        materialize(graph, p, built.constNames[i] ?? null),
      );
      const create = () => createNamedOp(graph, fullName, opType, tensors, built.attrs);
      // TF colocates an op with the variables it mutates.
      const refs = tensors.filter((_t, i) => built.refInputs[i]);
      return refs.reduceRight<() => Operation>(
        (inner, t) => () => graph.colocateWith(t, inner),
        create,
      )();
    }),
  );
}

/**
 * What {@link applyOp} decides before adding anything (inputs converted, attrs inferred
 * and checked), with its errors; adds nothing.
 */
export function resolveOpInputs(
  graph: Graph,
  opType: string,
  inputs: readonly unknown[],
  attrs: AttrArgs = {},
): void {
  const opDef = graph.opRegistry.find(opType);
  if (opDef === undefined) throw new RuntimeError(`Unrecognized Op name ${opType}`);
  graph.asDefault(() => resolveOp(opDef, inputs, attrs));
}

/** Restructures an op's outputs as TF's `apply_op` returns them (see {@link OpOutputs}). */
export function opOutputs(op: Operation): OpOutputs {
  const attrs = new Map(op.attrNames.map((n) => [n, op.getAttr(n)] as const));
  const args = expandArgs(op.opDef, op.opDef.outputs, attrs);
  if (args.length === 0) return op;
  const parts = args.map((e) =>
    isListArg(e.arg) ? op.outputs.slice(e.start, e.end) : (op.outputs[e.start] as Tensor),
  );
  if (parts.length === 1) {
    const only = parts[0] as Tensor | Tensor[];
    if (Array.isArray(only) && only.length === 0 && op.opDef.isStateful) return op;
    return only;
  }
  return parts;
}

/** Whether `t` is a mutable (ref) tensor: its op's output arg is a ref. */
export function isRefTensor(t: Tensor): boolean {
  const op = t.op;
  if (!op.opDef.outputs.some((a) => a.isRef)) return false;
  const attrs = new Map(op.attrNames.map((n) => [n, op.getAttr(n)] as const));
  const e = expandArgs(op.opDef, op.opDef.outputs, attrs).find(
    (x) => t.valueIndex >= x.start && t.valueIndex < x.end,
  );
  return e?.arg.isRef === true;
}

function isListArg(arg: ArgDef): boolean {
  return arg.numberAttr !== undefined || arg.typeListAttr !== undefined;
}

function firstTensor(prepared: readonly PreparedTensor[]): Tensor | undefined {
  for (const p of prepared) if (p.kind === 'tensor') return p.tensor;
  return undefined;
}

interface ResolvedOp {
  /** Flat inputs, in NodeDef order. */
  readonly inputs: PreparedTensor[];
  /** The Const name each flat input would get (the arg name, `values_0` in a list). */
  readonly constNames: string[];
  readonly refInputs: boolean[];
  readonly attrs: Map<string, AttrValue>;
}

type InferredAttr = DType | number | DType[];

/** Decides inputs and attrs without touching the graph; throws TF's errors. */
function resolveOp(
  opDef: OpDefinition,
  inputValues: readonly unknown[],
  given: AttrArgs,
): ResolvedOp {
  const opType = opDef.name;
  const attrDefs = new Map(opDef.attrs.map((a) => [a.name, a]));
  const defaultTypes = new Map<string, DType>();
  const allowedTypes = new Map<string, readonly string[]>();
  for (const a of opDef.attrs) {
    if (a.type !== 'type') continue;
    if (a.defaultValue !== undefined) defaultTypes.set(a.name, a.defaultValue as DType);
    if (a.allowedValues !== undefined) allowedTypes.set(a.name, a.allowedValues);
  }
  const inferred = new Map<string, InferredAttr>();
  const inferredFrom = new Map<string, string>();
  const flat: PreparedTensor[] = [];
  const constNames: string[] = [];
  const refInputs: boolean[] = [];

  opDef.inputs.forEach((arg, index) => {
    if (index >= inputValues.length || inputValues[index] === undefined) {
      throw new TypeError(`No argument for input ${arg.name} found in ${opType}.`);
    }
    const values = inputValues[index];
    const inputName = arg.name;
    let prepared: PreparedTensor[];
    if (isListArg(arg)) {
      if (!Array.isArray(values)) {
        throw new TypeError(
          `Expected list for '${inputName}' argument to '${opType}' Op, not ${pyStr(values)}.`,
        );
      }
      let dtype: DType | undefined;
      let defaultDtype: DType | undefined;
      if (arg.type !== undefined) {
        dtype = arg.type;
      } else if (arg.numberAttr !== undefined) {
        const known = arg.typeAttr === undefined ? undefined : inferred.get(arg.typeAttr);
        if (known !== undefined) dtype = known as DType;
        else dtype = (values as unknown[]).find((v): v is Tensor => v instanceof Tensor)?.dtype;
        if (dtype === undefined && arg.typeAttr !== undefined)
          defaultDtype = defaultTypes.get(arg.typeAttr);
      }
      try {
        prepared = (values as unknown[]).map((v) =>
          prepareTensor(v, {
            dtype: dtype ?? null,
            preferredDtype: defaultDtype ?? null,
            asRef: arg.isRef,
          }),
        );
        if (arg.numberAttr !== undefined && new Set(prepared.map((p) => p.dtype)).size > 1) {
          throw new TypeError('mixed dtypes');
        }
      } catch (e) {
        if (!(e instanceof TypeError || e instanceof ValueError)) throw e;
        const observed = (values as unknown[])
          .map((v) => {
            try {
              return prepareTensor(v, { asRef: arg.isRef }).dtype;
            } catch (inner) {
              if (inner instanceof TypeError || inner instanceof ValueError)
                return '<NOT CONVERTIBLE TO TENSOR>';
              throw inner;
            }
          })
          .join(', ');
        const prefix = `Tensors in list passed to '${inputName}' of '${opType}' Op have types [${observed}]`;
        if (arg.numberAttr === undefined)
          throw because(new TypeError(`${prefix} that are invalid. Tensors: ${pyStr(values)}`), e);
        if (arg.type !== undefined)
          throw because(new TypeError(`${prefix} that do not match expected type ${dtype}.`), e);
        if (arg.typeAttr !== undefined && inferred.has(arg.typeAttr)) {
          throw because(
            new TypeError(
              `${prefix} that do not match type ${dtype} inferred from earlier arguments.`,
            ),
            e,
          );
        }
        throw because(new TypeError(`${prefix} that don't all match.`), e);
      }
      prepared.forEach((p, i) => constNames.push(ownName(p) ?? `${arg.name}_${i}`));
    } else {
      let dtype: DType | undefined;
      let defaultDtype: DType | undefined;
      let allowed: readonly string[] | undefined;
      if (arg.type !== undefined) dtype = arg.type;
      else if (arg.typeAttr !== undefined && inferred.has(arg.typeAttr))
        dtype = inferred.get(arg.typeAttr) as DType;
      else if (arg.typeAttr !== undefined && defaultTypes.has(arg.typeAttr)) {
        defaultDtype = defaultTypes.get(arg.typeAttr);
        allowed = allowedTypes.get(arg.typeAttr);
      }
      let one: PreparedTensor;
      try {
        if (dtype === undefined && allowed !== undefined) {
          let guess: PreparedTensor | undefined;
          try {
            guess = prepareTensor(values, { asRef: arg.isRef });
          } catch (e) {
            // A value that needs a dtype to convert gets one below.
            if (!(e instanceof TypeError)) throw e;
          }
          if (guess !== undefined) guess = asPythonInts(guess, values, allowed);
          one =
            guess !== undefined && allowed.includes(guess.dtype)
              ? guess
              : prepareTensor(values, { asRef: arg.isRef, preferredDtype: defaultDtype ?? null });
        } else {
          one = prepareTensor(values, {
            dtype: dtype ?? null,
            asRef: arg.isRef,
            preferredDtype: defaultDtype ?? null,
          });
          if (dtype === undefined && arg.typeAttr !== undefined) {
            const allowedHere = attrDefs.get(arg.typeAttr)?.allowedValues;
            if (allowedHere !== undefined) one = asPythonInts(one, values, allowedHere);
          }
        }
      } catch (e) {
        if (e instanceof TypeError) {
          if (dtype === undefined) throw e;
          const style = numberStyleFor(dtype);
          throw because(
            new TypeError(
              `Expected ${dtype} passed to parameter '${arg.name}' of op '${opType}', got ${pyRepr(values, style)} of type '${pyTypeName(values, style)}' instead. Error: ${e.message}`,
            ),
            e,
          );
        }
        if (!(e instanceof ValueError)) throw e;
        let observed: DType;
        try {
          observed = prepareTensor(values, { asRef: arg.isRef }).dtype;
        } catch (inner) {
          if (inner instanceof ValueError) {
            throw new ValueError(
              `Tried to convert '${inputName}' to a tensor and failed. Error: ${inner.message}`,
            );
          }
          throw inner;
        }
        const prefix = `Input '${inputName}' of '${opType}' Op has type ${observed} that does not match`;
        if (arg.type !== undefined)
          throw because(new TypeError(`${prefix} expected type of ${arg.type}.`), e);
        const k = arg.typeAttr as string;
        if (defaultTypes.has(k) && !inferred.has(k)) {
          inferred.set(k, defaultTypes.get(k) as DType);
          if (!inferredFrom.has(k)) inferredFrom.set(k, 'Default in OpDef');
        }
        throw because(
          new TypeError(
            `${prefix} type ${String(inferred.get(k))} of argument '${inferredFrom.get(k)}'.`,
          ),
          e,
        );
      }
      prepared = [one];
      constNames.push(ownName(one) ?? arg.name);
    }

    const types = prepared.map((p) => p.dtype);
    if (arg.numberAttr !== undefined) {
      const n = arg.numberAttr;
      if (inferred.has(n)) {
        if (types.length !== inferred.get(n)) {
          throw new ValueError(
            `List argument '${inputName}' to '${opType}' Op with length ${types.length} must match length ${String(inferred.get(n))} of argument '${inferredFrom.get(n)}'.`,
          );
        }
      } else {
        inferred.set(n, types.length);
        inferredFrom.set(n, inputName);
        const min = attrDefs.get(n)?.minimum;
        if (min !== undefined && types.length < min) {
          throw new ValueError(
            `List argument '${inputName}' to '${opType}' Op with length ${types.length} shorter than minimum length ${min}.`,
          );
        }
      }
      if (arg.type === undefined && arg.typeAttr !== undefined && !inferred.has(arg.typeAttr)) {
        const first = types[0];
        if (first === undefined) {
          if (!defaultTypes.has(arg.typeAttr)) {
            throw new TypeError(
              `Don't know how to infer type variable from empty input list passed to input '${inputName}' of '${opType}' Op.`,
            );
          }
        } else {
          inferred.set(arg.typeAttr, first);
          inferredFrom.set(arg.typeAttr, inputName);
          checkTypeConstraint(first, attrDefs.get(arg.typeAttr), inputName);
        }
      }
    } else if (arg.typeAttr !== undefined) {
      const t = types[0] as DType;
      const k = arg.typeAttr;
      if (inferred.has(k)) {
        if (inferred.get(k) !== t) {
          throw new TypeError(
            `Input '${inputName}' of '${opType}' Op has type ${t} that does not match type ${String(inferred.get(k))} of argument '${inferredFrom.get(k)}'.`,
          );
        }
      } else {
        checkTypeConstraint(t, attrDefs.get(k), inputName);
        inferred.set(k, t);
        inferredFrom.set(k, inputName);
      }
    } else if (arg.typeListAttr !== undefined) {
      const k = arg.typeListAttr;
      const known = inferred.get(k) as DType[] | undefined;
      if (known !== undefined) {
        if (known.length !== types.length || known.some((d, i) => d !== types[i])) {
          throw new TypeError(
            `Input '${inputName}' of '${opType}' Op has type list of ${types.join(', ')} that does not match type list ${known.join(', ')} of argument '${inferredFrom.get(k)}'.`,
          );
        }
      } else {
        for (const t of types) checkTypeConstraint(t, attrDefs.get(k), inputName);
        inferred.set(k, types);
        inferredFrom.set(k, inputName);
      }
    }

    if (arg.isRef) {
      const allRef = prepared.every(
        (p) =>
          (p.kind === 'tensor' && isRefTensor(p.tensor)) || (p.kind === 'convertible' && p.asRef),
      );
      if (!allRef) {
        throw new TypeError(
          `'${opType}' Op requires that input '${inputName}' be a mutable tensor (e.g.: a tf.Variable)`,
        );
      }
    }
    for (const p of prepared) {
      flat.push(p);
      refInputs.push(arg.isRef === true);
    }
  });

  // The remaining attrs: given ones, or the definition's defaults (TF's gen wrappers pass
  // every attr, defaults included).
  const raw = new Map<string, unknown>();
  for (const a of opDef.attrs) {
    const value = Object.prototype.hasOwnProperty.call(given, a.name) ? given[a.name] : undefined;
    if (inferred.has(a.name)) {
      if (value !== undefined && value !== null) {
        throw new TypeError(
          `Should not specify value for inferred attr '${a.name}' for ${opType}.`,
        );
      }
      raw.set(a.name, inferred.get(a.name));
    } else if (value !== undefined && value !== null) {
      raw.set(a.name, value);
    } else if (a.defaultValue === undefined) {
      // `null` is Python's None, which only a defaulted attr turns into its default.
      if (value === undefined)
        throw new TypeError(`No argument found for attr ${a.name} for ${opType}`);
      raw.set(a.name, value);
    }
  }
  const attrs = new Map<string, AttrValue>();
  for (const a of opDef.attrs) {
    attrs.set(
      a.name,
      raw.has(a.name) ? toAttrValue(raw.get(a.name), a, opType) : (a.defaultValue as AttrValue),
    );
  }
  const unexpected = Object.keys(given)
    .filter((k) => !attrDefs.has(k) && given[k] !== undefined)
    .sort();
  if (unexpected.length > 0) {
    throw new TypeError(`${opType} got unexpected keyword arguments: ${unexpected.join(', ')}.`);
  }
  return { inputs: flat, constNames, refInputs, attrs };
}

/**
 * JS cannot tell `1` from `1.0`, so a JS number converts as a float; where the op takes
 * integers only, integral JS numbers convert as Python ints would (int32, else int64), as
 * the caller meant them.
 */
function asPythonInts(
  p: PreparedTensor,
  values: unknown,
  allowed: readonly string[],
): PreparedTensor {
  if (p.kind !== 'const' || p.dtype !== 'float32' || allowed.includes('float32')) return p;
  if (!isJsNumbers(values)) return p;
  for (const dtype of ['int32', 'int64'] as const) {
    if (!allowed.includes(dtype)) continue;
    try {
      return prepareTensor(values, { dtype });
    } catch {
      // Too large for int32: try int64.
    }
  }
  return p;
}

function isJsNumbers(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v);
  return Array.isArray(v) && v.length > 0 && v.every(isJsNumbers);
}

/** `err` with `cause` attached (Python's implicit exception chaining). */
function because<E extends Error>(err: E, cause: unknown): E {
  Object.defineProperty(err, 'cause', { value: cause, configurable: true, writable: true });
  return err;
}

/** The name a builder gave its own conversion (`x` of `Add/x`), if any. */
function ownName(p: PreparedTensor): string | null {
  return p.kind === 'pending' ? p.pending.name : null;
}

function checkTypeConstraint(dtype: DType, def: AttrDef | undefined, paramName: string): void {
  const allowed = def?.allowedValues;
  if (allowed !== undefined && !allowed.includes(dtype)) {
    throw new TypeError(
      `Value passed to parameter '${paramName}' has DataType ${dtype} not in list of allowed values: ${allowed.join(', ')}`,
    );
  }
}

/** TF's `value_to_attr_value` and the constraint checks of `_ExtractAttrProto`. */
export function toAttrValue(value: unknown, def: AttrDef, opType: string): AttrValue {
  const name = def.name;
  let out: AttrValue;
  if (def.type.startsWith('list(')) {
    if (!Array.isArray(value)) {
      throw new TypeError(
        `Expected list for attr ${name}, obtained ${pyTypeName(value, 'int')} instead.`,
      );
    }
    const elementType = def.type.slice(5, -1);
    out = (value as unknown[]).map((v) => scalarAttr(v, elementType, name)) as AttrValue;
    if (def.minimum !== undefined && value.length < def.minimum) {
      throw new ValueError(
        `Attr '${name}' of '${opType}' Op passed list of length ${value.length} less than minimum ${def.minimum}.`,
      );
    }
  } else {
    out = scalarAttr(value, def.type, name);
  }
  if (def.allowedValues !== undefined) {
    if (def.type === 'string' || def.type === 'list(string)') {
      for (const s of def.type === 'string' ? [out as string] : (out as string[])) {
        if (!def.allowedValues.includes(s)) {
          throw new ValueError(
            `Attr '${name}' of '${opType}' Op passed string '${s}' not in: "${def.allowedValues.join('", "')}".`,
          );
        }
      }
    } else if (def.type === 'type' || def.type === 'list(type)') {
      for (const t of def.type === 'type' ? [out as DType] : (out as DType[])) {
        checkTypeConstraint(t, def, name);
      }
    }
  }
  if (def.type === 'int' && def.minimum !== undefined && (out as number) < def.minimum) {
    throw new ValueError(
      `Attr '${name}' of '${opType}' Op passed ${out as number} less than minimum ${def.minimum}.`,
    );
  }
  return out;
}

function scalarAttr(v: unknown, type: string, name: string): AttrValue {
  switch (type) {
    case 'string':
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      throw new TypeError(`Expected string for argument '${name}' not ${pyRepr(v, 'int')}.`);
    case 'int':
      return makeInt(v, name);
    case 'float':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      throw new TypeError(`Expected float for argument '${name}' not ${pyRepr(v, 'int')}.`);
    case 'bool':
      if (typeof v === 'boolean') return v;
      throw new TypeError(`Expected bool for argument '${name}' not ${pyRepr(v, 'int')}.`);
    case 'type':
      try {
        return toDType(v);
      } catch {
        throw new TypeError(`Expected DataType for argument '${name}' not ${pyRepr(v, 'int')}.`);
      }
    case 'shape':
      return makeShape(v, name);
    case 'tensor':
      if (v instanceof NDArray) return v;
      throw new TypeError(
        `Don't know how to convert ${pyRepr(v, 'int')} to a TensorProto for argument '${name}'`,
      );
    case 'func':
      if (typeof v === 'string') return { name: v };
      if (typeof v === 'object' && v !== null && typeof (v as FuncValue).name === 'string')
        return v as FuncValue;
      throw new TypeError(
        `Don't know how to convert ${pyRepr(v, 'int')} to a func for argument ${name}`,
      );
    default:
      throw new TypeError(`Unrecognized Attr type ${type} for ${name}.`);
  }
}

/** TF's `_MakeInt`: Python's `int(v)`, which truncates floats and refuses strings. */
export function makeInt(v: unknown, name: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v) + 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isNaN(v)) {
    throw new RangeError('cannot convert float infinity to integer');
  }
  throw new TypeError(`Expected int for argument '${name}' not ${pyRepr(v, 'int')}.`);
}

/** TF's `_MakeShape`: a shape from dims (`null` unknown), `null` for unknown rank. */
export function makeShape(v: unknown, name: string): ShapeValue {
  try {
    return new TensorShape(v as ConstructorParameters<typeof TensorShape>[0]).dims;
  } catch (e) {
    if (e instanceof TypeError || e instanceof ValueError) {
      throw because(
        new TypeError(
          `Error converting ${pyRepr(v, 'int')} (arg name = ${name}) to a TensorShape: ${e.message}`,
        ),
        e,
      );
    }
    throw e;
  }
}

/** `_execute.make_shape`, which generated wrappers use: its own wording, TF's error classes. */
export function makeShapeForWrapper(v: unknown, name: string): ShapeValue {
  try {
    return new TensorShape(v as ConstructorParameters<typeof TensorShape>[0]).dims;
  } catch (e) {
    if (e instanceof TypeError)
      throw because(new TypeError(`Error converting ${name} to a TensorShape: ${e.message}.`), e);
    if (e instanceof ValueError)
      throw new ValueError(`Error converting ${name} to a TensorShape: ${e.message}.`);
    throw e;
  }
}

/**
 * Runs the op's shape function on what the inputs will be before any Const is added, so a
 * shape error leaves the graph untouched; the message is the graph's (TF's) own.
 */
function precheckShapes(
  graph: Graph,
  opDef: OpDefinition,
  fullName: string,
  built: ResolvedOp,
): void {
  const { inputs, attrs } = built;
  if (opDef.shapeFn === undefined || inputs.every((p) => p.kind === 'tensor')) return;
  const unknowable = (p: PreparedTensor): boolean =>
    p.kind === 'convertible' ||
    p.kind === 'cast' ||
    (p.kind === 'pending' && p.pending.realized === undefined && unknowable(p.pending.prepared));
  if (inputs.some(unknowable)) return;
  const outputs = expandArgs(opDef, opDef.outputs, attrs).reduce((n, e) => n + e.dtypes.length, 0);
  const names = inputs.map((p, i) => {
    const t =
      p.kind === 'tensor' ? p.tensor : p.kind === 'pending' ? p.pending.realized : undefined;
    if (t !== undefined) return t.valueIndex === 0 ? t.op.name : t.name;
    const local = built.constNames[i] as string;
    return graph.nameScope(`${fullName}/`, () => graph.uniqueName(local, false));
  });
  const shapes = inputs.map((p) => preparedShape(p));
  const valuesUsed = new Map<number, NDArray>();
  const shapesUsed = new Map<number, ShapeValue>();
  const ctx: ShapeContext = {
    opType: opDef.name,
    nodeName: fullName,
    inputShapes: shapes,
    inputDTypes: inputs.map((p) => p.dtype),
    numOutputs: outputs,
    attr: <T extends AttrValue>(attrName: string) => attrs.get(attrName) as T,
    inputValue: (i) => {
      const p = inputs[i];
      const v = p === undefined ? null : preparedValue(p);
      if (v !== null) valuesUsed.set(i, v);
      return v;
    },
    inputAsShape: (i) => {
      const p = inputs[i];
      const s = p === undefined ? null : preparedAsShape(p);
      shapesUsed.set(i, s);
      return s;
    },
    inputRange: (argName) => {
      const e = expandArgs(opDef, opDef.inputs, attrs).find((x) => x.arg.name === argName);
      return e === undefined ? ([0, 0] as const) : ([e.start, e.end] as const);
    },
  };
  try {
    opDef.shapeFn(ctx);
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    throw shapeFunctionError(
      e.message,
      { name: fullName, opDef, attrs },
      names,
      shapes,
      shapesUsed,
      valuesUsed,
    );
  }
}

function preparedValue(p: PreparedTensor): NDArray | null {
  if (p.kind === 'const') return p.value;
  if (p.kind === 'tensor') return constantValue(p.tensor);
  if (p.kind === 'pending') {
    const t = p.pending.realized;
    return t === undefined ? preparedValue(p.pending.prepared) : constantValue(t);
  }
  return null;
}

function preparedAsShape(p: PreparedTensor): ShapeValue {
  if (p.kind === 'tensor') return constantValueAsShape(p.tensor);
  if (p.kind === 'pending') {
    const t = p.pending.realized;
    return t === undefined ? preparedAsShape(p.pending.prepared) : constantValueAsShape(t);
  }
  if (p.kind === 'pack') {
    return p.items.map((item) => {
      const v = preparedValue(item);
      if (v === null || v.size !== 1) return null;
      const d = Number(v.data[0]);
      return d >= 0 ? d : null;
    });
  }
  if (p.kind === 'const') {
    const v = p.value;
    if (v.rank === 0) return null;
    if (v.rank === 1)
      return Array.from(v.data as ArrayLike<number | bigint>, (d) =>
        Number(d) >= 0 ? Number(d) : null,
      );
    return new Array<null>(v.shape[0] as number).fill(null);
  }
  return null;
}
