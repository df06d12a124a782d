import { defineKernel, ops, type DType, type KernelDef, type NDArray } from '@tensorgraph/core';
import { gpuInput, hostValue, ints, invalid, shapeString, withHost } from './program.js';
import { encodeStridedRead } from './strided-read.js';
import { stridedSliceSpec } from './strided-slice-spec.js';

const TYPES: DType[] = ['float32', 'int32', 'bool'];

const slice = defineKernel(ops.Slice, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: TYPES },
  hostMemory: ['begin', 'size'],
  create:
    ({ inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      const values = [
        hostValue(ctx, 1, inputDTypes[1] as DType),
        hostValue(ctx, 2, inputDTypes[2] as DType),
      ];
      return withHost(values, ([b, s]) => {
        const beginArr = b as NDArray;
        const sizeArr = s as NDArray;
        const rank = x.shape.length;
        if (
          beginArr.shape.length !== 1 ||
          sizeArr.shape.length !== 1 ||
          beginArr.size !== rank ||
          sizeArr.size !== rank
        ) {
          throw invalid(
            `Expected begin and size arguments to be 1-D tensors of size ${rank}, but got shapes ${shapeString(beginArr.shape)} and ${shapeString(sizeArr.shape)} instead.`,
          );
        }
        const begin = ints(beginArr);
        const size = ints(sizeArr);
        const shape = x.shape.map((dim, i) => {
          const bi = begin[i] as number;
          const si = size[i] === -1 ? dim - bi : (size[i] as number);
          if (bi < 0 || bi > dim)
            throw invalid(`Expected begin[${i}] in [0, ${dim}], but got ${bi}`);
          if (si < 0 || bi + si > dim)
            throw invalid(`Expected size[${i}] in [0, ${dim - bi}], but got ${si}`);
          return si;
        });
        const out = ctx.allocateOutput(0, shape);
        return encodeStridedRead(
          ctx,
          x,
          begin,
          shape.map(() => 1),
          shape,
          out,
        );
      });
    },
});

const stridedSlice = defineKernel(ops.StridedSlice, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: TYPES },
  hostMemory: ['begin', 'end', 'strides'],
  create:
    ({ attrs, inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      const values = [1, 2, 3].map((i) => hostValue(ctx, i, inputDTypes[i] as DType));
      return withHost(values, ([b, e, s]) => {
        const spec = stridedSliceSpec(x.shape, b as NDArray, e as NDArray, s as NDArray, attrs);
        const out = ctx.allocateOutput(0, spec.finalShape);
        return encodeStridedRead(ctx, x, spec.begin, spec.strides, spec.processingShape, out);
      });
    },
});

export const SLICE_KERNELS: readonly KernelDef[] = [slice as KernelDef, stridedSlice as KernelDef];
