import type { DType } from '../dtype/dtype.js';
import { allocateStorage, type DataFor } from '../dtype/storage.js';
import { NDArray } from './ndarray.js';
import { floatToIntCaster, numberWrapper } from './numeric-casts.js';
import { targetClass } from './target-class.js';

/** A rectangular nested array of plain numbers, flattened; undefined for anything else. */
function rectangularNumbers(value: unknown): { shape: number[]; values: Float64Array } | undefined {
  const shape: number[] = [];
  let node: unknown = value;
  while (Array.isArray(node)) {
    if (shape.length === 64) return undefined; // too deep (or cyclic): the general path reports it
    shape.push(node.length);
    if (node.length === 0) break;
    node = node[0];
  }
  if (typeof node !== 'number' && !(Array.isArray(node) && node.length === 0)) return undefined;
  const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const fill = (n: unknown, d: number): boolean => {
    if (d === shape.length) {
      if (typeof n !== 'number') return false;
      values[k++] = n;
      return true;
    }
    if (!Array.isArray(n) || n.length !== shape[d]) return false;
    for (let i = 0; i < n.length; i++) if (!fill(n[i], d + 1)) return false;
    return true;
  };
  return fill(value, 0) ? { shape, values } : undefined;
}

const SAFE = 2 ** 53;

/**
 * The common case without the general machinery: plain numbers (nested or not) into
 * float32/float64, or into a numpy integer dtype. Gives the same answer as the general
 * path, or undefined whenever that path has something to say (errors, huge integers,
 * other dtypes).
 */
export function fastNumbers(
  value: unknown,
  dtype: DType,
  mode: 'convert' | 'feed',
): NDArray | undefined {
  const isFloat = dtype === 'float32' || dtype === 'float64';
  if (!isFloat && targetClass(dtype) !== 'np-int') return undefined;
  // A scalar fed alone has TF's own range check (see castForFeed).
  if (!isFloat && mode === 'feed' && !Array.isArray(value)) return undefined;
  const found = rectangularNumbers(value);
  if (found === undefined) return undefined;
  const { shape, values } = found;
  if (isFloat) {
    const data = dtype === 'float32' ? new Float32Array(values) : values;
    return new NDArray(dtype, shape, data as DataFor<typeof dtype>);
  }
  // numpy sees ints (all integral; -0 is a float in a feed) or floats (then C casts).
  let allInts = true;
  for (const x of values) {
    if (!Number.isInteger(x) || (mode === 'feed' && Object.is(x, -0))) allInts = false;
    else if (Math.abs(x) >= SAFE) return undefined;
  }
  if (!allInts && mode === 'convert') return undefined; // TF's TypeError comes from the general path
  const data = allocateStorage(dtype, values.length) as unknown as { [i: number]: number | bigint };
  const cast = allInts ? numberWrapper(dtype) : floatToIntCaster(dtype);
  for (let i = 0; i < values.length; i++) data[i] = cast(values[i] as number);
  return new NDArray(dtype, shape, data as unknown as DataFor<DType>);
}
