import { ValueError } from '@tensorgraph/errors';
import { TensorShape, type DType, type TensorShapeLike } from '@tensorgraph/core';
import { constantValue } from '../constant-value.js';
import { convertToTensor } from '../convert-to-tensor.js';
import type { Graph } from '../graph.js';
import type { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';
import { bindArgs, isOptions, nameArg } from '../builders/args.js';
import { nameOf, scoped } from '../builders/builder-utils.js';
import { genOp } from '../builders/gen-op.js';
import { graphOf } from '../builders/graph-of.js';
import { pyRepr, pyStr, pyTypeName } from '../builders/py-repr.js';
import { inputName, shapeFunctionError } from './shape-error.js';

/**
 * One element (or batch) as `enqueue` takes it: a value, an array of components, or an
 * object (or Map) keyed by the queue's names.
 */
export type QueueValues = unknown;

/** What `dequeue` gives: a Tensor, an array of them, or an object keyed by the names. */
export type DequeueResult = Tensor | Tensor[] | Record<string, Tensor>;

export interface FIFOQueueOptions {
  /** One fully defined shape per component (or one shape for a single component). */
  readonly shapes?: TensorShapeLike | readonly TensorShapeLike[] | null;
  /** Component names: `enqueue` then takes, and `dequeue` gives, objects keyed by them. */
  readonly names?: string | readonly string[] | null;
  /** Share the queue across sessions under this name. */
  readonly sharedName?: string | null;
  readonly name?: string | null;
}

type NameArg = string | null | { name?: string | null };

/**
 * Python's `QueueBase`: the methods of a queue over its resource handle (`queueRef`), with
 * TF's op names (`<queue>_enqueue`, `<queue>_Dequeue`, ...), checks and static shapes.
 */
export class QueueBase {
  readonly queueRef: Tensor;
  readonly dtypes: readonly DType[];
  readonly shapes: readonly TensorShape[];
  readonly names: readonly string[] | null;
  /** The queue op's last name component, which prefixes its ops' names. */
  readonly #short: string;

  constructor(
    dtypes: readonly DType[],
    shapes: readonly TensorShape[] | null,
    names: readonly string[] | null,
    queueRef: Tensor,
  ) {
    this.dtypes = dtypes;
    if (shapes !== null) {
      if (shapes.length !== dtypes.length) {
        throw new ValueError(
          `Queue shapes must have the same length as dtypes, received len(shapes)=${shapes.length}, len(dtypes)=${dtypes.length}`,
        );
      }
      this.shapes = shapes;
    } else {
      this.shapes = dtypes.map(() => new TensorShape(null));
    }
    if (names !== null && names.length !== dtypes.length) {
      throw new ValueError(
        `Queue names must have the same length as dtypes,received len(names)=${names.length},len ${dtypes.length}`,
      );
    }
    this.names = names;
    this.queueRef = queueRef;
    this.#short = queueRef.op.name.split('/').pop() as string;
  }

  /** The queue op's name. */
  get name(): string {
    return this.queueRef.op.name;
  }

  get graph(): Graph {
    return this.queueRef.graph;
  }

  /** The values as a list of tensors of the queue's dtypes, with TF's checks. */
  #components(vals: unknown): Tensor[] {
    let list: unknown[];
    if (isOptions(vals) || vals instanceof Map) {
      const dict = vals instanceof Map ? Object.fromEntries(vals) : vals;
      if (this.names === null || this.names.length === 0) {
        throw new ValueError('Queue must have names to enqueue a dictionary');
      }
      const keys = Object.keys(dict).sort();
      const names = [...this.names].sort();
      if (keys.length !== names.length || keys.some((k, i) => k !== names[i])) {
        throw new ValueError(
          `Keys in dictionary to enqueue do not match names of Queue.  Dictionary: ${pyRepr(keys)},Queue: ${pyRepr(names)}`,
        );
      }
      list = this.names.map((n) => dict[n]);
    } else {
      if (this.names !== null && this.names.length > 0) {
        throw new ValueError('You must enqueue a dictionary in a Queue with names');
      }
      list = Array.isArray(vals) ? vals : [vals];
    }
    // As TF's zip: extra values are dropped, missing ones leave the op short.
    const n = Math.min(list.length, this.dtypes.length);
    const out: Tensor[] = [];
    for (let i = 0; i < n; i++) {
      out.push(convertToTensor(list[i], { dtype: this.dtypes[i], name: `component_${i}` }));
    }
    return out;
  }

  /** The values TF's `name_scope` looks at for the graph. */
  #scopeValues(vals: unknown): unknown[] {
    if (Array.isArray(vals)) return [this.queueRef, ...vals];
    if (vals instanceof Map) return [this.queueRef, ...vals.values()];
    if (isOptions(vals)) return [this.queueRef, ...Object.values(vals)];
    return [this.queueRef, vals];
  }

  /** Enqueues one element (TF's `enqueue`): an op named `<queue>_enqueue`. */
  enqueue(vals: QueueValues, name?: NameArg): Operation {
    return scoped(this.#scopeValues(vals), nameOf(name), `${this.#short}_enqueue`, (scope) => {
      const tensors = this.#components(vals);
      tensors.forEach((t, i) => t.shape.assertIsCompatibleWith(this.shapes[i] as TensorShape));
      return genOp('QueueEnqueueV2', [this.queueRef, tensors], {}, scope);
    });
  }

  /**
   * Enqueues a batch (TF's `enqueue_many`): each component is split along its first
   * dimension, which must agree across components.
   */
  enqueueMany(vals: QueueValues, name?: NameArg): Operation {
    return scoped(this.#scopeValues(vals), nameOf(name), `${this.#short}_EnqueueMany`, (scope) => {
      const tensors = this.#components(vals);
      const first = tensors[0];
      let batch = first === undefined ? null : batchDim(first);
      tensors.forEach((t, i) => {
        batch = mergeDim(batch, batchDim(t));
        const dims = t.shape.dims;
        const rest = dims === null ? new TensorShape(null) : new TensorShape(dims.slice(1));
        rest.assertIsCompatibleWith(this.shapes[i] as TensorShape);
      });
      return genOp('QueueEnqueueManyV2', [this.queueRef, tensors], {}, scope);
    });
  }

  /** The value a dequeue gives: an object when the queue has names, else one or a list. */
  #result(tensors: Tensor[]): DequeueResult {
    if (this.names !== null && this.names.length > 0) {
      return Object.fromEntries(this.names.map((n, i) => [n, tensors[i] as Tensor]));
    }
    return tensors.length === 1 ? (tensors[0] as Tensor) : tensors;
  }

  /** Dequeues one element (TF's `dequeue`), shaped as the queue's shapes say. */
  dequeue(name?: NameArg): DequeueResult {
    const op = this.graph.asDefault(() =>
      genOp(
        'QueueDequeueV2',
        [this.queueRef],
        { component_types: this.dtypes },
        nameOf(name) ?? `${this.#short}_Dequeue`,
      ),
    );
    // The dequeue ops carry no shapes; Python's queue sets them from its own.
    op.outputs.forEach((t, i) => t.setShape(this.shapes[i] as TensorShape));
    return this.#result([...op.outputs]);
  }

  /** Dequeues `n` elements stacked along a new first dimension (TF's `dequeue_many`). */
  dequeueMany(n: unknown, name?: NameArg): DequeueResult {
    const op = this.#dequeueN('QueueDequeueManyV2', 'DequeueMany', n, name);
    const value = constantValue(op.inputs[1] as Tensor);
    const batch = value === null ? null : Number(value.data[0]);
    op.outputs.forEach((t, i) =>
      t.setShape(new TensorShape([batch]).concatenate(this.shapes[i] as TensorShape)),
    );
    return this.#result([...op.outputs]);
  }

  /** Like `dequeueMany`, but a closed queue gives what it has left (TF's `dequeue_up_to`). */
  dequeueUpTo(n: unknown, name?: NameArg): DequeueResult {
    const op = this.#dequeueN('QueueDequeueUpToV2', 'DequeueUpTo', n, name);
    op.outputs.forEach((t, i) =>
      t.setShape(new TensorShape([null]).concatenate(this.shapes[i] as TensorShape)),
    );
    return this.#result([...op.outputs]);
  }

  #dequeueN(opType: string, suffix: string, n: unknown, name?: NameArg): Operation {
    const opName = nameOf(name) ?? `${this.#short}_${suffix}`;
    if (opType === 'QueueDequeueManyV2') this.#checkCount(opType, opName, n);
    return this.graph.asDefault(() =>
      genOp(opType, [this.queueRef, n], { component_types: this.dtypes }, opName),
    );
  }

  /** TF's `QueueDequeueManyV2` shape function refuses a negative constant count. */
  #checkCount(opType: string, opName: string, n: unknown): void {
    const value = n instanceof Tensor ? constantValue(n) : null;
    const count = value !== null ? Number(value.data[0]) : typeof n === 'number' ? n : null;
    if (count === null || !Number.isInteger(count) || count >= 0) return;
    this.graph.asDefault(() => {
      const full = this.graph.uniqueName(opName, false);
      const shown = [
        { name: inputName(this.queueRef), shape: this.queueRef.shape.dims },
        n instanceof Tensor
          ? { name: inputName(n), shape: n.shape.dims }
          : { name: `${full}/n`, shape: [] },
      ];
      throw shapeFunctionError(
        this.graph,
        opType,
        `${full}/`,
        shown,
        { component_types: [...this.dtypes] },
        `Input 'n' must be >= 0, but is ${count}`,
        ` and with computed input tensors: input[1] = <${count}>`,
      );
    });
  }

  /**
   * Closes the queue (TF's `close`): later enqueues fail, dequeues drain what is left;
   * `cancelPendingEnqueues` also fails the enqueues waiting for room.
   */
  close(
    cancelPendingEnqueues?: boolean | { cancelPendingEnqueues?: boolean; name?: string | null },
    name?: string | null,
  ): Operation {
    const o = isOptions(cancelPendingEnqueues)
      ? cancelPendingEnqueues
      : { cancelPendingEnqueues, name };
    return this.graph.asDefault(() =>
      genOp(
        'QueueCloseV2',
        [this.queueRef],
        { cancel_pending_enqueues: o.cancelPendingEnqueues === true },
        nameArg(o.name) ?? `${this.#short}_Close`,
      ),
    );
  }

  /** The number of elements in the queue (TF's `size`). */
  size(name?: NameArg): Tensor {
    return this.graph.asDefault(
      () =>
        genOp('QueueSizeV2', [this.queueRef], {}, nameOf(name) ?? `${this.#short}_Size`)
          .outputs[0] as Tensor,
    );
  }
}

function batchDim(t: Tensor): number | null {
  return t.shape.withRankAtLeast(1).dims?.[0] ?? null;
}

/** Python's `Dimension.merge_with`. */
function mergeDim(a: number | null, b: number | null): number | null {
  if (a !== null && b !== null && a !== b) {
    throw new ValueError(`Dimensions ${a} and ${b} are not compatible`);
  }
  return a ?? b;
}

/** TF's `_as_type_list`: the op checks each one (TF's wrapper's message). */
function asTypeList(dtypes: unknown): unknown[] {
  return Array.isArray(dtypes) ? [...(dtypes as unknown[])] : [dtypes];
}

/** TF's `_as_shape_list`: a shape or a list of shapes, each fully defined. */
function asShapeList(shapes: unknown): TensorShape[] | null {
  if (shapes === undefined || shapes === null) return null;
  let list: unknown[];
  if (shapes instanceof TensorShape) list = [shapes];
  else if (Array.isArray(shapes)) list = shapes;
  else {
    throw new TypeError(
      `Shapes must be a TensorShape or a list or tuple of TensorShapes, got <class '${pyTypeName(shapes, 'int')}'> instead.`,
    );
  }
  // A list of dims is one shape.
  if (list.every((s) => s === null || typeof s === 'number' || typeof s === 'bigint')) {
    list = [list];
  }
  const out = list.map((s) =>
    s instanceof TensorShape ? s : new TensorShape(s as TensorShapeLike),
  );
  const shown = `[${out.map((s) => s.toRepr()).join(', ')}]`;
  if (out.some((s) => !s.isFullyDefined())) {
    throw new ValueError(`All shapes must be fully defined: ${shown}`);
  }
  return out;
}

/** TF's `_as_name_list`. */
function asNameList(names: unknown, dtypes: readonly unknown[]): string[] | null {
  if (names === undefined || names === null) return null;
  const list = Array.isArray(names) ? (names as unknown[]) : [names];
  if (list.length !== dtypes.length) {
    throw new ValueError(
      `List of names must have the same length as the list of dtypes, received len(names)=${list.length},len(dtypes)=${dtypes.length}`,
    );
  }
  return list.map((n) => pyStr(n));
}

/**
 * TF's `tf.queue.FIFOQueue` (`tf.compat.v1.FIFOQueue`) in graph mode: a `FIFOQueueV2` op
 * (on the CPU, as TF places it) holding up to `capacity` elements of `dtypes` components.
 * `new FIFOQueue(capacity, dtypes, { shapes, names, sharedName, name })`, or positionally
 * as in Python.
 */
export class FIFOQueue extends QueueBase {
  constructor(
    capacity: number,
    dtypes: DType | string | readonly (DType | string)[],
    options?: FIFOQueueOptions,
  );
  constructor(
    capacity: number,
    dtypes: DType | string | readonly (DType | string)[],
    shapes?: FIFOQueueOptions['shapes'],
    names?: FIFOQueueOptions['names'],
    sharedName?: string | null,
    name?: string | null,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(
      'FIFOQueue',
      ['capacity', 'dtypes', 'shapes', 'names', 'sharedName', 'name'],
      2,
      args,
    );
    const dtypes = asTypeList(a['dtypes']);
    const shapes = asShapeList(a['shapes']);
    const names = asNameList(a['names'], dtypes);
    const graph = graphOf();
    const queueRef: Tensor = graph.asDefault(
      () =>
        // TF's `init_scope` and `device('CPU')`: the queue lives on a CPU.
        graph.controlDependencies(null, () =>
          graph.device('CPU', () =>
            genOp(
              'FIFOQueueV2',
              [],
              {
                component_types: dtypes,
                shapes: shapes === null ? [] : shapes.map((s) => s.dims),
                capacity: a['capacity'],
                shared_name: a['sharedName'] ?? '',
              },
              nameArg(a['name']) ?? 'fifo_queue',
            ),
          ),
        ).outputs[0] as Tensor,
    );
    super(queueRef.op.getAttr<DType[]>('component_types'), shapes, names, queueRef);
  }
}
