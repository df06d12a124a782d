import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConformancePageResult } from './browser-conformance/result.js';
import { SWIFTSHADER_DIVERGENCES } from './browser-conformance/swiftshader-divergences.js';
import { bundleWorkspace, withPage } from '../../../tools/testing/browser.mjs';

// The conformance suite's ops group (TF's golden vectors, packages/conformance/fixtures/ops)
// in Debian's headless Chromium on WEBGPU: SwiftShader behind --enable-unsafe-webgpu. Every
// vector is run, none left out; those the WEBGPU backend has no kernel for (op and dtype)
// count as unsupported, as in the Node (Dawn) run of conformance.test.ts, whose tolerances
// the page uses. No skip: a missing Chromium or WebGPU adapter fails the test. The run
// finds the same 4,850 unsupported vectors as Dawn and passes all the others. Vectors known
// to differ on SwiftShader (NaN and subnormal handling WGSL leaves to the implementation)
// would be listed in SWIFTSHADER_DIVERGENCES — none are now, since the kernels test NaN and
// Inf by their bits — and the test asserts that list exactly, so any change shows up.
const packages = fileURLToPath(new URL('../../', import.meta.url));
const opsDir = `${packages}conformance/fixtures/ops/`;
const pageDir = fileURLToPath(new URL('./browser-conformance/', import.meta.url));

// The Node run on Dawn passes 1,559 vectors; a browser run
// that ran far fewer (a kernel missing, vectors not served) fails.
const MIN_PASS = 1500;

async function bundle(): Promise<string> {
  return (await bundleWorkspace({ page: `${pageDir}page.ts` }))['page.js'] ?? '';
}

/** Serves the page's bundle, the fixture list (`/ops/index.json`) and the fixture files. */
async function serve(script: string): Promise<{ server: Server; url: string }> {
  const files = readdirSync(opsDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const fixture = /^\/ops\/([\w-]+\.json)$/.exec(path)?.[1];
    const json = { 'Content-Type': 'application/json' };
    if (path === '/page.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else if (path === '/ops/index.json') {
      res.writeHead(200, json).end(JSON.stringify(files));
    } else if (fixture !== undefined && files.includes(fixture)) {
      res.writeHead(200, json).end(readFileSync(`${opsDir}${fixture}`));
    } else if (path === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><script type="module" src="/page.js"></script>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('conformance ops group in headless Chromium', () => {
  it("runs TF's golden op vectors on WEBGPU with the Node run's tolerances", async () => {
    const { server, url } = await serve(await bundle());
    try {
      await withPage(
        { url, global: 'conformanceResult', timeout: 170_000, webgpu: true },
        ({ result, errors }) => {
          const r = result as ConformancePageResult;
          if (!r.ok) throw new Error(`the page failed: ${r.error}`);
          expect(errors).toEqual([]);
          console.log(
            `browser WebGPU adapter: ${r.adapter}; ${r.files} files, ${r.vectors} vectors in ` +
              `${r.ms} ms: ${r.pass} pass, ${r.fail} fail, ${r.unsupported} unsupported` +
              r.failures
                .map((f) => `\n  FAIL ${f.name}: ${f.detail}`)
                .map((l) => (l.length > 240 ? `${l.slice(0, 240)}...` : l))
                .join(''),
          );
          expect(r.files).toBe(readdirSync(opsDir).filter((f) => f.endsWith('.json')).length);
          expect(r.pass + r.fail + r.unsupported).toBe(r.vectors);
          const known = Object.keys(SWIFTSHADER_DIVERGENCES).sort();
          const unexpected = r.failures.filter((f) => !(f.name in SWIFTSHADER_DIVERGENCES));
          expect(unexpected.map((f) => `${f.name}: ${f.detail}`)).toEqual([]);
          // A divergence that passes now was fixed in the backend: drop it from the list.
          expect(r.failures.map((f) => f.name).sort()).toEqual(known);
          expect(r.fail).toBe(known.length);
          expect(r.pass).toBeGreaterThanOrEqual(MIN_PASS);
        },
      );
    } finally {
      server.close();
    }
  }, 200_000);
});
