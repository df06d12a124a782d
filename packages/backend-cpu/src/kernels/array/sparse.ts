import {
  defineKernel,
  floatBitsToNumber,
  numberToFloatBits,
  ops,
  storageOf,
  type DType,
  type FloatBitsDType,
} from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  type Nums,
  type Slots,
} from './buffers.js';
import { INDEX_32_64, SPARSE_TO_DENSE_TYPES } from './dtype-sets.js';
import { checkDims, fillSlots } from './fill.js';

export const sparseToDenseCpu = defineKernel(ops.SparseToDense, {
  deviceType: 'CPU',
  typeConstraints: { T: SPARSE_TO_DENSE_TYPES, Tindices: INDEX_32_64 },
  create:
    ({ attrs }) =>
    (ctx) => {
      const indices = inputArray(ctx, 0);
      const shapeArg = inputArray(ctx, 1);
      const values = inputArray(ctx, 2);
      const fallback = inputArray(ctx, 3);
      if (indices.rank > 2) {
        throw invalidArgument(
          `sparse_indices should be a scalar, vector, or matrix, got shape ${shapeString(indices.shape)}`,
        );
      }
      const count = indices.rank > 0 ? (indices.shape[0] as number) : 1;
      const nd = indices.rank > 1 ? (indices.shape[1] as number) : 1;
      if (shapeArg.rank !== 1) {
        throw invalidArgument(
          `output_shape must be rank 1, got shape ${shapeString(shapeArg.shape)}`,
        );
      }
      if (shapeArg.size !== nd) {
        throw invalidArgument(
          `output_shape has incorrect number of elements: ${shapeArg.size} should be: ${nd}`,
        );
      }
      if (values.rank !== 0 && (values.rank !== 1 || values.size !== count)) {
        throw invalidArgument(
          `sparse_values has incorrect shape ${shapeString(values.shape)}, should be [] or [${count}]`,
        );
      }
      if (fallback.rank !== 0) throw invalidArgument('default_value should be a scalar.');
      const shape = intValues(shapeArg);
      checkDims(shape);
      const idx = intValues(indices);
      const row = (n: number) => idx.slice(n * nd, (n + 1) * nd);
      if (attrs.validate_indices) {
        for (let n = 0; n < count; n++) {
          const r = row(n);
          const text = `indices[${n}] = [${r.join(',')}]`;
          if (r.some((v, d) => v < 0 || v >= (shape[d] as number))) {
            throw invalidArgument(
              `${text} is out of bounds: need 0 <= index < [${shape.join(',')}]`,
            );
          }
          if (n > 0) {
            const prev = row(n - 1);
            const k = r.findIndex((v, d) => v !== prev[d]);
            if (k < 0) throw invalidArgument(`${text} is repeated`);
            if ((r[k] as number) < (prev[k] as number)) {
              throw invalidArgument(
                `${text} is out of order. Many sparse ops require sorted indices.\n    Use \`tf.sparse.reorder\` to create a correctly ordered copy.\n\n`,
              );
            }
          }
        }
      }
      const { slotsPerElement: slots } = storageOf(values.dtype);
      const data = allocate(values.dtype, shape) as Slots;
      fillSlots(data, fallback.data as Slots, slots);
      const src = values.data as Slots;
      const scalarValue = values.rank === 0;
      for (let n = 0; n < count; n++) {
        let offset = 0;
        for (let d = 0; d < nd; d++) {
          const v = idx[n * nd + d] as number;
          const size = shape[d] as number;
          if (v < 0 || v >= size) {
            throw invalidArgument(
              `Indices are not valid (out of bounds).  Shape: ${shapeString(shape)}`,
            );
          }
          offset = offset * size + v;
        }
        const s = scalarValue ? 0 : n;
        for (let k = 0; k < slots; k++) data[offset * slots + k] = src[s * slots + k];
      }
      output(ctx, 0, values.dtype, shape, data);
    },
});

/** `out[o] += a · b[bIndex]` in T's arithmetic (conjugating b when asked). */
type MulAdd = (
  out: Nums,
  o: number,
  a: readonly number[],
  b: Nums,
  bi: number,
  conjB: boolean,
) => void;

function mulAddFor(dtype: DType): {
  read: (v: Nums, i: number, conj: boolean) => number[];
  mulAdd: MulAdd;
} {
  const { kind } = storageOf(dtype);
  if (kind === 'complex') {
    const r = dtype === 'complex64' ? Math.fround : (x: number) => x;
    return {
      read: (v, i, conj) => [
        v[2 * i] as number,
        conj ? -(v[2 * i + 1] as number) : (v[2 * i + 1] as number),
      ],
      mulAdd: (out, o, a, b, bi, conjB) => {
        const [ar, ai] = a as [number, number];
        const br = b[2 * bi] as number;
        const bim = conjB ? -(b[2 * bi + 1] as number) : (b[2 * bi + 1] as number);
        out[2 * o] = (out[2 * o] as number) + r(r(ar * br) - r(ai * bim));
        out[2 * o + 1] = (out[2 * o + 1] as number) + r(r(ar * bim) + r(ai * br));
      },
    };
  }
  if (kind === 'float-bits') {
    const t = dtype as FloatBitsDType;
    const dec = (x: number) => floatBitsToNumber(t, x);
    const round = (x: number) => dec(numberToFloatBits(t, x));
    return {
      read: (v, i) => [dec(v[i] as number)],
      mulAdd: (out, o, a, b, bi) => {
        const p = round((a[0] as number) * dec(b[bi] as number));
        out[o] = numberToFloatBits(t, dec(out[o] as number) + p);
      },
    };
  }
  if (dtype === 'int32') {
    return {
      read: (v, i) => [v[i] as number],
      mulAdd: (out, o, a, b, bi) => {
        out[o] = ((out[o] as number) + Math.imul(a[0] as number, b[bi] as number)) | 0;
      },
    };
  }
  const r = dtype === 'float32' ? Math.fround : (x: number) => x;
  return {
    read: (v, i) => [v[i] as number],
    mulAdd: (out, o, a, b, bi) => {
      out[o] = (out[o] as number) + r((a[0] as number) * (b[bi] as number));
    },
  };
}

export const sparseTensorDenseMatMulCpu = defineKernel(ops.SparseTensorDenseMatMul, {
  deviceType: 'CPU',
  typeConstraints: {
    T: ['bfloat16', 'complex128', 'complex64', 'float16', 'float32', 'float64', 'int32'],
    Tindices: INDEX_32_64,
  },
  create: ({ attrs }) => {
    const adjA = attrs.adjoint_a;
    const adjB = attrs.adjoint_b;
    const { read, mulAdd } = mulAddFor(attrs.T);
    return (ctx) => {
      const aIndices = inputArray(ctx, 0);
      const aValues = inputArray(ctx, 1);
      const aShapeArg = inputArray(ctx, 2);
      const b = inputArray(ctx, 3);
      if (b.rank !== 2) throw invalidArgument("Tensor 'b' is not a matrix");
      if (aShapeArg.rank !== 1) throw invalidArgument("Tensor 'a_shape' is not a vector");
      if (aShapeArg.size !== 2) throw invalidArgument("Tensor 'a_shape' must have 2 elements");
      if (aValues.rank !== 1) throw invalidArgument("Tensor 'a_values' is not a vector");
      if (aIndices.rank !== 2) throw invalidArgument("Tensor 'a_indices' is not a matrix");
      const nnz = aIndices.shape[0] as number;
      if (nnz !== aValues.size) {
        throw invalidArgument(
          'Number of rows of a_indices does not match number of entries in a_values',
        );
      }
      if (aIndices.shape[1] !== aShapeArg.size) {
        throw invalidArgument(
          'Number of columns of a_indices does not match number of entries in a_shape',
        );
      }
      const [a0, a1] = intValues(aShapeArg) as [number, number];
      const [b0, b1] = b.shape as [number, number];
      const outRows = adjA ? a1 : a0;
      const outCols = adjB ? b0 : b1;
      const innerA = adjA ? a0 : a1;
      const innerB = adjB ? b1 : b0;
      if (innerA !== innerB) {
        throw invalidArgument(
          `Cannot multiply A and B because inner dimension does not match: ${innerA} vs. ${innerB}.  Did you forget a transpose?  Dimensions of A: [${a0}, ${a1}).  Dimensions of B: ${shapeString(b.shape)}`,
        );
      }
      const shape = [outRows, outCols];
      const out = allocate(attrs.T, shape) as Nums;
      if (out.length > 0 && aValues.size > 0 && b.size > 0) {
        const idx = intValues(aIndices);
        const mCol = adjA ? 1 : 0;
        const kCol = adjA ? 0 : 1;
        const bData = b.data as Nums;
        for (let i = 0; i < nnz; i++) {
          const m = idx[2 * i + mCol] as number;
          const k = idx[2 * i + kCol] as number;
          if (k < 0 || k >= innerA) {
            throw invalidArgument(`k (${k}) from index[${i},${kCol}] out of bounds (>=${innerA})`);
          }
          if (m < 0 || m >= outRows) {
            throw invalidArgument(`m (${m}) from index[${i},${mCol}] out of bounds (>=${outRows})`);
          }
          const a = read(aValues.data as Nums, i, adjA);
          for (let n = 0; n < outCols; n++) {
            mulAdd(out, m * outCols + n, a, bData, adjB ? n * b1 + k : k * b1 + n, adjB);
          }
        }
      }
      output(ctx, 0, attrs.T, shape, out);
    };
  },
});
