// Headless Chromium for the browser tests: Debian's build (`apt-get install chromium`; .ci/run
// installs it), driven by playwright-core, each run in a fresh temporary profile.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// No network beyond the test's own server, no GPU process (WebGPU, when asked for, is
// SwiftShader's software adapter behind --enable-unsafe-webgpu).
const ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
];

/**
 * Opens `url`, waits until the page sets `window[global]`, and calls `use` with the page,
 * that value and the page's uncaught errors; the browser is closed afterwards.
 */
export async function withPage({ url, global, timeout = 30_000, webgpu = false }, use) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: webgpu ? [...ARGS, '--enable-unsafe-webgpu'] : ARGS,
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction((name) => name in globalThis, global, { timeout });
    const result = await page.evaluate((name) => globalThis[name], global);
    return await use({ page, result, errors });
  } finally {
    await browser.close();
  }
}

const PACKAGES = new URL('../../packages/', import.meta.url).pathname;
const WORKSPACE = ['errors', 'core', 'graph', 'session', 'backend-cpu', 'backend-webgpu'];

/**
 * Bundles browser entry points straight from the workspace sources (no build needed):
 * every `@tensorgraph/*` import resolves to its package's `src/`, and a `node:` import
 * fails the build, which is how these tests prove the browser path is free of Node.
 * Returns each output file's text by its name (`page.js`, `worker.js`).
 */
export async function bundleWorkspace(entryPoints) {
  const { build } = await import('esbuild');
  const alias = { '@tensorgraph/core/testing': `${PACKAGES}core/src/testing/index.ts` };
  for (const name of WORKSPACE) alias[`@tensorgraph/${name}`] = `${PACKAGES}${name}/src/index.ts`;
  const result = await build({
    entryPoints,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/bundle',
    write: false,
    logLevel: 'silent',
    alias,
  });
  return Object.fromEntries(
    result.outputFiles.map((f) => [f.path.slice('/bundle/'.length), f.text]),
  );
}
