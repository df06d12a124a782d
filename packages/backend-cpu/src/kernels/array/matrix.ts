import { defineKernel, ops, storageOf, type NDArray } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  type Slots,
} from './buffers.js';
import { INDEX_32_64, POD } from './dtype-sets.js';

function copyElement(dst: Slots, d: number, src: Slots, s: number, slots: 1 | 2): void {
  dst[d * slots] = src[s * slots];
  if (slots === 2) dst[d * slots + 1] = src[s * slots + 1];
}

function atLeastMatrix(x: NDArray, what: string): void {
  if (x.rank < 2) {
    throw invalidArgument(
      `${what} must be at least 2-dim, received shape: ${shapeString(x.shape)}`,
    );
  }
}

export const matrixBandPartCpu = defineKernel(ops.MatrixBandPart, {
  deviceType: 'CPU',
  typeConstraints: { T: POD, Tindex: INDEX_32_64 },
  create: () => (ctx) => {
    const x = inputArray(ctx, 0);
    atLeastMatrix(x, 'input');
    const rows = x.shape[x.rank - 2] as number;
    const cols = x.shape[x.rank - 1] as number;
    const bound = (i: number, name: string, what: string, limit: number): number => {
      const arg = inputArray(ctx, i);
      if (arg.rank !== 0) {
        throw invalidArgument(`${name} must be scalar, got shape ${shapeString(arg.shape)}`);
      }
      const v = intValues(arg)[0] as number;
      if (v > limit) {
        throw invalidArgument(
          `${name} must be negative or less or equal to number of ${what} (${limit}) got: ${v}`,
        );
      }
      return v;
    };
    const lower = bound(1, 'num_lower', 'rows', rows);
    const upper = bound(2, 'num_upper', 'columns', cols);
    if (x.size === 0 || ((lower < 0 || lower === rows) && (upper < 0 || upper === cols))) {
      setOutputArray(ctx, 0, x);
      return;
    }
    const slots = storageOf(x.dtype).slotsPerElement;
    const data = allocate(x.dtype, x.shape) as Slots;
    const src = x.data as Slots;
    const batch = x.size / (rows * cols);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          if ((lower < 0 || i - j <= lower) && (upper < 0 || j - i <= upper)) {
            const e = (b * rows + i) * cols + j;
            copyElement(data, e, src, e, slots);
          }
        }
      }
    }
    output(ctx, 0, x.dtype, x.shape, data);
  },
});

export const matrixDiagCpu = defineKernel(ops.MatrixDiag, {
  deviceType: 'CPU',
  typeConstraints: { T: POD },
  create: () => (ctx) => {
    const d = inputArray(ctx, 0);
    if (d.rank < 1) {
      throw invalidArgument(
        `diagonal must be at least 1-dim, received shape: ${shapeString(d.shape)}`,
      );
    }
    const n = d.shape[d.rank - 1] as number;
    const shape = [...d.shape, n];
    const slots = storageOf(d.dtype).slotsPerElement;
    const data = allocate(d.dtype, shape) as Slots;
    const batch = n === 0 ? 0 : d.size / n;
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++)
        copyElement(data, (b * n + i) * n + i, d.data as Slots, b * n + i, slots);
    }
    output(ctx, 0, d.dtype, shape, data);
  },
});

export const matrixDiagPartCpu = defineKernel(ops.MatrixDiagPart, {
  deviceType: 'CPU',
  typeConstraints: { T: POD },
  create: () => (ctx) => {
    const x = inputArray(ctx, 0);
    atLeastMatrix(x, 'input');
    const rows = x.shape[x.rank - 2] as number;
    const cols = x.shape[x.rank - 1] as number;
    const n = Math.min(rows, cols);
    const shape = [...x.shape.slice(0, -2), n];
    const slots = storageOf(x.dtype).slotsPerElement;
    const data = allocate(x.dtype, shape) as Slots;
    const batch = sizeOf(x.shape.slice(0, -2));
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        copyElement(data, b * n + i, x.data as Slots, (b * rows + i) * cols + i, slots);
      }
    }
    output(ctx, 0, x.dtype, shape, data);
  },
});

export const diagCpu = defineKernel(ops.Diag, {
  deviceType: 'CPU',
  typeConstraints: {
    T: ['complex128', 'complex64', 'float16', 'float32', 'float64', 'int32', 'int64'],
  },
  create: () => (ctx) => {
    const d = inputArray(ctx, 0);
    if (d.rank < 1) throw invalidArgument(`Input must be at least rank 1, got ${d.rank}`);
    const n = d.size;
    const shape = [...d.shape, ...d.shape];
    const slots = storageOf(d.dtype).slotsPerElement;
    const data = allocate(d.dtype, shape) as Slots;
    for (let i = 0; i < n; i++) copyElement(data, i * n + i, d.data as Slots, i, slots);
    output(ctx, 0, d.dtype, shape, data);
  },
});
