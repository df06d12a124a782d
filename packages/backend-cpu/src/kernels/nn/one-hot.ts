import { InvalidArgumentError } from '@tensorgraph/errors';
import { allocateStorage, defineKernel, NDArray, ops, storageOf } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readInts, shapeString } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);

/** OneHot: `on_value` where the index equals the position along `axis`, else `off_value`. */
export const oneHotCpu = defineKernel(ops.OneHot, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const indices = inputArray(ctx, 0);
      const depthT = inputArray(ctx, 1);
      const on = inputArray(ctx, 2);
      const off = inputArray(ctx, 3);
      const outRank = indices.rank + 1;
      if (!(attrs.axis === -1 || (attrs.axis >= 0 && attrs.axis < outRank))) {
        throw ia(`Expected axis to be -1 or between [0, ${outRank}).  But received: ${attrs.axis}`);
      }
      for (const [name, t] of [
        ['depth', depthT],
        ['on_value', on],
        ['off_value', off],
      ] as const) {
        if (t.rank !== 0) throw ia(`${name} must be a scalar, but got: ${shapeString(t.shape)}`);
      }
      const axis = attrs.axis === -1 ? indices.rank : attrs.axis;
      const depth = (depthT.data as Int32Array)[0] as number;
      if (depth < 0) throw ia(`depth must be non-negative, got: ${depth}`);
      const prefix = indices.shape.slice(0, axis).reduce((a, b) => a * b, 1);
      const suffix = indices.shape.slice(axis).reduce((a, b) => a * b, 1);
      const outShape = [...indices.shape.slice(0, axis), depth, ...indices.shape.slice(axis)];
      const idx = readInts(indices);
      // Complex values are two storage slots each.
      const slots = storageOf(on.dtype).slotsPerElement;
      const out = allocateStorage(on.dtype, prefix * depth * suffix) as unknown as {
        [i: number]: unknown;
      };
      const onV = on.data as unknown as ArrayLike<unknown>;
      const offV = off.data as unknown as ArrayLike<unknown>;
      let o = 0;
      for (let p = 0; p < prefix; p++) {
        for (let d = 0; d < depth; d++) {
          for (let s = 0; s < suffix; s++) {
            const v = idx[p * suffix + s] === d ? onV : offV;
            for (let k = 0; k < slots; k++) out[o++] = v[k];
          }
        }
      }
      setOutputArray(ctx, 0, new NDArray(on.dtype, outShape, out as never));
    },
});
