import { CALLER_SPIN_US, chunkStart, EXIT, JOB, SLOT, WORKER_SPIN_US } from './pool-layout.js';
import { NODE_WORKER_SOURCE, WEB_WORKER_SOURCE } from './worker-source.js';

/** The two kinds of worker this pool can drive, reduced to what it uses. */
interface PoolWorker {
  stop(): void;
}

type NodeWorkerCtor = new (
  src: string,
  options: { eval: true; workerData: unknown },
) => { unref(): void; terminate(): Promise<number>; on(e: 'error', f: () => void): void };

function spawnNode(data: unknown): PoolWorker | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const wt = proc?.getBuiltinModule?.('node:worker_threads') as
    { Worker: NodeWorkerCtor } | undefined;
  if (wt === undefined) return null;
  const w = new wt.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data });
  // An idle pool must never keep the process alive.
  w.unref();
  w.on('error', () => {});
  return { stop: () => void w.terminate() };
}

function spawnWeb(data: unknown): PoolWorker | null {
  const g = globalThis as {
    Worker?: new (url: string) => { postMessage(d: unknown): void; terminate(): void };
    Blob?: new (parts: string[], o: { type: string }) => object;
    URL: { createObjectURL?(b: object): string };
  };
  if (g.Worker === undefined || g.Blob === undefined || g.URL.createObjectURL === undefined) {
    return null;
  }
  const url = g.URL.createObjectURL(new g.Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new g.Worker(url);
  w.postMessage(data);
  return { stop: () => w.terminate() };
}

/** One job for the pool: `fn(params, start, end, scratch)` over chunks of [0, total). */
export interface PoolJob {
  readonly fn: number;
  readonly params: number;
  readonly total: number;
  readonly unit: number;
  readonly chunks: number;
  /** Scratch of thread t (0: the caller) at scratch + t * scratchStride. */
  readonly scratch: number;
  readonly scratchStride: number;
}

/**
 * Worker threads that run kernel chunks over one shared WebAssembly memory. The calling
 * thread posts a job to some workers and takes chunks itself from a shared counter, so a
 * worker that wakes late (or whose core is busy) simply takes fewer; when the counter runs
 * out it withdraws the job from workers that never claimed it and waits (Atomics.wait:
 * fine in Node and in a Web Worker) only for those still running a chunk. Which thread runs
 * a chunk never changes what it computes. Workers start lazily and are only used once they
 * have said they are ready, so the first calls never wait for a thread to boot.
 */
export class WorkerPool {
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #maxWorkers: number;
  readonly #control: Int32Array;
  readonly #workers: PoolWorker[] = [];
  #seq = 0;
  #stopped = false;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, maxWorkers: number) {
    this.#module = module;
    this.#memory = memory;
    this.#maxWorkers = maxWorkers;
    const words = JOB.HEADER + maxWorkers * SLOT.WORDS;
    this.#control = new Int32Array(new SharedArrayBuffer(words * 4));
    Atomics.store(this.#control, JOB.SPIN_US, WORKER_SPIN_US);
  }

  /** Starts workers until there are `n` (capped at the pool's size). */
  ensure(n: number): void {
    if (this.#stopped) return;
    const target = Math.min(n, this.#maxWorkers);
    while (this.#workers.length < target) {
      const data = {
        module: this.#module,
        memory: this.#memory,
        control: this.#control.buffer,
        slot: this.#workers.length,
      };
      const w = spawnNode(data) ?? spawnWeb(data);
      if (w === null) {
        this.#stopped = true;
        return;
      }
      this.#workers.push(w);
    }
  }

  /** Workers ready to take a job now (the first ones started). */
  ready(): number {
    let n = 0;
    while (
      n < this.#workers.length &&
      Atomics.load(this.#control, JOB.HEADER + n * SLOT.WORDS + SLOT.READY) === 1
    ) {
      n++;
    }
    return n;
  }

  /** Waits (without blocking the event loop) until `n` workers are ready. */
  async whenReady(n: number, timeoutMs = 10000): Promise<boolean> {
    this.ensure(n);
    const end = Date.now() + timeoutMs;
    while (this.ready() < Math.min(n, this.#workers.length) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 2));
    }
    return this.ready() >= Math.min(n, this.#maxWorkers);
  }

  /**
   * Runs `job` on the calling thread (`own(start, end, scratch)` per chunk) and the first
   * `workers` workers; returns once every chunk is done. Throws if a chunk trapped.
   */
  run(
    job: PoolJob,
    workers: number,
    own: (start: number, end: number, scratch: number) => void,
  ): void {
    const c = this.#control;
    // Positive and below EXIT; never reused while a worker could still hold the old value.
    const seq = (this.#seq = (this.#seq % 0x3fffffff) + 1);
    c[JOB.FN] = job.fn;
    c[JOB.PARAMS] = job.params;
    c[JOB.TOTAL] = job.total;
    c[JOB.UNIT] = job.unit;
    c[JOB.CHUNKS] = job.chunks;
    c[JOB.SCRATCH] = job.scratch;
    c[JOB.SCRATCH_STRIDE] = job.scratchStride;
    c[JOB.ERROR] = 0;
    Atomics.store(c, JOB.NEXT, 0);
    for (let w = 0; w < workers; w++) {
      const st = JOB.HEADER + w * SLOT.WORDS;
      Atomics.store(c, st, seq);
      Atomics.notify(c, st);
    }
    let ownError: unknown = null;
    try {
      for (let i = Atomics.add(c, JOB.NEXT, 1); i < job.chunks; i = Atomics.add(c, JOB.NEXT, 1)) {
        own(
          chunkStart(job.total, job.unit, job.chunks, i),
          chunkStart(job.total, job.unit, job.chunks, i + 1),
          job.scratch,
        );
      }
    } catch (e) {
      ownError = e;
      // No more chunks for anyone: the job failed.
      Atomics.store(c, JOB.NEXT, job.chunks);
    }
    for (let w = 0; w < workers; w++) {
      const st = JOB.HEADER + w * SLOT.WORDS;
      // Withdrawn if not claimed yet; else the worker is finishing its last chunk.
      if (Atomics.compareExchange(c, st, seq, 0) === seq) continue;
      // Its last chunk is usually nearly done: poll briefly before sleeping (the caller
      // has nothing else to do, and a futex wake costs tens of us).
      const until = performance.now() + CALLER_SPIN_US / 1000;
      while (Atomics.load(c, st) !== 0 && performance.now() < until);
      for (let v = Atomics.load(c, st); v !== 0; v = Atomics.load(c, st)) {
        Atomics.wait(c, st, v, 1000);
      }
    }
    if (ownError !== null) throw ownError;
    if (c[JOB.ERROR] !== 0) throw new Error('a worker thread trapped while running a kernel chunk');
  }

  /** Tells every worker to exit. */
  dispose(): void {
    this.#stopped = true;
    this.#workers.forEach((w, i) => {
      const st = JOB.HEADER + i * SLOT.WORDS;
      Atomics.store(this.#control, st, EXIT);
      Atomics.notify(this.#control, st);
      w.stop();
    });
    this.#workers.length = 0;
  }
}
