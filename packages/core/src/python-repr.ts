/**
 * Python's `repr()`, `str()` and `type().__name__` of JavaScript values, for messages
 * worded exactly as TensorFlow's. One implementation, shared by every package.
 */
export { floatRepr, complexRepr, strRepr, bytesRepr, tupleRepr } from './ndarray/py-repr.js';
export { pyRepr, pyStr, pyTypeName } from './shape/python-repr.js';
