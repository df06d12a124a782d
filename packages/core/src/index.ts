export * from './dtype/dtype.js';
export * from './dtype/storage.js';
export * from './ndarray/ndarray.js';
export * from './dtype/wire-name.js';
export * from './plugin/index.js';
