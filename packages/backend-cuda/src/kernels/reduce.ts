import {
  defineKernel,
  ops,
  type DeviceTensor,
  type KernelContext,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { F32, INDEX_TYPES } from '../dtypes.js';
import { coalesce, intValues, invalidArgument, sizeOf, stridesOf } from '../shapes.js';
import { addr, checkRank, input, launch } from './helpers.js';

/** Codes of enum tg_reduce_op. */
export const REDUCE_SUM = 0;
export const REDUCE_MEAN = 1;
const CODES: readonly [OpDefinition, number][] = [
  [ops.Sum, 0],
  [ops.Mean, 1],
  [ops.Max, 2],
  [ops.Min, 3],
  [ops.Prod, 4],
];

/** TF's axis checks: in [-rank, rank), wrapped, no dim twice. */
export function normalizeAxes(axes: readonly number[], rank: number): Set<number> {
  const out = new Set<number>();
  for (const a of axes) {
    if (a < -rank || a >= rank) {
      throw invalidArgument(
        `Invalid reduction dimension (${a} for input with ${rank} dimension(s)`,
      );
    }
    const d = a < 0 ? a + rank : a;
    if (out.has(d)) {
      throw invalidArgument(`Invalid reduction arguments: Axes contains duplicate dimension: ${d}`);
    }
    out.add(d);
  }
  return out;
}

/** Enqueues `y[kept] = op over reduced dims of x`; y must hold the kept dims in order. */
export function enqueueReduce(
  ctx: KernelContext,
  code: number,
  x: DeviceTensor,
  y: DeviceTensor,
  reducedAxes: ReadonlySet<number>,
): void {
  const strides = stridesOf(x.shape);
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((d, i) => {
    if (reducedAxes.has(i)) {
      redShape.push(d);
      redStrides.push(strides[i] as number);
    } else {
      keptShape.push(d);
      keptStrides.push(strides[i] as number);
    }
  });
  if (sizeOf(keptShape) === 0) return;
  const kept = coalesce(keptShape, [keptStrides]);
  // An empty reduction still writes the identity (or NaN for Mean) to every output.
  const red =
    sizeOf(redShape) === 0 ? { shape: [0], strides: [[0]] } : coalesce(redShape, [redStrides]);
  checkRank(ctx, Math.max(kept.shape.length, red.shape.length));
  launch(ctx, (a, id) =>
    a.reduce(
      id,
      code,
      addr(x),
      addr(y),
      kept.shape,
      kept.strides[0] as number[],
      red.shape,
      red.strides[0] as number[],
    ),
  );
}

function reduceKernel(op: OpDefinition, code: number): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: F32, Tidx: INDEX_TYPES },
    hostMemory: ['reduction_indices'],
    create: ({ attrs }) => {
      const keepDims = (attrs as { keep_dims?: boolean }).keep_dims === true;
      return (ctx) => {
        const x = input(ctx, 0);
        const axesArg = ctx.hostInput(1);
        if (axesArg.rank > 1) {
          throw invalidArgument(
            `reduction_indices must be a vector or scalar, got shape [${axesArg.shape.join(',')}]`,
          );
        }
        const axes = normalizeAxes(intValues(axesArg), x.shape.length);
        const outShape = keepDims
          ? x.shape.map((d, i) => (axes.has(i) ? 1 : d))
          : x.shape.filter((_, i) => !axes.has(i));
        const y = ctx.allocateOutput(0, outShape);
        enqueueReduce(ctx, code, x, y, axes);
      };
    },
  });
}

export const REDUCE_KERNELS: readonly KernelDef[] = CODES.map(([op, code]) =>
  reduceKernel(op, code),
);
