import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  defineKernel,
  ops,
  type DType,
  type KernelCompute,
  type KernelContext,
  type ShapeValue,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { FIFOQueue, UNBOUNDED_CAPACITY, type QueueTuple } from './fifo-queue.js';
import { liveNodeHandle, privateResourceName, rememberNodeResource } from './private-names.js';
import {
  containerOf,
  handleInput,
  lookupOrCreateResource,
  lookupResource,
  setHandleOutput,
} from './resource-handle.js';
import { dtypeString, shapeString } from './tf-text.js';

function shapeListString(shapes: readonly (readonly number[])[]): string {
  return `[${shapes.map(shapeString).join(', ')}]`;
}

function typeListString(types: readonly DType[]): string {
  return types.map(dtypeString).join(', ');
}

/** The `shapes` attr as fully defined shapes, or TF's error. */
function fullShapes(shapes: readonly ShapeValue[], types: readonly DType[]): number[][] {
  const out = shapes.map((s) => {
    if (s === null || s.some((d) => d === null)) {
      const text = s === null ? '<unknown>' : `[${s.map((d) => (d === null ? '?' : d)).join(',')}]`;
      throw new InvalidArgumentError(null, null, `Shape ${text} is not fully defined`);
    }
    return [...(s as number[])];
  });
  if (out.length > 0 && out.length !== types.length) {
    throw new InvalidArgumentError(
      null,
      null,
      `Different number of component types.  Types: ${typeListString(types)}, Shapes: ${shapeListString(out)}`,
    );
  }
  return out;
}

/** TF's `MatchesNodeDef` for a shared queue found under this op's `shared_name`. */
function checkSharedQueue(
  queue: FIFOQueue,
  capacity: number,
  types: readonly DType[],
  shapes: readonly (readonly number[])[],
): void {
  const requested = capacity < 0 ? UNBOUNDED_CAPACITY : capacity;
  const fail = (what: string) => {
    throw new InvalidArgumentError(null, null, `Shared queue '${queue.name}' has ${what}`);
  };
  if (queue.capacity !== requested) {
    fail(`capacity ${queue.capacity} but requested capacity was ${requested}`);
  }
  if (typeListString(queue.componentTypes) !== typeListString(types)) {
    fail(
      `component types ${typeListString(queue.componentTypes)} but requested component types were ${typeListString(types)}`,
    );
  }
  if (shapeListString(queue.componentShapes) !== shapeListString(shapes)) {
    fail(
      `component shapes ${shapeListString(queue.componentShapes)} but requested component shapes were ${shapeListString(shapes)}`,
    );
  }
}

/**
 * `FIFOQueueV2`: makes the queue on its first run (named by `shared_name`, or privately
 * `_<N>_<node>`) and outputs its handle; a shared queue must match the op's attrs.
 */
export const fifoQueueV2Cpu = defineKernel(ops.FIFOQueueV2, {
  deviceType: 'CPU',
  create: ({ attrs, nodeName }) => {
    const container = containerOf(attrs.container);
    let shapes: number[][] | undefined;
    let attrError: unknown;
    try {
      shapes = fullShapes(attrs.shapes, attrs.component_types);
    } catch (e) {
      attrError = e;
    }
    return (ctx) => {
      // TF reports bad attrs when the node runs.
      if (shapes === undefined) throw attrError;
      const queueShapes = shapes;
      let handle = liveNodeHandle(ctx.resources, nodeName);
      if (handle === undefined) {
        const name =
          attrs.shared_name === ''
            ? privateResourceName(ctx.resources, nodeName)
            : attrs.shared_name;
        let made = false;
        const queue = lookupOrCreateResource(ctx.resources, container, name, 'queue', () => {
          made = true;
          return new FIFOQueue(name, attrs.component_types, queueShapes, attrs.capacity);
        });
        if (!made) checkSharedQueue(queue, attrs.capacity, attrs.component_types, queueShapes);
        handle = { container, name, kind: 'queue' };
        rememberNodeResource(ctx.resources, nodeName, handle, queue);
      }
      setHandleOutput(ctx, 0, handle);
    };
  },
});

function queueInput(ctx: KernelContext): FIFOQueue {
  return lookupResource<FIFOQueue>(ctx.resources, handleInput(ctx, 0), 'queue');
}

/** TF's `MatchSignature` error, for components that do not fit the queue. */
function checkSignature(
  have: readonly [readonly DType[], readonly DType[]],
  expected: readonly [readonly DType[], readonly DType[]],
): void {
  const text = ([ins, outs]: readonly [readonly DType[], readonly DType[]]) =>
    `${typeListString(ins)}->${typeListString(outs)}`;
  if (text(have) !== text(expected)) {
    throw new InvalidArgumentError(
      null,
      null,
      `Signature mismatch, have: ${text(have)} expected: ${text(expected)}`,
    );
  }
}

function componentInputs(ctx: KernelContext): QueueTuple {
  return Array.from({ length: ctx.numInputs - 1 }, (_, k) => inputArray(ctx, k + 1));
}

function setComponents(ctx: KernelContext, tuple: QueueTuple): void {
  tuple.forEach((t, i) => setOutputArray(ctx, i, t));
}

/** Runs `result` on the value now or when it arrives, without awaiting what is ready. */
function then<T>(result: T | Promise<T>, use: (value: T) => void): void | Promise<void> {
  if (result instanceof Promise) return result.then(use);
  use(result);
}

function enqueueKernel(many: boolean) {
  return ({ inputDTypes }: { readonly inputDTypes: readonly DType[] }): KernelCompute =>
    (ctx) => {
      const queue = queueInput(ctx);
      checkSignature([inputDTypes, []], [['resource', ...queue.componentTypes], []]);
      const tuple = componentInputs(ctx);
      if (many) {
        queue.validateManyTuple(tuple);
        return queue.enqueueMany(tuple, ctx.signal);
      }
      queue.validateTuple(tuple);
      return queue.enqueue(tuple, ctx.signal);
    };
}

export const queueEnqueueV2Cpu = defineKernel(ops.QueueEnqueueV2, {
  deviceType: 'CPU',
  create: enqueueKernel(false),
});

export const queueEnqueueManyV2Cpu = defineKernel(ops.QueueEnqueueManyV2, {
  deviceType: 'CPU',
  create: enqueueKernel(true),
});

export const queueDequeueV2Cpu = defineKernel(ops.QueueDequeueV2, {
  deviceType: 'CPU',
  create:
    ({ outputDTypes }) =>
    (ctx) => {
      const queue = queueInput(ctx);
      checkSignature([['resource'], outputDTypes], [['resource'], queue.componentTypes]);
      return then(queue.dequeue(ctx.signal), (tuple) => setComponents(ctx, tuple));
    },
});

function dequeueManyKernel(allowSmallBatch: boolean) {
  const opName = allowSmallBatch ? 'DequeueUpToOp' : 'DequeueManyOp';
  return ({ outputDTypes }: { readonly outputDTypes: readonly DType[] }): KernelCompute =>
    (ctx) => {
      const queue = queueInput(ctx);
      const n = (inputArray(ctx, 1).data as Int32Array)[0] as number;
      if (n < 0) {
        throw new InvalidArgumentError(null, null, `${opName} requested ${n} < 0 elements`);
      }
      checkSignature(
        [['resource', 'int32'], outputDTypes],
        [['resource', 'int32'], queue.componentTypes],
      );
      return then(queue.dequeueMany(n, allowSmallBatch, ctx.signal), (tuple) =>
        setComponents(ctx, tuple),
      );
    };
}

export const queueDequeueManyV2Cpu = defineKernel(ops.QueueDequeueManyV2, {
  deviceType: 'CPU',
  create: dequeueManyKernel(false),
});

export const queueDequeueUpToV2Cpu = defineKernel(ops.QueueDequeueUpToV2, {
  deviceType: 'CPU',
  create: dequeueManyKernel(true),
});

export const queueCloseV2Cpu = defineKernel(ops.QueueCloseV2, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) =>
      queueInput(ctx).close(attrs.cancel_pending_enqueues, ctx.signal),
});

export const queueSizeV2Cpu = defineKernel(ops.QueueSizeV2, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    setOutputArray(ctx, 0, new NDArray('int32', [], Int32Array.of(queueInput(ctx).size)));
  },
});
