import { InternalError } from '@tensorgraph/errors';
import { asDType, type DType } from '../dtype/dtype.js';
import {
  numberToFloatBits,
  floatBitsToNumber,
  type FloatBitsDType,
} from '../dtype/float-formats.js';
import { castStorage } from './cast-storage.js';
import { fastNumbers } from './fast-numbers.js';
import { astypeElement, setitemElement, strictInt, type Element } from './element-convert.js';
import { storageFromElements, typedArrayDType, typedArrayStorage } from './element-storage.js';
import { asBlock } from './host-blocks.js';
import { NDArray } from './ndarray.js';
import { isTypedArray, raggedError, walkNested } from './nested.js';
import { discoverKind } from './np-kind.js';
import { wrapInt } from './numeric-casts.js';
import { pyStr, pyTypeName, toPyScalar, type PyScalar } from './py-scalar.js';
import { numpyClassName, targetClass } from './target-class.js';

const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;
const UINT64_END = 2n ** 64n;
const LONG_OVERFLOW = 'Python int too large to convert to C long';

/**
 * A fed value converted to the dtype of the tensor it feeds, as `Session.run` does in TF
 * (`np.asarray(value).astype(dtype)`, or `np.asarray(value, dtype)` for bool, string and
 * ml_dtypes' types), so numpy's rules apply rather than `tf.constant`'s:
 *
 * - floats into integer dtypes truncate; NaN and out-of-range floats become what x86's
 *   conversion gives (INT_MIN for int32), integers wrap (`[256, -1]` → uint8 `[0, 255]`);
 * - numeric strings parse (`'12'` → 12), other strings fail with numpy's ValueError;
 * - an integral number fed alone must fit: TF's TypeError "Type of feed value 256 with
 *   type <class 'int'> is not compatible with Tensor type <class 'numpy.uint8'>...";
 * - anything but str/bytes into a string tensor is TF's InternalError "Unsupported
 *   object type int".
 *
 * NDArrays and TypedArrays are cast with numpy's `astype`; a Uint8Array fed to a string
 * tensor is one string.
 */
export function castForFeed(value: unknown, dtype: DType | string): NDArray {
  const target = asDType(dtype);
  const cls = targetClass(target);
  if (cls === 'opaque') {
    throw new TypeError(`Cannot feed a value of dtype ${target}: it has no host representation.`);
  }
  if (value instanceof NDArray) {
    if (value.dtype === target) return value;
    return new NDArray(
      target,
      value.shape,
      castStorage(value.dtype, value.data, value.size, target),
    );
  }
  if (isTypedArray(value)) {
    if (target === 'string' && value instanceof Uint8Array)
      return new NDArray('string', [], [value.slice()]);
    const from = typedArrayDType(value);
    const data = typedArrayStorage(value);
    if (from === target) return new NDArray(target, [value.length], data);
    return new NDArray(target, [value.length], castStorage(from, data, value.length, target));
  }
  const fast = fastNumbers(value, target, 'feed');
  if (fast !== undefined) return fast;
  if (!Array.isArray(value)) {
    const s = toPyScalar(value, 'feed');
    if (s.kind === 'int' || s.kind === 'bool') checkScalarInt(s, target);
  }
  const walked = walkNested(value, {
    asBlock: (v) => asBlock(v, (x): x is NDArray => x instanceof NDArray),
    bytesAreLeaves: target === 'string',
    toLeaf: (v) => toPyScalar(v, 'feed'),
  });
  if (walked.ragged) {
    // numpy keeps ragged lists as objects in a string (object) array: TF then meets a list.
    if (cls === 'string') throw unsupportedObject(walked.cutValues);
    throw raggedError(walked);
  }
  let elements: Element[];
  if (cls === 'np-int' || cls === 'np-float' || cls === 'np-complex') {
    const kind = discoverKind(walked.leaves);
    elements = walked.leaves.map((s) => astypeElement(s, kind, target));
  } else {
    elements = walked.leaves.map((s) => setitemElement(s, target));
  }
  return new NDArray(target, walked.shape, storageFromElements(target, elements));
}

function unsupportedObject(values: readonly unknown[]): InternalError {
  const bad = values.find((v) => typeof v !== 'string' && !(v instanceof Uint8Array));
  const s = toPyScalar(bad, 'feed');
  return new InternalError(null, null, `Unsupported object type ${pyTypeName(s)}`);
}

/**
 * TF's check on a Python int fed alone: converted to the tensor's numpy type it must
 * compare equal to itself (so 256 does not feed uint8, while 70000 feeds float16 as inf).
 */
function checkScalarInt(s: PyScalar & { kind: 'int' | 'bool' }, dtype: DType): void {
  const v = s.kind === 'bool' ? (s.value ? 1n : 0n) : s.value;
  const mismatch = (): TypeError =>
    new TypeError(
      `Type of feed value ${pyStr(s)} with type <class '${pyTypeName(s)}'> is not compatible ` +
        `with Tensor type ${numpyClassName(dtype)}. Try explicitly setting the type of the feed ` +
        'tensor to a larger type (e.g. int64).',
    );
  const inInt64 = v >= INT64_MIN && v < INT64_END;
  switch (targetClass(dtype)) {
    case 'string':
      throw mismatch();
    case 'np-int':
      if (v < INT64_MIN || v >= UINT64_END) throw new RangeError(LONG_OVERFLOW);
      if (wrapInt(v, dtype) !== (dtype === 'int64' || dtype === 'uint64' ? v : Number(v)))
        throw mismatch();
      return;
    case 'np-float':
    case 'np-complex':
      if (!Number.isFinite(Number(v))) throw new RangeError('int too large to convert to float');
      return;
    case 'bool':
      if (!inInt64) throw new RangeError(LONG_OVERFLOW);
      if (v !== 0n && v !== 1n) throw mismatch();
      return;
    case 'ml-float': {
      if (!inInt64) throw new TypeError('expected number, got int');
      const bits = numberToFloatBits(dtype as FloatBitsDType, Number(v));
      if (Number.isNaN(floatBitsToNumber(dtype as FloatBitsDType, bits))) throw mismatch();
      return;
    }
    case 'ml-int':
      if (!inInt64) throw new RangeError(LONG_OVERFLOW);
      // ml_dtypes compares through int8, whatever the width.
      if (v < -128n || v > 127n) throw new RangeError(`Python integer ${v} out of bounds for int8`);
      if (wrapInt(v, dtype) !== Number(v)) throw mismatch();
      return;
    case 'quantized':
      // TF 2.21 fails on every scalar feed here ('VoidDType' object is not callable);
      // we store it as numpy stores the same value in a list.
      strictInt(v, dtype);
      return;
    default:
      return;
  }
}
