/**
 * tensorgraph: TensorFlow's graph-execution model in TypeScript.
 *
 * `import * as tf from 'tensorgraph'` gives the whole public API of every package as it
 * lands: `tf.errors`, dtypes (`tf.float32`), `tf.NDArray`, `tf.TensorShape`, `tf.DeviceSpec`,
 * the protobufs (`tf.ConfigProto`, `tf.RunOptions`, ...) and the plugin interface.
 */
export * as errors from '@tensorgraph/errors';
export { OpError } from '@tensorgraph/errors';
export * from '@tensorgraph/core';
export * from './dtypes.js';
