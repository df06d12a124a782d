import { ALL_DTYPES, type DType } from './dtype.js';

const SPECIAL: Partial<Record<DType, string>> = {
  float32: 'DT_FLOAT',
  float64: 'DT_DOUBLE',
  float16: 'DT_HALF',
};

const BY_WIRE_NAME: ReadonlyMap<string, DType> = new Map(
  ALL_DTYPES.map((dtype) => [dtypeWireName(dtype), dtype]),
);

/** The DataType enum name TF prints in messages: `float32` is `DT_FLOAT`, `int64` is `DT_INT64`. */
export function dtypeWireName(dtype: DType): string {
  return SPECIAL[dtype] ?? `DT_${dtype.toUpperCase()}`;
}

/** The dtype of a `DT_*` enum name (`DT_FLOAT_REF` gives `float32`); `undefined` if none. */
export function dtypeFromWireName(name: string): DType | undefined {
  return BY_WIRE_NAME.get(name.endsWith('_REF') ? name.slice(0, -4) : name);
}
