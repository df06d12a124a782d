import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: an untyped .mjs example
import { bundle, serve } from '../../../examples/browser/serve.mjs';

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it), driven headless.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    const { server, url } = (await serve()) as { server: { close(): void }; url: string };
    let browser: Browser | undefined;
    try {
      // Playwright gives the browser a fresh temporary profile.
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-gpu',
        ],
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url);
      await page.waitForFunction(() => 'tensorgraphExample' in window, null, { timeout: 30_000 });
      const result = (await page.evaluate(
        () => (window as unknown as { tensorgraphExample: unknown }).tensorgraphExample,
      )) as PageResult;
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
    } finally {
      await browser?.close();
      server.close();
    }
  }, 90_000);
});
