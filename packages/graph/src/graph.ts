import {
  InvalidArgumentError,
  RuntimeError,
  ValueError,
  makeOpError,
  OpError,
} from '@tensorgraph/errors';
import {
  BUILTIN_OPS,
  expandArgs,
  flatArgDTypes,
  mergeDeviceScopes,
  type OpRegistry,
  TensorShape,
  type AttrType,
  type AttrValue,
  type DType,
  type DeviceScope,
  type DeviceSpec,
  type NDArray,
  type OpDefinition,
  type ShapeContext,
  type ShapeValue,
  type GraphDef,
} from '@tensorgraph/core';
import { createAsyncContextSlot, type AsyncContextSlot } from './context/async-context.js';
import { constantValue, constantValueAsShape } from './constant-value.js';
import { checkScopeName, NameRegistry, nameFromScopeName } from './names.js';
import { shapeFunctionError } from './node-summary.js';
import { Operation } from './operation.js';
import { Tensor } from './tensor.js';
import { FunctionLibrary } from './function-library.js';
import { graphToGraphDef, type AsGraphDefOptions, type GraphVersions } from './export-graph-def.js';
import { importGraphDef, type ImportGraphDefOptions } from './import-graph-def.js';

/** Ops created inside one `controlDependencies` scope, and the control inputs it adds. */
interface ControlFrame {
  readonly controlInputs: readonly Operation[];
  readonly seen: Set<Operation>;
}

/** The per-async-context scopes of a graph (TF keeps them per thread). */
interface ScopeState {
  readonly nameStack: string;
  /** `device()` scopes, outermost first. */
  readonly devices: readonly DeviceScope[];
  readonly controlFrames: readonly ControlFrame[];
  /** `colocateWith()` ops, outermost first. */
  readonly colocation: readonly Operation[];
  readonly container: string;
}

const ROOT_SCOPE: ScopeState = {
  nameStack: '',
  devices: [],
  controlFrames: [],
  colocation: [],
  container: '',
};

export interface GraphCreateOptions {
  /** The op definitions this graph may use (default: `BUILTIN_OPS` of `@tensorgraph/core`). */
  readonly opRegistry?: OpRegistry;
}

export interface CreateOpOptions {
  /** The requested name (made unique inside the current name scope); default: the op type. */
  readonly name?: string;
  /** A device the op itself asks for; `device()` scopes fill in what it leaves open. */
  readonly device?: string;
}

/** Something `controlDependencies` and `colocateWith` accept for an op. */
export type OpLike = Operation | Tensor | string;

/**
 * A TensorFlow graph (`tf.Graph`): operations and the tensors between them, with TF's
 * naming, scoping, control-dependency, device and colocation rules.
 */
export class Graph {
  readonly opRegistry: OpRegistry;
  readonly #ops = new Map<string, Operation>();
  readonly #opList: Operation[] = [];
  readonly #names = new NameRegistry();
  readonly #scope: AsyncContextSlot<ScopeState> = createAsyncContextSlot(ROOT_SCOPE);
  readonly #consumers = new Map<Tensor, Operation[]>();
  readonly #unfeedable = new Set<Tensor>();
  readonly #unfetchable = new Set<Tensor | Operation>();
  readonly #collections = new Map<string, unknown[]>();
  #finalized = false;
  #nextId = 1;
  /** The graph's functions (TF's function library), filled by GraphDef imports. */
  readonly library = new FunctionLibrary();
  /** @internal The GraphDef versions merged from imports; `null` until the first import. */
  _graphDefVersions: GraphVersions | null = null;

  constructor(options: GraphCreateOptions = {}) {
    this.opRegistry = options.opRegistry ?? BUILTIN_OPS;
  }

  /** The id of the last op created: grows whenever the graph does (TF's `Graph.version`). */
  get version(): number {
    return this.#nextId - 1;
  }

  get finalized(): boolean {
    return this.#finalized;
  }

  /** Makes the graph read-only: creating an op afterwards is a `RuntimeError`. */
  finalize(): void {
    this.#finalized = true;
  }

  /** Every operation, in creation order. */
  getOperations(): Operation[] {
    return [...this.#opList];
  }

  /** @internal The ops created since `version` (for sessions extending their plans). */
  operationsSince(version: number): Operation[] {
    return this.#opList.filter((op) => op.id > version);
  }

  // ---- lookups --------------------------------------------------------------------------

  /** The operation named `name`; TF's errors (its `KeyError` is a `ValueError` here). */
  getOperationByName(name: string): Operation {
    if (typeof name !== 'string') {
      throw new TypeError(`Operation names are strings (or similar), not ${pyType(name)}.`);
    }
    return this.asGraphElement(name, { allowTensor: false, allowOperation: true }) as Operation;
  }

  /** The tensor named `name` (`'op:0'`); TF's errors (its `KeyError` is a `ValueError` here). */
  getTensorByName(name: string): Tensor {
    if (typeof name !== 'string') {
      throw new TypeError(`Tensor names are strings (or similar), not ${pyType(name)}.`);
    }
    return this.asGraphElement(name, { allowTensor: true, allowOperation: false }) as Tensor;
  }

  /** The op of this name, or `undefined`. */
  findOperation(name: string): Operation | undefined {
    return this.#ops.get(name);
  }

  /**
   * A Tensor or Operation of this graph from itself or its name, as TF's
   * `Graph.as_graph_element`, with TF's messages.
   */
  asGraphElement(
    obj: unknown,
    { allowTensor = true, allowOperation = true } = {},
  ): Tensor | Operation {
    const kinds =
      allowTensor && allowOperation ? 'Tensor or Operation' : allowTensor ? 'Tensor' : 'Operation';
    if (typeof obj === 'string') {
      const name = obj;
      if (name.includes(':') && allowTensor) {
        const parts = name.split(':');
        const index = parts.length === 2 ? parsePyInt(parts[1] as string) : null;
        if (index === null) {
          throw new ValueError(
            `The name '${name}' looks a like a Tensor name, but is not a valid one. Tensor names must be of the form "<op_name>:<output_index>".`,
          );
        }
        const opName = parts[0] as string;
        const op = this.#ops.get(opName);
        if (op === undefined) {
          throw new ValueError(
            `The name '${name}' refers to a Tensor which does not exist. The operation, '${opName}', does not exist in the graph.`,
          );
        }
        const tensor = op.outputs[index < 0 ? op.outputs.length + index : index];
        if (tensor === undefined) {
          throw new ValueError(
            `The name '${name}' refers to a Tensor which does not exist. The operation, '${opName}', exists but only has ${op.outputs.length} outputs.`,
          );
        }
        return tensor;
      }
      if (name.includes(':')) {
        throw new ValueError(`Name '${name}' appears to refer to a Tensor, not a ${kinds}.`);
      }
      if (allowOperation) {
        const op = this.#ops.get(name);
        if (op === undefined) {
          throw new ValueError(`The name '${name}' refers to an Operation not in the graph.`);
        }
        return op;
      }
      const what = this.#ops.has(name)
        ? `The name '${name}' refers to an Operation, not a ${kinds}.`
        : `The name '${name}' looks like an (invalid) Operation name, not a ${kinds}.`;
      throw new ValueError(`${what} Tensor names must be of the form "<op_name>:<output_index>".`);
    }
    if (obj instanceof Tensor && allowTensor) {
      if (obj.graph !== this)
        throw new ValueError(`Tensor ${obj} is not an element of this graph.`);
      return obj;
    }
    if (obj instanceof Operation && allowOperation) {
      if (obj.graph !== this) {
        throw new ValueError(`Operation ${obj} is not an element of this graph.`);
      }
      return obj;
    }
    throw new TypeError(`Can not convert a ${pyType(obj)} into a ${kinds}.`);
  }

  /** The operations that consume `tensor`, in creation order. */
  consumersOf(tensor: Tensor): Operation[] {
    return [...(this.#consumers.get(tensor) ?? [])];
  }

  // ---- scopes ---------------------------------------------------------------------------

  /** The current name scope (`'a/b'`), `''` at the root. */
  getNameScope(): string {
    return this.#scope.get().nameStack;
  }

  /**
   * TF's `Graph.unique_name`: `name` inside the current name scope, with a `_N` suffix if
   * taken (case-insensitively). `markAsUsed: false` only peeks.
   */
  uniqueName(name: string, markAsUsed = true): string {
    const stack = this.#scope.get().nameStack;
    return this.#names.unique(stack ? `${stack}/${name}` : name, markAsUsed);
  }

  /**
   * Runs `fn` inside the name scope `name` (TF's `Graph.name_scope`): a new unique scope,
   * or with a trailing `/` an existing one re-entered, or with `''`/`null` the root.
   * `fn` receives the scope string (`'a/'`) and its result is returned.
   */
  nameScope<R>(name: string | null, fn: (scope: string) => R): R {
    const state = this.#scope.get();
    if (name) checkScopeName(name, state.nameStack !== '');
    let stack: string;
    let returned: string;
    if (!name) {
      stack = '';
      returned = '';
    } else if (name.endsWith('/')) {
      stack = nameFromScopeName(name);
      returned = name;
    } else {
      stack = this.uniqueName(name);
      returned = `${stack}/`;
    }
    return this.#scope.run({ ...state, nameStack: stack }, () => fn(returned));
  }

  /**
   * Runs `fn` with ops placed per `spec` (TF's `Graph.device`): nested scopes merge field by
   * field, the inner one winning; `null` clears the outer scopes.
   */
  device<R>(spec: string | DeviceSpec | null, fn: () => R): R {
    const state = this.#scope.get();
    // Parse now, so a malformed spec fails on entering the scope as in TF.
    mergeDeviceScopes([spec]);
    return this.#scope.run({ ...state, devices: [...state.devices, spec] }, fn);
  }

  /**
   * Runs `fn` so that ops created in it run after `controlInputs` (TF's
   * `Graph.control_dependencies`); `null` clears the enclosing control dependencies.
   */
  controlDependencies<R>(controlInputs: readonly OpLike[] | null, fn: () => R): R {
    const state = this.#scope.get();
    if (controlInputs === null) {
      const frame: ControlFrame = { controlInputs: [], seen: new Set() };
      return this.#scope.run({ ...state, controlFrames: [frame] }, fn);
    }
    const current = new Set(state.controlFrames.flatMap((f) => f.controlInputs));
    const ops: Operation[] = [];
    for (const c of controlInputs) {
      const element = this.asGraphElement(c);
      const op = element instanceof Tensor ? element.op : element;
      if (!current.has(op)) {
        ops.push(op);
        current.add(op);
      }
    }
    const frame: ControlFrame = { controlInputs: ops, seen: new Set() };
    return this.#scope.run({ ...state, controlFrames: [...state.controlFrames, frame] }, fn);
  }

  /**
   * Runs `fn` so that ops created in it are colocated with `op` (TF's `colocate_with`):
   * they join its colocation group and take its device; `device()` scopes outside are
   * ignored. `ignoreExisting` drops enclosing colocation scopes; `op = null` (with
   * `ignoreExisting`) resets colocation and devices.
   */
  colocateWith<R>(op: OpLike | null, fn: () => R, { ignoreExisting = false } = {}): R {
    if (op === null && !ignoreExisting) {
      throw new ValueError(
        'Trying to reset colocation (op is None) but ignore_existing is not True',
      );
    }
    const state = this.#scope.get();
    const base = ignoreExisting ? [] : state.colocation;
    let colocation = base;
    if (op !== null) {
      const element = this.asGraphElement(op);
      colocation = [...base, element instanceof Tensor ? element.op : element];
    }
    return this.#scope.run({ ...state, devices: [], colocation }, fn);
  }

  /** Runs `fn` with stateful ops created in it using resource container `name`. */
  container<R>(name: string, fn: () => R): R {
    return this.#scope.run({ ...this.#scope.get(), container: name }, fn);
  }

  // ---- feeding, fetching, collections ---------------------------------------------------

  /** Marks `tensor` as not feedable: feeding it to a session is refused. */
  preventFeeding(tensor: Tensor): void {
    this.#unfeedable.add(tensor);
  }

  isFeedable(tensor: Tensor): boolean {
    return !this.#unfeedable.has(tensor);
  }

  /** Marks `element` as not fetchable: fetching it from a session is refused. */
  preventFetching(element: Tensor | Operation): void {
    this.#unfetchable.add(element);
  }

  isFetchable(element: Tensor | Operation): boolean {
    if (element instanceof Tensor) {
      return !this.#unfetchable.has(element) && !this.#unfetchable.has(element.op);
    }
    return !this.#unfetchable.has(element);
  }

  addToCollection(name: string, value: unknown): void {
    this.getCollectionRef(name).push(value);
  }

  addToCollections(names: string | readonly string[], value: unknown): void {
    for (const name of new Set(typeof names === 'string' ? [names] : names)) {
      this.addToCollection(name, value);
    }
  }

  /** The live list of a collection (created empty if needed). */
  getCollectionRef(name: string): unknown[] {
    let list = this.#collections.get(name);
    if (list === undefined) this.#collections.set(name, (list = []));
    return list;
  }

  /**
   * A copy of a collection; with `scope`, only items whose `name` matches it from the
   * start (a regular expression, as TF's `re.match`).
   */
  getCollection(name: string, scope?: string): unknown[] {
    const list = this.#collections.get(name) ?? [];
    if (scope === undefined || scope === null) return [...list];
    const pattern = new RegExp(`^(?:${scope})`);
    return list.filter((item) => {
      const itemName = (item as { name?: unknown } | null)?.name;
      return typeof itemName === 'string' && pattern.test(itemName);
    });
  }

  getAllCollectionKeys(): string[] {
    return [...this.#collections.keys()];
  }

  clearCollection(name: string): void {
    this.#collections.delete(name);
  }

  // ---- building -------------------------------------------------------------------------

  /**
   * Adds an op whose inputs are tensors of this graph and whose attrs are given (defaults
   * are filled in). Checks input count and dtypes against the op definition, infers output
   * shapes, applies the current name, device, control-dependency and colocation scopes.
   * Builders and the GraphDef importer go through here; a failure leaves the graph unchanged.
   */
  createOp(
    type: string,
    inputs: readonly Tensor[],
    attrs: Readonly<Record<string, AttrValue | undefined>> | ReadonlyMap<string, AttrValue> = {},
    options: CreateOpOptions = {},
  ): Operation {
    if (this.#finalized) throw new RuntimeError('Graph is finalized and cannot be modified.');
    const opDef = this.opRegistry.get(type);
    for (const t of inputs) {
      if (!(t instanceof Tensor)) {
        throw new TypeError(`Inputs of '${type}' must be Tensors; got ${pyType(t)}.`);
      }
      if (t.graph !== this) {
        throw new ValueError(`Tensor ${t} must be from the same graph as the op being created.`);
      }
    }
    const attrMap = completeAttrs(opDef, attrs);
    const inputDTypes = flatArgDTypes(opDef, opDef.inputs, attrMap);
    if (inputDTypes.length !== inputs.length) {
      throw new ValueError(
        `Op ${type} expects ${inputDTypes.length} inputs given its attrs, got ${inputs.length}.`,
      );
    }
    inputs.forEach((t, i) => {
      if (t.dtype !== inputDTypes[i]) {
        throw new TypeError(
          `Input ${i} of '${type}' Op has type ${t.dtype} that does not match expected type of ${inputDTypes[i]}.`,
        );
      }
    });
    const outputDTypes = flatArgDTypes(opDef, opDef.outputs, attrMap);

    const state = this.#scope.get();
    const requested = options.name ?? type;
    checkScopeName(requested, state.nameStack !== '');
    // Compute shapes before taking the name, so a refused op leaves no trace.
    const peekName = this.uniqueName(requested, false);
    const shapes = inferShapes(opDef, peekName, inputs, attrMap, outputDTypes.length);
    const name = this.uniqueName(requested);

    const op = new Operation(this, this.#nextId++, { name, type, opDef, inputs, attrs: attrMap });
    op._setOutputs(
      outputDTypes.map((dtype, i) => new Tensor(op, i, dtype, shapes[i] as TensorShape)),
    );
    this.#ops.set(name, op);
    this.#opList.push(op);
    for (const t of inputs) {
      const list = this.#consumers.get(t);
      if (list === undefined) this.#consumers.set(t, [op]);
      else list.push(op);
    }

    // Control dependencies: every enclosing frame's inputs, unless a data input was
    // itself created inside that frame (then it already runs after them).
    const inputOps = new Set(inputs.map((t) => t.op));
    const control: Operation[] = [];
    for (const frame of state.controlFrames) {
      if ([...inputOps].some((o) => frame.seen.has(o))) continue;
      for (const c of frame.controlInputs) if (!inputOps.has(c)) control.push(c);
    }
    op._addControlInputs(control);
    for (const frame of state.controlFrames) frame.seen.add(op);

    op._setDevice(mergeDeviceScopes(state.devices, options.device ?? ''));
    if (state.colocation.length > 0) {
      const groups = new Set<string>();
      let deviceSet = false;
      for (let i = state.colocation.length - 1; i >= 0; i--) {
        const c = state.colocation[i] as Operation;
        for (const g of c.colocationGroups()) groups.add(g);
        if (c.device && !deviceSet) {
          op._setDevice(c.device);
          deviceSet = true;
        }
      }
      op._setAttr('_class', [...groups].sort());
    }
    if (
      state.container &&
      opDef.isStateful &&
      op.hasAttr('container') &&
      !op.getAttr('container')
    ) {
      op._setAttr('container', state.container);
    }
    return op;
  }

  /** Runs `fn` with this graph as the default graph of its async context. */
  asDefault<R>(fn: () => R): R {
    return withDefaultGraph(this, fn);
  }

  // ---- GraphDef import and export (import-graph-def.ts, export-graph-def.ts) -------------

  /** This graph as a GraphDef proto, as TF's `Graph.as_graph_def()`. */
  asGraphDef(options: AsGraphDefOptions = {}): GraphDef {
    return graphToGraphDef(this, options);
  }

  /**
   * Imports a GraphDef (a proto or its bytes) into this graph, as TF's
   * `tf.compat.v1.import_graph_def`; see {@link importGraphDef}.
   */
  importGraphDef(
    graphDef: GraphDef | GraphDef.$Properties | Uint8Array,
    options: Omit<ImportGraphDefOptions, 'graph'> = {},
  ): (Tensor | Operation)[] | null {
    return importGraphDef(graphDef, { ...options, graph: this });
  }

  /**
   * @internal The GraphDef importer's `createOp` (import-graph-def.ts has already checked the
   * node against its op definition, as TF's importer does). Unlike `createOp`: the name is
   * taken as given (made unique by TF's import rules) and marked used only by
   * `_markImportedName` when the import commits; inputs that are loop back edges are
   * stand-in tensors until `_connectBackEdge`; every enclosing `controlDependencies` input
   * is added (TF's import adds them even to ops with a data input from them); `hiddenAttrs`
   * are seen by shape inference and its messages but not kept (TF drops `_output_shapes`);
   * the device is the NodeDef's merged with `device()` scopes, or empty for an op colocated
   * with another, which the importer gives that op's device once all ops exist.
   */
  _createImportedOp(spec: ImportedOpSpec): Operation {
    if (this.#finalized) throw new RuntimeError('Graph is finalized and cannot be modified.');
    const { opDef, name, inputs } = spec;
    const state = this.#scope.get();
    const attrs = new Map(spec.attrs);
    if (state.colocation.length > 0) {
      const groups = new Set<string>();
      for (const c of state.colocation) for (const g of c.colocationGroups()) groups.add(g);
      attrs.set('_class', [...groups].sort());
    }
    const outputDTypes = flatArgDTypes(opDef, opDef.outputs, attrs);
    const summaryDef: OpDefinition =
      spec.extraAttrTypes === undefined || spec.extraAttrTypes.size === 0
        ? opDef
        : {
            ...opDef,
            attrs: [
              ...opDef.attrs,
              ...[...spec.extraAttrTypes].map(([attrName, type]) => ({ name: attrName, type })),
            ],
          };
    const shapeAttrs = new Map([...attrs, ...(spec.hiddenAttrs ?? [])]);
    const shapes = inferShapes(summaryDef, name, inputs, shapeAttrs, outputDTypes.length);
    // Parse the device before the op exists, so a malformed one leaves no trace.
    const coloc = (
      Array.isArray(attrs.get('_class')) ? (attrs.get('_class') as string[]) : []
    ).filter((g) => g.startsWith('loc:@') && g !== `loc:@${name}`);
    const device = coloc.length === 0 ? mergeDeviceScopes([...state.devices, spec.device]) : '';
    const op = new Operation(this, this.#nextId++, { name, type: spec.type, opDef, inputs, attrs });
    op._setOutputs(
      outputDTypes.map((dtype, i) => new Tensor(op, i, dtype, shapes[i] as TensorShape)),
    );
    this.#ops.set(name, op);
    this.#opList.push(op);
    for (const t of inputs) {
      const list = this.#consumers.get(t);
      if (list === undefined) this.#consumers.set(t, [op]);
      else list.push(op);
    }
    op._addControlInputs(spec.controlInputs);
    op._addControlInputs(state.controlFrames.flatMap((f) => f.controlInputs));
    for (const frame of state.controlFrames) frame.seen.add(op);
    op._setDevice(device);
    if (
      state.container &&
      opDef.isStateful &&
      op.hasAttr('container') &&
      !op.getAttr('container')
    ) {
      op._setAttr('container', state.container);
    }
    return op;
  }

  /** @internal Replaces the stand-in of a loop back edge (input `index` of `op`) with `tensor`. */
  _connectBackEdge(op: Operation, index: number, tensor: Tensor): void {
    const old = op.inputs[index];
    if (old !== undefined) {
      const list = this.#consumers.get(old) ?? [];
      const at = list.indexOf(op);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.#consumers.delete(old);
    }
    op._replaceInput(index, tensor);
    const list = this.#consumers.get(tensor);
    if (list === undefined) this.#consumers.set(tensor, [op]);
    else list.push(op);
  }

  /** @internal Marks an imported op's name as used, as TF does once an import succeeded. */
  _markImportedName(name: string): void {
    this.#names.markUsed(name);
  }

  /**
   * @internal Removes every op created after `version` (a failed import), so the graph is as
   * it was; names of imported ops were never marked used.
   */
  _rollbackTo(version: number): void {
    const removed = this.#opList.filter((op) => op.id > version);
    if (removed.length === 0) return;
    const gone = new Set(removed);
    this.#opList.splice(0, this.#opList.length, ...this.#opList.filter((op) => !gone.has(op)));
    for (const op of removed) {
      this.#ops.delete(op.name);
      for (const t of op.outputs) this.#consumers.delete(t);
      for (const t of op.inputs) {
        const list = this.#consumers.get(t);
        if (list === undefined) continue;
        const kept = list.filter((o) => !gone.has(o));
        if (kept.length > 0) this.#consumers.set(t, kept);
        else this.#consumers.delete(t);
      }
    }
    this.#nextId = version + 1;
  }
}

/** @internal One node for `Graph._createImportedOp`. */
export interface ImportedOpSpec {
  /** The op type as in the NodeDef (an op or a library function). */
  readonly type: string;
  readonly opDef: OpDefinition;
  /** The final name, already unique. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Every attr, defaults filled in. */
  readonly attrs: ReadonlyMap<string, AttrValue>;
  /** Types of attrs outside the op definition, for shape-error messages. */
  readonly extraAttrTypes?: ReadonlyMap<string, AttrType>;
  readonly hiddenAttrs?: ReadonlyMap<string, AttrValue>;
  readonly controlInputs: readonly Operation[];
  /** The NodeDef's device. */
  readonly device: string;
}

/** Attrs with the op definition's defaults filled in; unknown required attrs are refused. */
function completeAttrs(
  opDef: OpDefinition,
  attrs: Readonly<Record<string, AttrValue | undefined>> | ReadonlyMap<string, AttrValue>,
): Map<string, AttrValue> {
  const given = attrs instanceof Map ? attrs : new Map(Object.entries(attrs));
  const out = new Map<string, AttrValue>();
  for (const def of opDef.attrs) {
    // `null` is a value (a shape of unknown rank), not a missing attr.
    const value =
      given.has(def.name) && given.get(def.name) !== undefined
        ? given.get(def.name)
        : def.defaultValue;
    if (value === undefined) {
      throw new TypeError(`No argument found for attr ${def.name} for ${opDef.name}`);
    }
    if (def.allowedValues !== undefined && (def.type === 'type' || def.type === 'string')) {
      if (!def.allowedValues.includes(value as string)) {
        throw new TypeError(
          `Value passed to parameter '${def.name}' has ${def.type === 'type' ? 'DataType' : 'value'} ${String(value)} not in list of allowed values: ${def.allowedValues.join(', ')}`,
        );
      }
    }
    out.set(def.name, value);
  }
  // Attrs outside the definition (`_class`, `_output_shapes`, ...) are kept as given.
  for (const [k, v] of given) if (v !== undefined && !out.has(k)) out.set(k, v);
  return out;
}

/** Runs the op's shape function; its errors become TF's `ValueError` naming the node. */
function inferShapes(
  opDef: OpDefinition,
  name: string,
  inputs: readonly Tensor[],
  attrs: Map<string, AttrValue>,
  numOutputs: number,
): TensorShape[] {
  if (opDef.shapeFn === undefined) {
    return Array.from({ length: numOutputs }, () => new TensorShape(null));
  }
  const valuesUsed = new Map<number, NDArray>();
  const shapesUsed = new Map<number, ShapeValue>();
  const ctx: ShapeContext = {
    opType: opDef.name,
    nodeName: name,
    inputShapes: inputs.map((t) => t.shape.dims as ShapeValue),
    inputDTypes: inputs.map((t) => t.dtype as DType),
    numOutputs,
    attr: <T extends AttrValue>(attrName: string) => {
      if (!attrs.has(attrName)) {
        throw new InvalidArgumentError(null, null, `No attr named '${attrName}' in NodeDef`);
      }
      return attrs.get(attrName) as T;
    },
    inputValue: (i) => {
      const t = inputs[i];
      const v = t === undefined ? null : constantValue(t);
      if (v !== null) valuesUsed.set(i, v);
      return v;
    },
    inputAsShape: (i) => {
      const t = inputs[i];
      const s = t === undefined ? null : constantValueAsShape(t);
      shapesUsed.set(i, s);
      return s;
    },
    inputRange: (argName) => {
      const e = expandArgs(opDef, opDef.inputs, attrs).find((x) => x.arg.name === argName);
      if (e === undefined) {
        throw new InvalidArgumentError(
          null,
          null,
          `Op ${opDef.name} has no input named ${argName}`,
        );
      }
      return [e.start, e.end] as const;
    },
  };
  let shapes: readonly ShapeValue[];
  try {
    shapes = opDef.shapeFn(ctx);
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    throw shapeFunctionError(
      e.message,
      { name, opDef, attrs },
      inputs.map((t) => (t.valueIndex === 0 ? t.op.name : t.name)),
      inputs.map((t) => t.shape.dims as ShapeValue),
      shapesUsed,
      valuesUsed,
    );
  }
  if (shapes.length !== numOutputs) {
    throw makeOpError(
      13,
      `Shape function of ${opDef.name} gave ${shapes.length} shapes for ${numOutputs} outputs`,
    );
  }
  return shapes.map((s) => new TensorShape(s));
}

function parsePyInt(text: string): number | null {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : null;
}

function pyType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return (value as object).constructor?.name ?? typeof value;
}

// ---- the default graph ----------------------------------------------------------------

let globalDefault: Graph | null = null;
const scopedDefault = createAsyncContextSlot<Graph | null>(null);

/** The default graph of the current async context (created on first use, as TF's). */
export function getDefaultGraph(): Graph {
  const scoped = scopedDefault.get();
  if (scoped !== null) return scoped;
  if (globalDefault === null) globalDefault = new Graph();
  return globalDefault;
}

/**
 * Replaces the global default graph with a new, empty one. Inside `graph.asDefault(fn)` it
 * is an `AssertionError` in TF; here an `Error` with TF's message.
 */
export function resetDefaultGraph(): void {
  if (scopedDefault.get() !== null) {
    throw new Error(
      'Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.',
    );
  }
  globalDefault = new Graph();
}

/** Runs `fn` with `graph` as the default graph of its async context. */
export function withDefaultGraph<R>(graph: Graph, fn: () => R): R {
  return scopedDefault.run(graph, fn);
}
