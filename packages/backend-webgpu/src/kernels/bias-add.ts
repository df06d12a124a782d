import { defineKernel, ops, type KernelDef } from '@tensorgraph/core';
import { elementwise } from './broadcast.js';
import { andThen, deviceOf, gpuInput, invalid, shapeString } from './program.js';

/** BiasAdd: the bias broadcast along the channel axis (last for NHWC, 1 for NCHW). */
const biasAdd = defineKernel(ops.BiasAdd, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ['float32', 'int32'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      const b = gpuInput(ctx, 1);
      const rank = x.shape.length;
      if (rank < 2) throw invalid(`Input tensor must be at least 2D: ${shapeString(x.shape)}`);
      if (b.shape.length !== 1) throw invalid(`Biases must be 1D: ${shapeString(b.shape)}`);
      const axis = attrs.data_format === 'NCHW' ? 1 : rank - 1;
      if (x.shape[axis] !== b.shape[0]) {
        throw invalid(
          `Must provide as many biases as the last dimension of the input tensor: ${shapeString(b.shape)} vs. ${shapeString(x.shape)}`,
        );
      }
      const shape = x.shape.map((d, k) => (k === axis ? d : 1));
      const view = deviceOf(ctx).view(b, shape);
      return andThen(
        elementwise(
          ctx,
          [x, view],
          x.shape,
          x.dtype,
          ([u, v]) => `${u as string} + ${v as string}`,
        ),
        () => deviceOf(ctx).free(view),
      );
    },
});

export const BIAS_ADD_KERNELS: readonly KernelDef[] = [biasAdd as KernelDef];
