// WEBGPU vs CPU: MatMul 256x256x256, Conv2D 1x28x28x16 (3x3, 16 -> 16, SAME) and the
// inference models of the conformance zoo, timed as cached Session.run calls (feed in,
// fetch out) after warm-up; ops without a WEBGPU kernel run on CPU in the WEBGPU column.
// Needs `npm run build`.
// On this machine WEBGPU is Dawn's OpenGL ES backend on Mesa llvmpipe (a CPU rasteriser),
// so its numbers measure the plumbing, not a GPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpu } from '@tensorgraph/backend-cpu';
import { FIXTURES_DIR, loadZoo, zooArray } from '@tensorgraph/conformance';
import { webgpu } from '@tensorgraph/backend-webgpu';
import { NDArray } from '@tensorgraph/core';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

process.env.EGL_PLATFORM ??= 'surfaceless';

function random(shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  return new NDArray(
    'float32',
    shape,
    Float32Array.from({ length: n }, () => Math.random() * 2 - 1),
  );
}

function matmulGraph(device) {
  const g = new Graph();
  const x = g.createOp('Placeholder', [], { dtype: 'float32', shape: [256, 256] }, { name: 'x' });
  const w = g.createOp('Const', [], { value: random([256, 256]), dtype: 'float32' }, { name: 'w' });
  g.createOp('MatMul', [x.outputs[0], w.outputs[0]], { T: 'float32' }, { name: 'y', device });
  return { g, feed: { 'x:0': random([256, 256]) } };
}

function convGraph(device) {
  const g = new Graph();
  const x = g.createOp(
    'Placeholder',
    [],
    { dtype: 'float32', shape: [1, 28, 28, 16] },
    { name: 'x' },
  );
  const f = g.createOp(
    'Const',
    [],
    { value: random([3, 3, 16, 16]), dtype: 'float32' },
    { name: 'f' },
  );
  g.createOp(
    'Conv2D',
    [x.outputs[0], f.outputs[0]],
    { T: 'float32', strides: [1, 1, 1, 1], padding: 'SAME' },
    { name: 'y', device },
  );
  return { g, feed: { 'x:0': random([1, 28, 28, 16]) } };
}

function zooModel(folder) {
  const model = loadZoo(join(FIXTURES_DIR, 'zoo')).find((m) => m.folder === folder);
  const zcase = model.case;
  const step = zcase.steps[0];
  return () => {
    const g = new Graph();
    g.importGraphDef(new Uint8Array(readFileSync(join(model.dir, zcase.graph))), { name: '' });
    const feed = Object.fromEntries(
      Object.entries(step.feeds ?? {}).map(([name, spec]) => [name, zooArray(spec, model.dir)]),
    );
    return {
      g,
      feed,
      fetches: [...step.fetches],
      config: { ...zcase.config, allowSoftPlacement: true },
    };
  };
}

async function time(make, device, backends) {
  const { g, feed, fetches = 'y:0', config = {} } = make(device);
  const s = new Session({ graph: g, backends, config });
  try {
    for (let i = 0; i < 3; i++) await s.run(fetches, feed);
    const runs = 10;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await s.run(fetches, feed);
    return (performance.now() - t0) / runs;
  } finally {
    await s.close();
  }
}

const gpu = webgpu();
const availability = await gpu.isAvailable();
const rows = [];
for (const [name, make] of [
  ['MatMul 256x256x256', matmulGraph],
  ['Conv2D 1x28x28x16 3x3x16x16', convGraph],
  ...['everyday_ops', 'mobilenet_v2', 'resnet_mini', 'transformer_encoder'].map((m) => [
    `zoo ${m}`,
    zooModel(m),
  ]),
]) {
  const cpuMs = await time(make, '/device:CPU:0', [cpu()]);
  const gpuMs = availability.available ? await time(make, '/device:WEBGPU:0', [cpu(), gpu]) : NaN;
  rows.push({ name, cpuMs, gpuMs });
}
console.log(
  `WEBGPU adapter: ${availability.available ? availability.detail : availability.reason}`,
);
console.log('| op | CPU ms | WEBGPU ms |');
console.log('|---|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.cpuMs.toFixed(2)} | ${r.gpuMs.toFixed(2)} |`);
process.exit(0);
