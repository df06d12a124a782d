import { UnimplementedError } from '@tensorgraph/errors';
import { defineKernel, ops, storageOf, type KernelContext, type NDArray } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  stridesOf,
  type Slots,
} from './buffers.js';
import { INDEX_32_64, PAD_TYPES } from './dtype-sets.js';
import { fillSlots } from './fill.js';
import { copyInto, mappedCopy } from './strided-copy.js';

/** Reads and checks a [rank, 2] paddings input; `sep` is what TF puts between the shapes. */
function readPaddings(
  input: NDArray,
  paddingsArg: NDArray,
  sep: string,
  maxRank: number,
): [number, number][] {
  if (input.rank > maxRank) {
    throw new UnimplementedError(null, null, `inputs rank not in [0,${maxRank}]: ${input.rank}`);
  }
  if (paddingsArg.rank !== 2 || paddingsArg.shape[1] !== 2) {
    throw invalidArgument(
      `paddings must be a matrix with 2 columns: ${shapeString(paddingsArg.shape)}`,
    );
  }
  if (paddingsArg.shape[0] !== input.rank) {
    throw invalidArgument(
      `The first dimension of paddings must be the rank of inputs${shapeString(paddingsArg.shape)}${sep}${shapeString(input.shape)}`,
    );
  }
  const flat = intValues(paddingsArg);
  return input.shape.map((_, d) => [flat[2 * d] as number, flat[2 * d + 1] as number]);
}

function padCompute(ctx: KernelContext, withConstant: boolean): void {
  const input = inputArray(ctx, 0);
  const paddings = readPaddings(input, inputArray(ctx, 1), ' ', 8);
  const { slotsPerElement: slots } = storageOf(input.dtype);
  let padValue: Slots | null = null;
  if (withConstant) {
    const constant = inputArray(ctx, 2);
    if (constant.rank !== 0) {
      throw invalidArgument(
        `constant_values must be a scalar. Found: ${shapeString(constant.shape)}`,
      );
    }
    padValue = constant.data as Slots;
  }
  const shape = input.shape.map((d, i) => {
    const [before, after] = paddings[i] as [number, number];
    if (before < 0 || after < 0) {
      throw invalidArgument(`Paddings must be non-negative: ${before} ${after}`);
    }
    return before + d + after;
  });
  // Typed storage comes from the device (a recycled buffer may hold old values, so the
  // padding is always written); strings and handles are built here.
  const typed = storageOf(input.dtype).arrayType !== null;
  const data = typed
    ? (ctx.allocateOutput(0, shape).handle as NDArray).data
    : allocate(input.dtype, shape);
  if (padValue !== null) fillSlots(data as Slots, padValue, slots);
  else if (typed) fillSlots(data as Slots, allocate(input.dtype, [1]) as Slots, slots);
  const outStrides = stridesOf(shape);
  let start = 0;
  paddings.forEach(([before], i) => (start += before * (outStrides[i] as number)));
  if (input.size > 0)
    copyInto(data as Slots, start, outStrides, input.data as Slots, input.shape, slots);
  if (!typed) output(ctx, 0, input.dtype, shape, data);
}

export const padCpu = defineKernel(ops.Pad, {
  deviceType: 'CPU',
  typeConstraints: { T: PAD_TYPES, Tpaddings: INDEX_32_64 },
  create: () => (ctx) => padCompute(ctx, false),
});

export const padV2Cpu = defineKernel(ops.PadV2, {
  deviceType: 'CPU',
  typeConstraints: { T: PAD_TYPES, Tpaddings: INDEX_32_64 },
  create: () => (ctx) => padCompute(ctx, true),
});

export const mirrorPadCpu = defineKernel(ops.MirrorPad, {
  deviceType: 'CPU',
  typeConstraints: { T: PAD_TYPES, Tpaddings: INDEX_32_64 },
  create: ({ attrs }) => {
    // REFLECT leaves out the edge element when mirroring, SYMMETRIC repeats it.
    const reflect = attrs.mode === 'REFLECT';
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const paddings = readPaddings(input, inputArray(ctx, 1), ', ', 5);
      const strides = stridesOf(input.shape);
      const tables = input.shape.map((n, d) => {
        const [before, after] = paddings[d] as [number, number];
        if (before < 0 || after < 0) {
          throw invalidArgument(`paddings must be non-negative: ${before} ${after}`);
        }
        if (reflect && (before >= n || after >= n)) {
          throw invalidArgument(
            `paddings must be less than the dimension size: ${before}, ${after} not less than ${n}`,
          );
        }
        if (!reflect && (before > n || after > n)) {
          throw invalidArgument(
            `paddings must be no greater than the dimension size: ${before}, ${after} greater than ${n}`,
          );
        }
        const table = new Array<number>(before + n + after);
        for (let o = 0; o < table.length; o++) {
          let i = o - before;
          if (i < 0) i = reflect ? -i : -i - 1;
          else if (i >= n) i = reflect ? 2 * (n - 1) - i : 2 * n - 1 - i;
          table[o] = i * (strides[d] as number);
        }
        return table;
      });
      const shape = tables.map((t) => t.length);
      const data = allocate(input.dtype, shape);
      mappedCopy(
        data as Slots,
        input.data as Slots,
        tables,
        storageOf(input.dtype).slotsPerElement,
      );
      output(ctx, 0, input.dtype, shape, data);
    };
  },
});
