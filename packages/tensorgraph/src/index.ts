/**
 * tensorgraph: TensorFlow's graph-execution model in TypeScript.
 *
 * `import * as tf from 'tensorgraph'` gives the whole public API of every package:
 * `tf.errors`, dtypes (`tf.float32`), `tf.NDArray`, `tf.TensorShape`, `tf.DeviceSpec`, the
 * protobufs (`tf.ConfigProto`, `tf.RunOptions`, ...), graphs (`tf.Graph`), sessions
 * (`tf.Session`) on the default backends, and the plugin interface.
 */
export * as errors from '@tensorgraph/errors';
export { OpError } from '@tensorgraph/errors';
export * from '@tensorgraph/core';
export * from '@tensorgraph/graph';
export { getDefaultSession, type SessionOptions, type SessionLogger } from '@tensorgraph/session';
export { cpu } from '@tensorgraph/backend-cpu';
export { Session, InteractiveSession } from './session.js';
export { registerBackend, removeBackend, getBackends } from './backends.js';
export * from './dtypes.js';
