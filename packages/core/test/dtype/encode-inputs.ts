import { floatBitsToNumber, type FloatBitsDType } from '@tensorgraph/core';

/**
 * The input stream of tools/oracle/gen_value_fixtures.py `encode_inputs`, rebuilt here
 * bit for bit: every representable value of the format, the midpoints between
 * neighbours and their nearest doubles, points just off the midpoints (below float32
 * precision, to catch double rounding), specials, then splitmix64 randoms.
 */
export function encodeInputs(dtype: FloatBitsDType): Float64Array {
  const n =
    dtype === 'float4_e2m1fn' ? 16 : dtype === 'float16' || dtype === 'bfloat16' ? 65536 : 256;
  const seen = new Set<number>();
  for (let b = 0; b < n; b++) {
    const v = floatBitsToNumber(dtype, b);
    if (Number.isFinite(v) && v >= 0) seen.add(v === 0 ? 0 : v);
  }
  const pos = [...seen].sort((a, b) => a - b);
  const top = pos[pos.length - 1] as number;
  const below = pos[pos.length - 2] as number;
  const beyond = top + (top - below);
  const grid = [...pos, beyond];
  const out: number[] = [];
  const emit = (v: number): void => {
    out.push(v, -v);
  };
  for (let i = 0; i + 1 < grid.length; i++) {
    const a = grid[i] as number;
    const b = grid[i + 1] as number;
    const d = b - a;
    const mid = a + d / 2;
    for (const v of [
      a,
      mid,
      mid + d * 2 ** -20,
      mid - d * 2 ** -20,
      nextAfter(mid, Infinity),
      nextAfter(mid, -Infinity),
      a + d / 4,
      a + (3 * d) / 4,
    ]) {
      emit(v);
    }
  }
  for (const v of [
    beyond,
    beyond * 2,
    beyond * 4,
    Infinity,
    NaN,
    1.7976931348623157e308,
    5e-324,
    2 ** -1022,
  ]) {
    emit(v);
  }
  const lo = Math.floor(Math.log2(pos[1] as number));
  const hi = Math.floor(Math.log2(top));
  const span = BigInt(hi - lo + 5);
  const rng = splitmix64(0x5eed0000n + BigInt(dtype.length));
  const mask52 = (1n << 52n) - 1n;
  for (let i = 0; i < 4000; i++) {
    const r = rng();
    const exp = BigInt(lo - 2) + (((r >> 52n) & 0x7ffn) % span);
    out.push(bitsToF64(((r >> 63n) << 63n) | ((exp + 1023n) << 52n) | (r & mask52)));
  }
  for (let i = 0; i < 1000; i++) out.push(bitsToF64(rng()));
  return Float64Array.from(out, (v) => (Number.isNaN(v) ? NaN : v));
}

const MASK64 = (1n << 64n) - 1n;

function splitmix64(seed: bigint): () => bigint {
  let state = seed & MASK64;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

const view = new DataView(new ArrayBuffer(8));

function bitsToF64(bits: bigint): number {
  view.setBigUint64(0, bits, true);
  return view.getFloat64(0, true);
}

function nextAfter(x: number, toward: number): number {
  if (Number.isNaN(x) || x === toward) return x;
  if (x === 0) return toward > 0 ? 5e-324 : -5e-324;
  view.setFloat64(0, x, true);
  let bits = view.getBigUint64(0, true);
  bits += x < toward === x > 0 ? 1n : -1n;
  view.setBigUint64(0, bits, true);
  return view.getFloat64(0, true);
}
