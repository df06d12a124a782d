// Run overhead of a cached plan: a fed 3-op scalar graph (x -> Identity -> Identity), on
// tensorgraph's CPU backend and, side by side, TensorFlow's own Session.run (when the
// .venv-tf of CONTRIBUTING.md exists). Build first: `npm run build`.
// Usage: node tools/bench/session-overhead.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpu } from '@tensorgraph/backend-cpu';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

const g = new Graph();
const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [] }, { name: 'x' });
const i1 = g.createOp('Identity', x.outputs, { T: 'float32' }, { name: 'i1' });
const y = g.createOp('Identity', i1.outputs, { T: 'float32' }, { name: 'y' }).outputs[0];
const s = new Session({ graph: g, backends: [cpu()] });
const feed = new Map([[x.outputs[0], 3]]);

for (let i = 0; i < 20000; i++) await s.run(y, feed);
const batches = [];
for (let b = 0; b < 7; b++) {
  const n = 20000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await s.run(y, feed);
  batches.push(((performance.now() - t0) * 1000) / n);
}
await s.close();
batches.sort((a, b) => a - b);

const rows = [['tensorgraph (CPU backend)', batches[0], batches[3]]];
const python = new URL('../../.venv-tf/bin/python', import.meta.url).pathname;
if (existsSync(python)) {
  const out = execFileSync(
    python,
    [new URL('./tf_session_overhead.py', import.meta.url).pathname],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const tf = JSON.parse(out.trim().split('\n').pop());
  rows.push(['TensorFlow 2.21 Session.run', tf.us_per_run, tf.median]);
} else {
  rows.push(['TensorFlow 2.21 Session.run', NaN, NaN]);
}
console.log('| runner | best us/run | median us/run |');
console.log('|---|---|---|');
for (const [name, best, median] of rows) {
  console.log(
    `| ${name} | ${Number.isNaN(best) ? 'n/a (no .venv-tf)' : best.toFixed(2)} | ${Number.isNaN(median) ? '' : median.toFixed(2)} |`,
  );
}
