// Bundled by browser-zoo.test.ts (esbuild) and run in headless Chromium: zoo models on
// WEBGPU (CPU for ops it lacks) and on CPU alone, in the page and in a Web Worker. The
// result is left on `window.zooResult`.
import { cpu } from '@tensorgraph/backend-cpu';
import { webgpu } from '@tensorgraph/backend-webgpu';
import { BROWSER_ZOO_MODELS } from './models.js';
import type { BrowserRun, PageResult, WorkerResult } from './result.js';
import { takeWasmUse } from './wasm-probe.js';
import { runZooModel } from './zoo-run.js';

type WorkerMessage = ({ ok: true } & WorkerResult) | { ok: false; error: string };

function inWorker(): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker('/worker.js', { type: 'module' });
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data);
      else reject(new Error(`worker: ${e.data.error}`));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`worker: ${e.message}`));
    };
  });
}

async function main(): Promise<PageResult> {
  // Headless Chromium offers SwiftShader, a software adapter: accept it explicitly.
  const gpu = webgpu({ allowFallbackAdapter: true });
  const availability = await gpu.isAvailable();
  if (!availability.available) return { ok: false, error: `no WebGPU: ${availability.reason}` };
  const runs: BrowserRun[] = [];
  for (const model of BROWSER_ZOO_MODELS) {
    for (const [device, backends] of [
      ['WEBGPU', [cpu(), gpu]],
      ['CPU', [cpu()]],
    ] as const) {
      takeWasmUse();
      const report = await runZooModel(model, device, [...backends]);
      runs.push({ ...report, realm: 'page', wasm: takeWasmUse() });
    }
  }
  const { runs: workerRuns, threads, poolReady } = await inWorker();
  runs.push(...workerRuns);
  return { ok: true, adapter: availability.detail ?? '', runs, worker: { threads, poolReady } };
}

main().then(
  (r) => ((window as unknown as { zooResult: PageResult }).zooResult = r),
  (e: unknown) =>
    ((window as unknown as { zooResult: PageResult }).zooResult = {
      ok: false,
      error: String((e as Error)?.stack ?? e),
    }),
);
