export { Graph, getDefaultGraph, resetDefaultGraph, withDefaultGraph } from './graph.js';
export type { GraphOptions, CreateOpOptions, OpLike } from './graph.js';
export { Operation } from './operation.js';
export { Tensor } from './tensor.js';
export {
  getDefaultSession,
  withDefaultSession,
  installDefaultSession,
  uninstallDefaultSession,
  type SessionLike,
} from './default-session.js';
export { constantValue, constantValueAsShape } from './constant-value.js';
export { createAsyncContextSlot, type AsyncContextSlot } from './context/async-context.js';
