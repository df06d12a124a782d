import type { ShapeContext, ShapeFn, ShapeValue } from '../../plugin/op-def.js';
import {
  mergePrefix,
  mergeShapes,
  shapeError,
  withRank,
  withRankAtLeast,
  withValue,
} from './shape-utils.js';
import {
  concatAll,
  inputShape,
  shapeAttr,
  shapeFromShapeTensor,
  subshapeTF,
  twoPassTable,
} from './array-utils.js';

/**
 * Shape functions of TF's control-flow ops: TF1 frames (`control_flow_ops.cc`), functional
 * control flow (`functional_ops.cc`), TensorArrayV3 (`data_flow_ops.cc`) and TensorList
 * (`list_ops.cc`).
 *
 * TF also refines these through data the `ShapeContext` does not carry: a TensorArray's or
 * TensorList's element shape travels as handle data, and `PartitionedCall` outputs come from
 * inferring the called function's body. Without them these functions give what TF's own
 * shape functions give when that data is absent.
 */

const noOutputs: ShapeFn = () => [];
const scalarOut: ShapeFn = () => [[]];
const unchanged: ShapeFn = (ctx) => [inputShape(ctx, 0)];

function unknownOutputs(ctx: ShapeContext): ShapeValue[] {
  return new Array<ShapeValue>(ctx.numOutputs).fill(null);
}

// ----------------------------------------------------------------------------- TF1 frames

function switchOp(ctx: ShapeContext): ShapeValue[] {
  withRank(inputShape(ctx, 1), 0);
  const data = inputShape(ctx, 0);
  return [data, data];
}

/** Merge: dims on which the inputs disagree become unknown; different ranks, unknown rank. */
function merge(ctx: ShapeContext): ShapeValue[] {
  let out = inputShape(ctx, 0);
  if (out !== null) {
    const rank = out.length;
    for (let i = 1; i < ctx.inputShapes.length; i++) {
      const input = inputShape(ctx, i);
      if (input === null || input.length !== rank) {
        out = null;
        break;
      }
      const current: readonly (number | null)[] = out;
      out = current.map((d, j) => (d === (input[j] ?? null) ? d : null));
    }
  }
  return [out, []];
}

// ----------------------------------------------------------------------------- functional

/** `output_shapes` when set, else `fallback` (TF's If/Case/While shape functions). */
function fromOutputShapes(fallback: (ctx: ShapeContext) => ShapeValue[]): ShapeFn {
  return (ctx) => {
    const shapes = ctx.attr<readonly ShapeValue[]>('output_shapes');
    if (shapes.length === 0) return fallback(ctx);
    if (shapes.length !== ctx.numOutputs) {
      // TF's message has no closing parenthesis.
      throw shapeError(
        `\`output_shapes\` must be the same length as num outputs (${shapes.length} vs. ${ctx.numOutputs}`,
      );
    }
    return [...shapes];
  };
}

// ----------------------------------------------------------------------------- TensorArrayV3

/** A TensorArray handle is, to TF's shape functions, a vector of 2. */
function taHandle(ctx: ShapeContext): void {
  withValue(withRank(inputShape(ctx, 0), 1)[0] ?? null, 2);
}

function taGather(ctx: ShapeContext): ShapeValue[] {
  withRank(inputShape(ctx, 0), 1);
  const indices = withRank(inputShape(ctx, 1), 1);
  withValue(inputShape(ctx, 0)?.[0] ?? null, 2);
  withRank(inputShape(ctx, 2), 0);
  return [concatAll(indices, shapeAttr(ctx, 'element_shape'))];
}

function taScatter(ctx: ShapeContext): ShapeValue[] {
  withRank(inputShape(ctx, 0), 1);
  const indices = withRank(inputShape(ctx, 1), 1);
  withValue(inputShape(ctx, 0)?.[0] ?? null, 2);
  withRank(inputShape(ctx, 3), 0);
  mergePrefix(inputShape(ctx, 2), indices);
  return [[]];
}

// ----------------------------------------------------------------------------- TensorList

/** The element shape a list op reads from input `i` (-1: unknown rank). */
function elementShape(ctx: ShapeContext, i: number): ShapeValue {
  return shapeFromShapeTensor(ctx, i, true);
}

function listFromTensor(ctx: ShapeContext): ShapeValue[] {
  const exceptFirst = subshapeTF(inputShape(ctx, 0), 1);
  mergeShapes(exceptFirst, elementShape(ctx, 1));
  return [[]];
}

function listStack(ctx: ShapeContext): ShapeValue[] {
  const element = elementShape(ctx, 1);
  const n = ctx.attr<number>('num_elements');
  return [concatAll([n === -1 ? null : n], element)];
}

function listConcat(ctx: ShapeContext): ShapeValue[] {
  const element = elementShape(ctx, 1);
  const out = element === null ? null : concatAll([null], subshapeTF(element, 1));
  return [out, [null]];
}

/** Shape functions of the control-flow, TensorArray and TensorList ops. */
export const controlFlowShapeFns: Record<string, ShapeFn> = twoPassTable({
  Switch: switchOp,
  RefSwitch: switchOp,
  Merge: merge,
  RefMerge: merge,
  // A loop variable's shape may change between iterations: only constants keep theirs.
  Enter: (ctx) => [ctx.attr<boolean>('is_constant') ? inputShape(ctx, 0) : null],
  RefEnter: unchanged,
  Exit: unchanged,
  RefExit: unchanged,
  NextIteration: unchanged,
  RefNextIteration: unchanged,
  LoopCond: (ctx) => [withRank(inputShape(ctx, 0), 0)],
  ControlTrigger: noOutputs,
  If: fromOutputShapes(unknownOutputs),
  StatelessIf: fromOutputShapes(unknownOutputs),
  Case: fromOutputShapes(unknownOutputs),
  StatelessCase: fromOutputShapes(unknownOutputs),
  While: fromOutputShapes((ctx) => ctx.inputShapes.slice(0, ctx.numOutputs)),
  StatelessWhile: fromOutputShapes((ctx) => ctx.inputShapes.slice(0, ctx.numOutputs)),
  // TF then infers the function body's shapes; without the function library, unknown.
  PartitionedCall: unknownOutputs,
  StatefulPartitionedCall: unknownOutputs,

  TensorArrayV3: (ctx) => {
    withRank(inputShape(ctx, 0), 0);
    return [[2], []];
  },
  TensorArrayGradV3: (ctx) => {
    taHandle(ctx);
    return [[2], []];
  },
  TensorArrayWriteV3: (ctx) => {
    taHandle(ctx);
    withRank(inputShape(ctx, 1), 0);
    withRank(inputShape(ctx, 3), 0);
    return [[]];
  },
  TensorArrayReadV3: (ctx) => {
    taHandle(ctx);
    withRank(inputShape(ctx, 1), 0);
    withRank(inputShape(ctx, 2), 0);
    return [null];
  },
  TensorArrayGatherV3: taGather,
  TensorArrayScatterV3: taScatter,
  TensorArrayConcatV3: (ctx) => {
    taHandle(ctx);
    withRank(inputShape(ctx, 1), 0);
    return [null, [null]];
  },
  TensorArraySplitV3: (ctx) => {
    taHandle(ctx);
    withRank(inputShape(ctx, 2), 1);
    withRank(inputShape(ctx, 3), 0);
    return [[]];
  },
  TensorArraySizeV3: (ctx) => {
    taHandle(ctx);
    return [[]];
  },
  TensorArrayCloseV3: (ctx) => {
    taHandle(ctx);
    return [];
  },
  // TF gives stack handles TwoElementOutput's [2], and checks only that on close.
  StackV2: () => [[2]],
  StackPushV2: (ctx) => [inputShape(ctx, 1)],
  StackPopV2: () => [null],
  StackCloseV2: (ctx) => {
    taHandle(ctx);
    return [];
  },

  EmptyTensorList: (ctx) => {
    elementShape(ctx, 0);
    return [[]];
  },
  TensorListReserve: (ctx) => {
    elementShape(ctx, 0);
    return [[]];
  },
  TensorListFromTensor: listFromTensor,
  TensorListLength: scalarOut,
  TensorListElementShape: () => [null],
  TensorListGetItem: (ctx) => [elementShape(ctx, 2)],
  TensorListSetItem: scalarOut,
  TensorListPushBack: scalarOut,
  TensorListPopBack: () => [[], null],
  TensorListStack: listStack,
  TensorListGather: (ctx) => [concatAll(inputShape(ctx, 1), elementShape(ctx, 2))],
  TensorListScatterIntoExistingList: (ctx) => {
    withRankAtLeast(inputShape(ctx, 1), 1);
    withRank(inputShape(ctx, 2), 1);
    return [[]];
  },
  TensorListConcatV2: listConcat,
});
