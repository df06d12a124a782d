import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

// The README's first example, statement for statement: if this fails, the README lies.
describe('README example', () => {
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
