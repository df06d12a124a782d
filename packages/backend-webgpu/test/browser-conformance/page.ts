// Bundled by browser-conformance.test.ts (esbuild) and run in headless Chromium: every
// golden op vector TF wrote, on the WEBGPU backend's device in the page (SwiftShader), with
// the Node run's tolerances. The counts and failures are left on `window.conformanceResult`.
import { webgpu } from '@tensorgraph/backend-webgpu';
import { withSharedDevices } from '../../../conformance/src/suite-context.js';
import { vectorDType } from '../../../conformance/src/op-fixtures.js';
import { checkOpVector, type VectorTarget } from '../../../conformance/src/op-vector-check.js';
import { fetchOpFixtures } from './fixtures.js';
import type { ConformancePageResult, OpCounts, VectorFailure } from './result.js';
import { WEBGPU_TOLERANCES } from '../webgpu-tolerances.js';

async function main(): Promise<ConformancePageResult> {
  const start = performance.now();
  // Headless Chromium offers SwiftShader, a software adapter: accept it explicitly.
  const backend = webgpu({ allowFallbackAdapter: true });
  const availability = await backend.isAvailable();
  if (!availability.available) return { ok: false, error: `no WebGPU: ${availability.reason}` };
  const kernelBackend = withSharedDevices(backend);
  const ctx: VectorTarget = {
    backend,
    kernelBackend,
    deviceType: 'WEBGPU',
    options: { tolerances: WEBGPU_TOLERANCES },
  };
  const files = await fetchOpFixtures();
  const totals = { pass: 0, fail: 0, unsupported: 0 };
  const byOp: Record<string, OpCounts> = {};
  const failures: VectorFailure[] = [];
  let vectors = 0;
  try {
    for (const file of files) {
      for (const [i, v] of file.vectors.entries()) {
        vectors++;
        const outcome = await checkOpVector(ctx, file, v);
        totals[outcome.status]++;
        const counts = (byOp[`${v.op}:${vectorDType(v)}`] ??= { pass: 0, fail: 0, unsupported: 0 });
        counts[outcome.status]++;
        if (outcome.status === 'fail') {
          const name = `${file.file} ${i} ${v.op}${v.note ? ` (${v.note})` : ''}`;
          failures.push({ name, detail: outcome.detail });
        }
      }
    }
  } finally {
    await kernelBackend.disposeDevices();
  }
  return {
    ok: true,
    adapter: availability.detail ?? '',
    files: files.length,
    vectors,
    ...totals,
    byOp,
    failures,
    ms: Math.round(performance.now() - start),
  };
}

main().then(
  (r) =>
    ((window as unknown as { conformanceResult: ConformancePageResult }).conformanceResult = r),
  (e: unknown) =>
    ((window as unknown as { conformanceResult: ConformancePageResult }).conformanceResult = {
      ok: false,
      error: String((e as Error)?.stack ?? e),
    }),
);
