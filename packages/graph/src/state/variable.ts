import { OpError, ValueError } from '@tensorgraph/errors';
import {
  shapeUtils,
  TensorShape,
  type DType,
  type NDArray,
  type TensorShapeLike,
} from '@tensorgraph/core';
import { convertToTensor, toDType, type TensorConvertible } from '../convert-to-tensor.js';
import type { SessionLike } from '../default-session.js';
import type { Graph } from '../graph.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';
import { bindArgs, isOptions, nameArg } from '../builders/args.js';
import { identity } from '../builders/control.js';
import { genOne, genOp } from '../builders/gen-op.js';
import { graphOf } from '../builders/graph-of.js';
import { withOpScope } from '../builders/op-name-scope.js';
import { pyRepr, pyStr, pyTypeName } from '../builders/py-repr.js';
import type { GraphElementConvertible } from './graph-element.js';
import { inputName, shapeFunctionError } from './shape-error.js';

/** Graph collection keys (TF's `tf.compat.v1.GraphKeys`) that variables use. */
export const GraphKeys = Object.freeze({
  GLOBAL_VARIABLES: 'variables',
  LOCAL_VARIABLES: 'local_variables',
  TRAINABLE_VARIABLES: 'trainable_variables',
});

/** The keyword arguments of `tf.compat.v1.Variable`, camelCased. */
export interface VariableOptions {
  /** Adds the variable to `trainable_variables` too (default `true`). */
  readonly trainable?: boolean | null;
  /** Collections to add the variable to (default `['variables']`). */
  readonly collections?: readonly string[] | null;
  /** `false` lets a ref variable take an initial value of unknown shape. */
  readonly validateShape?: boolean | null;
  readonly name?: string | null;
  /** The initial value is converted to this dtype. */
  readonly dtype?: DType | string | null;
  /** TF's `expected_shape`: deprecated and ignored, as in TF. */
  readonly expectedShape?: unknown;
  /** Kept for optimizers, as TF keeps it; never applied here. */
  readonly constraint?: ((value: Tensor) => Tensor) | null;
  /** `false` builds a ref variable (`VariableV2`); the default is a resource variable. */
  readonly useResource?: boolean | null;
  /** A resource variable's shape, when not the initial value's (`new TensorShape(null)`: any). */
  readonly shape?: TensorShapeLike | null;
  /** Accepted and ignored, as tf.compat.v1's variable creator ignores it. */
  readonly experimentalEnableVariableLifting?: boolean | null;
  readonly cachingDevice?: null;
  readonly variableDef?: null;
  readonly importScope?: null;
  readonly synchronization?: null;
  readonly aggregation?: null;
}

/** What `assign`, `assignAdd` and `assignSub` take besides the value. */
export interface AssignOptions {
  readonly useLocking?: boolean | null;
  readonly name?: string | null;
  /** `false` returns the assigning Operation instead of the new value. */
  readonly readValue?: boolean;
}

// tf.compat.v1.Variable's parameters in the positional order TF 2.21 binds them (its
// metaclass's `_variable_call`, not the documented `__init__` order).
const VARIABLE_PARAMS = [
  'initialValue',
  'trainable',
  'validateShape',
  'cachingDevice',
  'name',
  'variableDef',
  'dtype',
  'importScope',
  'constraint',
  'synchronization',
  'aggregation',
  'shape',
  'experimentalEnableVariableLifting',
  'expectedShape',
  'collections',
  'useResource',
] as const;
const UNSUPPORTED = [
  'cachingDevice',
  'variableDef',
  'importScope',
  'synchronization',
  'aggregation',
] as const;
const ASSIGN_PARAMS = ['value', 'useLocking', 'name', 'readValue'];

/** The parts every kind of variable has, set once by its constructor. */
interface VariableCore {
  readonly name: string;
  readonly op: Operation;
  readonly dtype: DType;
  readonly shape: TensorShape;
  /** What a fetch of the variable computes (TF's `_graph_element`). */
  readonly element: Tensor;
  readonly initializer: Operation | null;
  readonly initialValue: Tensor | null;
  readonly trainable: boolean;
  readonly constraint: ((value: Tensor) => Tensor) | null;
}

/**
 * A TensorFlow variable in graph mode (`tf.compat.v1.Variable`): state that lives in a
 * session across runs. `new Variable(initialValue, options)` builds a resource variable
 * (TF2's default: `VarHandleOp` with its initializer and read ops) or, with
 * `useResource: false`, a ref variable (`VariableV2`), exactly as TF 2.21 builds them, and
 * adds it to the graph's `variables` (and `trainable_variables`) collections.
 *
 * A variable can be passed to any builder (it reads its value, as TF converts it) and
 * fetched from a session (its value).
 */
export class Variable implements TensorConvertible, GraphElementConvertible {
  #core: VariableCore | undefined;

  constructor(initialValue: unknown, options?: VariableOptions);
  constructor(
    initialValue: unknown,
    trainable?: boolean | null,
    validateShape?: boolean | null,
    cachingDevice?: null,
    name?: string | null,
    variableDef?: null,
    dtype?: DType | string | null,
    ...rest: unknown[]
  );
  constructor(...args: unknown[]) {
    // `new Variable(...)` makes a ResourceVariable or a RefVariable, as TF's metaclass does.
    if (new.target === Variable) return createVariable(args);
  }

  /** @internal Set by the subclass constructors. */
  protected _init(core: VariableCore): void {
    this.#core = core;
  }

  get #c(): VariableCore {
    if (this.#core === undefined) throw new Error('Variable used before construction finished');
    return this.#core;
  }

  /** `'<op name>:0'`, as TF names a variable. */
  get name(): string {
    return this.#c.name;
  }

  /** The variable's op: its `VarHandleOp` or `VariableV2`. */
  get op(): Operation {
    return this.#c.op;
  }

  get graph(): Graph {
    return this.#c.op.graph;
  }

  get device(): string {
    return this.#c.op.device;
  }

  /** The dtype of the variable's value (a ref variable's is not a `_ref` dtype here). */
  get dtype(): DType {
    return this.#c.dtype;
  }

  get shape(): TensorShape {
    return this.#c.shape;
  }

  /** The op that assigns the initial value (`null` for the result of an assignment). */
  get initializer(): Operation {
    return this.#c.initializer as Operation;
  }

  get initialValue(): Tensor {
    return this.#c.initialValue as Tensor;
  }

  get trainable(): boolean {
    return this.#c.trainable;
  }

  get constraint(): ((value: Tensor) => Tensor) | null {
    return this.#c.constraint;
  }

  /** The tensor a fetch of this variable computes (TF's `_as_graph_element`). */
  _asGraphElement(): Tensor {
    return this.#c.element;
  }

  /** The variable's value, read when a run needs it (TF's `value()`). */
  value(): Tensor {
    throw new Error('abstract');
  }

  /** A new read of the variable (TF's `read_value()`). */
  readValue(): Tensor {
    throw new Error('abstract');
  }

  /** Assigns `value`; the new value, or with `readValue: false` the assigning Operation. */
  assign(value: unknown, options?: AssignOptions): Variable | Tensor | Operation;
  assign(
    value: unknown,
    useLocking?: boolean | null,
    name?: string | null,
    readValue?: boolean,
  ): Variable | Tensor | Operation;
  assign(..._args: unknown[]): Variable | Tensor | Operation {
    throw new Error('abstract');
  }

  /** Adds `delta`; the new value, or with `readValue: false` the Operation. */
  assignAdd(delta: unknown, options?: AssignOptions): Variable | Tensor | Operation;
  assignAdd(
    delta: unknown,
    useLocking?: boolean | null,
    name?: string | null,
    readValue?: boolean,
  ): Variable | Tensor | Operation;
  assignAdd(..._args: unknown[]): Variable | Tensor | Operation {
    throw new Error('abstract');
  }

  /** Subtracts `delta`; the new value, or with `readValue: false` the Operation. */
  assignSub(delta: unknown, options?: AssignOptions): Variable | Tensor | Operation;
  assignSub(
    delta: unknown,
    useLocking?: boolean | null,
    name?: string | null,
    readValue?: boolean,
  ): Variable | Tensor | Operation;
  assignSub(..._args: unknown[]): Variable | Tensor | Operation {
    throw new Error('abstract');
  }

  /** TF's error for a conversion of this variable to another dtype (its conversion function's). */
  conversionError(dtype: DType): ValueError {
    return new ValueError(
      `Incompatible type conversion requested to type ${dtype} for \`tf.Variable of type ${this.dtype}. (Variable: ${this.toString()})`,
    );
  }

  /** The tensor a builder takes for this variable (TF's registered conversion function). */
  toTensor(_options: { dtype?: DType; name?: string; asRef?: boolean }): Tensor {
    throw new Error('abstract');
  }

  /** The variable's value computed in `session` (or the default session). */
  async eval(session?: SessionLike | null): Promise<NDArray> {
    return this._asGraphElement().eval(undefined, session);
  }

  toString(): string {
    return `<tf.Variable '${this.name}' shape=${this.shape.toString()} dtype=${this.dtype}>`;
  }
}

/** A variable held in a resource (`VarHandleOp`), read by `ReadVariableOp`. */
export class BaseResourceVariable extends Variable {
  /** The resource handle (the `VarHandleOp`'s output). */
  readonly handle: Tensor;
  readonly #validateShape: boolean;

  /** @internal Variables are made by `new Variable(...)`. */
  constructor(handle: Tensor, core: VariableCore, validateShape: boolean) {
    super(undefined);
    this.handle = handle;
    this.#validateShape = validateShape;
    this._init(core);
  }

  override get device(): string {
    return this.handle.device;
  }

  override get graph(): Graph {
    return this.handle.graph;
  }

  /** A `ReadVariableOp` with the variable's static shape (TF's handle data gives it). */
  protected _readVariableOp(): Tensor {
    const t = genOne('ReadVariableOp', [this.handle], { dtype: this.dtype });
    t.setShape(this.shape);
    return t;
  }

  override value(): Tensor {
    return this.graph.asDefault(() =>
      this.graph.colocateWith(null, () => this._readVariableOp(), { ignoreExisting: true }),
    );
  }

  override readValue(): Tensor {
    return this.graph.asDefault(() => {
      const value = this.graph.nameScope('Read', () => this._readVariableOp());
      // TF returns an Identity, placed where the caller's device scope says.
      return identity(value);
    });
  }

  /** A `VarIsInitializedOp` of this variable. */
  isInitialized(name?: string | null | { name?: string | null }): Tensor {
    const n = typeof name === 'object' && name !== null ? name.name : name;
    return this.graph.asDefault(() => genOne('VarIsInitializedOp', [this.handle], {}, nameArg(n)));
  }

  override assign(...args: unknown[]): Variable | Operation {
    const a = bindArgs('assign', ASSIGN_PARAMS, 1, args);
    return this.graph.asDefault(() => {
      const value = convertToTensor(a['value'], { dtype: this.dtype });
      if (!this.shape.isCompatibleWith(value.shape)) {
        throw new ValueError(
          `Cannot assign value to variable ' ${this.name}': Shape mismatch.The variable shape ${this.shape.toString()}, and the assigned value shape ${value.shape.toString()} are incompatible.`,
        );
      }
      // A fully defined shape is checked again when the op runs.
      const validateShape = this.#validateShape && this.shape.isFullyDefined();
      const op = genOp(
        'AssignVariableOp',
        [this.handle, value],
        { validate_shape: validateShape },
        nameArg(a['name']),
      );
      return a['readValue'] === false ? op : this._lazyRead(op);
    });
  }

  override assignAdd(...args: unknown[]): Variable | Operation {
    return this.#update('AssignAddVariableOp', 'assign_add', args);
  }

  override assignSub(...args: unknown[]): Variable | Operation {
    return this.#update('AssignSubVariableOp', 'assign_sub', args);
  }

  #update(opType: string, fn: string, args: unknown[]): Variable | Operation {
    const a = bindArgs(fn, ASSIGN_PARAMS, 1, args);
    return this.graph.asDefault(() => {
      const delta = convertToTensor(a['value'], { dtype: this.dtype });
      const name = nameArg(a['name']);
      checkHandleShape(this.graph, opType, name, [this.handle, delta], this.shape);
      const op = genOp(opType, [this.handle, delta], {}, name);
      return a['readValue'] === false ? op : this._lazyRead(op);
    });
  }

  /** The value after `op`, read only when needed (TF's `_UnreadVariable`). */
  protected _lazyRead(op: Operation): UnreadVariable {
    return new UnreadVariable(this.handle, this.dtype, this.shape, op, this.#validateShape);
  }

  override toTensor({ asRef = false }: { asRef?: boolean } = {}): Tensor {
    // As TF: a ref request gets the handle, behind a read it makes anyway.
    if (asRef) return this.readValue().op.inputs[0] as Tensor;
    return this.value();
  }
}

/** A resource variable made by `new Variable(...)` (TF's `ResourceVariable`). */
export class ResourceVariable extends BaseResourceVariable {}

/**
 * The value of a resource variable after an assignment, read when something needs it
 * (TF's `_UnreadVariable`): each read, and each further assignment, runs after it.
 */
export class UnreadVariable extends BaseResourceVariable {
  /** The assignment this value follows. */
  readonly parentOp: Operation;

  /** @internal Made by the assignments of a resource variable. */
  constructor(
    handle: Tensor,
    dtype: DType,
    shape: TensorShape,
    parentOp: Operation,
    validateShape: boolean,
  ) {
    const graph = handle.graph;
    // Only a session needs a tensor to fetch; TF makes that read now.
    const element = graph.controlDependencies([parentOp], () => {
      const t = genOne('ReadVariableOp', [handle], { dtype });
      t.setShape(shape);
      return t;
    });
    super(
      handle,
      {
        name: parentOp.name,
        // TF's `_UnreadVariable.op` is the assignment.
        op: parentOp,
        dtype,
        shape,
        element,
        initializer: null,
        initialValue: null,
        trainable: true,
        constraint: null,
      },
      validateShape,
    );
    this.parentOp = parentOp;
  }

  protected override _readVariableOp(): Tensor {
    return this.graph.controlDependencies([this.parentOp], () => super._readVariableOp());
  }

  override value(): Tensor {
    return this.graph.asDefault(() => this._readVariableOp());
  }

  override readValue(): Tensor {
    return this.graph.asDefault(() => this._readVariableOp());
  }

  override assign(...args: unknown[]): Variable | Operation {
    return this.graph.controlDependencies([this.parentOp], () => super.assign(...args));
  }

  override assignAdd(...args: unknown[]): Variable | Operation {
    return this.graph.controlDependencies([this.parentOp], () => super.assignAdd(...args));
  }

  override assignSub(...args: unknown[]): Variable | Operation {
    return this.graph.controlDependencies([this.parentOp], () => super.assignSub(...args));
  }
}

/** A ref variable (`VariableV2`, `useResource: false`; TF's `RefVariable`). */
export class RefVariable extends Variable {
  readonly #variable: Tensor;
  readonly #snapshot: Tensor;

  /** @internal Variables are made by `new Variable(...)`. */
  constructor(variable: Tensor, snapshot: Tensor, core: VariableCore) {
    super(undefined);
    this.#variable = variable;
    this.#snapshot = snapshot;
    this._init(core);
  }

  /** The mutable tensor itself (`VariableV2:0`), for ops that take a ref. */
  _ref(): Tensor {
    return this.#variable;
  }

  /** The `read` Identity made with the variable. */
  override value(): Tensor {
    return this.#snapshot;
  }

  override readValue(): Tensor {
    return this.graph.asDefault(() => identity(this.#variable, 'read'));
  }

  override assign(...args: unknown[]): Tensor | Operation {
    return this.#update('Assign', 'assign', args);
  }

  override assignAdd(...args: unknown[]): Tensor | Operation {
    return this.#update('AssignAdd', 'assign_add', args);
  }

  override assignSub(...args: unknown[]): Tensor | Operation {
    return this.#update('AssignSub', 'assign_sub', args);
  }

  #update(opType: string, fn: string, args: unknown[]): Tensor | Operation {
    const a = bindArgs(fn, ASSIGN_PARAMS, 1, args);
    const op = this.graph.asDefault(() =>
      genOp(
        opType,
        [this.#variable, a['value']],
        { use_locking: a['useLocking'] ?? false },
        nameArg(a['name']),
      ),
    );
    return a['readValue'] === false ? op : (op.outputs[0] as Tensor);
  }

  override toTensor({ asRef = false }: { asRef?: boolean } = {}): Tensor {
    return asRef ? this.#variable : this.#snapshot;
  }

  override conversionError(dtype: DType): ValueError {
    return new ValueError(
      `Incompatible type conversion requested to type '${dtype}' for variable of type '${this.dtype}_ref'`,
    );
  }

  override toString(): string {
    return `<tf.Variable '${this.name}' shape=${this.shape.toString()} dtype=${this.dtype}_ref>`;
  }
}

// ---- construction ---------------------------------------------------------------------------

interface VariableArgs {
  readonly initialValue: unknown;
  readonly trainable: boolean;
  readonly collections: readonly string[];
  readonly validateShape: boolean;
  readonly name: string | null;
  readonly dtype: DType | null;
  readonly constraint: ((value: Tensor) => Tensor) | null;
  readonly useResource: boolean;
  readonly shape: unknown;
}

function createVariable(args: readonly unknown[]): Variable {
  const a = variableArgs(args);
  const initFromFn = typeof a.initialValue === 'function';
  const graph = initFromFn ? graphOf() : graphOf(a.initialValue);
  return graph.asDefault(() =>
    // TF's `init_scope`: a variable does not depend on the control inputs around it.
    graph.controlDependencies(null, () => {
      const variable = a.useResource ? buildResource(graph, a) : buildRef(graph, a);
      graph.addToCollections(a.collections, variable);
      return variable;
    }),
  );
}

/** Binds `new Variable(...)`'s arguments as Python binds `tf.compat.v1.Variable`'s. */
function variableArgs(args: readonly unknown[]): VariableArgs {
  const first = args[0];
  const last = args[args.length - 1];
  const variableDef =
    args.length > 1 && isOptions(last)
      ? last['variableDef']
      : args[VARIABLE_PARAMS.indexOf('variableDef')];
  if (
    variableDef !== undefined &&
    variableDef !== null &&
    variableDef !== false &&
    variableDef !== ''
  ) {
    if (first !== undefined && first !== null) {
      throw new ValueError(
        `The variable_def and initial_value args to \`tf.Variable\` are mutually exclusive, but got both: variable_def=${pyStr(variableDef)},\ninitial_value=${pyStr(first)}`,
      );
    }
  }
  // A missing initial value is TF's ValueError below, once the kind of variable is known.
  const a = bindArgs('Variable', VARIABLE_PARAMS, 1, [first ?? 0, ...args.slice(1)]);
  const useResource = a['useResource'] !== false;
  if (first === null || first === undefined) {
    throw new ValueError(
      useResource
        ? 'The `initial_value` arg to `tf.Variable` must be specified except when you are not providing a `variable_def`. You provided neither.'
        : 'initial_value must be specified.',
    );
  }
  for (const k of UNSUPPORTED) {
    if (a[k] !== undefined && a[k] !== null) {
      throw new TypeError(`Variable(): '${k}' is not supported.`);
    }
  }
  const trainable = a['trainable'] === undefined || a['trainable'] === null || !!a['trainable'];
  let collections = a['collections'] ?? [GraphKeys.GLOBAL_VARIABLES];
  if (!Array.isArray(collections) && !(collections instanceof Set)) {
    throw new ValueError(
      `collections argument to Variable constructor must be a list, tuple, or set. Got ${pyStr(collections, 'int')} of type <class '${pyTypeName(collections, 'int')}'>`,
    );
  }
  collections = [...(collections as Iterable<string>)];
  const constraint = a['constraint'] ?? null;
  if (constraint !== null && typeof constraint !== 'function') {
    throw new ValueError(
      useResource
        ? `Argument \`constraint\` must be None or a callable. a callable. Got a <class '${pyTypeName(constraint, 'int')}'>:  ${pyStr(constraint, 'int')}`
        : 'The `constraint` argument must be a callable.',
    );
  }
  if (trainable && !(collections as string[]).includes(GraphKeys.TRAINABLE_VARIABLES)) {
    collections = [...(collections as string[]), GraphKeys.TRAINABLE_VARIABLES];
  }
  const dtype = a['dtype'] === undefined || a['dtype'] === null ? null : toDType(a['dtype']);
  return {
    initialValue: a['initialValue'],
    trainable,
    collections: collections as string[],
    validateShape: a['validateShape'] !== false,
    name: nameArg(a['name']),
    dtype,
    constraint: constraint as ((value: Tensor) => Tensor) | null,
    useResource,
    shape: a['shape'],
  };
}

/**
 * Runs `fn`, then gives every op it made the variable's colocation group (TF's
 * `_attr_scope({'_class': ...})`, which simulates colocating with an op not made yet);
 * an op colocated by an enclosing `colocateWith` keeps its own, as in TF.
 */
function withClassAttr<R>(graph: Graph, group: string, fn: () => R): R {
  const before = graph.version;
  const result = fn();
  for (const op of graph.getOperations()) {
    if (op.id > before && !op.hasAttr('_class')) op._setAttr('_class', [`loc:@${group}`]);
  }
  return result;
}

/** The initial value, made (or called) and converted in the current scope. */
function initialTensor(a: VariableArgs): Tensor {
  const value =
    typeof a.initialValue === 'function' ? (a.initialValue as () => unknown)() : a.initialValue;
  return convertToTensor(value, { name: 'initial_value', dtype: a.dtype });
}

/** TF's `ResourceVariable._init_from_args` in graph mode. */
function buildResource(graph: Graph, a: VariableArgs): ResourceVariable {
  return withOpScope(graph, a.name, 'Variable', (handleName) => {
    const scope = `${handleName}/`;
    let initialValue!: Tensor;
    let shape!: TensorShape;
    const handle = withClassAttr(graph, handleName, () => {
      initialValue = graph.nameScope('Initializer', () =>
        graph.device(null, () => initialTensor(a)),
      );
      shape = variableShape(a.shape, initialValue);
      return withShapeAttr(shape, (dims) =>
        genOne(
          'VarHandleOp',
          [],
          { shape: dims, dtype: initialValue.dtype, shared_name: handleName, debug_name: scope },
          scope,
        ),
      );
    });
    const dtype = initialValue.dtype;
    graph.nameScope('IsInitialized', () => genOne('VarIsInitializedOp', [handle]));
    // TF's `with name_scope('Assign') as n: assign_variable_op(..., name=n)`.
    const initializer = withOpScope(graph, 'Assign', 'Assign', (n) =>
      graph.colocateWith(
        null,
        () =>
          graph.device(handle.device, () =>
            genOp('AssignVariableOp', [handle, initialValue], {}, `${n}/`),
          ),
        { ignoreExisting: true },
      ),
    );
    const element = graph.nameScope('Read', () =>
      graph.device(handle.device, () => {
        const t = genOne('ReadVariableOp', [handle], { dtype });
        t.setShape(shape);
        return t;
      }),
    );
    return new ResourceVariable(
      handle,
      {
        name: `${handleName}:0`,
        op: handle.op,
        dtype,
        shape,
        element,
        initializer,
        initialValue,
        trainable: a.trainable,
        constraint: a.constraint,
      },
      a.validateShape,
    );
  });
}

/**
 * Makes a variable op whose `shape` attr may be of unknown rank (`null`). Until
 * `Graph.createOp` takes a `null` attr (it reads one as missing), such an op is made with
 * `[]` and given its real shape after: right for `VarHandleOp` (its shape function does not
 * read the attr), a static shape of `()` instead of unknown for `VariableV2`.
 */
function withShapeAttr(
  shape: TensorShape,
  make: (dims: readonly (number | null)[] | null) => Tensor,
): Tensor {
  if (shape.dims !== null) return make(shape.dims);
  try {
    return make(null);
  } catch (e) {
    if (!(e instanceof TypeError && e.message.startsWith('No argument found for attr shape'))) {
      throw e;
    }
  }
  const t = make([]);
  t.op._setAttr('shape', null);
  return t;
}

/** A resource variable's shape: the `shape` option if given (checked), else the value's. */
function variableShape(given: unknown, initialValue: Tensor): TensorShape {
  if (given === undefined || given === null) return initialValue.shape;
  const shape = given instanceof TensorShape ? given : new TensorShape(given as TensorShapeLike);
  if (!initialValue.shape.isCompatibleWith(shape)) {
    const shown = given instanceof TensorShape ? given.toString() : pyRepr(given, 'int');
    throw new ValueError(
      `In this \`tf.Variable\` creation, the initial value's shape (${initialValue.shape.toString()}) is not compatible with the explicitly supplied \`shape\` argument (${shown}).`,
    );
  }
  return shape;
}

/** TF's `RefVariable._init_from_args`. */
function buildRef(graph: Graph, a: VariableArgs): RefVariable {
  return withOpScope(graph, a.name, 'Variable', (trueName) => {
    const scope = `${trueName}/`;
    const makeVariable = (initialValue: Tensor): Tensor => {
      const shape = a.validateShape ? initialValue.shape : new TensorShape(null);
      return withShapeAttr(shape, (dims) =>
        genOne(
          'VariableV2',
          [],
          { shape: dims, dtype: initialValue.dtype, container: '', shared_name: '' },
          scope,
        ),
      );
    };
    let initialValue!: Tensor;
    let variable: Tensor;
    if (typeof a.initialValue === 'function') {
      variable = withClassAttr(graph, trueName, () => {
        initialValue = graph.nameScope('Initializer', () =>
          graph.device(null, () => initialTensor(a)),
        );
        return makeVariable(initialValue);
      });
    } else {
      initialValue = initialTensor(a);
      variable = makeVariable(initialValue);
    }
    if (a.validateShape && !initialValue.shape.isFullyDefined()) {
      throw new ValueError(`initial_value must have a shape specified: ${initialValue.toString()}`);
    }
    const initializer = genOp('Assign', [variable, initialValue], {
      validate_shape: a.validateShape,
    });
    const snapshot = graph.colocateWith(variable.op, () => identity(variable, 'read'));
    return new RefVariable(variable, snapshot, {
      name: variable.name,
      op: variable.op,
      dtype: variable.dtype,
      shape: variable.shape,
      element: variable,
      initializer,
      initialValue,
      trainable: a.trainable,
      constraint: a.constraint,
    });
  });
}

/**
 * The shape check TF's update ops make from the handle's data (the variable's shape),
 * which the graph's shape functions cannot see: TF's message for an incompatible delta.
 */
function checkHandleShape(
  graph: Graph,
  opType: string,
  name: string | null,
  inputs: readonly [Tensor, Tensor],
  shape: TensorShape,
): void {
  try {
    shapeUtils.mergeShapes(shape.dims, inputs[1].shape.dims);
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    const shown = inputs.map((t) => ({ name: inputName(t), shape: t.shape.dims }));
    throw shapeFunctionError(graph, opType, name, shown, { dtype: inputs[1].dtype }, e.message);
  }
}

/**
 * TF's `tf.compat.v1.is_variable_initialized(variable)`: `IsVariableInitialized` of a ref
 * variable, `VarIsInitializedOp` of a resource variable.
 */
export function isVariableInitialized(variable: Variable, name?: string | null): Tensor {
  if (variable instanceof BaseResourceVariable) return variable.isInitialized(name ?? null);
  return variable.graph.asDefault(() =>
    genOne('IsVariableInitialized', [variable], {}, nameArg(name)),
  );
}
