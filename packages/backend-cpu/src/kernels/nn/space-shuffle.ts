import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  allocateStorage,
  defineKernel,
  NDArray,
  ops,
  storageOf,
  type DType,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readInts, shapeString, sizeOf } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);

const REAL_TYPES: readonly DType[] = [
  'float32',
  'float64',
  'int32',
  'uint8',
  'int16',
  'int8',
  'int64',
  'bfloat16',
  'uint16',
  'float16',
  'uint32',
  'uint64',
];

type Elements = { [i: number]: unknown };

function blank(dtype: DType, shape: readonly number[]): Elements {
  return allocateStorage(dtype, sizeOf(shape)) as unknown as Elements;
}

/** Block shape and the [M, 2] paddings/crops of the ND space<->batch ops, as TF checks them. */
function blocksAndPads(
  input: NDArray,
  blockT: NDArray,
  padT: NDArray,
  what: 'paddings' | 'crops',
): { block: number[]; pads: number[] } {
  if (blockT.rank !== 1) throw ia('block_shape must be one-dimensional');
  const m = blockT.shape[0] as number;
  if (input.rank < 1 + m) {
    throw ia(`input rank should be >= ${1 + m} instead of ${input.rank}`);
  }
  if (padT.rank !== 2 || padT.shape[0] !== m || padT.shape[1] !== 2) {
    throw ia(`${what} should have shape [${m}, 2] instead of ${shapeString(padT.shape)}`);
  }
  return { block: readInts(blockT), pads: readInts(padT) };
}

/**
 * The block dims TF folds away (a leading and trailing run with block 1 and no padding):
 * if none is left, the op is the identity.
 */
function internalBlockDims(block: readonly number[], pads: readonly number[]): number {
  const m = block.length;
  const trivial = (d: number) => pads[2 * d] === 0 && pads[2 * d + 1] === 0 && block[d] === 1;
  let prefix = 0;
  while (prefix < m && trivial(prefix)) prefix++;
  let suffix = 0;
  while (suffix < m - prefix && trivial(m - 1 - suffix)) suffix++;
  return m - prefix - suffix;
}

/**
 * SpaceToBatchND: zero-pads the M block dims, then moves each block offset into the batch
 * (offsets vary slowest, the original batch fastest).
 */
export const spaceToBatchNdCpu = defineKernel(ops.SpaceToBatchND, {
  deviceType: 'CPU',
  typeConstraints: { T: REAL_TYPES },
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const { block, pads } = blocksAndPads(
      input,
      inputArray(ctx, 1),
      inputArray(ctx, 2),
      'paddings',
    );
    const m = block.length;
    let product = 1;
    block.forEach((b, i) => {
      if (b < 1) {
        throw ia(`All values in block_shape must be positive, got value, ${b} at index ${i}.`);
      }
      product *= b;
    });
    if (internalBlockDims(block, pads) === 0) {
      setOutputArray(ctx, 0, input);
      return;
    }
    const batch = input.shape[0] as number;
    const outSpatial: number[] = [];
    for (let d = 0; d < m; d++) {
      const [p0, p1] = [pads[2 * d] as number, pads[2 * d + 1] as number];
      if (p0 < 0 || p1 < 0) throw ia('Paddings must be non-negative');
      const padded = (input.shape[d + 1] as number) + p0 + p1;
      if (padded % (block[d] as number) !== 0) {
        throw ia(`padded_shape[${d}]=${padded} is not divisible by block_shape[${d}]=${block[d]}`);
      }
      outSpatial.push(padded / (block[d] as number));
    }
    const rest = input.shape.slice(m + 1);
    const inner = sizeOf(rest);
    const outShape = [batch * product, ...outSpatial, ...rest];
    const out = blank(input.dtype, outShape);
    const src = input.data as unknown as ArrayLike<unknown>;
    const outPos = new Array<number>(m).fill(0);
    let o = 0;
    for (let ob = 0; ob < batch * product; ob++) {
      const b = ob % batch;
      // Block offsets of this output batch entry, last block dim fastest.
      const offsets = new Array<number>(m);
      let q = Math.floor(ob / batch);
      for (let d = m - 1; d >= 0; d--) {
        offsets[d] = q % (block[d] as number);
        q = Math.floor(q / (block[d] as number));
      }
      const cells = sizeOf(outSpatial);
      for (let cell = 0; cell < cells; cell++) {
        let r = cell;
        for (let d = m - 1; d >= 0; d--) {
          outPos[d] = r % (outSpatial[d] as number);
          r = Math.floor(r / (outSpatial[d] as number));
        }
        let inIndex = b;
        let inside = true;
        for (let d = 0; d < m; d++) {
          const i =
            (outPos[d] as number) * (block[d] as number) +
            (offsets[d] as number) -
            (pads[2 * d] as number);
          const size = input.shape[d + 1] as number;
          if (i < 0 || i >= size) inside = false;
          inIndex = inIndex * size + i;
        }
        if (inside) {
          const base = inIndex * inner;
          for (let k = 0; k < inner; k++) out[o + k] = src[base + k];
        }
        o += inner;
      }
    }
    setOutputArray(ctx, 0, new NDArray(input.dtype, outShape, out as never));
  },
});

/** BatchToSpaceND: the inverse shuffle, then crops the block dims. */
export const batchToSpaceNdCpu = defineKernel(ops.BatchToSpaceND, {
  deviceType: 'CPU',
  typeConstraints: { T: REAL_TYPES },
  create: () => (ctx) => {
    const input = inputArray(ctx, 0);
    const { block, pads: crops } = blocksAndPads(
      input,
      inputArray(ctx, 1),
      inputArray(ctx, 2),
      'crops',
    );
    const m = block.length;
    const product = block.reduce((a, b) => a * b, 1);
    if (!(product > 0)) throw ia(`Product of block sizes must be positive, got ${product}`);
    const inBatch = input.shape[0] as number;
    if (inBatch % product !== 0) {
      throw ia(
        `Input batch dimension (${inBatch}) is not divisible by product of block sizes (${product})`,
      );
    }
    if (internalBlockDims(block, crops) === 0) {
      setOutputArray(ctx, 0, input);
      return;
    }
    const outSpatial: number[] = [];
    for (let d = 0; d < m; d++) {
      const [c0, c1] = [crops[2 * d] as number, crops[2 * d + 1] as number];
      if (c0 < 0 || c1 < 0) throw ia('Crops must be non-negative');
      const cropped = (input.shape[d + 1] as number) * (block[d] as number) - c0 - c1;
      if (cropped < 0) throw ia(`cropped_shape[${d}]=${cropped} must be non-negative`);
      outSpatial.push(cropped);
    }
    const batch = inBatch / product;
    const rest = input.shape.slice(m + 1);
    const inner = sizeOf(rest);
    const outShape = [batch, ...outSpatial, ...rest];
    const out = blank(input.dtype, outShape);
    const src = input.data as unknown as ArrayLike<unknown>;
    const cells = sizeOf(outSpatial);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      for (let cell = 0; cell < cells; cell++) {
        // Output position -> (input position, block offset) per block dim.
        let r = cell;
        const pos = new Array<number>(m);
        for (let d = m - 1; d >= 0; d--) {
          pos[d] = r % (outSpatial[d] as number);
          r = Math.floor(r / (outSpatial[d] as number));
        }
        let offset = 0;
        let spatial = 0;
        for (let d = 0; d < m; d++) {
          const full = (pos[d] as number) + (crops[2 * d] as number);
          offset = offset * (block[d] as number) + (full % (block[d] as number));
          spatial =
            spatial * (input.shape[d + 1] as number) + Math.floor(full / (block[d] as number));
        }
        const inIndex = (offset * batch + b) * sizeOf(input.shape.slice(1, m + 1)) + spatial;
        const base = inIndex * inner;
        for (let k = 0; k < inner; k++) out[o + k] = src[base + k];
        o += inner;
      }
    }
    setOutputArray(ctx, 0, new NDArray(input.dtype, outShape, out as never));
  },
});

/** SpaceToDepth (NHWC): each block_size x block_size patch becomes one pixel's depth. */
export const spaceToDepthCpu = defineKernel(ops.SpaceToDepth, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const bs = attrs.block_size;
    return (ctx) => {
      const input = inputArray(ctx, 0);
      if (input.rank !== 4) throw ia(`Input rank should be 4 instead of ${input.rank}`);
      const [batch, h, w, c] = input.shape as [number, number, number, number];
      if (w % bs !== 0 || h % bs !== 0) {
        throw ia(`Image width ${w} and height ${h} should be divisible by block_size: ${bs}`);
      }
      const outShape = [batch, h / bs, w / bs, c * bs * bs];
      const out = blank(input.dtype, outShape);
      const src = input.data as unknown as ArrayLike<unknown>;
      // Complex elements are two storage slots; moving whole depth runs moves them intact.
      const cs = c * storageOf(input.dtype).slotsPerElement;
      let k = 0;
      for (let b = 0; b < batch; b++) {
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const oy = Math.floor(y / bs);
            const ox = Math.floor(x / bs);
            const od = ((y % bs) * bs + (x % bs)) * cs;
            const base = ((b * (h / bs) + oy) * (w / bs) + ox) * cs * bs * bs + od;
            for (let d = 0; d < cs; d++) out[base + d] = src[k++];
          }
        }
      }
      setOutputArray(ctx, 0, new NDArray(input.dtype, outShape, out as never));
    };
  },
});

/** DepthToSpace (NHWC): the inverse of SpaceToDepth. */
export const depthToSpaceCpu = defineKernel(ops.DepthToSpace, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const bs = attrs.block_size;
    return (ctx) => {
      const input = inputArray(ctx, 0);
      if (input.rank !== 4) throw ia(`Input rank should be: 4 instead of: ${input.rank}`);
      const [batch, h, w, depth] = input.shape as [number, number, number, number];
      if (depth % (bs * bs) !== 0) {
        throw ia(`Input depth dimension ${depth} should be divisible by: ${bs * bs}`);
      }
      const c = depth / (bs * bs);
      const outShape = [batch, h * bs, w * bs, c];
      const out = blank(input.dtype, outShape);
      const src = input.data as unknown as ArrayLike<unknown>;
      const cs = c * storageOf(input.dtype).slotsPerElement;
      let k = 0;
      for (let b = 0; b < batch; b++) {
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            for (let dy = 0; dy < bs; dy++) {
              for (let dx = 0; dx < bs; dx++) {
                const base = ((b * h * bs + y * bs + dy) * w * bs + x * bs + dx) * cs;
                for (let d = 0; d < cs; d++) out[base + d] = src[k++];
              }
            }
          }
        }
      }
      setOutputArray(ctx, 0, new NDArray(input.dtype, outShape, out as never));
    };
  },
});
