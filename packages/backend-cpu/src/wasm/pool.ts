import { NODE_WORKER_SOURCE, WEB_WORKER_SOURCE } from './worker-source.js';

/** Int32 words per worker slot in the control block (see worker-source.ts). */
const SLOT = 16;
const SEQ = 0;
const DONE = 1;
const FN = 2;
const ARGS = 3;
const ERROR = 7;
const READY = 8;

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

/**
 * Worker threads that run kernel slices over one shared WebAssembly memory. The calling
 * thread posts a slice to each worker's slot, runs its own slice, then blocks until all
 * are done (Atomics.wait: fine in Node and in a Web Worker). Workers start lazily and
 * are only used once they have said they are ready, so the first calls never wait for
 * a thread to boot.
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
    this.#control = new Int32Array(new SharedArrayBuffer(maxWorkers * SLOT * 4));
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

  /** Workers ready to take a slice now (the first ones started). */
  ready(): number {
    let n = 0;
    while (n < this.#workers.length && Atomics.load(this.#control, n * SLOT + READY) === 1) n++;
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
   * Runs function `fn` with `slices[i]` on worker i while `own` runs here; returns once
   * every slice is done. Throws if a worker's slice trapped.
   */
  run(fn: number, slices: readonly (readonly number[])[], own: () => void): void {
    const c = this.#control;
    const seq = ++this.#seq;
    slices.forEach((args, i) => {
      const b = i * SLOT;
      Atomics.store(c, b + FN, fn);
      args.forEach((a, j) => Atomics.store(c, b + ARGS + j, a));
      Atomics.store(c, b + SEQ, seq);
      Atomics.notify(c, b + SEQ);
    });
    let ownError: unknown = null;
    try {
      own();
    } catch (e) {
      ownError = e;
    }
    let failed = false;
    slices.forEach((_, i) => {
      const b = i * SLOT;
      for (let d = Atomics.load(c, b + DONE); d !== seq; d = Atomics.load(c, b + DONE)) {
        Atomics.wait(c, b + DONE, d, 1000);
      }
      if (Atomics.load(c, b + ERROR) !== 0) failed = true;
    });
    if (ownError !== null) throw ownError;
    if (failed) throw new Error('a worker thread trapped while running a kernel slice');
  }

  /** Tells every worker to exit. */
  dispose(): void {
    this.#stopped = true;
    this.#workers.forEach((w, i) => {
      Atomics.store(this.#control, i * SLOT + SEQ, -1);
      Atomics.notify(this.#control, i * SLOT + SEQ);
      w.stop();
    });
    this.#workers.length = 0;
  }
}
