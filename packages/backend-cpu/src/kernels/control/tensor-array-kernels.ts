import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, NDArray, ops, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { merge, shapeString, sizeOf, slice0 } from '../list/tensor-list.js';
import {
  joined,
  readMany,
  setTensorArrayOutput,
  stack,
  TensorArray,
  tensorArrayInput,
} from './tensor-array.js';

function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

function scalar(ctx: KernelContext, i: number, what: string): number {
  const t = inputArray(ctx, i);
  if (t.rank !== 0)
    throw invalid(`${what} must be a scalar, but had shape: ${shapeString(t.shape)}`);
  return Number((t.data as ArrayLike<number | bigint>)[0]);
}

function ints(t: NDArray): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

/** The flow scalar TensorArray ops thread through a graph to order their effects. */
function forwardFlow(ctx: KernelContext, input: number, output: number): void {
  setOutputArray(ctx, output, inputArray(ctx, input));
}

const FLOW = () => new NDArray('float32', [], Float32Array.of(0));

export const tensorArrayV3Cpu = defineKernel(ops.TensorArrayV3, {
  deviceType: 'CPU',
  create:
    ({ attrs, nodeName }) =>
    (ctx) => {
      const size = scalar(ctx, 0, 'TensorArray size');
      if (size < 0) throw invalid('Size should be >= 0.');
      const ta = new TensorArray({
        name: attrs.tensor_array_name === '' ? nodeName : attrs.tensor_array_name,
        dtype: attrs.dtype,
        size,
        elementShape: attrs.element_shape,
        dynamicSize: attrs.dynamic_size,
        clearAfterRead: attrs.clear_after_read,
        identicalShapes: attrs.identical_element_shapes,
      });
      setTensorArrayOutput(ctx, 0, ta);
      setOutputArray(ctx, 1, FLOW());
    },
});

export const tensorArrayWriteV3Cpu = defineKernel(ops.TensorArrayWriteV3, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const ta = tensorArrayInput(ctx, 0);
    const index = scalar(ctx, 1, 'TensorArray index');
    const value = inputArray(ctx, 2);
    ta.checkWriteDType(value.dtype);
    ta.write(index, value);
    forwardFlow(ctx, 3, 0);
  },
});

export const tensorArrayReadV3Cpu = defineKernel(ops.TensorArrayReadV3, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const ta = tensorArrayInput(ctx, 0);
      const index = scalar(ctx, 1, 'TensorArray index');
      ta.checkReadDType(attrs.dtype);
      setOutputArray(ctx, 0, ta.read(index));
    },
});

export const tensorArrayGatherV3Cpu = defineKernel(ops.TensorArrayGatherV3, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const ta = tensorArrayInput(ctx, 0);
      const indices = inputArray(ctx, 1);
      if (indices.rank !== 1) {
        throw invalid(
          `Expected indices to be a vector, but received shape: ${shapeString(indices.shape)}`,
        );
      }
      ta.checkReadDType(attrs.dtype);
      const { shape, parts } = readMany(ta, ints(indices), attrs.element_shape);
      setOutputArray(ctx, 0, stack(ta.dtype, shape, parts));
    },
});

export const tensorArrayScatterV3Cpu = defineKernel(ops.TensorArrayScatterV3, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const ta = tensorArrayInput(ctx, 0);
    const indices = inputArray(ctx, 1);
    const value = inputArray(ctx, 2);
    ta.checkOpen();
    ta.checkWriteDType(value.dtype);
    if (indices.rank !== 1) {
      throw invalid(
        `Expected indices to be a vector, but received shape: ${shapeString(indices.shape)}`,
      );
    }
    const idx = ints(indices);
    if (value.rank === 0 || value.shape[0] !== idx.length) {
      throw invalid(
        `Expected len(indices) == values.shape[0], but saw: ${idx.length} vs. ${value.rank === 0 ? 0 : value.shape[0]}`,
      );
    }
    if (!ta.dynamicSize && idx.length > 0) {
      const max = Math.max(...idx);
      if (max >= ta.size) {
        throw invalid(`Max scatter index must be < array size (${max} vs. ${ta.size})`);
      }
    }
    idx.forEach((i, k) => ta.write(i, slice0(value, k)));
    forwardFlow(ctx, 3, 0);
  },
});

export const tensorArraySizeV3Cpu = defineKernel(ops.TensorArraySizeV3, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const ta = tensorArrayInput(ctx, 0);
    setOutputArray(ctx, 0, new NDArray('int32', [], Int32Array.of(ta.size)));
  },
});

export const tensorArrayCloseV3Cpu = defineKernel(ops.TensorArrayCloseV3, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    tensorArrayInput(ctx, 0).close();
  },
});

export const tensorArrayConcatV3Cpu = defineKernel(ops.TensorArrayConcatV3, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const ta = tensorArrayInput(ctx, 0);
      ta.checkReadDType(attrs.dtype);
      ta.checkOpen();
      const known = ta.elementShape === null ? null : ta.elementShape.slice(1);
      const except0 = merge(known, attrs.element_shape_except0);
      const parts = ta.values.map((_, i) => ta.read(i));
      const first = parts[0];
      parts.forEach((p, i) => {
        if (p.rank === 0) {
          throw invalid(`Concat saw a scalar shape at index ${i} but requires at least vectors.`);
        }
        const a = (first as NDArray).shape.slice(1).join(',');
        if (p.shape.slice(1).join(',') !== a) {
          throw invalid(
            `TensorArray has inconsistent shapes.  Index 0 has (excepting dimension 0) shape: ${shapeString((first as NDArray).shape.slice(1))} but index ${i} has (excepting dimension 0) shape: ${shapeString(p.shape.slice(1))}`,
          );
        }
      });
      const lengths = BigInt64Array.from(parts, (p) => BigInt(p.shape[0] as number));
      let inner: readonly number[];
      if (first !== undefined) inner = first.shape.slice(1);
      else if (except0 !== null && except0.every((d) => d !== null)) inner = except0 as number[];
      else {
        throw invalid(
          'TensorArray has size zero, but element_shape_except0 is not fully defined. Currently only static shapes are supported when concatenating zero-size TensorArrays.',
        );
      }
      const total = parts.reduce((n, p) => n + (p.shape[0] as number), 0);
      setOutputArray(ctx, 0, joined(ta.dtype, [total, ...inner], parts));
      setOutputArray(ctx, 1, new NDArray('int64', [lengths.length], lengths));
    },
});

export const tensorArraySplitV3Cpu = defineKernel(ops.TensorArraySplitV3, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const ta = tensorArrayInput(ctx, 0);
    const value = inputArray(ctx, 1);
    const lengths = ints(inputArray(ctx, 2));
    ta.checkOpen();
    ta.checkWriteDType(value.dtype);
    if (value.rank === 0) {
      throw invalid(
        `Expected value to be at least a vector, but received shape: ${shapeString(value.shape)}`,
      );
    }
    const sum = lengths.reduce((a, b) => a + b, 0);
    if (sum !== value.shape[0]) {
      throw invalid(
        `Expected sum of lengths to be equal to values.shape[0], but sum of lengths is ${sum} and value's shape is: ${shapeString(value.shape)}`,
      );
    }
    if (!ta.dynamicSize && ta.size !== lengths.length) {
      throw invalid(
        `TensorArray's size is not equal to the size of lengths (${ta.size} vs. ${lengths.length}), and the TensorArray is not marked as dynamically resizeable`,
      );
    }
    const inner = value.shape.slice(1);
    const row = sizeOf(inner);
    const data = value.data as unknown as { slice(a: number, b: number): unknown };
    let start = 0;
    lengths.forEach((n, i) => {
      const part = new NDArray(
        value.dtype,
        [n, ...inner],
        data.slice(start * row, (start + n) * row) as never,
      );
      ta.write(i, part);
      start += n;
    });
    forwardFlow(ctx, 3, 0);
  },
});

/**
 * The gradient TensorArray of a forward one, one per `source`: same size, and repeated
 * writes to an index add up (several gradient paths meet there).
 */
export const tensorArrayGradV3Cpu = defineKernel(ops.TensorArrayGradV3, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const ta = tensorArrayInput(ctx, 0);
      ta.checkOpen();
      let grad = ta.grads.get(attrs.source);
      if (grad === undefined) {
        grad = new TensorArray({
          name: `${ta.name}@${attrs.source}`,
          dtype: ta.dtype,
          size: ta.size,
          elementShape: ta.elementShape,
          dynamicSize: false,
          clearAfterRead: true,
          identicalShapes: ta.identicalShapes,
          aggregateWrites: true,
        });
        ta.grads.set(attrs.source, grad);
      }
      setTensorArrayOutput(ctx, 0, grad);
      forwardFlow(ctx, 1, 1);
    },
});

export const TENSOR_ARRAY_KERNELS = [
  tensorArrayV3Cpu,
  tensorArrayWriteV3Cpu,
  tensorArrayReadV3Cpu,
  tensorArrayGatherV3Cpu,
  tensorArrayScatterV3Cpu,
  tensorArraySizeV3Cpu,
  tensorArrayCloseV3Cpu,
  tensorArrayConcatV3Cpu,
  tensorArraySplitV3Cpu,
  tensorArrayGradV3Cpu,
] as const;
