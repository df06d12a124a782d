import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { arrayFromJson, type JsonArray } from '@tensorgraph/core/testing';
import type { ModelFixture } from './model-graph.js';
import { bundleWorkspace, withPage } from '../../../tools/testing/browser.mjs';

// The model graph bundled for the browser and run in Debian's headless Chromium on WebGPU
// (SwiftShader behind --enable-unsafe-webgpu) and on the CPU backend, against TF's numbers.
const fixtureText = readFileSync(new URL('./fixtures/session-graph.json', import.meta.url), 'utf8');
const FIXTURE = JSON.parse(fixtureText) as ModelFixture;

async function bundle(): Promise<string> {
  const page = fileURLToPath(new URL('./browser/page.ts', import.meta.url));
  return (await bundleWorkspace({ page }))['page.js'] ?? '';
}

async function serve(code: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    if (req.url === '/page.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(code);
    } else if (req.url === '/fixture.json') {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end(fixtureText);
    } else {
      res
        .writeHead(200, { ...headers, 'Content-Type': 'text/html' })
        .end('<!doctype html><script type="module" src="/page.js"></script>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

interface ModelOut {
  sm: number[];
  total: number[];
  cum: string[];
  placement: string[];
}

function expectTf(out: ModelOut): void {
  const want = (k: string) =>
    Array.from(arrayFromJson(FIXTURE.outputs[k] as JsonArray).data as ArrayLike<number | bigint>);
  want('sm').forEach((v, i) => expect(out.sm[i]).toBeCloseTo(Number(v), 5));
  want('total').forEach((v, i) => expect(out.total[i]).toBeCloseTo(Number(v), 5));
  expect(out.cum).toEqual(want('cum').map(String));
}

describe('WEBGPU in headless Chromium', () => {
  it('bundles without the Node-only Dawn package', async () => {
    const code = await bundle();
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/from ["']webgpu["']/);
    expect(code).not.toMatch(/from ["']node:/);
  });

  it("runs the model graph on WEBGPU and on CPU in the page with TensorFlow's numbers", async () => {
    const { server, url } = await serve(await bundle());
    try {
      await withPage({ url, global: 'webgpuResult', timeout: 60_000, webgpu: true }, (run) => {
        const result = run.result as {
          ok: boolean;
          error?: string;
          adapter?: string;
          webgpu: ModelOut;
          cpu: ModelOut;
        };
        expect(result.error).toBeUndefined();
        expect(result.ok).toBe(true);
        expect(run.errors).toEqual([]);
        console.log(`browser WebGPU adapter: ${result.adapter}`);
        expectTf(result.webgpu);
        expectTf(result.cpu);
        const gpuLines = result.webgpu.placement.filter((l) => l.endsWith('device:WEBGPU:0'));
        expect(gpuLines.map((l) => l.split(':')[0])).toContain('conv');
        expect(result.webgpu.placement.find((l) => l.startsWith('cum: '))).toContain(
          'device:CPU:0',
        );
      });
    } finally {
      server.close();
    }
  }, 120_000);
});
