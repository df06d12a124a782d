import type { PyScalar } from './py-scalar.js';

/**
 * The dtype `np.array(values)` discovers for a list of Python scalars (what TF's
 * conversion starts from): `str`/`bytes` stand for numpy's `<U`/`|S` arrays.
 */
export type NpKind =
  'bool' | 'int64' | 'uint64' | 'float64' | 'complex128' | 'str' | 'bytes' | 'object';

const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;
const UINT64_END = 2n ** 64n;

export function discoverKind(leaves: readonly PyScalar[]): NpKind {
  if (leaves.length === 0) return 'float64';
  let str = false;
  let bytes = false;
  let int64 = false;
  let uint64 = false;
  let float = false;
  let complex = false;
  for (const s of leaves) {
    switch (s.kind) {
      case 'none':
      case 'object':
        return 'object';
      case 'int':
        if (s.value < INT64_MIN || s.value >= UINT64_END) return 'object';
        if (s.value >= INT64_END) uint64 = true;
        else int64 = true;
        break;
      case 'float':
        float = true;
        break;
      case 'complex':
        complex = true;
        break;
      case 'str':
        str = true;
        break;
      case 'bytes':
        bytes = true;
        break;
      case 'bool':
        break;
    }
  }
  if (str) return 'str';
  if (bytes) return 'bytes';
  if (complex) return 'complex128';
  if (float || (int64 && uint64)) return 'float64';
  if (uint64) return 'uint64';
  if (int64) return 'int64';
  return 'bool';
}
