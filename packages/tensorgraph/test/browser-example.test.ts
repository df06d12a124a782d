import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: an untyped .mjs example
import { bundle, serve } from '../../../examples/browser/serve.mjs';
import { withPage } from '../../../tools/testing/browser.mjs';

const facts = JSON.parse(
  readFileSync(new URL('../../../examples/fixtures/dense.json', import.meta.url), 'utf8'),
) as { probs: number[][]; hidden: number[][] };

interface PageResult {
  ok: boolean;
  error?: string;
  built: { probs: number[][]; hidden: number[][] };
  imported: { probs: number[][]; hidden: number[][] };
  diff: number;
  backends: { name: string; status: string; reason?: string; devices: { name: string }[] }[];
}

describe('examples/browser', () => {
  it('bundles for browsers without any Node-only module', async () => {
    const { code, inputs } = (await bundle()) as { code: string; inputs: string[] };
    expect(inputs).toContain('examples/browser/main.mjs');
    expect(inputs.some((i) => i.startsWith('packages/backend-cpu/src/'))).toBe(true);
    expect(code).not.toMatch(/from ["']node:/);
    expect(code).not.toMatch(/import\(["']node:/);
  });

  it("runs both graphs in headless Chromium on the CPU backend with TensorFlow's numbers", async () => {
    const { server, url } = (await serve()) as { server: { close(): void }; url: string };
    try {
      await withPage({ url, global: 'tensorgraphExample' }, async ({ page, errors, ...run }) => {
        const result = run.result as PageResult;
        expect(result.error).toBeUndefined();
        expect(result.ok).toBe(true);
        expect(errors).toEqual([]);
        for (const got of [result.built, result.imported]) {
          got.probs.forEach((row, i) =>
            row.forEach((v, j) => expect(v).toBeCloseTo(facts.probs[i]![j]!, 5)),
          );
          got.hidden.forEach((row, i) =>
            row.forEach((v, j) => expect(v).toBeCloseTo(facts.hidden[i]![j]!, 5)),
          );
        }
        expect(result.diff).toBeLessThan(1e-5);
        // In a page: CPU runs, CUDA is not for browsers, and WebGPU (off with --disable-gpu, or
        // only a software adapter) is not a default.
        const byName = Object.fromEntries(result.backends.map((b) => [b.name, b]));
        expect(byName.cpu!.status).toBe('available');
        expect(byName.cpu!.devices.map((d) => d.name)).toEqual([
          '/job:localhost/replica:0/task:0/device:CPU:0',
        ]);
        expect(byName.cuda).toMatchObject({
          status: 'not loaded',
          reason: 'CUDA runs only in Node.js (this runtime: browser)',
        });
        expect(byName.webgpu!.status).not.toBe('available');
        expect(byName.webgpu!.reason).toMatch(/\S/);
        expect(await page.textContent('#out')).toContain('largest difference');
      });
    } finally {
      server.close();
    }
  }, 90_000);
});
