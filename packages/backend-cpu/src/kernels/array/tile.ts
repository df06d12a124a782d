import { UnimplementedError } from '@tensorgraph/errors';
import { defineKernel, ops, storageOf, type DType } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  allocate,
  intValues,
  invalidArgument,
  output,
  shapeString,
  sizeOf,
  stridesOf,
  type Slots,
} from './buffers.js';
import { INDEX_32_64 } from './dtype-sets.js';
import { copyFrom } from './strided-copy.js';

/** The dtypes TF's Tile kernel body handles; others fail unless nothing needs tiling. */
const TILE_BODY: ReadonlySet<DType> = new Set<DType>([
  'bool',
  'float32',
  'bfloat16',
  'float64',
  'uint8',
  'int8',
  'int32',
  'int16',
  'int64',
  'float16',
  'uint32',
  'uint64',
  'string',
  'complex64',
  'complex128',
  'variant',
]);

export const tileCpu = defineKernel(ops.Tile, {
  deviceType: 'CPU',
  typeConstraints: { Tmultiples: INDEX_32_64 },
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const multiplesArg = inputArray(ctx, 1);
    if (multiplesArg.rank !== 1) {
      throw invalidArgument(
        `Expected multiples to be 1-D, but got shape ${shapeString(multiplesArg.shape)}`,
      );
    }
    const dims = input.rank;
    if (multiplesArg.size !== dims) {
      throw invalidArgument(
        `Expected multiples argument to be a vector of length ${dims} but got length ${multiplesArg.shape[0]}`,
      );
    }
    if (dims === 0) {
      setOutputArray(ctx, 0, input);
      return;
    }
    const multiples = intValues(multiplesArg);
    multiples.forEach((m, i) => {
      if (m < 0) throw invalidArgument(`Expected multiples[${i}] >= 0, but got ${m}`);
    });
    const shape = input.shape.map((d, i) => d * (multiples[i] as number));
    if (shape.every((d, i) => d === input.shape[i])) {
      setOutputArray(ctx, 0, input);
      return;
    }
    const data = allocate(input.dtype, shape);
    if (sizeOf(shape) > 0) {
      if (!TILE_BODY.has(input.dtype)) {
        throw new UnimplementedError(
          null,
          null,
          `TileOp : The input data type is not supported, DataType : ${input.dtype}, Dimension : ${dims}`,
        );
      }
      // Output dims (m_i, d_i) pairs: the m_i copies step 0 through the input.
      const inStrides = stridesOf(input.shape);
      const pairShape: number[] = [];
      const pairStrides: number[] = [];
      input.shape.forEach((d, i) => {
        pairShape.push(multiples[i] as number, d);
        pairStrides.push(0, inStrides[i] as number);
      });
      copyFrom(
        data as Slots,
        input.data as Slots,
        0,
        pairStrides,
        pairShape,
        storageOf(input.dtype).slotsPerElement,
      );
    }
    output(ctx, 0, input.dtype, shape, data);
  },
});
