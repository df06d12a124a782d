import { defineKernel, NDArray, ops, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { intValues, invalidArgument, shapeString } from './buffers.js';

/** The same storage under a new shape: kernels never write inputs, so sharing is safe. */
function viewAs(ctx: KernelContext, input: NDArray, shape: readonly number[]): void {
  setOutputArray(ctx, 0, new NDArray(input.dtype, shape, input.data));
}

/** TF's `ReshapeOp::ValidateSizes` and the -1 inference that follows it. */
function reshapeTarget(input: NDArray, sizes: NDArray): number[] {
  if (sizes.rank !== 1) {
    throw invalidArgument(`sizes input must be 1-D, not ${shapeString(sizes.shape)}`);
  }
  const dims = intValues(sizes);
  let unknown = -1;
  let product = 1;
  let sizesHaveZero = false;
  dims.forEach((size, d) => {
    if (size === -1) {
      if (unknown !== -1) {
        throw invalidArgument(`Only one input size may be -1, not both ${unknown} and ${d}`);
      }
      unknown = d;
    } else if (size < 0) {
      throw invalidArgument(`Size ${d} must be non-negative, not ${size}`);
    } else if (size === 0) {
      sizesHaveZero = true;
    } else {
      product *= size;
    }
  });
  if (unknown !== -1) {
    // Zero dims of the input are left out when the request has zeros too, so the other
    // dims can still be inferred (TF's rule for empty tensors).
    let inputElements = 1;
    let inputHasZero = false;
    for (const d of input.shape) {
      if (d > 0 || !sizesHaveZero) inputElements *= d;
      else inputHasZero = true;
    }
    const missing = Math.floor(inputElements / product);
    if (!inputHasZero && product * missing !== inputElements) {
      throw invalidArgument(
        `Input to reshape is a tensor with ${inputElements} values, but the requested shape requires a multiple of ${product}`,
      );
    }
    dims[unknown] = missing;
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== input.size) {
    throw invalidArgument(
      `Input to reshape is a tensor with ${input.size} values, but the requested shape has ${count}`,
    );
  }
  return dims;
}

export const reshapeCpu = defineKernel(ops.Reshape, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    viewAs(ctx, input, reshapeTarget(input, inputArray(ctx, 1)));
  },
});

export const squeezeCpu = defineKernel(ops.Squeeze, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const requested = attrs.squeeze_dims;
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const rank = input.rank;
      const squeeze = new Set<number>();
      for (const d of requested) {
        const wrapped = d < 0 ? d + rank : d;
        if (wrapped < 0 || wrapped >= rank) {
          throw invalidArgument(
            `Tried to squeeze dim index ${d} for tensor with ${rank} dimensions.`,
          );
        }
        squeeze.add(wrapped);
      }
      const shape: number[] = [];
      input.shape.forEach((size, i) => {
        if (squeeze.size > 0) {
          if (!squeeze.has(i)) shape.push(size);
          else if (size !== 1) {
            throw invalidArgument(
              `Can not squeeze dim[${i}], expected a dimension of 1, got ${size}`,
            );
          }
        } else if (size !== 1) shape.push(size);
      });
      viewAs(ctx, input, shape);
    };
  },
});

export const expandDimsCpu = defineKernel(ops.ExpandDims, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const dimArg = inputArray(ctx, 1);
    if (dimArg.size !== 1) throw invalidArgument(`'dim' must be a tensor with a single value`);
    const rank = input.rank;
    let dim = intValues(dimArg)[0] as number;
    if (dim < -1 - rank || dim > rank) {
      throw invalidArgument(`Tried to expand dim index ${dim} for tensor with ${rank} dimensions.`);
    }
    if (dim < 0) dim += rank + 1;
    const shape = [...input.shape];
    shape.splice(dim, 0, 1);
    viewAs(ctx, input, shape);
  },
});
