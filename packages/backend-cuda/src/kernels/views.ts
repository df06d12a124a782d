import {
  defineKernel,
  NDArray,
  ops,
  type KernelDef,
  type NDArray as Host,
} from '@tensorgraph/core';
import type { CudaDevice, GpuTensor } from '../cuda-device.js';
import { ALL_DEVICE, INDEX_TYPES } from '../dtypes.js';
import { intValues, invalidArgument, shapeString, sizeOf } from '../shapes.js';
import { forward, input } from './helpers.js';

/** TF's Reshape size check with one -1 inferred. */
function reshapeTarget(input: readonly number[], sizes: Host): number[] {
  if (sizes.rank !== 1) {
    throw invalidArgument(`sizes input must be 1-D, not ${shapeString(sizes.shape)}`);
  }
  const dims = intValues(sizes);
  const total = sizeOf(input);
  let unknown = -1;
  dims.forEach((d, i) => {
    if (d === -1) {
      if (unknown !== -1) {
        throw invalidArgument(`Only one input size may be -1, not both ${unknown} and ${i}`);
      }
      unknown = i;
    } else if (d < 0) {
      throw invalidArgument(`Size ${i} must be non-negative, not ${d}`);
    }
  });
  if (unknown !== -1) {
    // With zeros in the request, the input's zero dims are left out so the other dims can
    // still be inferred (TF's rule for empty tensors).
    const sizesHaveZero = dims.some((d) => d === 0);
    let known = 1;
    let inputHasZero = false;
    for (const d of input) {
      if (d > 0 || !sizesHaveZero) known *= d;
      else inputHasZero = true;
    }
    const knownProduct = dims.reduce((acc, d) => (d > 0 ? acc * d : acc), 1);
    const missing = Math.floor(known / knownProduct);
    if (!inputHasZero && knownProduct * missing !== known) {
      throw invalidArgument(
        `Input to reshape is a tensor with ${known} values, but the requested shape requires a multiple of ${knownProduct}`,
      );
    }
    dims[unknown] = missing;
  }
  if (sizeOf(dims) !== total) {
    throw invalidArgument(
      `Input to reshape is a tensor with ${total} values, but the requested shape has ${sizeOf(dims)}`,
    );
  }
  return dims;
}

const reshapeGpu = defineKernel(ops.Reshape, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, Tshape: INDEX_TYPES },
  hostMemory: ['shape'],
  create: () => (ctx) => {
    const x = input(ctx, 0);
    forward(ctx, 0, x, reshapeTarget(x.shape, ctx.hostInput(1)));
  },
});

const squeezeGpu = defineKernel(ops.Squeeze, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE },
  create:
    ({ attrs }) =>
    (ctx) => {
      const x = input(ctx, 0);
      const rank = x.shape.length;
      const wanted = new Set<number>();
      for (const d of attrs.squeeze_dims) {
        if (d < -rank || d >= rank) {
          throw invalidArgument(
            `Tried to squeeze dim index ${d} for tensor with ${rank} dimensions.`,
          );
        }
        wanted.add(d < 0 ? d + rank : d);
      }
      const shape: number[] = [];
      x.shape.forEach((size, i) => {
        if (wanted.size > 0 ? !wanted.has(i) : size !== 1) shape.push(size);
        else if (size !== 1) {
          throw invalidArgument(
            `Can not squeeze dim[${i}], expected a dimension of 1, got ${size}`,
          );
        }
      });
      forward(ctx, 0, x, shape);
    },
});

const expandDimsGpu = defineKernel(ops.ExpandDims, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, Tdim: INDEX_TYPES },
  hostMemory: ['dim'],
  create: () => (ctx) => {
    const x = input(ctx, 0);
    const dimArg = ctx.hostInput(1);
    if (dimArg.size !== 1) throw invalidArgument(`'dim' must be a tensor with a single value`);
    const rank = x.shape.length;
    let dim = intValues(dimArg)[0] as number;
    if (dim < -1 - rank || dim > rank) {
      throw invalidArgument(`Tried to expand dim index ${dim} for tensor with ${rank} dimensions.`);
    }
    if (dim < 0) dim += rank + 1;
    const shape = [...x.shape];
    shape.splice(dim, 0, 1);
    forward(ctx, 0, x, shape);
  },
});

/** Any dtype: host-held ones (variant, resource, string, ...) are forwarded the same way. */
function identityKernel(
  op: typeof ops.Identity | typeof ops.StopGradient | typeof ops.Snapshot,
): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    create: () => (ctx) => {
      const x = input(ctx, 0);
      forward(ctx, 0, x, x.shape);
    },
  });
}

/** IdentityN: each input forwarded to the output of the same index, whatever its dtype. */
const identityNGpu = defineKernel(ops.IdentityN, {
  deviceType: 'GPU',
  create: () => (ctx) => {
    for (let i = 0; i < ctx.numInputs; i++) {
      const x = input(ctx, i);
      forward(ctx, i, x, x.shape);
    }
  },
});

/** Shape: the input stays on the device; the shape is a host value (TF's HostMemory output). */
const shapeGpu = defineKernel(ops.Shape, {
  deviceType: 'GPU',
  typeConstraints: { T: ALL_DEVICE, out_type: INDEX_TYPES },
  hostMemory: ['output'],
  create:
    ({ attrs }) =>
    (ctx) => {
      const shape = input(ctx, 0).shape;
      ctx.setHostOutput(
        0,
        attrs.out_type === 'int64'
          ? new NDArray(
              'int64',
              [shape.length],
              BigInt64Array.from(shape, (d) => BigInt(d)),
            )
          : new NDArray('int32', [shape.length], Int32Array.from(shape)),
      );
    },
});

/** Const: uploaded once per device and shared by every step (views retain it). */
const constGpu = defineKernel(ops.Const, {
  deviceType: 'GPU',
  typeConstraints: { dtype: ['float32', 'bool'] },
  create: ({ attrs, device }) => {
    let cached: GpuTensor | undefined;
    return (ctx) => {
      const gpu = device as CudaDevice;
      if (cached === undefined || gpu.disposed) cached = gpu.upload(attrs.value as NDArray);
      forward(ctx, 0, cached, cached.shape);
    };
  },
});

/**
 * Integer constants live in host memory (TF's HostConstantOp): shape arguments read them
 * there, and a device argument that needs one gets a copy.
 */
const hostConstGpu = defineKernel(ops.Const, {
  deviceType: 'GPU',
  typeConstraints: { dtype: ['int32', 'int64'] },
  hostMemory: ['output'],
  create:
    ({ attrs }) =>
    (ctx) =>
      ctx.setHostOutput(0, attrs.value as NDArray),
});

const noOpGpu = defineKernel(ops.NoOp, {
  deviceType: 'GPU',
  create: () => () => {},
});

export const VIEW_KERNELS: readonly KernelDef[] = [
  reshapeGpu,
  squeezeGpu,
  expandDimsGpu,
  identityKernel(ops.Identity),
  identityKernel(ops.StopGradient),
  identityKernel(ops.Snapshot),
  identityNGpu,
  shapeGpu,
  constGpu,
  hostConstGpu,
  noOpGpu,
];
