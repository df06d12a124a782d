import { defineKernel, ops, type DType, type KernelDef } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { deviceOf, gpuInput, hostValue, ints, invalid, shapeString, withHost } from './program.js';

const ALL: DType[] = ['float32', 'int32', 'bool'];

/** Reshape: the same buffer under the new shape (a view; both tensors are freed). */
const reshape = defineKernel(ops.Reshape, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ALL },
  hostMemory: ['shape'],
  create:
    ({ inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      return withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([shapeArr]) => {
        const s = shapeArr as NonNullable<typeof shapeArr>;
        if (s.shape.length > 1)
          throw invalid(`sizes input must be 1-D, not ${shapeString(s.shape)}`);
        const dims = ints(s);
        let unknown = -1;
        let product = 1;
        dims.forEach((d, i) => {
          if (d === -1) {
            if (unknown >= 0)
              throw invalid(`Only one input size may be -1, not both ${unknown} and ${i}`);
            unknown = i;
          } else if (d < 0) {
            throw invalid(`Size ${i} must be non-negative, not ${d}`);
          } else product *= d;
        });
        const size = sizeOf(x.shape);
        if (unknown >= 0 && product === 0 && size === 0) {
          // An empty tensor: the unknown dim takes what the non-zero dims leave.
          const nonZero = x.shape.filter((d) => d !== 0).reduce((a, b) => a * b, 1);
          const known = dims.filter((d, i) => i !== unknown && d !== 0).reduce((a, b) => a * b, 1);
          dims[unknown] = Math.floor(nonZero / known);
        } else if (unknown >= 0) {
          if (product === 0 || size % product !== 0) {
            throw invalid(
              `Input to reshape is a tensor with ${size} values, but the requested shape requires a multiple of ${product}`,
            );
          }
          dims[unknown] = size / product;
        } else if (product !== size) {
          throw invalid(
            `Input to reshape is a tensor with ${size} values, but the requested shape has ${product}`,
          );
        }
        ctx.setOutput(0, deviceOf(ctx).view(x, dims));
      });
    },
});

const expandDims = defineKernel(ops.ExpandDims, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ALL },
  hostMemory: ['dim'],
  create:
    ({ inputDTypes }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      return withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([dimArr]) => {
        const d = dimArr as NonNullable<typeof dimArr>;
        if (d.size !== 1) {
          throw invalid(`'dim' must be a tensor with a single value`);
        }
        const rank = x.shape.length;
        let dim = ints(d)[0] as number;
        if (dim < -1 - rank || dim > rank) {
          throw invalid(`Tried to expand dim index ${dim} for tensor with ${rank} dimensions.`);
        }
        if (dim < 0) dim += rank + 1;
        const shape = [...x.shape];
        shape.splice(dim, 0, 1);
        ctx.setOutput(0, deviceOf(ctx).view(x, shape));
      });
    },
});

const squeeze = defineKernel(ops.Squeeze, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ALL },
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = gpuInput(ctx, 0);
      const rank = x.shape.length;
      const drop = new Set<number>();
      for (const a of attrs.squeeze_dims) {
        if (a < -rank || a >= rank) {
          throw invalid(`Tried to squeeze dim index ${a} for tensor with ${rank} dimensions.`);
        }
        const k = a < 0 ? a + rank : a;
        if (x.shape[k] !== 1) {
          throw invalid(`Can not squeeze dim[${k}], expected a dimension of 1, got ${x.shape[k]}`);
        }
        drop.add(k);
      }
      const shape = x.shape.filter((d, k) => (drop.size === 0 ? d !== 1 : !drop.has(k)));
      ctx.setOutput(0, deviceOf(ctx).view(x, shape));
    },
});

/** Identity forwards its input object: the executor counts tensors by object. */
const identity = defineKernel(ops.Identity, {
  deviceType: 'WEBGPU',
  typeConstraints: { T: ALL },
  create: () => (ctx) => {
    ctx.setOutput(0, gpuInput(ctx, 0));
  },
});

export const SHAPE_VIEW_KERNELS: readonly KernelDef[] = [
  reshape as KernelDef,
  expandDims as KernelDef,
  squeeze as KernelDef,
  identity as KernelDef,
];
