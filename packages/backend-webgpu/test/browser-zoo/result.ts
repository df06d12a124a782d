import type { ModelReport } from './zoo-run.js';
import type { WasmUse } from './wasm-probe.js';

/** One model on one device set in one realm, with what the WebAssembly kernels did. */
export interface BrowserRun extends ModelReport {
  /** `page`: the document's main thread; `worker`: a dedicated Web Worker. */
  readonly realm: 'page' | 'worker';
  readonly wasm: WasmUse;
}

/** What the Web Worker posts back: its runs, after starting the kernels' worker pool. */
export interface WorkerResult {
  /** navigator.hardwareConcurrency there: the threads the pool was started for. */
  readonly threads: number;
  /** Whether the pool's workers said they were ready before the runs. */
  readonly poolReady: boolean;
  readonly runs: BrowserRun[];
}

/** What the page leaves on `window.zooResult`. */
export type PageResult =
  | {
      readonly ok: true;
      readonly adapter: string;
      readonly runs: BrowserRun[];
      readonly worker: Omit<WorkerResult, 'runs'>;
    }
  | { readonly ok: false; readonly error: string };
