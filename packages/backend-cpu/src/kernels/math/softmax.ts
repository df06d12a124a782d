import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type NDArray,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { shapeString, tryBroadcastShape } from './broadcast.js';
import { FLOATS } from './dtype-groups.js';
import {
  floatScratch,
  floatValues,
  floatWork,
  fromFloatValues,
  type FloatArray,
  type Round,
} from './elementwise.js';

/**
 * One row of softmax or log-softmax, as TF's Eigen expression: shift by the row max, exp,
 * sum; softmax multiplies by the inverse of the sum, log-softmax subtracts its log.
 */
function softmaxRow(
  v: FloatArray,
  start: number,
  n: number,
  out: FloatArray,
  log: boolean,
  r: Round,
): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    const e = v[start + j] as number;
    if (e > max || e !== e) max = e !== e ? e : e;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) sum += r(Math.exp(r((v[start + j] as number) - max)));
  sum = r(sum);
  if (log) {
    const ls = r(Math.log(sum));
    for (let j = 0; j < n; j++) out[start + j] = r(r((v[start + j] as number) - max) - ls);
  } else {
    const inv = r(1 / sum);
    for (let j = 0; j < n; j++)
      out[start + j] = r(r(Math.exp(r((v[start + j] as number) - max))) * inv);
  }
}

function softmaxKernel(op: OpDefinition, log: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { T: FLOATS },
    create: ({ inputDTypes }) => {
      const dtype = inputDTypes[0] as DType;
      const r = floatWork(dtype).round;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        if (x.shape.length < 1) {
          throw new InvalidArgumentError(
            null,
            null,
            `logits must have >= 1 dimension, got ${shapeString(x.shape)}`,
          );
        }
        const n = x.shape[x.shape.length - 1] as number;
        const v = floatValues(x);
        const out = floatScratch(dtype, v.length);
        for (let start = 0; n > 0 && start < v.length; start += n)
          softmaxRow(v, start, n, out, log, r);
        setOutputArray(ctx, 0, fromFloatValues(dtype, x.shape, out));
      };
    },
  });
}

/** Loss and backprop of one row: log-sum-exp of the shifted logits against the labels. */
function crossEntropyRow(
  logits: FloatArray,
  lStart: number,
  labelAt: (j: number) => number,
  n: number,
  backprop: FloatArray,
  bStart: number,
  r: Round,
): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) {
    const e = logits[lStart + j] as number;
    if (e > max || e !== e) max = e;
  }
  let sum = 0;
  for (let j = 0; j < n; j++) sum += r(Math.exp(r((logits[lStart + j] as number) - max)));
  sum = r(sum);
  const logSum = r(Math.log(sum));
  let loss = 0;
  for (let j = 0; j < n; j++) {
    const shifted = r((logits[lStart + j] as number) - max);
    loss += r(labelAt(j) * r(logSum - shifted));
    backprop[bStart + j] = r(r(r(Math.exp(shifted)) / sum) - labelAt(j));
  }
  return r(loss);
}

/** SoftmaxCrossEntropyWithLogits: 2-D logits and labels, broadcast against each other. */
const softmaxCrossEntropyCpu = defineKernel(ops.SoftmaxCrossEntropyWithLogits, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOATS },
  create: ({ inputDTypes }) => {
    const dtype = inputDTypes[0] as DType;
    const r = floatWork(dtype).round;
    return (ctx) => {
      const logitsT = inputArray(ctx, 0);
      const labelsT = inputArray(ctx, 1);
      const shape = tryBroadcastShape(logitsT.shape, labelsT.shape);
      if (shape === null) {
        throw new InvalidArgumentError(
          null,
          null,
          `logits and labels must be broadcastable: logits_size=${shapeString(logitsT.shape)} labels_size=${shapeString(labelsT.shape)}`,
        );
      }
      if (shape.length !== 2) {
        throw new InvalidArgumentError(
          null,
          null,
          'logits and labels must be either 2-dimensional, or broadcasted to be 2-dimensional',
        );
      }
      const [batch, n] = shape as [number, number];
      const logits = floatValues(logitsT);
      const labels = floatValues(labelsT);
      // Broadcast reads: a dim of 1 repeats.
      const at = (t: NDArray, i: number, j: number) =>
        (t.shape[0] === 1 ? 0 : i) * (t.shape[1] as number) + (t.shape[1] === 1 ? 0 : j);
      const loss = floatScratch(dtype, batch);
      const backprop = floatScratch(dtype, batch * n);
      const row = floatScratch(dtype, n);
      for (let i = 0; i < batch; i++) {
        for (let j = 0; j < n; j++) row[j] = logits[at(logitsT, i, j)] as number;
        loss[i] = crossEntropyRow(
          row,
          0,
          (j) => labels[at(labelsT, i, j)] as number,
          n,
          backprop,
          i * n,
          r,
        );
      }
      setOutputArray(ctx, 0, fromFloatValues(dtype, [batch], loss));
      setOutputArray(ctx, 1, fromFloatValues(dtype, [batch, n], backprop));
    };
  },
});

/** SparseSoftmaxCrossEntropyWithLogits: labels are class indices, checked against the range. */
const sparseSoftmaxCrossEntropyCpu = defineKernel(ops.SparseSoftmaxCrossEntropyWithLogits, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOATS, Tlabels: ['int32', 'int64'] },
  create: ({ inputDTypes }) => {
    const dtype = inputDTypes[0] as DType;
    const r = floatWork(dtype).round;
    return (ctx) => {
      const logitsT = inputArray(ctx, 0);
      const labelsT = inputArray(ctx, 1);
      if (logitsT.shape.length !== 2) {
        throw new InvalidArgumentError(
          null,
          null,
          `logits must be 2-D, but got shape ${shapeString(logitsT.shape)}`,
        );
      }
      if (labelsT.shape.length !== 1) {
        throw new InvalidArgumentError(
          null,
          null,
          `labels must be 1-D, but got shape ${shapeString(labelsT.shape)}`,
        );
      }
      const [batch, n] = logitsT.shape as [number, number];
      if (labelsT.shape[0] !== batch) {
        throw new InvalidArgumentError(
          null,
          null,
          `logits and labels must have the same first dimension, got logits shape ${shapeString(logitsT.shape)} and labels shape ${shapeString(labelsT.shape)}`,
        );
      }
      if (n === 0) {
        throw new InvalidArgumentError(
          null,
          null,
          `Must have at least one class, but got logits shape ${shapeString(logitsT.shape)}`,
        );
      }
      const labels = Array.from(labelsT.data as ArrayLike<number | bigint>, Number);
      const bad = labels.find((l) => l < 0 || l >= n);
      if (bad !== undefined) {
        throw new InvalidArgumentError(
          null,
          null,
          `Received a label value of ${bad} which is outside the valid range of [0, ${n}).  Label values: ${labels.join(' ')}`,
        );
      }
      const logits = floatValues(logitsT);
      const loss = floatScratch(dtype, batch);
      const backprop = floatScratch(dtype, batch * n);
      for (let i = 0; i < batch; i++) {
        const label = labels[i] as number;
        loss[i] = crossEntropyRow(
          logits,
          i * n,
          (j) => (j === label ? 1 : 0),
          n,
          backprop,
          i * n,
          r,
        );
      }
      setOutputArray(ctx, 0, fromFloatValues(dtype, [batch], loss));
      setOutputArray(ctx, 1, fromFloatValues(dtype, [batch, n], backprop));
    };
  },
});

export const SOFTMAX_KERNELS: readonly KernelDef[] = [
  softmaxKernel(ops.Softmax, false),
  softmaxKernel(ops.LogSoftmax, true),
  softmaxCrossEntropyCpu,
  sparseSoftmaxCrossEntropyCpu,
];
