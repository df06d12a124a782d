import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

// The README's examples, statement for statement: if this fails, the README lies.
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README examples', () => {
  it('the README shows what these tests run', () => {
    expect(README).toContain('npm ci');
    expect(README).toContain('npm test');
    expect(README).toContain('npx tensorgraph run');
    expect(README).toContain('const c = tf.mul(a, b);');
    expect(README).toContain("const [probs] = await s.run(['probs:0'], { 'x:0': x });");
    expect(README).toContain('tf.TensorShape.unknown(2).mergeWith([3, 4, 5]);');
  });

  it('a = 5.0, b = 6.0: sess.run(a * b) is 30', async () => {
    await new tf.Graph().asDefault(async () => {
      const a = tf.constant(5.0);
      const b = tf.constant(6.0);
      const c = tf.mul(a, b);
      const sess = new tf.Session();
      expect((await sess.run(c)).item()).toBe(30);
      await sess.close();
    });
  });

  it("a GraphDef from Python runs by tensor name and gives TensorFlow's numbers", async () => {
    const fixtures = new URL('../../../examples/fixtures/', import.meta.url);
    const facts = JSON.parse(readFileSync(new URL('dense.json', fixtures), 'utf8')) as {
      x: number[][];
      probs: number[][];
    };
    const bytes = new Uint8Array(readFileSync(new URL('dense.pb', fixtures)));
    const x = facts.x;

    const graph = new tf.Graph();
    graph.asDefault(() => tf.importGraphDef(bytes, { name: '' }));
    await using s = new tf.Session({ graph });
    const [probs] = await s.run(['probs:0'], { 'x:0': x });
    expect(probs!.shape).toEqual([x.length, 2]);
    (probs!.toArray() as number[][]).forEach((row, i) =>
      row.forEach((p, j) => expect(Math.abs(p - facts.probs[i]![j]!)).toBeLessThan(1e-6)),
    );
  });

  it('protobufs, NDArray and errors work as shown', () => {
    const config = new tf.ConfigProto({ allowSoftPlacement: true, logDevicePlacement: true });
    const bytes = tf.ConfigProto.encode(config).finish();
    expect(tf.ConfigProto.decode(bytes).allowSoftPlacement).toBe(true);
    // Python's ConfigProto(allow_soft_placement=True, log_device_placement=True).SerializeToString()
    expect(Array.from(bytes)).toEqual([0x38, 0x01, 0x40, 0x01]);

    const x = tf.NDArray.from(
      [
        [1, 2],
        [3, 4],
      ],
      tf.int32,
    );
    expect(x.shape).toEqual([2, 2]);
    expect(x.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);

    let caught: unknown;
    try {
      tf.TensorShape.unknown(2).mergeWith([3, 4, 5]);
    } catch (e) {
      caught = e;
    }
    expect(caught instanceof tf.errors.ValueError).toBe(true);
  });
});
