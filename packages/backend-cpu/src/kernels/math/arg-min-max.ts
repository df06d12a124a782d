import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { shapeString } from './broadcast.js';
import { FLOATS, INTS } from './dtype-groups.js';
import { elementKind, floatValues, newArray, type NumberArray } from './elementwise.js';
import { axisValues } from './reduce.js';

const LOWEST: Readonly<Partial<Record<DType, number | bigint>>> = {
  float16: -65504,
  bfloat16: -3.3895313892515355e38,
  float32: -3.4028234663852886e38,
  float64: -Number.MAX_VALUE,
  int8: -128,
  int16: -32768,
  int32: -2147483648,
  int64: -(2n ** 63n),
  uint8: 0,
  uint16: 0,
  uint32: 0,
  uint64: 0n,
  bool: 0,
};

const HIGHEST: Readonly<Partial<Record<DType, number | bigint>>> = {
  float16: 65504,
  bfloat16: 3.3895313892515355e38,
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
  int8: 127,
  int16: 32767,
  int32: 2147483647,
  int64: 2n ** 63n - 1n,
  uint8: 255,
  uint16: 65535,
  uint32: 4294967295,
  uint64: 2n ** 64n - 1n,
  bool: 1,
};

/**
 * ArgMax/ArgMin along one axis, as Eigen's tuple reducers: start from the type's lowest
 * (highest) value at index 0 and move only on a strictly greater (smaller) element, so ties
 * keep the first index and NaN never wins.
 */
function argKernel(op: OpDefinition, max: boolean, outputTypes: readonly DType[]): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { T: [...FLOATS, ...INTS, 'bool'], output_type: outputTypes },
    create: ({ inputDTypes, outputDTypes }) => {
      const dtype = inputDTypes[0] as DType;
      const outType = outputDTypes[0] as DType;
      const start = (max ? LOWEST : HIGHEST)[dtype] as number | bigint;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        const dim = inputArray(ctx, 1);
        if (dim.shape.length !== 0) {
          throw new InvalidArgumentError(
            null,
            null,
            `dim must be a scalar, but received tensor of shape: ${shapeString(dim.shape)}`,
          );
        }
        const rank = x.shape.length;
        const axis = axisValues(dim)[0] as number;
        if (axis < -rank || axis >= rank) {
          throw new InvalidArgumentError(
            null,
            null,
            `Expected dimension in the range [${-rank}, ${rank}), but got ${axis}`,
          );
        }
        const a = axis < 0 ? axis + rank : axis;
        const len = x.shape[a] as number;
        if (len === 0) {
          throw new InvalidArgumentError(
            null,
            null,
            `Reduction axis ${a} is empty in shape ${shapeString(x.shape)}`,
          );
        }
        const outShape = x.shape.filter((_, d) => d !== a);
        let inner = 1;
        for (let d = a + 1; d < rank; d++) inner *= x.shape[d] as number;
        const outer = x.size / (len * inner);
        const out = newArray(outType, outShape);
        const o = out.data as NumberArray | BigInt64Array;
        const v = (elementKind(dtype) === 'float' ? floatValues(x) : x.data) as ArrayLike<
          number | bigint
        >;
        for (let p = 0; p < outer; p++) {
          for (let q = 0; q < inner; q++) {
            let best = start;
            let at = 0;
            const base = p * len * inner + q;
            for (let k = 0; k < len; k++) {
              const e = v[base + k * inner] as number | bigint;
              if (max ? e > best : e < best) {
                best = e;
                at = k;
              }
            }
            const i = p * inner + q;
            if (outType === 'int64') (o as BigInt64Array)[i] = BigInt(at);
            else (o as NumberArray)[i] = at;
          }
        }
        setOutputArray(ctx, 0, out);
      };
    },
  });
}

export const ARG_KERNELS: readonly KernelDef[] = [
  argKernel(ops.ArgMax, true, ['int16', 'int32', 'int64', 'uint16']),
  argKernel(ops.ArgMin, false, ['int32', 'int64']),
];
