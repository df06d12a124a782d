import { FailedPreconditionError, InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, NDArray, ops, storageOf, type DType } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { narrowRound, readReals, realsToArray, shapeString } from './nn-util.js';

/** Cross: 3-vector cross products along the last dim, in T arithmetic (ints wrap). */
export const crossCpu = defineKernel(ops.Cross, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const a = inputArray(ctx, 0);
    const b = inputArray(ctx, 1);
    if (shapeString(a.shape) !== shapeString(b.shape)) {
      throw new InvalidArgumentError(
        null,
        null,
        `Both inputs must be of same shape: ${shapeString(a.shape)} vs. ${shapeString(b.shape)}`,
      );
    }
    if (a.rank < 1) {
      throw new InvalidArgumentError(
        null,
        null,
        `Input must be at least 1D${shapeString(a.shape)}`,
      );
    }
    if (a.shape[a.rank - 1] !== 3) {
      throw new FailedPreconditionError(
        null,
        null,
        'Cross-products are only defined for 3-element vectors.',
      );
    }
    const dtype: DType = a.dtype;
    const kind = storageOf(dtype).kind;
    if (kind === 'int' || kind === 'bigint') {
      const x = a.data as unknown as ArrayLike<number | bigint>;
      const y = b.data as unknown as ArrayLike<number | bigint>;
      const out = new (
        storageOf(dtype).arrayType as new (n: number) => {
          [i: number]: number | bigint;
        }
      )(a.size);
      const big = kind === 'bigint';
      // Typed-array stores wrap to T's width, so the low 32 (or 64) bits of each product
      // are all that matter.
      const mul = (p: number | bigint, q: number | bigint) =>
        big ? (p as bigint) * (q as bigint) : Math.imul(p as number, q as number);
      for (let i = 0; i < a.size; i += 3) {
        for (let k = 0; k < 3; k++) {
          const [j1, j2] = [(k + 1) % 3, (k + 2) % 3];
          const p = mul(x[i + j1]!, y[i + j2]!);
          const q = mul(x[i + j2]!, y[i + j1]!);
          out[i + k] = big ? (p as bigint) - (q as bigint) : (p as number) - (q as number);
        }
      }
      setOutputArray(ctx, 0, new NDArray(dtype, a.shape, out as never));
      return;
    }
    const round =
      dtype === 'float64'
        ? (v: number) => v
        : dtype === 'float32'
          ? Math.fround
          : narrowRound(dtype)!;
    const x = readReals(a);
    const y = readReals(b);
    const out = new Float64Array(a.size);
    for (let i = 0; i < a.size; i += 3) {
      for (let k = 0; k < 3; k++) {
        const [j1, j2] = [(k + 1) % 3, (k + 2) % 3];
        const p = round((x[i + j1] as number) * (y[i + j2] as number));
        const q = round((x[i + j2] as number) * (y[i + j1] as number));
        out[i + k] = round(p - q);
      }
    }
    setOutputArray(ctx, 0, realsToArray(dtype, a.shape, out));
  },
});
