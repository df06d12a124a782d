#!/usr/bin/env node
// The package's install script: builds the CUDA addon with node-gyp + nvcc when a CUDA
// toolkit is present. Without one it prints a single "skipping native build: <why>" line
// and exits 0, so `npm install` works everywhere; the backend then reports itself
// unavailable with that reason. A failed compile also exits 0 (the reason is recorded in
// build/addon-status.json) so one broken toolchain never blocks installing the rest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(root, 'build', 'Release', 'tg_cuda.node');
const statusFile = join(root, 'build', 'addon-status.json');
const force = process.argv.includes('--force');

function record(status) {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(statusFile, `${JSON.stringify(status, null, 2)}\n`);
}

function skip(why) {
  console.log(`@tensorgraph/backend-cuda: skipping native build: ${why}`);
  record({ built: false, reason: why });
  process.exit(0);
}

/** The toolkit root: the first candidate holding lib64/libcudart_static.a and bin/nvcc. */
function findToolkit() {
  // TG_CUDA_CANDIDATES (':'-separated) replaces the list, for tests of the no-toolkit path.
  const candidates = (
    process.env.TG_CUDA_CANDIDATES !== undefined
      ? process.env.TG_CUDA_CANDIDATES.split(':')
      : [process.env.CUDA_HOME, process.env.CUDA_PATH, '/usr/local/cuda']
  ).filter((c) => c !== undefined && c !== '');
  for (const dir of candidates) {
    if (
      existsSync(join(dir, 'lib64', 'libcudart_static.a')) &&
      existsSync(join(dir, 'bin', 'nvcc'))
    ) {
      return dir;
    }
  }
  return { searched: candidates };
}

function newestSource() {
  let newest = statSync(join(root, 'binding.gyp')).mtimeMs;
  for (const f of readdirSync(join(root, 'native'))) {
    newest = Math.max(newest, statSync(join(root, 'native', f)).mtimeMs);
  }
  return newest;
}

if (process.env.TG_CUDA_SKIP_BUILD) skip('TG_CUDA_SKIP_BUILD is set');
const toolkit = findToolkit();
if (typeof toolkit !== 'string') {
  skip(
    `no CUDA toolkit (looked for lib64/libcudart_static.a and bin/nvcc under ${toolkit.searched.join(', ')}; set CUDA_HOME)`,
  );
}
/** One build at a time: parallel `npm install`s run this script concurrently. */
function lock() {
  const dir = join(root, '.addon-build.lock');
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(dir);
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      return;
    } catch {
      const age = Date.now() - statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 10 * 60_000) rmSync(dir, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

const upToDate = () => existsSync(addon) && statSync(addon).mtimeMs > newestSource();
if (!force && upToDate()) {
  console.log('@tensorgraph/backend-cuda: native addon is up to date');
  process.exit(0);
}
lock();
if (!force && upToDate()) {
  console.log('@tensorgraph/backend-cuda: native addon is up to date');
  process.exit(0);
}

const require = createRequire(import.meta.url);
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  skip('node-gyp is not installed');
}
const args = [gyp, 'rebuild', '--jobs=max', '--release'];
// Prefer the headers installed beside node; node-gyp would otherwise fetch them.
const prefix = dirname(dirname(process.execPath));
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
args.push('--', `-Dcuda_home=${toolkit}`, `-Dnvcc=${join(toolkit, 'bin', 'nvcc')}`);
if (process.env.TG_CUDA_ARCH_FLAGS)
  args.push(`-Dcuda_arch_flags=${process.env.TG_CUDA_ARCH_FLAGS}`);

const started = Date.now();
console.log(`@tensorgraph/backend-cuda: building the CUDA addon with ${toolkit}/bin/nvcc ...`);
const run = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (run.status !== 0 || !existsSync(addon)) {
  const log = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
  console.log(log);
  console.log(
    `@tensorgraph/backend-cuda: skipping native build: node-gyp failed after ${seconds}s (log above)`,
  );
  record({
    built: false,
    reason: `the native build failed (node-gyp exit ${run.status}); rerun npm run build:addon -w @tensorgraph/backend-cuda`,
  });
  process.exit(0);
}
record({ built: true, toolkit, seconds: Number(seconds) });
console.log(`@tensorgraph/backend-cuda: built build/Release/tg_cuda.node in ${seconds}s`);
