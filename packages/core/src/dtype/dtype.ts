import { InvalidArgumentError, ValueError } from '@tensorgraph/errors';

/**
 * Every TensorFlow DataType, by the name TF Python gives it (`tf.float32.name`).
 * The numbers are TensorFlow's `DataType` enum values as on the wire.
 */
export const DATA_TYPE_ENUM = {
  float32: 1,
  float64: 2,
  int32: 3,
  uint8: 4,
  int16: 5,
  int8: 6,
  string: 7,
  complex64: 8,
  int64: 9,
  bool: 10,
  qint8: 11,
  quint8: 12,
  qint32: 13,
  bfloat16: 14,
  qint16: 15,
  quint16: 16,
  uint16: 17,
  complex128: 18,
  float16: 19,
  resource: 20,
  variant: 21,
  uint32: 22,
  uint64: 23,
  float8_e5m2: 24,
  float8_e4m3fn: 25,
  float8_e4m3fnuz: 26,
  float8_e4m3b11fnuz: 27,
  float8_e5m2fnuz: 28,
  int4: 29,
  uint4: 30,
  int2: 31,
  uint2: 32,
  float4_e2m1fn: 33,
} as const;

/** A dtype is its TF Python name: `'float32'`, `'int64'`, ... (`tf.float32 === 'float32'`). */
export type DType = keyof typeof DATA_TYPE_ENUM;

/** TF's offset for reference dtypes (`DT_FLOAT_REF` = 101). */
export const REF_OFFSET = 100;

const ENUM_TO_DTYPE = new Map<number, DType>(
  Object.entries(DATA_TYPE_ENUM).map(([name, value]) => [value, name as DType]),
);

/** Other spellings TF accepts for `tf.as_dtype` (`'half'`, `'double'`, `'float'`). */
const ALIASES: Readonly<Record<string, DType>> = {
  half: 'float16',
  float: 'float32',
  double: 'float64',
};

/** All dtypes, in enum order. */
export const ALL_DTYPES: readonly DType[] = [...ENUM_TO_DTYPE.values()];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DATA_TYPE_ENUM, value);
}

/** The wire enum number of a dtype (`DT_FLOAT` = 1). */
export function dtypeToEnum(dtype: DType): number {
  return DATA_TYPE_ENUM[dtype];
}

/**
 * The dtype of a wire enum number; a reference dtype (`n + 100`) gives its base type.
 * Unknown numbers (and `DT_INVALID`) are an `InvalidArgumentError`.
 */
export function dtypeFromEnum(value: number): DType {
  const base = value > REF_OFFSET ? value - REF_OFFSET : value;
  const dtype = ENUM_TO_DTYPE.get(base);
  if (dtype === undefined) {
    throw new InvalidArgumentError(null, null, `Unknown DataType enum value ${value}`);
  }
  return dtype;
}

/**
 * `tf.as_dtype`: a dtype from its name, an alias (`'half'`, `'double'`) or a wire enum number.
 * Anything else is a `TypeError` naming the value, as TF's `Cannot convert ... to a dtype`.
 */
export function asDType(value: unknown): DType {
  if (isDType(value)) return value;
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(ALIASES, value)) {
    return ALIASES[value] as DType;
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    const dtype = ENUM_TO_DTYPE.get(value > REF_OFFSET ? value - REF_OFFSET : value);
    if (dtype !== undefined) return dtype;
  }
  throw new TypeError(`Cannot convert ${describe(value)} to a dtype.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A dtype name checked at run time; throws `ValueError` for anything not a dtype. */
export function checkDType(value: unknown, what = 'dtype'): DType {
  if (!isDType(value)) throw new ValueError(`Invalid ${what}: ${describe(value)}`);
  return value;
}
