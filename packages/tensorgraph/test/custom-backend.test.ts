import { describe, expect, it } from 'vitest';
import { describeConformance } from '@tensorgraph/conformance';
import * as tf from 'tensorgraph';
// @ts-expect-error: an untyped .mjs example
import { toy } from '../../../examples/custom-backend/toy-backend.mjs';

// The backend of docs/writing-a-backend.md, proved the way the guide says: TensorFlow's
// golden vectors for the ops it claims, then a session that mixes it with CPU.
describeConformance({
  backend: toy() as tf.Backend,
  deviceType: 'TOY',
  groups: ['ops'],
  ops: ['Relu'],
  unsupported: 'fail',
  printReport: false,
});

describe('the toy backend in a session', () => {
  it('runs Relu on TOY and the rest on CPU, logging the placement', async () => {
    await new tf.Graph().asDefault(async () => {
      const x = tf.constant(
        [
          [1, -2],
          [-3, 4],
        ],
        { name: 'x' },
      );
      const y = tf.nn.relu(tf.matmul(x, x, { name: 'mm' }), 'y');
      const lines: string[] = [];
      await using sess = new tf.Session({
        backends: [tf.cpu(), toy() as tf.Backend],
        config: new tf.ConfigProto({ logDevicePlacement: true }),
        logger: (l) => lines.push(l),
      });
      // [[1,-2],[-3,4]]^2 = [[7,-10],[-15,22]]
      expect((await sess.run(y)).toArray()).toEqual([
        [7, 0],
        [0, 22],
      ]);
      expect(lines).toContain('y: (Relu): /job:localhost/replica:0/task:0/device:TOY:0');
      expect(lines).toContain('mm: (MatMul): /job:localhost/replica:0/task:0/device:CPU:0');
    });
  });
});
