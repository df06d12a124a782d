/// <reference types="@webgpu/types" />

/** Buffers are pooled by size class: 256-byte steps up to 4 KiB, then powers of two. */
export function sizeClass(bytes: number): number {
  const b = Math.max(bytes, 16);
  if (b <= 4096) return Math.ceil(b / 256) * 256;
  return 2 ** Math.ceil(Math.log2(b));
}

/**
 * Free GPU buffers by size class, for reuse. A buffer freed while commands that use it
 * are still being encoded waits in `pending` until they are submitted, so a later
 * `writeBuffer` (which the queue runs before the next submit) cannot overtake them.
 */
export class BufferPool {
  readonly #free = new Map<number, GPUBuffer[]>();
  #pending: [number, GPUBuffer][] = [];
  #pooledBytes = 0;
  readonly #maxPooledBytes: number;
  /** Buffers created and not yet destroyed (pooled or in use). */
  liveBuffers = 0;
  liveBytes = 0;
  created = 0;
  reused = 0;

  constructor(maxPooledBytes: number) {
    this.#maxPooledBytes = maxPooledBytes;
  }

  take(capacity: number): GPUBuffer | undefined {
    const list = this.#free.get(capacity);
    const buffer = list?.pop();
    if (buffer !== undefined) {
      this.#pooledBytes -= capacity;
      this.reused++;
    }
    return buffer;
  }

  created1(capacity: number): void {
    this.created++;
    this.liveBuffers++;
    this.liveBytes += capacity;
  }

  /** Returns a buffer; it becomes reusable after the current encoder is submitted. */
  give(capacity: number, buffer: GPUBuffer, encoding: boolean): void {
    if (encoding) this.#pending.push([capacity, buffer]);
    else this.#release(capacity, buffer);
  }

  /** The current encoder was submitted: pending buffers become reusable. */
  submitted(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const [capacity, buffer] of pending) this.#release(capacity, buffer);
  }

  #release(capacity: number, buffer: GPUBuffer): void {
    if (this.#pooledBytes + capacity > this.#maxPooledBytes) {
      this.destroy(capacity, buffer);
      return;
    }
    let list = this.#free.get(capacity);
    if (list === undefined) this.#free.set(capacity, (list = []));
    list.push(buffer);
    this.#pooledBytes += capacity;
  }

  destroy(capacity: number, buffer: GPUBuffer): void {
    try {
      buffer.destroy();
    } catch {
      // A lost device may refuse; the buffer is gone either way.
    }
    this.liveBuffers--;
    this.liveBytes -= capacity;
  }

  get pooledBuffers(): number {
    let n = 0;
    for (const list of this.#free.values()) n += list.length;
    return n + this.#pending.length;
  }

  /** Destroys every pooled buffer (in-use ones are the device's to destroy). */
  clear(): void {
    this.submitted();
    for (const [capacity, list] of this.#free) for (const b of list) this.destroy(capacity, b);
    this.#free.clear();
    this.#pooledBytes = 0;
  }
}
