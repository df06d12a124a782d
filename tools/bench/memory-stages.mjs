// Where the memory of loading and running MobileNetV2 224 goes, stage by stage.
//   npm run build && node tools/bench/memory-stages.mjs [--threads=N] [--runs=10] [--pool-bytes=N]
// Restarts itself under --expose-gc (plain `node` is what users run; the flag is only here so
// each snapshot is taken after a full collection). Each row: RSS, V8 heap used, `external`
// (ArrayBuffers and other C++ memory V8 knows of), and the process's peak RSS so far (VmHWM);
// "+RSS" is the row's growth over the previous one. The model comes from
// tools/bench/.cache (made by `npm run bench:cpu`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const threads = arg('threads', 1);
const runs = arg('runs', 10);
// The CPU backend's buffer pool cap (its default when not given), to see what the pool holds.
const poolBytes = arg('pool-bytes', NaN);
const cache = fileURLToPath(new URL('.cache/', import.meta.url));
if (!existsSync(`${cache}mobilenet_v2_224.pb`)) {
  console.error('no tools/bench/.cache/mobilenet_v2_224.pb: run `npm run bench:cpu` once');
  process.exit(1);
}

const MB = 1024 * 1024;
const rows = [];
let previousRss = 0;

/** Peak RSS so far in MB (Linux's VmHWM), or null where there is no /proc. */
function peakMB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function stage(name) {
  // A new task first: what a WeakRef handed out in this one stays alive until it ends.
  await sleep(0);
  // Twice: the first pass's finalizers can free more on the second.
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  rows.push({
    name,
    rss: m.rss / MB,
    grew: (m.rss - previousRss) / MB,
    heap: m.heapUsed / MB,
    heapTotal: m.heapTotal / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
    peak: peakMB(),
  });
  previousRss = m.rss;
}

await stage('node started');
const { Session, Graph, importGraphDef, GraphDef, NDArray, cpu } = await import('tensorgraph');
await stage('packages loaded');
/** The model's Graph; the file's bytes and the decoded GraphDef stay inside. */
async function load() {
  const bytes = readFileSync(`${cache}mobilenet_v2_224.pb`);
  await stage('file read');
  const graphDef = GraphDef.decode(bytes);
  await stage('GraphDef decoded');
  const graph = new Graph();
  importGraphDef(graphDef, { graph, name: '' });
  await stage('imported into a Graph');
  return graph;
}
// What the caller keeps from here on is the Graph; the file and the message may go.
const graph = await load();
await stage('file and GraphDef dropped');
const session = new Session({
  graph,
  backends: [cpu(Number.isNaN(poolBytes) ? {} : { poolBytes })],
  config: { intraOpParallelismThreads: threads, interOpParallelismThreads: 1 },
});
await stage('Session created');
const meta = JSON.parse(readFileSync(`${cache}mobilenet_v2_224.json`, 'utf8'));
const image = new Float32Array(224 * 224 * 3).map((_, i) => (i % 255) / 255);
const feeds = { [meta.input]: new NDArray('float32', [1, 224, 224, 3], image) };
await session.run(meta.output, feeds);
await stage('1st run');
for (let i = 1; i < runs; i++) await session.run(meta.output, feeds);
await stage(`${runs} runs`);
await session.close();
await stage('Session closed');

const f = (v) => (v === null ? 'n/a' : v.toFixed(1));
const pool = Number.isNaN(poolBytes) ? '' : `, CPU buffer pool cap ${poolBytes} bytes`;
console.log(`MobileNetV2 224, ${threads} thread(s)${pool}, MB after a full GC at each stage`);
console.log(
  '| stage | RSS | +RSS | heap used | heap total | external | of it ArrayBuffers | peak RSS so far |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${f(r.rss)} | ${f(r.grew)} | ${f(r.heap)} | ${f(r.heapTotal)} | ${f(r.external)} | ${f(r.arrayBuffers)} | ${f(r.peak)} |`,
  );
}
