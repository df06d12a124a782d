import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import { defineKernel, ops, storageOf, type NDArray } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { intArray, type BigNums, type Nums } from './buffers.js';
import { POD } from './dtype-sets.js';
import { DBL_MIN, FLT_MIN } from './denormals.js';

/** Whether element i is non-zero as TF's CPU reads it (float denormals count as zero). */
function truthTest(x: NDArray): (i: number) => boolean {
  const { kind } = storageOf(x.dtype);
  const d = x.data as Nums;
  const tiny = x.dtype === 'float32' || x.dtype === 'complex64' ? FLT_MIN : DBL_MIN;
  switch (kind) {
    case 'bigint':
      return (i) => (x.data as BigNums)[i] !== 0n;
    case 'float':
      return (i) => !(Math.abs(d[i] as number) < tiny);
    case 'complex':
      return (i) =>
        !(Math.abs(d[2 * i] as number) < tiny && Math.abs(d[2 * i + 1] as number) < tiny);
    case 'float-bits':
      // Any pattern but ±0 (0x0000 / 0x8000) is non-zero.
      return (i) => ((d[i] as number) & 0x7fff) !== 0;
    default:
      return (i) => d[i] !== 0;
  }
}

/** Where: the coordinates of the true (non-zero) elements, row-major, as int64 [n, rank]. */
export const whereCpu = defineKernel(ops.Where, {
  deviceType: 'CPU',
  typeConstraints: { T: POD },
  create: () => (ctx) => {
    const x = inputArray(ctx, 0);
    if (x.dtype === 'float16') {
      throw new UnimplementedError(
        null,
        null,
        'No WhereOp available for float16/half type on CPU; dying in CPU WhereOp to avoid silently creating costly copies from device.',
      );
    }
    const rank = x.rank;
    if (rank < 1 || rank > 8) {
      throw new InvalidArgumentError(null, null, `WhereOp : Unhandled input dimensions: ${rank}`);
    }
    const test = truthTest(x);
    const coords: number[] = [];
    const index = new Array<number>(rank).fill(0);
    for (let i = 0; i < x.size; i++) {
      if (test(i)) coords.push(...index);
      for (let k = rank - 1; k >= 0; k--) {
        const next = (index[k] as number) + 1;
        if (next < (x.shape[k] as number)) {
          index[k] = next;
          break;
        }
        index[k] = 0;
      }
    }
    setOutputArray(ctx, 0, intArray('int64', [coords.length / rank, rank], coords));
  },
});
