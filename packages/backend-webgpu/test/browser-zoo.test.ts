import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BROWSER_ZOO_MODELS } from './browser-zoo/models.js';
import type { BrowserRun, PageResult } from './browser-zoo/result.js';
import { bundleWorkspace, withPage } from '../../../tools/testing/browser.mjs';

// Model-zoo graphs TF wrote, bundled with the packages into a page that Debian's headless
// Chromium runs on WebGPU (SwiftShader behind --enable-unsafe-webgpu) and on the CPU
// backend's WebAssembly kernels, in the page and in a Web Worker; TF's numbers asserted.
// No skip: a missing Chromium or WebGPU adapter fails the test.
const packages = fileURLToPath(new URL('../../', import.meta.url));
const zooDir = `${packages}conformance/fixtures/zoo/`;
const pageDir = fileURLToPath(new URL('./browser-zoo/', import.meta.url));

async function bundle(): Promise<Record<string, string>> {
  const out = await bundleWorkspace({ page: `${pageDir}page.ts`, worker: `${pageDir}worker.ts` });
  return Object.fromEntries(Object.entries(out).map(([name, text]) => [`/${name}`, text]));
}

/** Serves the bundle and the chosen zoo folders, cross-origin isolated (SharedArrayBuffer). */
async function serve(code: Record<string, string>): Promise<{ server: Server; url: string }> {
  const models = new Set<string>(BROWSER_ZOO_MODELS);
  const server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    const path = req.url ?? '/';
    const script = code[path];
    const zoo = /^\/zoo\/([\w-]+)\/([\w-]+\.(?:json|pb|bin))$/.exec(path);
    if (script !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(script);
    } else if (zoo !== null && models.has(zoo[1] as string)) {
      const file = `${zooDir}${zoo[1]}/${zoo[2]}`;
      if (!existsSync(file)) res.writeHead(404, headers).end();
      else res.writeHead(200, headers).end(readFileSync(file));
    } else if (path === '/') {
      res
        .writeHead(200, { ...headers, 'Content-Type': 'text/html' })
        .end('<!doctype html><script type="module" src="/page.js"></script>');
    } else {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** How many nodes went to each device, as `WEBGPU 120 + CPU 3`. */
function placed(run: BrowserRun): string {
  const counts = new Map<string, number>();
  for (const line of run.placement) {
    const device = /device:(\w+):\d+$/.exec(line)?.[1] ?? '?';
    counts.set(device, (counts.get(device) ?? 0) + 1);
  }
  return [...counts].map(([d, n]) => `${d} ${n}`).join(' + ');
}

function table(runs: readonly BrowserRun[]): string {
  const rows = runs.flatMap((r) =>
    r.fetches.map(
      (f) =>
        `${r.model.padEnd(20)} ${r.device.padEnd(6)} ${r.realm.padEnd(6)} ` +
        `${String(r.firstRunMs).padStart(6)} ${String(r.secondRunMs).padStart(6)}  ` +
        `${f.name.padEnd(14)} ${f.maxAbs.toExponential(2)} ${f.maxRel.toExponential(2)} ` +
        `${f.toleranceUsed.toFixed(3).padStart(6)}  ` +
        `${placed(r)}; wasm ${r.wasm.kernelCalls} calls, ${r.wasm.maxParts} parts`,
    ),
  );
  const head =
    'model                device realm  1st ms 2nd ms  fetch          max|d|   maxrel   tol used  nodes; wasm';
  const fallback = runs
    .filter((r) => r.device === 'WEBGPU')
    .map((r) => {
      const ops = r.placement
        .filter((l) => l.endsWith('/device:CPU:0'))
        .map((l) => /: \((\w+)\)/.exec(l)?.[1] ?? '?');
      return `${r.model} on WEBGPU, op types placed on CPU: ${[...new Set(ops)].sort().join(', ')}`;
    });
  const kernels = runs
    .filter((r) => r.device === 'CPU')
    .map(
      (r) =>
        `${r.model} on CPU (${r.realm}), WebAssembly ${r.wasm.relaxed ? 'relaxed ' : ''}SIMD ` +
        `calls: ${Object.entries(r.wasm.byKernel)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
    );
  return [head, ...rows, ...fallback, ...kernels].join('\n');
}

describe('model zoo in headless Chromium', () => {
  it("runs zoo models on WEBGPU and on CPU (WebAssembly) with TensorFlow's numbers", async () => {
    const { server, url } = await serve(await bundle());
    try {
      await withPage({ url, global: 'zooResult', timeout: 100_000, webgpu: true }, (run) => {
        const result = run.result as PageResult;
        const { errors } = run;
        if (!result.ok) throw new Error(`the page failed: ${result.error}`);
        expect(errors).toEqual([]);
        console.log(
          `browser WebGPU adapter: ${result.adapter}; worker: ${result.worker.threads} threads, ` +
            `pool ready ${result.worker.poolReady}\n${table(result.runs)}`,
        );

        const combos = result.runs.map((r) => `${r.model} ${r.device} ${r.realm}`);
        for (const model of BROWSER_ZOO_MODELS) {
          expect(combos).toEqual(
            expect.arrayContaining([
              `${model} WEBGPU page`,
              `${model} CPU page`,
              `${model} CPU worker`,
            ]),
          );
        }
        for (const run of result.runs) {
          const where = `${run.model} on ${run.device} (${run.realm})`;
          expect(run.fetches.length, where).toBeGreaterThan(0);
          for (const f of run.fetches) expect(f.problem, `${where} ${f.name}`).toBeNull();
          // The CPU backend found WebAssembly SIMD in Chromium and built its runtime.
          expect(run.wasm.features.simd, where).toBe(true);
          expect(run.wasm.runtime, where).toBe(true);
          if (run.device === 'WEBGPU') {
            const onGpu = run.placement.filter((l) => l.endsWith('/device:WEBGPU:0'));
            expect(onGpu.length, `${where}: nodes placed on WEBGPU`).toBeGreaterThan(0);
          }
        }
        // mobilenet's heavy ops all have WEBGPU kernels: none may fall back to CPU.
        const mobileGpu = result.runs.find(
          (r) => r.model === 'mobilenet_v2' && r.device === 'WEBGPU',
        );
        const heavy = mobileGpu?.placement.filter((l) =>
          /: \((Conv2D|DepthwiseConv2dNative|MatMul|BiasAdd|Relu6|Mean)\)/.test(l),
        );
        expect(heavy?.length).toBeGreaterThan(0);
        expect(heavy?.filter((l) => !l.endsWith('/device:WEBGPU:0'))).toEqual([]);
        // mobilenet's convolutions and matmul go through the WebAssembly kernels on CPU. The
        // page's main thread may not block, so it runs them on one thread; a worker
        // (cross-origin isolated, allowed to block) splits the big ones over the pool.
        const mobile = (realm: string) =>
          result.runs.find(
            (r) => r.model === 'mobilenet_v2' && r.device === 'CPU' && r.realm === realm,
          );
        expect(Object.keys(mobile('page')?.wasm.byKernel ?? {})).toEqual(
          expect.arrayContaining(['gemm_rows', 'depthwise_rows']),
        );
        expect(mobile('page')?.wasm.features.threads).toBe(false);
        expect(mobile('worker')?.wasm.kernelCalls).toBeGreaterThan(0);
        expect(mobile('worker')?.wasm.features.threads).toBe(true);
        if (result.worker.threads > 1) {
          expect(result.worker.poolReady).toBe(true);
          expect(mobile('worker')?.wasm.maxParts).toBeGreaterThan(1);
        }
      });
    } finally {
      server.close();
    }
  }, 150_000);
});
