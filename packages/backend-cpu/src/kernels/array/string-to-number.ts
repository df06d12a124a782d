import { defineKernel, ops, type DType } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { allocate, invalidArgument, output, type Nums } from './buffers.js';
import { bytesToBinary } from './summarize.js';

const INT_LIMITS: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** absl's `StripAsciiWhitespace`. */
function strip(s: string): string {
  return s.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

/**
 * absl's `SimpleAtof`/`SimpleAtod` (what TF's `safe_strtof` uses): surrounding whitespace,
 * one optional sign, decimal or `0x` hex (with optional `p` exponent), `inf`, `infinity`,
 * `nan` in any case; nothing else may follow. Out-of-range values become ±inf or ±0.
 */
export function parseFloatText(text: string): number | null {
  let s = strip(text);
  if (s.startsWith('+')) {
    s = s.slice(1);
    if (s.startsWith('-')) return null;
  }
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  }
  if (/^(inf|infinity)$/i.test(s)) return sign * Infinity;
  if (/^nan(\([0-9a-z_]*\))?$/i.test(s)) return NaN;
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(s);
  if (hex !== null) {
    const int = hex[1] ?? '';
    const frac = hex[2] ?? '';
    if (int === '' && frac === '') return null;
    const mantissa = BigInt(`0x${int + frac || '0'}`);
    const exp = Number(hex[3] ?? '0') - 4 * frac.length;
    return sign * Number(mantissa) * 2 ** exp;
  }
  if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return null;
  return sign * Number(s);
}

/** absl's `SimpleAtoi`: surrounding whitespace, a sign (`-` only for signed), ASCII digits. */
export function parseIntText(text: string, dtype: DType): bigint | null {
  const m = /^([+-]?)([0-9]+)$/.exec(strip(text));
  if (m === null) return null;
  const [lo, hi] = INT_LIMITS[dtype] as readonly [bigint, bigint];
  if (m[1] === '-' && lo === 0n) return null;
  const v = BigInt(m[1] === '-' ? `-${m[2]}` : (m[2] as string));
  return v < lo || v > hi ? null : v;
}

const decoder = new TextDecoder();

export const stringToNumberCpu = defineKernel(ops.StringToNumber, {
  deviceType: 'CPU',
  typeConstraints: { out_type: ['float32', 'float64', 'int32', 'int64', 'uint32', 'uint64'] },
  create: ({ attrs }) => {
    const dtype = attrs.out_type;
    const isFloat = dtype === 'float32' || dtype === 'float64';
    return (ctx) => {
      const x = inputArray(ctx, 0);
      const strings = x.data as Uint8Array[];
      const data = allocate(dtype, x.shape) as Nums | BigUint64Array | BigInt64Array;
      for (let i = 0; i < x.size; i++) {
        const bytes = strings[i] as Uint8Array;
        // Bytes as chars: anything outside ASCII can never parse.
        const text = bytesToBinary(bytes);
        const fail = () =>
          invalidArgument(
            `StringToNumberOp could not correctly convert string: ${decoder.decode(bytes)}`,
          );
        if (isFloat) {
          const v = parseFloatText(text);
          if (v === null) throw fail();
          (data as Nums)[i] = v;
        } else {
          const v = parseIntText(text, dtype);
          if (v === null) throw fail();
          if (dtype === 'int64' || dtype === 'uint64') (data as BigInt64Array)[i] = v;
          else (data as Nums)[i] = Number(v);
        }
      }
      output(ctx, 0, dtype, x.shape, data);
    };
  },
});
