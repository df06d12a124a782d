import { defineKernel, floatBitsToNumber, NDArray, ops, storageOf } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { allocate, intArray, invalidArgument, type Nums, type Slots } from './buffers.js';
import { INDEX_32_64, UNIQUE_TYPES } from './dtype-sets.js';
import { bytesToBinary } from './summarize.js';

/**
 * A key per element that is equal exactly when TF's `==` is: -0 equals 0, and NaN equals
 * nothing (a fresh key each time); strings compare by bytes.
 */
function keyOf(x: NDArray): (i: number) => unknown {
  const { kind } = storageOf(x.dtype);
  const d = x.data as Nums;
  if (kind === 'string') return (i) => bytesToBinary((x.data as Uint8Array[])[i] as Uint8Array);
  if (kind === 'bigint') return (i) => (x.data as BigInt64Array)[i];
  const read =
    kind === 'float-bits'
      ? (i: number) => floatBitsToNumber(x.dtype as 'float16', d[i] as number)
      : (i: number) => d[i] as number;
  return (i) => {
    const v = read(i);
    return Number.isNaN(v) ? Symbol() : v;
  };
}

export const uniqueCpu = defineKernel(ops.Unique, {
  deviceType: 'CPU',
  typeConstraints: { T: UNIQUE_TYPES, out_idx: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = inputArray(ctx, 0);
      if (x.rank !== 1) throw invalidArgument('unique expects a 1D vector.');
      const key = keyOf(x);
      const first = new Map<unknown, number>();
      const picks: number[] = [];
      const idx = new Array<number>(x.size);
      for (let i = 0; i < x.size; i++) {
        const k = key(i);
        let slot = first.get(k);
        if (slot === undefined) {
          slot = picks.length;
          first.set(k, slot);
          picks.push(i);
        }
        idx[i] = slot;
      }
      const y = allocate(x.dtype, [picks.length]) as Slots;
      const src = x.data as Slots;
      picks.forEach((p, j) => (y[j] = src[p]));
      setOutputArray(ctx, 0, new NDArray(x.dtype, [picks.length], y as never));
      setOutputArray(ctx, 1, intArray(attrs.out_idx, [x.size], idx));
    },
});
