import { describe, expect, it } from 'vitest';
import { ResourceExhaustedError } from '@tensorgraph/errors';
import { PAGE_BYTES, WasmHeap } from '../src/wasm/wasm-heap.js';
import { WasmRuntime } from '../src/wasm/runtime.js';
import { device } from './wasm/helpers.js';

// The heap every WebAssembly-resident tensor, cached constant and kernel scratch block comes
// from: best fit, coalescing, growth by pages, 16-byte alignment, and never two live blocks
// over the same bytes.

const START = 64;
const heap = (pages = 1, maxPages = 64) => {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: maxPages });
  return { memory, heap: new WasmHeap(memory, START, maxPages) };
};

/** Throws if any two live [start, start + size) ranges overlap. */
function expectDisjoint(h: WasmHeap, blocks: readonly number[]): void {
  const ranges = blocks.map((at) => [at, at + h.sizeOf(at)] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
  }
}

describe('WasmHeap', () => {
  it('aligns every block to 16 bytes and rounds sizes up', () => {
    const { heap: h } = heap();
    const a = h.alloc(1);
    const b = h.alloc(17);
    const c = h.alloc(32);
    for (const at of [a, b, c]) expect(at % 16).toBe(0);
    expect(a).toBe(START);
    expect(h.sizeOf(a)).toBe(16);
    expect(h.sizeOf(b)).toBe(32);
    expect(b).toBe(a + 16);
    expect(c).toBe(b + 32);
    expect(h.liveBytes).toBe(80);
  });

  it('gives the smallest free block that fits (best fit), splitting off the rest', () => {
    const { heap: h } = heap();
    const big = h.alloc(256);
    h.alloc(16);
    const small = h.alloc(64);
    h.alloc(16);
    h.free(big);
    h.free(small);
    // 48 fits both holes: the 64-byte one is taken, and its last 16 bytes stay free.
    const x = h.alloc(48);
    expect(x).toBe(small);
    expect(h.alloc(16)).toBe(small + 48);
    // 128 fits only the big hole.
    expect(h.alloc(128)).toBe(big);
    expect(h.freeBytes).toBe(128);
  });

  it('coalesces a freed block with free neighbours on both sides', () => {
    const { heap: h } = heap();
    const a = h.alloc(64);
    const b = h.alloc(64);
    const c = h.alloc(64);
    const guard = h.alloc(16);
    h.free(a);
    h.free(c);
    expect(h.freeBytes).toBe(128);
    h.free(b);
    expect(h.freeBytes).toBe(192);
    // One 192-byte hole: a request that needs all three is served there, not at the top.
    expect(h.alloc(192)).toBe(a);
    expect(h.blockAt(guard)).toBe(guard);
  });

  it('grows the memory by pages when nothing fits, and reports each grow', () => {
    const { memory, heap: h } = heap(1);
    const buffers = new Set<ArrayBufferLike>([memory.buffer]);
    let grows = 0;
    h.onGrow = () => {
      grows++;
      buffers.add(memory.buffer);
    };
    const a = h.alloc(PAGE_BYTES - START);
    expect(grows).toBe(0);
    const b = h.alloc(3 * PAGE_BYTES);
    expect(grows).toBe(1);
    expect(b).toBe(a + PAGE_BYTES - START);
    expect(memory.buffer.byteLength).toBe(4 * PAGE_BYTES);
    expect(buffers.size).toBe(2);
  });

  it('extends a free block at the top instead of stranding it', () => {
    const { memory, heap: h } = heap(1);
    h.alloc(1024);
    const top = h.alloc(PAGE_BYTES / 2);
    h.free(top);
    const grown = h.alloc(PAGE_BYTES);
    expect(grown).toBe(top);
    expect(memory.buffer.byteLength).toBe(2 * PAGE_BYTES);
  });

  it('fails with ResourceExhausted past its page limit, and stays usable', () => {
    const { heap: h } = heap(1, 2);
    expect(() => h.alloc(4 * PAGE_BYTES)).toThrow(ResourceExhaustedError);
    expect(h.alloc(64)).toBe(START);
  });

  it('finds the block holding an address (views into a block), and nothing in holes', () => {
    const { heap: h } = heap();
    const a = h.alloc(100);
    const b = h.alloc(48);
    expect(h.blockAt(a)).toBe(a);
    expect(h.blockAt(a + 100)).toBe(a);
    expect(h.blockAt(b + 47)).toBe(b);
    expect(h.blockAt(b + 48)).toBe(-1);
    expect(h.blockAt(START - 1)).toBe(-1);
    h.free(a);
    expect(h.blockAt(a + 4)).toBe(-1);
    expect(() => h.free(a)).toThrow(/not a live block/);
  });

  it('never hands out bytes of a live block, over many random allocations and frees', () => {
    const { heap: h } = heap(1, 256);
    let s = 12345;
    const rand = (n: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % n;
    };
    const live: number[] = [];
    for (let step = 0; step < 3000; step++) {
      if (live.length > 0 && rand(3) === 0) {
        const i = rand(live.length);
        h.free(live[i]!);
        live.splice(i, 1);
      } else {
        live.push(h.alloc(1 + rand(rand(4) === 0 ? 20000 : 600)));
      }
      if (step % 250 === 0) expectDisjoint(h, live);
    }
    expectDisjoint(h, live);
    expect(h.liveBlocks).toBe(live.length);
    for (const at of live) h.free(at);
    // Everything freed coalesces back into one hole from the start.
    expect(h.liveBytes).toBe(0);
    expect(h.alloc(h.freeBytes)).toBe(START);
  });
});

describe('kernel scratch and resident tensors', () => {
  const rt = WasmRuntime.get();

  it('never places scratch over a live tensor', () => {
    // Node always has threads, so a shared memory that tensors live in.
    expect(rt?.resident).toBe(true);
    const d = device(true);
    const t = d.allocate('float32', [1000]);
    const data = t.handle.data as Float32Array;
    data.fill(3);
    const at = rt!.addressOf(data);
    expect(at).toBeGreaterThan(0);
    const scratch = [rt!.alloc(4000), rt!.alloc(64), rt!.put(new Float32Array(500).fill(9))];
    for (const s of scratch) {
      expect(s + 4000 <= at || s >= at + 4000).toBe(true);
    }
    rt!.reset();
    // reset returns the scratch only: the tensor is still live, with its values.
    expect(rt!.heap.blockAt(at)).toBe(at);
    expect(data.every((v) => v === 3)).toBe(true);
    const again = rt!.alloc(4000);
    expect(again + 4000 <= at || again >= at + 4000).toBe(true);
    rt!.reset();
    d.free(t);
    expect(rt!.heap.blockAt(at)).toBe(-1);
  });
});
