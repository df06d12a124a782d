export * from './dtype/dtype.js';
export * from './dtype/storage.js';
export * from './ndarray/ndarray.js';
