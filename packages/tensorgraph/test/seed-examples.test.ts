import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

// The examples of the seed document (shared/seeds/running_graphs.md), as DESIGN.md spells
// them in TypeScript.
describe('seed examples', () => {
  it('a = 5.0, b = 6.0, c = a * b; sess.run(c) is 30', async () => {
    await new tf.Graph().asDefault(async () => {
      const a = tf.constant(5.0);
      const b = tf.constant(6.0);
      const c = tf.mul(a, b);
      const sess = new tf.Session();
      expect((await sess.run(c)).item()).toBe(30);
      await sess.close();
    });
  });

  it('fetches can be lists and nested objects; the result keeps their structure', async () => {
    await new tf.Graph().asDefault(async () => {
      const a = tf.constant([10, 20], tf.int32);
      const b = tf.constant([1.0, 2.0]);
      await using session = new tf.Session();
      expect((await session.run(a)).toArray()).toEqual([10, 20]);
      const [va, vb] = await session.run([a, b]);
      expect(va.toArray()).toEqual([10, 20]);
      expect(vb.toArray()).toEqual([1, 2]);
      const v = await session.run({ k1: { a, b }, k2: [b, a] });
      expect(v.k1.a.toArray()).toEqual([10, 20]);
      expect(v.k1.b.toArray()).toEqual([1, 2]);
      expect(v.k2[0].toArray()).toEqual([1, 2]);
      expect(v.k2[1].toArray()).toEqual([10, 20]);
    });
  });

  it('soft placement and placement logging from a ConfigProto', async () => {
    await new tf.Graph().asDefault(async () => {
      const lines: string[] = [];
      const c = tf.device('/device:GPU:0', () => tf.constant(1.0, { name: 'c' }));
      const sess = new tf.Session({
        config: new tf.ConfigProto({ allowSoftPlacement: true, logDevicePlacement: true }),
        logger: (l) => lines.push(l),
      });
      expect((await sess.run(c)).item()).toBe(1);
      expect(lines).toContain('c: (Const): /job:localhost/replica:0/task:0/device:CPU:0');
      await sess.close();
    });
  });

  it('as_default: eval() runs in the default session; InteractiveSession installs itself', async () => {
    await new tf.Graph().asDefault(async () => {
      const c = tf.constant(3.0);
      const sess = new tf.Session();
      await sess.asDefault(async () => {
        expect(tf.getDefaultSession()).toBe(sess);
        expect((await c.eval()).item()).toBe(3);
      });
      await sess.close();
      const inter = new tf.InteractiveSession();
      expect((await tf.mul(c, c).eval()).item()).toBe(9);
      await inter.close();
      expect(tf.getDefaultSession()).toBeNull();
    });
  });

  it('run after close is a RuntimeError; OpError subclasses carry codes', async () => {
    await new tf.Graph().asDefault(async () => {
      const x = tf.placeholder(tf.float32, [2], 'x');
      const sess = new tf.Session();
      const err = await sess.run(x).catch((e) => e);
      expect(err).toBeInstanceOf(tf.errors.InvalidArgumentError);
      expect(err.errorCode).toBe(tf.errors.INVALID_ARGUMENT);
      expect(err.op.name).toBe('x');
      await sess.close();
      await expect(sess.run(x, { 'x:0': [1, 2] })).rejects.toBeInstanceOf(tf.errors.RuntimeError);
    });
  });
});
