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
import { COMPLEX, FLOATS, INDEX_TYPES, INTS } from './dtype-groups.js';
import {
  elementKind,
  floatScratch,
  floatValues,
  floatWork,
  fromFloatValues,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';
import { axisValues } from './reduce.js';

/**
 * Cumsum/Cumprod along one axis, sequentially in the working precision (TF's scan is a
 * running sum): `exclusive` starts from the identity, `reverse` runs from the end.
 */
function scanKernel(op: OpDefinition, prod: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { T: [...FLOATS, ...INTS, ...COMPLEX], Tidx: INDEX_TYPES },
    create: ({ attrs, inputDTypes }) => {
      const { exclusive, reverse } = attrs as { exclusive: boolean; reverse: boolean };
      const dtype = inputDTypes[0] as DType;
      const kind = elementKind(dtype);
      const round = floatWork(dtype).round;
      return (ctx) => {
        const x = inputArray(ctx, 0);
        const axisT = inputArray(ctx, 1);
        if (axisT.shape.length !== 0) {
          throw new InvalidArgumentError(
            null,
            null,
            `ScanOp: axis must be a scalar, not ${shapeString(axisT.shape)}`,
          );
        }
        const rank = x.shape.length;
        let axis = axisValues(axisT)[0] as number;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) {
          throw new InvalidArgumentError(
            null,
            null,
            `ScanOp: Expected scan axis in the range [${-rank}, ${rank}), but got ${axis}`,
          );
        }
        const len = x.shape[axis] as number;
        let inner = 1;
        for (let d = axis + 1; d < rank; d++) inner *= x.shape[d] as number;
        const outer = len === 0 ? 0 : x.size / (len * inner);
        // Positions along the axis in visiting order.
        const step = reverse ? -inner : inner;
        const first = reverse ? (len - 1) * inner : 0;
        if (kind === 'float' || kind === 'complex') {
          const complex = kind === 'complex';
          const v = complex ? (x.data as FloatArray) : floatValues(x);
          const out = complex ? newArray(dtype, x.shape) : null;
          const o = complex ? ((out as typeof x).data as FloatArray) : floatScratch(dtype, x.size);
          for (let p = 0; p < outer; p++) {
            for (let q = 0; q < inner; q++) {
              let re = prod ? 1 : 0;
              let im = 0;
              let at = p * len * inner + q + first;
              for (let k = 0; k < len; k++, at += step) {
                const er = complex ? (v[2 * at] as number) : (v[at] as number);
                const ei = complex ? (v[2 * at + 1] as number) : 0;
                let nr: number;
                let ni: number;
                if (prod) {
                  nr = round(round(re * er) - round(im * ei));
                  ni = round(round(re * ei) + round(im * er));
                } else {
                  nr = round(re + er);
                  ni = round(im + ei);
                }
                if (exclusive) {
                  if (complex) {
                    o[2 * at] = re;
                    o[2 * at + 1] = im;
                  } else o[at] = re;
                }
                re = nr;
                im = ni;
                if (!exclusive) {
                  if (complex) {
                    o[2 * at] = re;
                    o[2 * at + 1] = im;
                  } else o[at] = re;
                }
              }
            }
          }
          setOutputArray(ctx, 0, complex ? (out as typeof x) : fromFloatValues(dtype, x.shape, o));
          return;
        }
        const out = newArray(dtype, x.shape);
        if (kind === 'bigint') {
          const signed = dtype === 'int64';
          const v = x.data as BigIntArray;
          const o = out.data as BigIntArray;
          for (let p = 0; p < outer; p++) {
            for (let q = 0; q < inner; q++) {
              let acc = prod ? 1n : 0n;
              let at = p * len * inner + q + first;
              for (let k = 0; k < len; k++, at += step) {
                const raw = prod ? acc * (v[at] as bigint) : acc + (v[at] as bigint);
                const next = signed ? BigInt.asIntN(64, raw) : BigInt.asUintN(64, raw);
                o[at] = exclusive ? acc : next;
                acc = next;
              }
            }
          }
        } else {
          const v = x.data as NumberArray;
          const o = out.data as NumberArray;
          const wrap = newArray(dtype, [1]).data as NumberArray;
          for (let p = 0; p < outer; p++) {
            for (let q = 0; q < inner; q++) {
              let acc = prod ? 1 : 0;
              let at = p * len * inner + q + first;
              for (let k = 0; k < len; k++, at += step) {
                // Wrap through a one-element array of the dtype (integer overflow wraps).
                wrap[0] = prod ? Math.imul(acc, v[at] as number) : acc + (v[at] as number);
                const next = wrap[0] as number;
                o[at] = exclusive ? acc : next;
                acc = next;
              }
            }
          }
        }
        setOutputArray(ctx, 0, out);
      };
    },
  });
}

export const SCAN_KERNELS: readonly KernelDef[] = [
  scanKernel(ops.Cumsum, false),
  scanKernel(ops.Cumprod, true),
];
