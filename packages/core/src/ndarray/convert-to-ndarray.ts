import { ValueError } from '@tensorgraph/errors';
import { asDType, type DType } from '../dtype/dtype.js';
import { dtypeRepr } from '../dtype/dtype-facts.js';
import { castElement, castStorage, sourceKind } from './cast-storage.js';
import { astypeElement, setitemElement, type Element } from './element-convert.js';
import { storageFromElements, typedArrayDType, typedArrayStorage } from './element-storage.js';
import { fastNumbers } from './fast-numbers.js';
import { asBlock, pyStrNested } from './host-blocks.js';
import { NDArray } from './ndarray.js';
import { isTypedArray, raggedError, walkNested, type Walked } from './nested.js';
import { discoverKind, type NpKind } from './np-kind.js';
import { pyStr, pyTypeName, toPyScalar, type NumberPolicy, type PyScalar } from './py-scalar.js';
import { targetClass, type TargetClass } from './target-class.js';

const FAILED_TAIL =
  ' to Tensor. Consider casting elements to a supported type. See ' +
  'https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.';

/**
 * A host value converted as TensorFlow's `tf.constant` / `tf.convert_to_tensor` (graph
 * mode, `make_tensor_proto`) converts the Python value it stands for:
 *
 * - no dtype: numbers → float32 (JS cannot tell 5 from 5.0), bigint → int64 (uint64 for
 *   2^63..2^64-1), boolean → bool, string/Uint8Array → string, `{re, im}` → complex128;
 *   numbers mixed with booleans → float32, bigints with booleans → int64, with numbers →
 *   float32; TypedArrays keep their dtype; strings mixed with anything else, `null` inside
 *   an array and other objects are TF's TypeError "Failed to convert elements of ...".
 * - a dtype: each element must be of a kind TF accepts for it ("Expected int32, but got
 *   1.5 of type 'float'." is a TypeError; an integral number counts as an int), then
 *   numpy converts: integers wrap into narrower ints, floats round (overflow → inf, or
 *   NaN for float8 kinds without inf).
 * - ragged nested arrays: numpy's ValueError "setting an array element with a sequence...".
 * - `null`: ValueError "None values not supported.".
 *
 * An NDArray of the same dtype is returned as is; TypedArrays are copied.
 */
export function convertToNDArray(value: unknown, dtype?: DType | string | null): NDArray {
  const target = dtype === undefined || dtype === null ? undefined : asDType(dtype);
  if (value instanceof NDArray) return castHostArray(value, target);
  if (isTypedArray(value)) {
    if (target === 'string' && value instanceof Uint8Array) {
      return new NDArray('string', [], [value.slice()]);
    }
    return castHostArray(
      new NDArray(typedArrayDType(value), [value.length], typedArrayStorage(value)),
      target,
    );
  }
  if (value === null) throw new ValueError('None values not supported.');
  const policy: NumberPolicy =
    target === undefined || ['np-float', 'np-complex', 'ml-float'].includes(targetClass(target))
      ? 'float'
      : 'int';
  const fast = fastNumbers(value, target ?? 'float32', 'convert');
  if (fast !== undefined) return fast;
  const walked = walkNested(value, {
    asBlock: (v) => asBlock(v, isNDArray),
    bytesAreLeaves: target === 'string',
    toLeaf: (v) => toPyScalar(v, policy),
  });
  if (target === undefined) return inferred(value, walked);
  const cls = targetClass(target);
  assertCompatible(walked.leaves, target, cls);
  if (walked.ragged) throw raggedError(walked);
  if (cls === 'opaque') throw incompatibleOpaque(value, walked, target);
  let elements: Element[];
  if (cls === 'np-int' || cls === 'np-float' || cls === 'np-complex') {
    const kind = discoverKind(walked.leaves);
    elements = walked.leaves.map((s) => astypeElement(s, kind, target));
  } else {
    elements = walked.leaves.map((s) => setitemElement(s, target));
  }
  return new NDArray(target, walked.shape, storageFromElements(target, elements));
}

function isNDArray(v: unknown): v is NDArray {
  return v instanceof NDArray;
}

/** An existing array given a dtype: numpy's `astype`, as `make_tensor_proto` does. */
function castHostArray(array: NDArray, target: DType | undefined): NDArray {
  if (target === undefined || target === array.dtype) return array;
  if (targetClass(target) === 'opaque' || targetClass(array.dtype) === 'opaque') {
    throw new TypeError(
      `\`dtype\` ${dtypeRepr(target)} is not compatible with ${array.toString()} of dtype ${array.dtype}.`,
    );
  }
  return new NDArray(target, array.shape, castStorage(array.dtype, array.data, array.size, target));
}

/** The leaf kinds TF's `_AssertCompatible` accepts for each kind of dtype. */
const ACCEPTS: Readonly<Record<TargetClass, ReadonlySet<PyScalar['kind']>>> = {
  'np-int': new Set(['int', 'bool']),
  'ml-int': new Set(['int', 'bool']),
  'np-float': new Set(['int', 'bool', 'float']),
  'ml-float': new Set(['int', 'bool', 'float']),
  'np-complex': new Set(['int', 'bool', 'float', 'complex']),
  bool: new Set(['bool']),
  string: new Set(['str', 'bytes']),
  // TF wants tuples for quantized values, which JS does not have: only [] passes.
  quantized: new Set(),
  opaque: new Set(['int', 'bool', 'float', 'complex', 'str', 'bytes', 'none', 'object']),
};

function assertCompatible(leaves: readonly PyScalar[], dtype: DType, cls: TargetClass): void {
  const accepts = ACCEPTS[cls];
  for (const s of leaves) {
    if (!accepts.has(s.kind)) {
      throw new TypeError(`Expected ${dtype}, but got ${pyStr(s)} of type '${pyTypeName(s)}'.`);
    }
  }
}

/** TF's message for resource/variant, naming the dtype numpy found for the values. */
function incompatibleOpaque(value: unknown, walked: Walked, dtype: DType): TypeError {
  const kind = discoverKind(walked.leaves);
  return new TypeError(
    `\`dtype\` ${dtypeRepr(dtype)} is not compatible with ${pyStrNested(value, 'int')} of dtype ` +
      `${numpyDTypeName(kind, walked.leaves)}.`,
  );
}

function numpyDTypeName(kind: NpKind, leaves: readonly PyScalar[]): string {
  if (kind !== 'str' && kind !== 'bytes') return kind;
  let width = 0;
  for (const s of leaves) {
    const w =
      s.kind === 'str'
        ? [...s.value].length
        : s.kind === 'bytes'
          ? s.value.length
          : s.kind === 'int'
            ? 21
            : s.kind === 'bool'
              ? 5
              : 32;
    width = Math.max(width, w);
  }
  return kind === 'str' ? `<U${width}` : `|S${width}`;
}

/** No dtype given: the dtype TF infers for the Python values (see convertToNDArray). */
function inferred(value: unknown, walked: Walked): NDArray {
  if (walked.ragged) throw raggedError(walked);
  const { leaves } = walked;
  const [only] = walked.blockDTypes;
  if (walked.looseLeaves === 0 && walked.blockDTypes.size === 1 && only !== undefined) {
    const kind = sourceKind(only);
    return build(
      only,
      walked.shape,
      leaves.map((s) => castElement(s, kind, only)),
    );
  }
  const kind = discoverKind(leaves);
  const failed = (): TypeError =>
    new TypeError(`Failed to convert elements of ${pyStrNested(value, 'float')}${FAILED_TAIL}`);
  switch (kind) {
    case 'object':
      throw failed();
    case 'str':
    case 'bytes':
      if (!leaves.every((s) => s.kind === 'str' || s.kind === 'bytes')) throw failed();
      return build(
        'string',
        walked.shape,
        leaves.map((s) => setitemElement(s, 'string')),
      );
    case 'bool':
      return build(
        'bool',
        walked.shape,
        leaves.map((s) => s.kind === 'bool' && s.value),
      );
    default: {
      // TF prefers float32 to numpy's float64; int64 stays (a JS int is always a bigint).
      const dtype: DType = kind === 'float64' ? 'float32' : kind;
      return build(
        dtype,
        walked.shape,
        leaves.map((s) => astypeElement(s, kind, dtype)),
      );
    }
  }
}

function build(dtype: DType, shape: readonly number[], elements: Element[]): NDArray {
  return new NDArray(dtype, shape, storageFromElements(dtype, elements));
}
