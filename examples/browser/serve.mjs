// Bundles the browser example with esbuild and serves it on 127.0.0.1.
//   node examples/browser/serve.mjs      (then open the printed URL)
// In this repository the workspace packages are bundled from their TypeScript sources, so no
// build is needed; an application would just `import * as tf from 'tensorgraph'`.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const examples = join(here, '..');
const packages = join(examples, '..', 'packages');

/** Maps every workspace package's entry points to its sources, as vitest.config.ts does. */
function sourceAliases() {
  const alias = {};
  for (const dir of readdirSync(packages)) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      if (typeof target !== 'object') continue;
      alias[pkg.name + sub.slice(1)] = join(
        packages,
        dir,
        target.default.replace('./dist/', 'src/').replace(/\.js$/, '.ts'),
      );
    }
  }
  return alias;
}

/**
 * The page's script as one ES module for browsers. `platform: 'browser'` makes esbuild fail
 * on any `node:` import, so a Node-only import on the browser path breaks this build.
 */
export async function bundle() {
  const result = await esbuild.build({
    entryPoints: [join(here, 'main.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    alias: sourceAliases(),
    logLevel: 'silent',
    metafile: true,
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** Serves index.html, the bundle and examples/fixtures; resolves to the server and its URL. */
export async function serve({ port = 0 } = {}) {
  const { code } = await bundle();
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let body;
    try {
      if (path === '/' || path === '/index.html') body = readFileSync(join(here, 'index.html'));
      else if (path === '/bundle.js') body = code;
      else if (path.startsWith('/fixtures/') && !path.includes('..'))
        body = readFileSync(join(examples, path));
    } catch {
      body = undefined;
    }
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    // Cross-origin isolation, so SharedArrayBuffer and wasm threads are allowed.
    res.writeHead(200, {
      'content-type':
        TYPES[extname(path === '/' ? '/index.html' : path)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.env.PORT ?? 8080) });
  console.log(`tensorgraph browser example: ${url}`);
}
