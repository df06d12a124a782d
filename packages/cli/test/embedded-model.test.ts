import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { readNpy } from '../src/npy.js';
import { packagePath } from './cli-harness.js';

const meta = JSON.parse(readFileSync(packagePath('models/digits/model.json'), 'utf8')) as {
  model_sha256: string;
  test_accuracy: number;
  inputs: { name: string; shape: (number | null)[] }[];
  outputs: { name: string }[];
};

test('model.json describes the committed model.pb (hash, accuracy, names)', () => {
  const pb = readFileSync(packagePath('models/digits/model.pb'));
  expect(createHash('sha256').update(pb).digest('hex')).toBe(meta.model_sha256);
  expect(meta.test_accuracy).toBeGreaterThan(0.9);
  expect(meta.inputs.map((i) => i.name)).toEqual(['pixels:0']);
  expect(meta.outputs.map((o) => o.name)).toEqual(['probabilities:0', 'predicted_class:0']);
});

test("the samples and TF's outputs for them agree in count and shape", () => {
  const load = (f: string) =>
    readNpy(new Uint8Array(readFileSync(packagePath(`models/digits/samples/${f}`))));
  const pixels = load('pixels.npy');
  const probs = load('probabilities.npy');
  const classes = load('predicted_class.npy');
  expect(pixels.dtype).toBe('float32');
  expect(pixels.shape).toEqual([10, 8, 8]);
  expect(probs.shape).toEqual([10, 10]);
  expect(classes.shape).toEqual([10]);
  const expected = JSON.parse(
    readFileSync(packagePath('models/digits/samples/expected.json'), 'utf8'),
  ) as {
    predicted_class: number[];
  };
  expect(Array.from(classes.data as BigInt64Array, Number)).toEqual(expected.predicted_class);
});
