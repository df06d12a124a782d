/** Built-in op definitions: `ops.MatMul` for kernels, `BUILTIN_OPS` for graphs. */
export * as ops from './generated/op-defs.js';
export { BUILTIN_OPS, BUILTIN_SHAPE_FNS } from './builtin-registry.js';
export { OP_LIST, type BuiltinOpType } from './op-list.js';
export * as shapeUtils from './shapes/shape-utils.js';
