// A dedicated Web Worker: the CPU backend alone, where the WebAssembly kernels may block
// on shared memory and so split work over their own worker pool.
import { cpu } from '@tensorgraph/backend-cpu';
import { BROWSER_ZOO_MODELS } from './models.js';
import type { BrowserRun } from './result.js';
import { takeWasmUse, warmUpPool } from './wasm-probe.js';
import { runZooModel } from './zoo-run.js';

async function main(): Promise<{ poolReady: boolean; threads: number; runs: BrowserRun[] }> {
  const threads = navigator.hardwareConcurrency;
  const poolReady = await warmUpPool(threads);
  const runs: BrowserRun[] = [];
  for (const model of BROWSER_ZOO_MODELS) {
    takeWasmUse();
    const report = await runZooModel(model, 'CPU', [cpu()]);
    runs.push({ ...report, realm: 'worker', wasm: takeWasmUse() });
  }
  return { poolReady, threads, runs };
}

main().then(
  (r) => postMessage({ ok: true, ...r }),
  (e: unknown) => postMessage({ ok: false, error: String((e as Error)?.stack ?? e) }),
);
