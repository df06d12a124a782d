import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tf from 'tensorgraph';
import { buildGraphView, groupKey } from '../src/graph-view.js';
import { freshDir, MODEL, packagePath, runCli } from './cli-harness.js';

// What TF itself says of the embedded model (written by gen_embedded_model.py).
const meta = JSON.parse(readFileSync(packagePath('models/digits/model.json'), 'utf8')) as {
  node_count: number;
  op_types: string[];
};
const graphDef = tf.decodeProto(tf.GraphDef, new Uint8Array(readFileSync(MODEL)));

describe('tensorgraph inspect', () => {
  test('lists inputs, outputs, the op histogram, devices and the function library', async () => {
    const r = await runCli(['inspect', MODEL]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain(`GraphDef with ${meta.node_count} nodes`);
    expect(out).toMatch(
      /Inputs \(placeholders\): 1\n.*\n.*\n {2}pixels:0 +float32 +\(None, 8, 8\) +Placeholder/,
    );
    expect(out).toMatch(/predicted_class:0 +int64 +\(None,\) +Identity/);
    expect(out).toMatch(/probabilities:0 +float32 +\(None, 10\) +Identity/);
    expect(out).toContain(`Ops: ${meta.node_count} nodes of ${meta.op_types.length} types`);
    expect(out).toMatch(/Conv2D +2\n/);
    expect(out).toContain('Devices requested:\n  none');
    expect(out).toContain('Function library: empty');
  });

  test('--json gives the same facts as data', async () => {
    const r = await runCli(['inspect', MODEL, '--json']);
    const facts = JSON.parse(r.stdout) as {
      nodeCount: number;
      inputs: { name: string; dtype: string; shape: string }[];
      outputs: { name: string }[];
      ops: { type: string; count: number }[];
      importError: string | null;
    };
    expect(facts.nodeCount).toBe(meta.node_count);
    expect(facts.inputs).toEqual([
      { name: 'pixels:0', op: 'Placeholder', dtype: 'float32', shape: '(None, 8, 8)' },
    ]);
    expect(facts.outputs.map((o) => o.name).sort()).toEqual([
      'predicted_class:0',
      'probabilities:0',
    ]);
    expect(facts.ops.map((o) => o.type).sort()).toEqual([...meta.op_types].sort());
    expect(facts.ops.reduce((a, o) => a + o.count, 0)).toBe(meta.node_count);
    expect(facts.importError).toBeNull();
  });

  test('reports the function library and requested devices of a TF2 While model', async () => {
    const lstm = fileFromRepo('tools/oracle/fixtures/graphdef/models/keras_lstm.pb');
    const r = await runCli(['inspect', lstm]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Function library: 2 function\(s\)/);
    expect(r.stdout).toMatch(/while_body\S* +10 +10 +\d+/);
  });

  test('--svg and --dot draw the graph, scopes folded so it stays readable', async () => {
    const dir = freshDir();
    const r = await runCli(['inspect', MODEL, '--svg', 'g.svg', '--dot', 'pics/g.dot'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote pics\/g\.dot \(Graphviz DOT, 14 boxes\)/);
    const svg = readFileSync(join(dir, 'g.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // One titled group per box, arrows with markers, input/outputs named, shapes on arrows.
    expect(svg.match(/<g><title>/g)?.length).toBe(14);
    expect(svg).toContain('>pixels</text>');
    expect(svg).toContain('>probabilities</text>');
    expect(svg).toContain('>digits_cnn_1/conv1_1/</text>');
    expect(svg).toContain('>float32 (None, 8, 8, 16)</text>');
    expect(svg).toContain('marker-end="url(#arrow)"');
    expect(svg).not.toMatch(/NaN|undefined/);
    const dot = readFileSync(join(dir, 'pics/g.dot'), 'utf8');
    expect(dot).toMatch(/^digraph "model\.pb" \{/);
    expect(dot).toContain(
      '"digits_cnn_1/pool1_1" -> "digits_cnn_1/conv2_1" [label="float32 (None, 4, 4, 16)"];',
    );
    expect(dot).toContain('"NoOp" -> "probabilities" [style=dashed');
  });

  test('--expand draws every op', async () => {
    const dir = freshDir();
    await runCli(['inspect', MODEL, '--svg', 'all.svg', '--expand'], dir);
    const svg = readFileSync(join(dir, 'all.svg'), 'utf8');
    expect(svg.match(/<g><title>/g)?.length).toBe(meta.node_count);
  });

  test('a missing model is an error', async () => {
    const r = await runCli(['inspect', 'missing.pb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tensorgraph: error: model file not found: missing.pb\n');
  });
});

describe('graph view', () => {
  test('groupKey folds a name to its first scopes, and an op with its own sub-scope together', () => {
    expect(groupKey('a/b/c/d', 2)).toBe('a/b');
    expect(groupKey('a/b', 2)).toBe('a/b');
    expect(groupKey('ArgMax/dimension', 1)).toBe('ArgMax');
    expect(groupKey('ArgMax', 1)).toBe('ArgMax');
  });

  test('folding keeps every data edge between boxes and puts weights with their layer', () => {
    const view = buildGraphView(graphDef);
    expect(view.collapsedAt).toBe(2);
    const ids = new Set(view.nodes.map((n) => n.id));
    expect(ids).toContain('digits_cnn_1/conv1_1');
    expect(ids).toContain('ArgMax');
    // The ArgMax axis constant went into ArgMax's box, which is still drawn as the op.
    expect(view.nodes.find((n) => n.id === 'ArgMax')?.lines).toEqual(['ArgMax', 'ArgMax']);
    expect(view.nodes.reduce((a, n) => a + n.size, 0)).toBe(graphDef.node.length);
    const data = view.edges.filter((e) => !e.control).map((e) => `${e.from} -> ${e.to}`);
    expect(data).toEqual(
      expect.arrayContaining([
        'pixels -> digits_cnn_1/rescale_1',
        'digits_cnn_1/classifier_1 -> ArgMax',
        'ArgMax -> predicted_class',
        'digits_cnn_1/classifier_1 -> probabilities',
      ]),
    );
    expect(view.nodes.find((n) => n.id === 'pixels')?.kind).toBe('input');
    expect(view.nodes.find((n) => n.id === 'probabilities')?.kind).toBe('output');
  });
});

function fileFromRepo(rel: string): string {
  return packagePath(`../../${rel}`);
}
