import {
  floatBitsToNumber,
  intRange,
  numberToFloatBits,
  storageOf,
  type DType,
  type FloatBitsDType,
} from '@tensorgraph/core';
import type { BigNums, Nums, Slots } from './buffers.js';
import { flushF32, flushF64 } from './denormals.js';

/**
 * Folds element `src[s]` into `out[o]` (element indices; complex handles both slots).
 * Arithmetic is T's: float32 rounds at each step, narrow floats round to their format,
 * integers wrap, and float denormals flush to zero as on TF's CPU threads.
 */
export type Combine = (out: Slots, o: number, src: Slots, s: number) => void;

export interface Reducer {
  /** The storage slots of the starting value (0, lowest or highest). */
  readonly init: readonly unknown[];
  readonly combine: Combine;
}

const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** `out += src` per element, as TF's CPU `+` on T (ScatterNd also adds bools and strings). */
export function sumReducer(dtype: DType): Reducer {
  const { kind } = storageOf(dtype);
  switch (kind) {
    case 'float': {
      const flush = dtype === 'float32' ? flushF32 : flushF64;
      return {
        init: [0],
        combine: (out, o, src, s) => {
          const a = out as Nums;
          a[o] = flush((a[o] as number) + flush((src as Nums)[s] as number));
        },
      };
    }
    case 'float-bits': {
      const t = dtype as FloatBitsDType;
      return {
        init: [numberToFloatBits(t, 0)],
        combine: (out, o, src, s) => {
          const a = out as Nums;
          const x =
            floatBitsToNumber(t, a[o] as number) + floatBitsToNumber(t, (src as Nums)[s] as number);
          a[o] = numberToFloatBits(t, x);
        },
      };
    }
    case 'bigint':
      return {
        init: [0n],
        combine: (out, o, src, s) => {
          const a = out as BigNums;
          a[o] = (a[o] as bigint) + ((src as BigNums)[s] as bigint);
        },
      };
    case 'complex':
      return {
        init: [0, 0],
        combine: (out, o, src, s) => {
          const a = out as Nums;
          const b = src as Nums;
          a[2 * o] = (a[2 * o] as number) + (b[2 * s] as number);
          a[2 * o + 1] = (a[2 * o + 1] as number) + (b[2 * s + 1] as number);
        },
      };
    case 'bool':
      return {
        init: [0],
        combine: (out, o, src, s) => {
          const a = out as Nums;
          a[o] = (a[o] as number) | ((src as Nums)[s] as number);
        },
      };
    case 'string':
      return {
        init: [new Uint8Array(0)],
        combine: (out, o, src, s) => {
          out[o] = concatBytes(out[o] as Uint8Array, src[s] as Uint8Array);
        },
      };
    default:
      // Integers (and quantized): the typed array wraps on store.
      return {
        init: [0],
        combine: (out, o, src, s) => {
          const a = out as Nums;
          a[o] = (a[o] as number) + ((src as Nums)[s] as number);
        },
      };
  }
}

/** The lowest (max) or highest (min) finite value of a real dtype, as storage. */
function extreme(dtype: DType, highest: boolean): unknown {
  const range = intRange(dtype);
  if (range !== undefined) {
    const v = highest ? range[1] : range[0];
    return storageOf(dtype).kind === 'bigint' ? v : Number(v);
  }
  if (dtype === 'float32') return highest ? 3.4028234663852886e38 : -3.4028234663852886e38;
  if (dtype === 'float64') return highest ? Number.MAX_VALUE : -Number.MAX_VALUE;
  // Narrow floats: the largest finite bit pattern (0x7bff for half, 0x7f7f for bfloat16).
  const t = dtype as FloatBitsDType;
  const max = dtype === 'float16' ? 65504 : 3.3895313892515355e38;
  return numberToFloatBits(t, highest ? max : -max);
}

/**
 * UnsortedSegmentMax / Min: `acc = acc > x ? acc : x` (and `<` for min), TF's order, which
 * lets a NaN in `x` through but lets a later number replace a NaN accumulator.
 */
export function extremumReducer(dtype: DType, max: boolean): Reducer {
  const init = [extreme(dtype, !max)];
  if (storageOf(dtype).kind === 'float-bits') {
    const t = dtype as FloatBitsDType;
    return {
      init,
      combine: (out, o, src, s) => {
        const a = out as Nums;
        const acc = floatBitsToNumber(t, a[o] as number);
        const x = floatBitsToNumber(t, (src as Nums)[s] as number);
        if (!(max ? acc > x : acc < x)) a[o] = (src as Nums)[s] as number;
      },
    };
  }
  return {
    init,
    combine: (out, o, src, s) => {
      const a = out as Nums;
      const x = (src as Nums)[s] as number;
      if (!(max ? (a[o] as number) > x : (a[o] as number) < x)) a[o] = x;
    },
  };
}
