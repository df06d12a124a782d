export * from './messages.js';
export * from './int64.js';
export * from './decode.js';
export * from './tensor-shape.js';
export * from './tensor-proto.js';
export * from './attr-value.js';
export * from './own-bytes.js';
