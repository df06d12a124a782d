import {
  NDArray,
  defineKernel,
  ops,
  type DType,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import type { CudaDevice } from '../cuda-device.js';
import { F32 } from '../dtypes.js';
import { broadcastStrides, invalidArgument, shapeString, sizeOf } from '../shapes.js';
import { addr, checkRank, forward, input, launch } from './helpers.js';
import { REDUCE_MEAN, enqueueReduce } from './reduce.js';

const SQUARED_DIFFERENCE = 7;
const MUL = 2;
const ADD = 0;

interface BatchNormAttrs {
  readonly epsilon: number;
  readonly data_format: string;
  readonly is_training: boolean;
  readonly exponential_avg_factor?: number;
}

/** `(1 - f) * running + f * batch` into a new [C] tensor. */
function blend(
  ctx: KernelContext,
  running: DeviceTensor,
  batch: DeviceTensor,
  factor: number,
  index: number,
): void {
  const device = ctx.device as CudaDevice;
  const c = batch.shape[0] as number;
  const keep = device.upload(NDArray.from(1 - factor, 'float32'));
  const take = device.upload(NDArray.from(factor, 'float32'));
  const a = device.allocate('float32', [c]);
  const b = device.allocate('float32', [c]);
  const out = ctx.allocateOutput(index, [c]);
  launch(ctx, (x, id) => {
    x.binary(id, MUL, addr(running), addr(keep), addr(a), [c], [1], [0]);
    x.binary(id, MUL, addr(batch), addr(take), addr(b), [c], [1], [0]);
    x.binary(id, ADD, addr(a), addr(b), addr(out), [c], [1], [1]);
  });
}

/**
 * FusedBatchNorm (V1/V2/V3). Inference normalises with the given moments. Training takes
 * the moments of the batch (mean, then mean of squared differences) and reports the
 * unbiased variance, blended into the running values by `exponential_avg_factor`.
 */
function batchNormKernel(op: OpDefinition, v3: boolean): KernelDef {
  const constraints: Record<string, readonly DType[]> = { T: F32 };
  if (op !== ops.FusedBatchNorm) constraints.U = F32;
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: constraints,
    create: ({ attrs }) => {
      const a = attrs as unknown as BatchNormAttrs;
      const factor = a.exponential_avg_factor ?? 1;
      return (ctx) => {
        const [x, scale, offset, mean, variance] = [0, 1, 2, 3, 4].map((i) => input(ctx, i)) as [
          DeviceTensor,
          DeviceTensor,
          DeviceTensor,
          DeviceTensor,
          DeviceTensor,
        ];
        const rank = x.shape.length;
        if (rank !== 4 && rank !== 5) {
          throw invalidArgument(`input must be 4 or 5-dimensional${shapeString(x.shape)}`);
        }
        const axis = a.data_format.startsWith('NC') ? 1 : rank - 1;
        const channels = x.shape[axis] as number;
        let inner = 1;
        for (let d = axis + 1; d < rank; d++) inner *= x.shape[d] as number;
        // TF's message for a per-channel input that is not one value per channel of x.
        const perChannel = (named: Record<string, { shape: readonly number[] }>, when = '') => {
          for (const [name, t] of Object.entries(named)) {
            if (t.shape.length !== 1 || t.shape[0] !== channels) {
              throw invalidArgument(
                `${when}${name} must have the same number of elements as the channels of x, got ${sizeOf(t.shape)} and ${channels}`,
              );
            }
          }
        };
        perChannel({ scale, offset });
        for (const [name, t] of [
          ['estimated_mean', mean],
          ['estimated_variance', variance],
        ] as const) {
          if (t.shape.length !== 1) {
            throw invalidArgument(`${name} must be 1-dimensional${shapeString(t.shape)}`);
          }
        }
        if (a.is_training && factor !== 1) {
          perChannel({ mean, variance }, 'When exponential_avg_factor != 1, ');
        }
        const n = sizeOf(x.shape);
        const y = ctx.allocateOutput(0, x.shape);
        const device = ctx.device as CudaDevice;
        if (!a.is_training) {
          perChannel({ mean, variance });
          if (n > 0) {
            launch(ctx, (k, id) =>
              k.batchNorm(
                id,
                addr(x),
                addr(scale),
                addr(offset),
                addr(mean),
                addr(variance),
                a.epsilon,
                addr(y),
                n,
                channels,
                inner,
              ),
            );
          }
          forward(ctx, 1, mean, mean.shape);
          forward(ctx, 2, variance, variance.shape);
          forward(ctx, 3, mean, mean.shape);
          forward(ctx, 4, variance, variance.shape);
          if (v3) ctx.allocateOutput(5, [0]);
          return;
        }
        const reduced = new Set(x.shape.map((_, i) => i).filter((i) => i !== axis));
        const count = n / Math.max(channels, 1);
        const batchMean = device.allocate('float32', [channels]);
        const batchVar = device.allocate('float32', [channels]);
        const squares = device.allocate('float32', x.shape);
        enqueueReduce(ctx, REDUCE_MEAN, x, batchMean, reduced);
        if (n > 0) {
          const meanView = x.shape.map((d, i) => (i === axis ? d : 1));
          checkRank(ctx, rank);
          launch(ctx, (k, id) => {
            k.binary(
              id,
              SQUARED_DIFFERENCE,
              addr(x),
              addr(batchMean),
              addr(squares),
              x.shape,
              broadcastStrides(x.shape, x.shape),
              broadcastStrides(meanView, x.shape),
            );
          });
        }
        enqueueReduce(ctx, REDUCE_MEAN, squares, batchVar, reduced);
        if (n > 0) {
          launch(ctx, (k, id) =>
            k.batchNorm(
              id,
              addr(x),
              addr(scale),
              addr(offset),
              addr(batchMean),
              addr(batchVar),
              a.epsilon,
              addr(y),
              n,
              channels,
              inner,
            ),
          );
        }
        // Reported variance is unbiased: biased * count / (count - 1).
        const unbiased = device.allocate('float32', [channels]);
        const correction = device.upload(
          NDArray.from(count > 1 ? count / (count - 1) : 1, 'float32'),
        );
        if (channels > 0) {
          launch(ctx, (k, id) =>
            k.binary(
              id,
              MUL,
              addr(batchVar),
              addr(correction),
              addr(unbiased),
              [channels],
              [1],
              [0],
            ),
          );
        }
        if (factor === 1) {
          forward(ctx, 1, batchMean, [channels]);
          forward(ctx, 2, unbiased, [channels]);
        } else {
          blend(ctx, mean, batchMean, factor, 1);
          blend(ctx, variance, unbiased, factor, 2);
        }
        forward(ctx, 3, batchMean, [channels]);
        forward(ctx, 4, batchVar, [channels]);
        if (v3) {
          const r3 = ctx.allocateOutput(5, []);
          launch(ctx, (k, id) => k.fill(id, 4, addr(r3), 1, 0n));
        }
      };
    },
  });
}

export const BATCH_NORM_KERNELS: readonly KernelDef[] = [
  batchNormKernel(ops.FusedBatchNorm, false),
  batchNormKernel(ops.FusedBatchNormV2, false),
  batchNormKernel(ops.FusedBatchNormV3, true),
];
