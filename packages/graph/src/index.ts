export { Graph, getDefaultGraph, resetDefaultGraph, withDefaultGraph } from './graph.js';
export type { GraphCreateOptions, CreateOpOptions, OpLike } from './graph.js';
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
export { summarizeAttrValue, summarizeNode, formatShapeValue } from './node-summary.js';
export { applyOp, opOutputs, isRefTensor, type AttrArgs, type OpOutputs } from './apply-op.js';
export {
  convertToTensor,
  isTensorConvertible,
  type ConvertToTensorOptions,
  type TensorConvertible,
  type TensorLike,
  type HostValue,
} from './convert-to-tensor.js';
export { raw, rawOp, type RawOps, type RawBuilder, type RawInputs, type RawAttrs, type RawOutputs } from './builders/raw.js';
