import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  allocateStorage,
  defineKernel,
  floatBitsToNumber,
  isFloatBitsDType,
  NDArray,
  ops,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readInts, shapeString } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);

type Less = (a: number, b: number) => boolean;

// libstdc++'s heap algorithms, step for step: TF's unsorted TopK returns gtl::TopN's heap
// order, so reproducing it means building the heap exactly as std::make_heap/push_heap/
// pop_heap do.
function pushHeap(h: number[], hole: number, top: number, value: number, less: Less): void {
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && less(h[parent] as number, value)) {
    h[hole] = h[parent] as number;
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  h[hole] = value;
}

function adjustHeap(h: number[], hole: number, len: number, value: number, less: Less): void {
  const top = hole;
  let child = hole;
  while (child < Math.floor((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (less(h[child] as number, h[child - 1] as number)) child--;
    h[hole] = h[child] as number;
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
    child = 2 * (child + 1);
    h[hole] = h[child - 1] as number;
    hole = child - 1;
  }
  pushHeap(h, hole, top, value, less);
}

function makeHeap(h: number[], len: number, less: Less): void {
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); parent >= 0; parent--) {
    adjustHeap(h, parent, len, h[parent] as number, less);
  }
}

/** std::pop_heap over h[0, len): the top moves to h[len - 1]. */
function popHeap(h: number[], len: number, less: Less): void {
  if (len < 2) return;
  const value = h[len - 1] as number;
  h[len - 1] = h[0] as number;
  adjustHeap(h, 0, len - 1, value, less);
}

/** gtl::TopN with `greater` as its comparator; returns its elements in TF's order. */
function topN(n: number, k: number, greater: Less, sorted: boolean): number[] {
  const h: number[] = [];
  let heap = false;
  for (let c = 0; c < n; c++) {
    if (!heap) {
      // UNORDERED: append (TopKV2 never asks for the bottom, so no BOTTOM_KNOWN swaps).
      h.push(c);
      if (h.length === k + 1) {
        makeHeap(h, h.length, greater);
        popHeap(h, h.length, greater);
        heap = true;
      }
    } else if (greater(c, h[0] as number)) {
      h[h.length - 1] = c;
      pushHeap(h, h.length - 1, 0, c, greater);
      popHeap(h, h.length, greater);
    }
  }
  h.pop();
  if (sorted) {
    // std::sort_heap leaves the heap in ascending `greater` order: best first.
    for (let len = h.length; len > 1; len--) popHeap(h, len, greater);
  }
  return h;
}

/**
 * TopKV2 on CPU: k == 1 scans for the first maximum, k == last dim sorts everything (ties
 * by index), otherwise TF's gtl::TopN heap decides, including the unsorted order.
 */
export const topKV2Cpu = defineKernel(ops.TopKV2, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const input = inputArray(ctx, 0);
      const kT = inputArray(ctx, 1);
      if (kT.rank !== 0) throw ia(`k must be scalar, got shape ${shapeString(kT.shape)}`);
      const k = readInts(kT)[0] as number;
      if (k < 0) throw ia(`Need k >= 0, got ${k}`);
      if (input.rank < 1) throw ia(`input must be >= 1-D, got shape ${shapeString(input.shape)}`);
      const cols = input.shape[input.rank - 1] as number;
      if (cols < k) throw ia(`input must have at least k columns. Had ${cols}, needed ${k}`);
      const rows = cols === 0 ? 0 : input.size / cols;
      const outShape = [...input.shape.slice(0, -1), k];
      const n = rows * k;
      const values = allocateStorage(input.dtype, n) as unknown as { [i: number]: unknown };
      const indices = allocateStorage(attrs.index_type, n) as unknown as {
        [i: number]: number | bigint;
      };
      const raw = input.data as unknown as ArrayLike<number | bigint>;
      const key: ArrayLike<number | bigint> = isFloatBitsDType(input.dtype)
        ? Float64Array.from(raw as ArrayLike<number>, (b) =>
            floatBitsToNumber(input.dtype as 'float16', b),
          )
        : raw;
      const bigIndex = attrs.index_type === 'int64';
      for (let r = 0; r < rows && k > 0; r++) {
        const base = r * cols;
        const v = (c: number) => key[base + c] as number;
        let order: number[];
        if (k === 1) {
          let best = 0;
          for (let c = 1; c < cols; c++) if (v(c) > v(best)) best = c;
          order = [best];
        } else if (k === cols) {
          order = Array.from({ length: cols }, (_, c) => c);
          order.sort((a, b) => (v(a) > v(b) ? -1 : v(a) < v(b) ? 1 : a - b));
        } else {
          const greater: Less = (a, b) => v(b) < v(a) || (!(v(b) > v(a)) && a < b);
          order = topN(cols, k, greater, attrs.sorted);
        }
        order.forEach((c, i) => {
          values[r * k + i] = raw[base + c];
          indices[r * k + i] = bigIndex ? BigInt(c) : c;
        });
      }
      setOutputArray(ctx, 0, new NDArray(input.dtype, outShape, values as never));
      setOutputArray(ctx, 1, new NDArray(attrs.index_type, outShape, indices as never));
    },
});
