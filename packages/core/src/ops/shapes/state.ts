import { InternalError } from '@tensorgraph/errors';
import type { ShapeContext, ShapeFn, ShapeValue } from '../../plugin/op-def.js';
import { mergeShapes, shapeError, withRank, withValue } from './shape-utils.js';
import { inputShape, shapeAttr, twoPassTable } from './array-utils.js';

/**
 * Shape functions of TF's stateful ops: variables, optimizers, queues, readers, file and
 * logging ops, checkpoints (`state_ops.cc`, `resource_variable_ops.cc`, `training_ops.cc`,
 * `data_flow_ops.cc`, `io_ops.cc`, `logging_ops.cc`).
 *
 * TF carries a resource's shape as "handle data" along the graph edges (a `VarHandleOp`'s
 * `shape`, a `TensorArrayV3`'s element shape); a `ShapeContext` carries none, so these
 * functions give what TF gives when a handle has no handle data: `ReadVariableOp` is of
 * unknown shape and resource optimizers check only their dense inputs.
 */

const noOutputs: ShapeFn = () => [];
const scalarOut: ShapeFn = () => [[]];
const unchanged: ShapeFn = (ctx) => [inputShape(ctx, 0)];

function unknownOutputs(ctx: ShapeContext): ShapeValue[] {
  return new Array<ShapeValue>(ctx.numOutputs).fill(null);
}

/** Checks that inputs `indices` are scalars (TF's `WithRank(input, 0)`). */
function scalars(ctx: ShapeContext, ...indices: number[]): void {
  for (const i of indices) withRank(inputShape(ctx, i), 0);
}

/**
 * A TF optimizer's shape function: every slot (a ref input's shape, or unknown for a
 * resource without handle data) merged with the gradient, hyperparameters scalar. `steps`
 * lists, in TF's order, slot inputs to merge (`'m'`) and scalar inputs (`'s'`).
 */
function applyOptimizer(steps: string, resource: boolean): ShapeFn {
  return (ctx) => {
    let var_: ShapeValue = resource ? null : inputShape(ctx, 0);
    for (let i = 1; i < steps.length + 1; i++) {
      const step = steps[i - 1];
      if (step === 's') withRank(inputShape(ctx, i), 0);
      else if (step === 'm') var_ = mergeShapes(var_, resource ? null : inputShape(ctx, i));
      else var_ = mergeShapes(var_, inputShape(ctx, i));
    }
    return resource ? [] : [var_];
  };
}

// Per input after `var`: m = another slot, s = scalar, g = the gradient.
const GRADIENT_DESCENT = 'sg';
const MOMENTUM = 'msgs';
const ADAM = 'mmssssssg';
const RMSPROP = 'mmssssg';

// ----------------------------------------------------------------------------- checkpoints

const decoder = new TextDecoder('latin1');

/** TF's `strings::safe_strto64`. */
function parseInt64(s: string): number | null {
  return /^[+-]?\d+$/.test(s.trim()) ? Number(s.trim()) : null;
}

/**
 * The shape of the slice a `RestoreV2` `shape_and_slices` entry names ("4 5 0,2:-" is a
 * [4,5] tensor, rows 0..2, all columns: [2,5]), with TF's `ParseShapeAndSlice` errors.
 */
function shapeAndSliceShape(spec: string): number[] {
  const splits = spec.split(' ');
  if (splits.length < 2) {
    throw shapeError(`Need least two elements in shape_and_slice specification: ${spec}`);
  }
  const sliceSpec = splits.pop() ?? '';
  const starts: number[] = [];
  const lengths: number[] = [];
  for (const item of sliceSpec.split(':').filter((x) => x !== '')) {
    if (item === '-') {
      starts.push(0);
      lengths.push(-1);
      continue;
    }
    const pair = item.split(',').filter((x) => x !== '');
    const s = pair.length === 2 ? parseInt64(pair[0] ?? '') : null;
    const l = pair.length === 2 ? parseInt64(pair[1] ?? '') : null;
    if (s === null || l === null) {
      throw shapeError(
        `Expected a pair of numbers or '-' but got '${item}': string = ${sliceSpec}`,
      );
    }
    if (s < 0 || l <= 0) {
      throw shapeError(
        `Expected non-negative start and positive length but got start = ${s}, length = ${l}: ` +
          `string = ${sliceSpec}`,
      );
    }
    starts.push(s);
    lengths.push(l);
  }
  const shape = splits.map((d) => {
    const v = parseInt64(d);
    if (v === null) throw shapeError(`Non numerical dimension in shape_and_slice: ${spec}`);
    return v;
  });
  const sliceText = starts
    .map((s, i) => (lengths[i] === -1 ? '-' : `${s},${lengths[i]}`))
    .join(':');
  const shapeText = `[${shape.join(',')}]`;
  if (shape.length !== starts.length) {
    throw new InternalError(
      null,
      null,
      `Mismatching ranks: shape = ${shapeText}, slice = ${sliceText}`,
    );
  }
  return shape.map((dim, d) => {
    const length = lengths[d] ?? -1;
    if (length === -1) return dim;
    if ((starts[d] ?? 0) + length <= dim) return length;
    throw new InternalError(
      null,
      null,
      `Extent in dimension ${d} out of bounds: shape = ${shapeText}, slice = ${sliceText}`,
    );
  });
}

function restoreV2(ctx: ShapeContext): ShapeValue[] {
  scalars(ctx, 0);
  mergeShapes(withRank(inputShape(ctx, 1), 1), withRank(inputShape(ctx, 2), 1));
  const specs = ctx.inputValue(2);
  if (specs === null) return unknownOutputs(ctx);
  if (specs.dtype !== 'string') throw shapeError('Expected an input tensor of type string.');
  const strings = (specs.data as readonly Uint8Array[]).map((b) => decoder.decode(b));
  if (strings.length !== ctx.numOutputs) {
    throw shapeError("The number of shape_and_slice doesn't match tensor outputs.");
  }
  return strings.map((spec) => (spec === '' ? null : shapeAndSliceShape(spec)));
}

function saveV2(ctx: ShapeContext): ShapeValue[] {
  scalars(ctx, 0);
  const numTensors = ctx.inputShapes.length - 3;
  for (const i of [1, 2]) withValue(withRank(inputShape(ctx, i), 1)[0] ?? null, numTensors);
  return [];
}

/** Shape functions of the variable, optimizer, queue, reader, logging and checkpoint ops. */
export const stateShapeFns: Record<string, ShapeFn> = twoPassTable({
  VariableV2: (ctx) => [shapeAttr(ctx, 'shape')],
  // The legacy op cannot tell a scalar shape from an unknown one: both are unknown.
  Variable: (ctx) => {
    const shape = shapeAttr(ctx, 'shape');
    return [shape === null || shape.length === 0 ? null : shape];
  },
  VarHandleOp: scalarOut,
  Assign: (ctx) =>
    ctx.attr<boolean>('validate_shape')
      ? [mergeShapes(inputShape(ctx, 0), inputShape(ctx, 1))]
      : [inputShape(ctx, 1)],
  AssignAdd: (ctx) => [mergeShapes(inputShape(ctx, 0), inputShape(ctx, 1))],
  AssignSub: (ctx) => [mergeShapes(inputShape(ctx, 0), inputShape(ctx, 1))],
  IsVariableInitialized: scalarOut,
  VarIsInitializedOp: scalarOut,
  // TF reads the variable's shape from the handle's data; without it the read is unknown.
  ReadVariableOp: () => [null],
  AssignVariableOp: noOutputs,
  AssignAddVariableOp: noOutputs,
  AssignSubVariableOp: noOutputs,
  DestroyResourceOp: noOutputs,
  ApplyGradientDescent: applyOptimizer(GRADIENT_DESCENT, false),
  ApplyMomentum: applyOptimizer(MOMENTUM, false),
  ApplyAdam: applyOptimizer(ADAM, false),
  ApplyRMSProp: applyOptimizer(RMSPROP, false),
  ResourceApplyGradientDescent: applyOptimizer(GRADIENT_DESCENT, true),
  ResourceApplyMomentum: applyOptimizer(MOMENTUM, true),
  ResourceApplyAdam: applyOptimizer(ADAM, true),
  ResourceApplyRMSProp: applyOptimizer(RMSPROP, true),
  FIFOQueueV2: scalarOut,
  QueueEnqueueV2: noOutputs,
  QueueEnqueueManyV2: noOutputs,
  // Component shapes travel as the queue handle's data in TF; without it they are unknown.
  QueueDequeueV2: unknownOutputs,
  QueueDequeueManyV2: unknownOutputs,
  QueueDequeueUpToV2: unknownOutputs,
  QueueCloseV2: noOutputs,
  QueueSizeV2: unchanged,
  WholeFileReaderV2: scalarOut,
  ReaderReadV2: (ctx) => {
    scalars(ctx, 0, 1);
    return [[], []];
  },
  ReadFile: (ctx) => {
    scalars(ctx, 0);
    return [[]];
  },
  Assert: noOutputs,
  Print: unchanged,
  PrintV2: (ctx) => {
    const input = inputShape(ctx, 0);
    if (input !== null && input.length !== 0) {
      throw shapeError(`input must be a scalar, but has rank: ${input.length}`);
    }
    return [];
  },
  SaveV2: saveV2,
  RestoreV2: restoreV2,
  MergeV2Checkpoints: (ctx) => {
    withRank(inputShape(ctx, 0), 1);
    scalars(ctx, 1);
    return [];
  },
});
