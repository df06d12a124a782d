import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { convForward } from './conv-core.js';
import {
  narrowRound,
  readReals,
  realsToArray,
  sizeOf,
  windowedOutputSize,
  type Padding,
} from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);

/** Conv3D: NDHWC, unit dilations and one filter group on CPU, as TF's CPU kernel. */
export const conv3dCpu = defineKernel(ops.Conv3D, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float16', 'bfloat16', 'float32', 'float64'] },
  create: ({ attrs }) => {
    const { strides, dilations, data_format: format } = attrs;
    const padding = attrs.padding as Padding;
    const ncdhw = format === 'NCDHW';
    // Positions of N, C and the three spatial dims in the 5-D layout.
    const [n, c, sp] = ncdhw ? [0, 1, [2, 3, 4]] : [0, 4, [1, 2, 3]];
    if (strides.length !== 5) throw ia('Sliding window strides field must specify 5 dimensions');
    if (strides[n] !== 1 || strides[c] !== 1) {
      throw ia(
        'Current implementation does not yet support strides in the batch and depth dimensions.',
      );
    }
    if (sp.some((d) => (strides[d] as number) <= 0)) {
      throw ia('Spatial strides should be larger than 0.');
    }
    if (dilations.length !== 5) {
      throw ia('Dilation rates field must specify 5 dimensions');
    }
    if (dilations[n] !== 1 || dilations[c] !== 1) {
      throw ia(
        'Current implementation does not yet support dilation rates in the batch and depth dimensions.',
      );
    }
    if (sp.some((d) => (dilations[d] as number) <= 0)) {
      throw ia('Dilated rates should be larger than 0.');
    }
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const filter = inputArray(ctx, 1);
      if (input.rank !== 5) throw ia('input must be 5-dimensional');
      if (filter.rank !== 5) throw ia('filter must be 5-dimensional');
      const inDepth = input.shape[c] as number;
      const filterDepth = filter.shape[3] as number;
      const outDepth = filter.shape[4] as number;
      if (filterDepth === 0) throw ia('filter_depth must be non-zero');
      if (inDepth % filterDepth !== 0) {
        throw ia(
          `Input depth must be evenly divisible by filter depth: ${inDepth} vs ${filterDepth}`,
        );
      }
      const windows = sp.map((d, i) =>
        windowedOutputSize(
          input.shape[d] as number,
          filter.shape[i] as number,
          dilations[d] as number,
          strides[d] as number,
          padding,
        ),
      );
      const batch = input.shape[n] as number;
      const spatialOut = windows.map((w) => w.outSize);
      const outShape = ncdhw ? [batch, outDepth, ...spatialOut] : [batch, ...spatialOut, outDepth];
      if (sizeOf(outShape) === 0) {
        setOutputArray(ctx, 0, realsToArray(input.dtype, outShape, []));
        return;
      }
      if (ncdhw) {
        throw ia('CPU implementation of Conv3D currently only supports the NHWC tensor format.');
      }
      if (sp.some((d) => dilations[d] !== 1)) {
        throw ia('CPU implementation of Conv3D currently only supports dilated rates of 1.');
      }
      if (filterDepth !== inDepth) {
        throw ia(
          `Number of channels in filter (${filterDepth}) must match last dimension of input (${inDepth})`,
        );
      }
      const tri = <T>(a: readonly T[]) => [a[0], a[1], a[2]] as [T, T, T];
      const out = convForward(
        readReals(input),
        readReals(filter),
        {
          batch,
          inSize: tri(sp.map((d) => input.shape[d] as number)),
          inDepth,
          filterSize: tri(filter.shape.slice(0, 3)),
          filterDepth,
          outDepth,
          outSize: tri(spatialOut),
          strides: tri(sp.map((d) => strides[d] as number)),
          dilations: [1, 1, 1],
          padBefore: tri(windows.map((w) => w.padBefore)),
        },
        narrowRound(input.dtype),
      );
      setOutputArray(ctx, 0, realsToArray(input.dtype, outShape, out));
    };
  },
});
