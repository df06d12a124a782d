import { defineKernel, ops, storageOf, type KernelContext } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  stridesOf,
  type Nums,
  type Slots,
} from './buffers.js';
import { MOVABLE } from './dtype-sets.js';
import { copyFrom } from './strided-copy.js';

/** TF's checks on a permutation for a tensor of rank `dims`; negative entries wrap. */
function checkPermutation(ctx: KernelContext, dims: number): number[] {
  const permArg = inputArray(ctx, 1);
  if (permArg.rank !== 1) {
    throw invalidArgument(`perm must be rank 1, got shape ${shapeString(permArg.shape)}`);
  }
  if (permArg.size !== dims) {
    throw invalidArgument(
      `transpose expects a vector of size ${dims}. But input(1) is a vector of size ${permArg.size}`,
    );
  }
  const perm = intValues(permArg).map((d) => (d < 0 ? d + dims : d));
  const seen = new Array<boolean>(dims).fill(false);
  for (const d of perm) {
    if (d < 0 || d >= dims) throw invalidArgument(`${d} is out of range [0 .. ${dims})`);
    seen[d] = true;
  }
  const missing = seen.indexOf(false);
  if (missing >= 0) throw invalidArgument(`${missing} is missing from {${perm.join(',')}}.`);
  return perm;
}

function transposeKernel(conjugate: boolean) {
  return (ctx: KernelContext) => {
    const x = inputArray(ctx, 0);
    const perm = checkPermutation(ctx, x.rank);
    const inStrides = stridesOf(x.shape);
    const shape = perm.map((p) => x.shape[p] as number);
    const { slotsPerElement, kind } = storageOf(x.dtype);
    const data = allocate(x.dtype, shape);
    copyFrom(
      data as Slots,
      x.data as Slots,
      0,
      perm.map((p) => inStrides[p] as number),
      shape,
      slotsPerElement,
    );
    if (conjugate && kind === 'complex') {
      const d = data as Nums;
      for (let i = 1; i < d.length; i += 2) d[i] = -(d[i] as number);
    }
    output(ctx, 0, x.dtype, shape, data);
  };
}

export const transposeCpu = defineKernel(ops.Transpose, {
  deviceType: 'CPU',
  typeConstraints: { T: MOVABLE },
  create: () => transposeKernel(false),
});

export const conjugateTransposeCpu = defineKernel(ops.ConjugateTranspose, {
  deviceType: 'CPU',
  typeConstraints: { T: MOVABLE },
  create: () => transposeKernel(true),
});
