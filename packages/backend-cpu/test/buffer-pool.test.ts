import { describe, expect, it } from 'vitest';
import { NDArray } from '@tensorgraph/core';
import { Graph, type Operation } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import { cpu, CpuDevice } from '@tensorgraph/backend-cpu';
import { BufferPool, POOL_MIN_BYTES } from '../src/buffer-pool.js';

// Freed tensor buffers are recycled by CpuDevice.allocate. A recycled buffer must never be
// one that something else still reads: a view, a fed value, a fetched result, or a tensor
// freed twice. Results must be identical to a device that never recycles.

const attrs = { name: '/job:localhost/replica:0/task:0/device:CPU:0', deviceType: 'CPU' };
const device = (poolBytes?: number) =>
  new CpuDevice(
    { ...attrs, memoryLimitBytes: 1 << 28, incarnation: 1n },
    poolBytes === undefined ? { wasm: false } : { wasm: false, poolBytes },
  );
const bufferOf = (t: { handle: NDArray }) => (t.handle.data as Float32Array).buffer;

describe('BufferPool', () => {
  it('hands back the smallest held buffer that fits, within 1.5x, and holds at most its cap', () => {
    const pool = new BufferPool(3 * 1024);
    const a = new ArrayBuffer(1024);
    const b = new ArrayBuffer(2048);
    pool.put(b);
    pool.put(a);
    expect(pool.bytes).toBe(3072);
    // Over the cap: left to the garbage collector.
    pool.put(new ArrayBuffer(1024));
    expect(pool.bytes).toBe(3072);
    // 2048 bytes would waste more than half of a 1024-byte request.
    expect(pool.take(1200)).toBeNull();
    expect(pool.take(4096)).toBeNull();
    expect(pool.take(1000)).toBe(a);
    expect(pool.take(1000)).toBeNull();
    expect(pool.take(1536)).toBe(b);
    expect(pool.bytes).toBe(0);
  });

  it('leaves buffers below the minimum to the garbage collector', () => {
    const pool = new BufferPool(1 << 20);
    pool.put(new ArrayBuffer(POOL_MIN_BYTES - 4));
    expect(pool.bytes).toBe(0);
  });
});

describe('CpuDevice buffer reuse', () => {
  it('gives a freed buffer to the next allocation of the same size', () => {
    const d = device();
    const t = d.allocate('float32', [8, 16]);
    const buffer = bufferOf(t);
    d.free(t);
    expect(d.pooledBytes).toBe(512);
    const u = d.allocate('int32', [128]);
    expect(bufferOf(u)).toBe(buffer);
    expect(u.handle.data).toBeInstanceOf(Int32Array);
    expect(d.pooledBytes).toBe(0);
    // A much smaller tensor gets its own buffer.
    expect(bufferOf(d.allocate('float32', [64]))).not.toBe(buffer);
  });

  it('views only the asked-for part of a bigger recycled buffer', () => {
    const d = device();
    const t = d.allocate('float32', [100]);
    (t.handle.data as Float32Array).fill(7);
    d.free(t);
    const u = d.allocate('int8', [320]);
    expect(bufferOf(u)).toBe(bufferOf(t));
    expect(u.handle.data.length).toBe(320);
    expect(u.handle.size).toBe(320);
    expect((u.handle.data as Int8Array).byteOffset).toBe(0);
  });

  it('pools a tensor freed twice only once', () => {
    const d = device();
    const t = d.allocate('float32', [128]);
    d.free(t);
    d.free(t);
    expect(d.pooledBytes).toBe(512);
    const a = d.allocate('float32', [128]);
    const b = d.allocate('float32', [128]);
    expect(bufferOf(a)).not.toBe(bufferOf(b));
  });

  it('recycles a buffer other tensors share (views, pass-throughs) only when all are freed', () => {
    const d = device();
    const t = d.allocate('float32', [4, 32]);
    const view = d.wrap(new NDArray('float32', [128], t.handle.data as Float32Array));
    const part = d.wrap(new NDArray('float32', [64], (t.handle.data as Float32Array).subarray(64)));
    const passed = d.wrap(t.handle);
    d.free(t);
    d.free(view);
    d.free(view);
    d.free(passed);
    expect(d.pooledBytes).toBe(0);
    // A view nobody frees (kept by the session) keeps the buffer out of the pool for good.
    const kept = d.allocate('float32', [4, 32]);
    d.wrap(kept.handle);
    d.free(kept);
    expect(d.pooledBytes).toBe(0);
    d.free(part);
    expect(d.pooledBytes).toBe(512);
    expect(bufferOf(d.allocate('float32', [128]))).toBe(bufferOf(t));
  });

  it('stops tracking a buffer wrapped over and over without frees, and never recycles it', () => {
    const d = device();
    const t = d.allocate('float32', [128]);
    const views = Array.from({ length: 20 }, () => d.wrap(t.handle));
    d.free(t);
    for (const v of views) d.free(v);
    expect(d.pooledBytes).toBe(0);
  });

  it('never recycles values it did not allocate (fed or uploaded arrays)', () => {
    const d = device();
    const fed = new NDArray('float32', [128], new Float32Array(128));
    d.free(d.upload(fed) as { handle: NDArray } as never);
    expect(d.pooledBytes).toBe(0);
  });

  it('keeps nothing with poolBytes 0 or after dispose', async () => {
    const off = device(0);
    const t = off.allocate('float32', [128]);
    off.free(t);
    expect(off.pooledBytes).toBe(0);
    const d = device();
    d.free(d.allocate('float32', [128]));
    expect(d.pooledBytes).toBe(512);
    await d.dispose();
    expect(d.pooledBytes).toBe(0);
  });
});

/** A small CNN with views (Reshape), padding, pooling and forwarding elementwise chains. */
function cnn(): Graph {
  const g = new Graph();
  const c = (name: string, shape: number[], seed: number) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) / 2);
    return g.createOp(
      'Const',
      [],
      { value: new NDArray('float32', shape, values), dtype: 'float32' },
      { name },
    );
  };
  const o = (op: Operation, i = 0) => op.outputs[i]!;
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [1, 8, 8, 4] }, { name: 'x' });
  const conv = g.createOp(
    'Conv2D',
    [o(x), o(c('w1', [3, 3, 4, 8], 1))],
    { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' },
    { name: 'conv' },
  );
  const ba = g.createOp('BiasAdd', [o(conv), o(c('b1', [8], 2))], { T: 'float32' }, { name: 'ba' });
  const r6 = g.createOp('Relu6', [o(ba)], { T: 'float32' }, { name: 'r6' });
  const pads = g.createOp(
    'Const',
    [],
    {
      value: new NDArray('int32', [4, 2], Int32Array.from([0, 0, 1, 1, 1, 1, 0, 0])),
      dtype: 'int32',
    },
    { name: 'pads' },
  );
  const pad = g.createOp('Pad', [o(r6), o(pads)], { T: 'float32' }, { name: 'pad' });
  const dw = g.createOp(
    'DepthwiseConv2dNative',
    [o(pad), o(c('w2', [3, 3, 8, 1], 3))],
    { T: 'float32', strides: [1, 1, 1, 1], padding: 'VALID' },
    { name: 'dw' },
  );
  const neg = g.createOp('Neg', [o(dw)], { T: 'float32' }, { name: 'neg' });
  const mp = g.createOp(
    'MaxPool',
    [o(neg)],
    { T: 'float32', ksize: [1, 2, 2, 1], strides: [1, 2, 2, 1], padding: 'VALID' },
    { name: 'mp' },
  );
  const flat = g.createOp(
    'Const',
    [],
    { value: new NDArray('int32', [2], Int32Array.from([1, 128])), dtype: 'int32' },
    { name: 'flat' },
  );
  // A view of the pooled tensor: both are read afterwards, and the view is fetched.
  const view = g.createOp('Reshape', [o(mp), o(flat)], { T: 'float32' }, { name: 'view' });
  const fc = g.createOp(
    'MatMul',
    [o(view), o(c('w3', [128, 64], 4))],
    { T: 'float32' },
    { name: 'fc' },
  );
  const th = g.createOp('Tanh', [o(fc)], { T: 'float32' }, { name: 'tanh' });
  g.createOp('Softmax', [o(th)], { T: 'float32' }, { name: 'prob' });
  return g;
}

const FETCHES = ['conv:0', 'r6:0', 'view:0', 'tanh:0', 'prob:0'];
const input = (seed: number) =>
  new NDArray(
    'float32',
    [1, 8, 8, 4],
    Float32Array.from({ length: 256 }, (_, i) => Math.cos(seed + i * 0.11)),
  );

describe('buffer reuse in sessions', () => {
  it('gives the same results as a device that never recycles, run after run', async () => {
    const pooled = new Session({ graph: cnn(), backends: [cpu()] });
    const plain = new Session({ graph: cnn(), backends: [cpu({ poolBytes: 0 })] });
    const kept: { values: NDArray[]; copies: Float32Array[] }[] = [];
    for (let run = 0; run < 4; run++) {
      const feed = { 'x:0': input(run % 3) };
      const got = (await pooled.run(FETCHES, feed)) as NDArray[];
      const want = (await plain.run(FETCHES, feed)) as NDArray[];
      got.forEach((v, i) => expect(v.data, FETCHES[i]).toEqual(want[i]!.data));
      kept.push({ values: got, copies: got.map((v) => (v.data as Float32Array).slice()) });
      // Fetch-only steps of parts of the graph reuse the same buffers in other orders.
      await pooled.run(['mp:0'], { 'x:0': input(run + 10) });
    }
    // Results handed out earlier never change when later steps recycle buffers.
    for (const k of kept) k.values.forEach((v, i) => expect(v.data).toEqual(k.copies[i]));
    // Later runs with the same feed give the same values as the first.
    expect(kept[3]!.copies).toEqual(kept[0]!.copies);
    await pooled.close();
    await plain.close();
  });

  it('recycles: a cached plan allocates no new buffers after its first run', async () => {
    const session = new Session({ graph: cnn(), backends: [cpu()] });
    const seen = new Set<ArrayBufferLike>();
    const allocate = CpuDevice.prototype.allocate;
    let fresh = 0;
    CpuDevice.prototype.allocate = function (this: CpuDevice, dtype, shape) {
      const t = allocate.call(this, dtype, shape);
      const b = (t.handle.data as Float32Array).buffer;
      if (b.byteLength >= POOL_MIN_BYTES && !seen.has(b)) {
        seen.add(b);
        fresh++;
      }
      return t;
    };
    try {
      await session.run(FETCHES, { 'x:0': input(0) });
      const first = fresh;
      expect(first).toBeGreaterThan(0);
      for (let i = 1; i < 4; i++) await session.run(FETCHES, { 'x:0': input(i) });
      expect(fresh).toBe(first);
    } finally {
      CpuDevice.prototype.allocate = allocate;
      await session.close();
    }
  });
});
