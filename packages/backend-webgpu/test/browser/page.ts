// Bundled by browser.test.ts (esbuild) and run in headless Chromium: the model graph on
// WEBGPU (navigator.gpu) and on CPU, results left on `window.webgpuResult`.
import { cpu } from '@tensorgraph/backend-cpu';
import { webgpu } from '@tensorgraph/backend-webgpu';
import { Session } from '@tensorgraph/session';
import { modelGraph, runModel, type ModelFixture } from '../model-graph.js';

async function main(): Promise<unknown> {
  const fixture = (await (await fetch('/fixture.json')).json()) as ModelFixture;
  // Headless Chromium offers SwiftShader, a software adapter: accept it explicitly.
  const gpu = webgpu({ allowFallbackAdapter: true });
  const availability = await gpu.isAvailable();
  if (!availability.available) return { ok: false, error: availability.reason };
  const results: Record<string, unknown> = { adapter: availability.detail };
  for (const [name, backends] of [
    ['webgpu', [cpu(), gpu]],
    ['cpu', [cpu()]],
  ] as const) {
    const lines: string[] = [];
    const session = new Session({
      graph: modelGraph(fixture),
      backends: [...backends],
      config: { logDevicePlacement: true },
      logger: (l) => lines.push(l),
    });
    try {
      const out = await runModel(session, fixture);
      results[name] = {
        sm: Array.from(out.sm.data as Float32Array),
        total: Array.from(out.total.data as Float32Array),
        cum: Array.from(out.cum.data as BigInt64Array, String),
        placement: lines.filter((l) => l.includes(': (')),
      };
    } finally {
      await session.close();
    }
  }
  return { ok: true, ...results };
}

main().then(
  (r) => ((window as unknown as { webgpuResult: unknown }).webgpuResult = r),
  (e: unknown) =>
    ((window as unknown as { webgpuResult: unknown }).webgpuResult = {
      ok: false,
      error: String((e as Error)?.stack ?? e),
    }),
);
