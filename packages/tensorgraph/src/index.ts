/**
 * tensorgraph: TensorFlow's graph-execution model in TypeScript.
 *
 * `import * as tf from 'tensorgraph'` gives the whole public API of every package:
 * `tf.errors`, dtypes (`tf.float32`), `tf.NDArray`, `tf.TensorShape`, `tf.DeviceSpec`, the
 * protobufs (`tf.ConfigProto`, `tf.RunOptions`, ...), graphs (`tf.Graph`) and builders,
 * sessions (`tf.Session`) on the default backends, `tf.diagnose()`, and the pictures of a
 * run (`tf.toChromeTrace`, `tf.writeGraphEvents`).
 *
 * @packageDocumentation
 */
export * as errors from '@tensorgraph/errors';
export { OpError } from '@tensorgraph/errors';
export * from '@tensorgraph/core';
export * from '@tensorgraph/graph';
export {
  getDefaultSession,
  type SessionOptions,
  type SessionLogger,
  type PlacementDecision,
  type UnavailableBackend,
} from '@tensorgraph/session';
export { cpu } from '@tensorgraph/backend-cpu';
export { Session, InteractiveSession } from './session.js';
export { registerBackend, removeBackend, getBackends, resetBackends } from './backends.js';
export { CUDA_PACKAGE, WEBGPU_PACKAGE } from './default-backends.js';
export { LazyBackend, type LazyBackendSpec, type LoadState } from './lazy-backend.js';
export {
  diagnose,
  formatDiagnosis,
  type Diagnosis,
  type BackendDiagnosis,
  type DiagnoseOptions,
} from './diagnose.js';
export { detectRuntime, type Runtime } from './runtime.js';
export { toChromeTrace, type ChromeTrace, type TraceEvent } from './chrome-trace.js';
export {
  encodeGraphEvents,
  writeGraphEvents,
  decodeEvent,
  EVENTS_FILE_VERSION,
  type GraphSource,
  type GraphEventsOptions,
  type DecodedEvent,
} from './graph-events.js';
export { encodeTFRecords, decodeTFRecords } from './tfrecord.js';
export { crc32c, maskedCrc32c } from './crc32c.js';
export * from './dtypes.js';
