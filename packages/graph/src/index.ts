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
export {
  raw,
  rawOp,
  type RawOps,
  type RawBuilder,
  type RawInputs,
  type RawAttrs,
  type RawOutputs,
} from './builders/raw.js';
export { importGraphDef, summarizeOpDef, type ImportGraphDefOptions } from './import-graph-def.js';
export {
  graphToGraphDef,
  GRAPH_DEF_VERSION,
  GRAPH_DEF_VERSION_MIN_CONSUMER,
  GRAPH_DEF_VERSION_MIN_PRODUCER,
  type AsGraphDefOptions,
  type GraphVersions,
} from './export-graph-def.js';
export {
  nodeDefOf,
  parseInputName,
  tensorInputName,
  type NodeDefOptions,
  type ParsedInput,
} from './node-def.js';
export { FunctionLibrary, opDefinitionFromProto } from './function-library.js';
export { SparseTensor } from './sparse-tensor.js';
export { constant, type ConstantOptions } from './builders/constant.js';
export { placeholder, placeholderWithDefault } from './builders/placeholder.js';
export { identity, stopGradient, noOp, group } from './builders/control.js';
export { nameScope, device, controlDependencies, colocateWith } from './builders/scopes.js';
export {
  add,
  subtract,
  subtract as sub,
  multiply,
  multiply as mul,
  divide,
  truediv,
  div,
  realdiv,
  floordiv,
  floormod,
  floormod as mod,
  pow,
  maximum,
  minimum,
  square,
  sqrt,
  rsqrt,
  exp,
  log,
  abs,
  negative,
  negative as neg,
  sign,
  round,
  floor,
  ceil,
  sigmoid,
  tanh,
  erf,
  equal,
  notEqual,
  less,
  lessEqual,
  greater,
  greaterEqual,
  logicalAnd,
  logicalOr,
  logicalNot,
  cast,
  addN,
  cumsum,
  clipByValue,
  matmul,
  einsum,
  argmax,
  argmin,
  range,
  topK,
  mathNs as math,
  type CumsumOptions,
  type MatmulOptions,
  type ArgOptions,
  type RangeOptions,
  type TopKOptions,
} from './builders/math.js';
export {
  reduceSum,
  reduceMean,
  reduceMax,
  reduceMin,
  reduceProd,
  reduceAll,
  reduceAny,
  type ReduceOptions,
} from './builders/reduction.js';
export {
  reshape,
  transpose,
  concat,
  stack,
  unstack,
  split,
  slice,
  stridedSlice,
  squeeze,
  expandDims,
  tile,
  pad,
  gather,
  gatherNd,
  shape,
  size,
  rank,
  fill,
  zeros,
  ones,
  zerosLike,
  onesLike,
  oneHot,
  broadcastTo,
  where,
  type TransposeOptions,
  type StackOptions,
  type UnstackOptions,
  type SplitOptions,
  type StridedSliceOptions,
  type PadOptions,
  type GatherOptions,
  type ShapeOptions,
  type OneHotOptions,
} from './builders/array.js';
export {
  nn,
  type Conv2DOptions,
  type DepthwiseOptions,
  type PoolOptions,
  type FusedBatchNormOptions,
} from './builders/nn.js';
export { image, type ResizeBilinearOptions } from './builders/image.js';
export { cond, type CondOptions, type Structured } from './control-flow/cond.js';
export { whileLoop, type WhileLoopOptions } from './control-flow/while-loop.js';
export { switchCase, type SwitchCaseOptions } from './control-flow/switch-case.js';
export {
  FuncGraph,
  traceFunction,
  type ArgSpec,
  type TraceOptions,
} from './control-flow/func-graph.js';
export { funcGraphToFunctionDef } from './control-flow/function-def.js';
export {
  Variable,
  BaseResourceVariable,
  ResourceVariable,
  UnreadVariable,
  RefVariable,
  GraphKeys,
  isVariableInitialized,
  type VariableOptions,
  type AssignOptions,
} from './state/variable.js';
export {
  globalVariables,
  trainableVariables,
  variablesInitializer,
  globalVariablesInitializer,
} from './state/variables-initializer.js';
export {
  FIFOQueue,
  QueueBase,
  type FIFOQueueOptions,
  type QueueValues,
  type DequeueResult,
} from './state/fifo-queue.js';
export { WholeFileReader, ReaderBase } from './state/whole-file-reader.js';
export {
  graphElementOf,
  isGraphElementConvertible,
  type GraphElementConvertible,
} from './state/graph-element.js';
