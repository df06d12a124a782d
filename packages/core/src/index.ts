export * from './dtype/dtype.js';
export * from './dtype/storage.js';
export * from './ndarray/ndarray.js';
export * from './dtype/wire-name.js';
export * from './plugin/index.js';
export * from './shape/dimension.js';
export * from './shape/tensor-shape.js';
export * from './shape/broadcast.js';
export * from './shape/dense-shape.js';
export * from './device/device-spec.js';
export * from './device/parse-device-string.js';
export * from './device/merge-device-scopes.js';
export * from './device/canonical-device-name.js';
export * from './device/device-spec-matches.js';
export * from './proto/index.js';
// `AttrValue` names both the plugin API's attr-value type and TF's AttrValue proto: the root
// keeps the plugin's type and exports the proto as `AttrValueProto` (also `protos.AttrValue`).
export type { AttrValue } from './plugin/index.js';
export { AttrValue as AttrValueProto } from './proto/index.js';
export * from './dtype/dtype-facts.js';
export * from './dtype/float-formats.js';
export * from './dtype/minifloat.js';
export * from './ops/index.js';
export { convertToNDArray } from './ndarray/convert-to-ndarray.js';
export { castForFeed } from './ndarray/cast-for-feed.js';
export { SparseTensorValue } from './ndarray/sparse-tensor-value.js';
export type { Complex } from './ndarray/py-scalar.js';
// Python's repr() of values, for messages worded as TensorFlow's.
export * as python from './python-repr.js';
