import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  FunctionDef,
  FunctionDefLibrary,
  GradientDef,
  RegisteredGradient,
  attrValueFromProto,
  copyOwningBytes,
  dtypeFromEnum,
  type ArgDef,
  type AttrDef,
  type AttrType,
  type AttrValue,
  type OpDef,
  type OpDefinition,
  type OpRegistry,
} from '@tensorgraph/core';

/**
 * The functions of a graph (TF's `FunctionLibraryDefinition`): FunctionDefs by name, with
 * their gradients, kept as protos for the executor; a function is also an op type whose
 * definition comes from its signature.
 */
export class FunctionLibrary {
  readonly #functions = new Map<string, FunctionDef>();
  readonly #gradients = new Map<string, string>();
  readonly #registered: RegisteredGradient[] = [];
  readonly #opDefs = new Map<string, OpDefinition>();

  /** The FunctionDef named `name`, or `undefined`. */
  get(name: string): FunctionDef | undefined {
    return this.#functions.get(name);
  }

  has(name: string): boolean {
    return this.#functions.has(name);
  }

  /** The function names, in the order they were added. */
  names(): string[] {
    return [...this.#functions.keys()];
  }

  get size(): number {
    return this.#functions.size;
  }

  /** The gradient function registered for function `name` (TF's `GradientDef`), if any. */
  gradientOf(name: string): string | undefined {
    return this.#gradients.get(name);
  }

  /** The op definition of a call to function `name`, from its signature. */
  opDefinitionOf(name: string): OpDefinition | undefined {
    const cached = this.#opDefs.get(name);
    if (cached !== undefined) return cached;
    const fdef = this.#functions.get(name);
    if (fdef === undefined) return undefined;
    const def = opDefinitionFromProto(fdef.signature ?? { name });
    this.#opDefs.set(name, def);
    return def;
  }

  /**
   * The library functions `name` calls, directly or through the functions they call: node
   * ops that are functions and `func` attrs (While bodies, PartitionedCall targets).
   */
  callees(name: string): string[] {
    const seen = new Set<string>();
    const visit = (fn: string) => {
      for (const node of this.#functions.get(fn)?.nodeDef ?? []) {
        const refs = [node.op ?? '', ...Object.values(node.attr ?? {}).flatMap(funcNames)];
        for (const ref of refs) {
          if (this.#functions.has(ref) && !seen.has(ref)) {
            seen.add(ref);
            visit(ref);
          }
        }
      }
    };
    visit(name);
    return [...seen];
  }

  /**
   * A copy of this library with `library` added, as TF's `AddLibrary`: a function already
   * present must be the same, a name may not be an op of `registry`, a gradient may not be
   * reassigned. TF's messages, as `InvalidArgumentError`. This library is unchanged.
   */
  withLibrary(
    library: FunctionDefLibrary.$Properties | null | undefined,
    registry?: OpRegistry,
  ): FunctionLibrary {
    const out = this.#copy();
    for (const f of library?.function ?? []) {
      const fdef = f instanceof FunctionDef ? f : FunctionDef.create(f);
      const name = fdef.signature?.name ?? '';
      const existing = out.#functions.get(name);
      if (existing !== undefined) {
        if (canonical(existing) !== canonical(fdef)) {
          throw new InvalidArgumentError(
            null,
            null,
            `Cannot add function '${name}' because a different function with the same name already exists.`,
          );
        }
        continue;
      }
      if (registry?.has(name)) {
        throw new InvalidArgumentError(
          null,
          null,
          `Cannot add function '${name}' because an op with the same name already exists.`,
        );
      }
      // Its own bytes: a FunctionDef decoded with a GraphDef views the whole file.
      out.#functions.set(name, copyOwningBytes(fdef));
    }
    for (const g of library?.gradient ?? []) {
      const fn = g.functionName ?? '';
      const grad = g.gradientFunc ?? '';
      const existing = out.#gradients.get(fn);
      if (existing !== undefined && existing !== grad) {
        throw new InvalidArgumentError(
          null,
          null,
          `Cannot assign gradient function '${grad}' to '${fn}' because it already has gradient function '${existing}'`,
        );
      }
      out.#gradients.set(fn, grad);
    }
    for (const r of library?.registeredGradients ?? []) {
      const reg = r instanceof RegisteredGradient ? r : RegisteredGradient.create(r);
      if (!out.#registered.some((x) => x.registeredOpType === reg.registeredOpType)) {
        out.#registered.push(reg);
      }
    }
    return out;
  }

  /** @internal Takes over the contents of `other` (a staged copy made by `withLibrary`). */
  _replaceWith(other: FunctionLibrary): void {
    if (other === this) return;
    this.#functions.clear();
    for (const [k, v] of other.#functions) this.#functions.set(k, v);
    this.#gradients.clear();
    for (const [k, v] of other.#gradients) this.#gradients.set(k, v);
    this.#registered.splice(0, this.#registered.length, ...other.#registered);
    this.#opDefs.clear();
  }

  /** The library as a `FunctionDefLibrary` proto (functions in the order they were added). */
  toProto(): FunctionDefLibrary {
    return new FunctionDefLibrary({
      function: [...this.#functions.values()],
      gradient: [...this.#gradients].map(
        ([functionName, gradientFunc]) => new GradientDef({ functionName, gradientFunc }),
      ),
      registeredGradients: [...this.#registered],
    });
  }

  #copy(): FunctionLibrary {
    const out = new FunctionLibrary();
    out._replaceWith(this);
    return out;
  }
}

function funcNames(attr: unknown): string[] {
  const a = attr as {
    func?: { name?: string } | null;
    list?: { func?: { name?: string }[] } | null;
  };
  const names: string[] = [];
  if (a.func?.name) names.push(a.func.name);
  for (const f of a.list?.func ?? []) if (f.name) names.push(f.name);
  return names;
}

/** A stable text of a FunctionDef for equality: maps sorted, int64s as strings. */
function canonical(fdef: FunctionDef): string {
  const plain = FunctionDef.toObject(fdef, {
    longs: String,
    bytes: String,
    enums: Number,
    defaults: false,
  });
  return JSON.stringify(plain, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(
      Object.entries(value as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

/** An op definition from an `OpDef` proto (a function signature): no shape function. */
export function opDefinitionFromProto(proto: OpDef.$Properties): OpDefinition {
  const arg = (a: OpDef.ArgDef.$Properties): ArgDef => ({
    name: a.name ?? '',
    ...(a.type ? { type: dtypeFromEnum(Number(a.type)) } : {}),
    ...(a.typeAttr ? { typeAttr: a.typeAttr } : {}),
    ...(a.numberAttr ? { numberAttr: a.numberAttr } : {}),
    ...(a.typeListAttr ? { typeListAttr: a.typeListAttr } : {}),
    ...(a.isRef ? { isRef: true } : {}),
  });
  const attr = (a: OpDef.AttrDef.$Properties): AttrDef => {
    const type = (a.type ?? '') as AttrType;
    const out: { -readonly [K in keyof AttrDef]: AttrDef[K] } = { name: a.name ?? '', type };
    if (a.defaultValue) out.defaultValue = attrValueFromProto(a.defaultValue, type);
    if (a.hasMinimum) out.minimum = Number(a.minimum ?? 0);
    if (a.allowedValues?.list) {
      const list = a.allowedValues.list;
      const allowed: AttrValue = type.includes('type')
        ? (list.type ?? []).map((t) => dtypeFromEnum(Number(t)))
        : (list.s ?? []).map((s) => new TextDecoder().decode(s));
      out.allowedValues = allowed as readonly string[];
    }
    return out;
  };
  return Object.freeze({
    name: proto.name ?? '',
    inputs: (proto.inputArg ?? []).map(arg),
    outputs: (proto.outputArg ?? []).map(arg),
    attrs: (proto.attr ?? []).map(attr),
    ...(proto.isStateful ? { isStateful: true } : {}),
    ...(proto.isCommutative ? { isCommutative: true } : {}),
    ...(proto.isAggregate ? { isAggregate: true } : {}),
  });
}
