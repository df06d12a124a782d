import { stridesOf, type Slots } from './buffers.js';

/** Below this run length a plain loop beats `subarray` + `set` (which allocate a view). */
const SET_THRESHOLD = 32;

type Typed = {
  set(src: ArrayLike<unknown>, offset: number): void;
  subarray(a: number, b: number): ArrayLike<unknown>;
};

function isTyped(x: Slots): x is Slots & Typed {
  return ArrayBuffer.isView(x);
}

/** Copies `n` consecutive slots from `src[s..]` to `dst[d..]`. */
export function copyRun(dst: Slots, d: number, src: Slots, s: number, n: number): void {
  if (n >= SET_THRESHOLD && isTyped(dst) && isTyped(src)) {
    dst.set(src.subarray(s, s + n), d);
    return;
  }
  for (let k = 0; k < n; k++) dst[d + k] = src[s + k];
}

/**
 * The strided copy every layout kernel is built on: for each index `i` of `shape`,
 * `dst[dstStart + i·dstStrides] = src[srcStart + i·srcStrides]`, strides in elements.
 * Strides may be negative (reverse, negative-stride slices) or zero (broadcast, tile).
 * `slots` is 2 for complex storage, where an element is an (re, im) pair.
 *
 * Dims of size 1 are dropped and dims contiguous in both source and destination are
 * merged first, so a transpose or slice of a big tensor runs as few long inner loops.
 */
export function stridedCopy(
  dst: Slots,
  dstStart: number,
  dstStrides: readonly number[],
  src: Slots,
  srcStart: number,
  srcStrides: readonly number[],
  shape: readonly number[],
  slots: 1 | 2 = 1,
): void {
  const dims: number[] = [];
  const ss: number[] = [];
  const ds: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i] as number;
    if (n === 0) return;
    if (n === 1) continue;
    dims.push(n);
    ss.push((srcStrides[i] as number) * slots);
    ds.push((dstStrides[i] as number) * slots);
  }
  if (slots === 2) {
    dims.push(2);
    ss.push(1);
    ds.push(1);
  }
  // Merge dim k into k+1 when stepping k is the same as running through k+1.
  for (let k = dims.length - 2; k >= 0; k--) {
    const inner = dims[k + 1] as number;
    if (ss[k] === (ss[k + 1] as number) * inner && ds[k] === (ds[k + 1] as number) * inner) {
      dims[k + 1] = (dims[k] as number) * inner;
      dims.splice(k, 1);
      ss.splice(k, 1);
      ds.splice(k, 1);
    }
  }
  const rank = dims.length;
  const s0 = srcStart * slots;
  const d0 = dstStart * slots;
  if (rank === 0) {
    for (let k = 0; k < slots; k++) dst[d0 + k] = src[s0 + k];
    return;
  }
  const n = dims[rank - 1] as number;
  const sIn = ss[rank - 1] as number;
  const dIn = ds[rank - 1] as number;
  const contiguous = sIn === 1 && dIn === 1;
  const counter = new Array<number>(rank - 1).fill(0);
  let s = s0;
  let d = d0;
  for (;;) {
    if (contiguous) copyRun(dst, d, src, s, n);
    else for (let k = 0, si = s, di = d; k < n; k++, si += sIn, di += dIn) dst[di] = src[si];
    // Odometer over the outer dims.
    let k = rank - 2;
    for (; k >= 0; k--) {
      const c = (counter[k] as number) + 1;
      if (c < (dims[k] as number)) {
        counter[k] = c;
        s += ss[k] as number;
        d += ds[k] as number;
        break;
      }
      counter[k] = 0;
      s -= (ss[k] as number) * (c - 1);
      d -= (ds[k] as number) * (c - 1);
    }
    if (k < 0) return;
  }
}

/**
 * Copies a whole source laid out row-major over `shape` into `dst` at `dstStrides`
 * (a region of a bigger tensor: concat, pad).
 */
export function copyInto(
  dst: Slots,
  dstStart: number,
  dstStrides: readonly number[],
  src: Slots,
  shape: readonly number[],
  slots: 1 | 2 = 1,
): void {
  stridedCopy(dst, dstStart, dstStrides, src, 0, stridesOf(shape), shape, slots);
}

/**
 * Copies from `src` at `srcStrides` into all of `dst`, row-major over `shape`
 * (a view of a bigger tensor: transpose, slice, broadcast).
 */
export function copyFrom(
  dst: Slots,
  src: Slots,
  srcStart: number,
  srcStrides: readonly number[],
  shape: readonly number[],
  slots: 1 | 2 = 1,
): void {
  stridedCopy(dst, 0, stridesOf(shape), src, srcStart, srcStrides, shape, slots);
}

/**
 * Row-major copy through per-dimension offset tables: output index `(i0, i1, ...)` takes
 * the source element at `tables[0][i0] + tables[1][i1] + ...` (offsets in elements).
 * For layouts no stride describes (mirror padding). The innermost table drives a tight loop.
 */
export function mappedCopy(
  dst: Slots,
  src: Slots,
  tables: readonly (readonly number[])[],
  slots: 1 | 2 = 1,
): void {
  const rank = tables.length;
  if (tables.some((t) => t.length === 0)) return;
  if (rank === 0) {
    for (let k = 0; k < slots; k++) dst[k] = src[k];
    return;
  }
  const inner = tables[rank - 1] as readonly number[];
  const counter = new Array<number>(rank).fill(0);
  let d = 0;
  for (;;) {
    let base = 0;
    for (let k = 0; k < rank - 1; k++)
      base += (tables[k] as readonly number[])[counter[k] as number] as number;
    if (slots === 1) {
      for (let i = 0; i < inner.length; i++) dst[d++] = src[base + (inner[i] as number)];
    } else {
      for (let i = 0; i < inner.length; i++) {
        const s = 2 * (base + (inner[i] as number));
        dst[d++] = src[s];
        dst[d++] = src[s + 1];
      }
    }
    let k = rank - 2;
    for (; k >= 0; k--) {
      const c = (counter[k] as number) + 1;
      if (c < (tables[k] as readonly number[]).length) {
        counter[k] = c;
        break;
      }
      counter[k] = 0;
    }
    if (k < 0) return;
  }
}
