import { defineKernel, NDArray, ops, type DType, type KernelDef } from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import {
  andThen,
  coords,
  deviceOf,
  dot,
  gpuInput,
  hostValue,
  ints,
  invalid,
  runFlat,
  stridesOf,
  withHost,
} from './program.js';

/**
 * GatherV2. Indices are read in host memory so out-of-range ones raise TF's CPU error
 * (a GPU kernel could not report them); they are uploaded as int32 for the gather.
 */
const gatherV2 = defineKernel(ops.GatherV2, {
  deviceType: 'WEBGPU',
  typeConstraints: { Tparams: ['float32', 'int32', 'bool'] },
  hostMemory: ['indices', 'axis'],
  create:
    ({ attrs, inputDTypes }) =>
    (ctx) => {
      const params = gpuInput(ctx, 0);
      const values = [
        hostValue(ctx, 1, inputDTypes[1] as DType),
        hostValue(ctx, 2, inputDTypes[2] as DType),
      ];
      return withHost(values, ([ind, ax]) => {
        const indices = ind as NDArray;
        const axisArr = ax as NDArray;
        if (axisArr.size !== 1) throw invalid('axis must be scalar');
        const rank = params.shape.length;
        if (rank < 1) throw invalid('params must be at least 1 dimensional');
        let axis = ints(axisArr)[0] as number;
        if (axis < -rank || axis >= rank) {
          // TF reports this through its shape check: the rank the axis would need.
          throw invalid(
            `Shape must be at least rank ${axis < 0 ? -axis : axis + 1} but is rank ${rank}`,
          );
        }
        if (axis < 0) axis += rank;
        let batchDims = attrs.batch_dims;
        const iRank = indices.shape.length;
        if (batchDims < -iRank || batchDims > iRank) {
          throw invalid(
            `Expected batch_dims in the range [${-iRank}, ${iRank}], but got ${batchDims}`,
          );
        }
        if (batchDims < 0) batchDims += iRank;
        if (batchDims > axis)
          throw invalid(
            `batch_dims (${attrs.batch_dims}) must be less than or equal to axis (${axis}).`,
          );
        for (let i = 0; i < batchDims; i++) {
          if (params.shape[i] !== indices.shape[i]) {
            throw invalid(
              `params.shape[${i}]: ${params.shape[i]} should be equal to indices.shape[${i}]: ${indices.shape[i]}`,
            );
          }
        }
        const limit = params.shape[axis] as number;
        const idx = ints(indices);
        const iStrides = stridesOf(indices.shape);
        idx.forEach((v, i) => {
          if (v < 0 || v >= limit) {
            const at = indices.shape.map((d, k) => Math.floor(i / (iStrides[k] as number)) % d);
            throw invalid(`indices[${at.join(',')}] = ${v} is not in [0, ${limit})`);
          }
        });
        const outer = params.shape.slice(batchDims, axis);
        const inner = params.shape.slice(axis + 1);
        const batch = params.shape.slice(0, batchDims);
        const iRest = indices.shape.slice(batchDims);
        const outShape = [...batch, ...outer, ...iRest, ...inner];
        const out = ctx.allocateOutput(0, outShape);
        const n = sizeOf(outShape);
        if (n === 0) return;
        const device = deviceOf(ctx);
        const uploaded = device.upload(new NDArray('int32', indices.shape, Int32Array.from(idx)));
        // Output coords: batch b.., outer o.., indices-rest i.., inner r.. (in that order).
        const pStrides = stridesOf(params.shape);
        const nb = batch.length;
        const no = outer.length;
        const ni = iRest.length;
        const indexAt = dot('c', [
          ...iStrides.slice(0, nb),
          ...new Array<number>(no).fill(0),
          ...iStrides.slice(nb),
          ...new Array<number>(inner.length).fill(0),
        ]);
        const paramsAt = dot(
          'c',
          outShape.map((_, k) => {
            if (k < nb + no) return pStrides[k] as number;
            if (k < nb + no + ni) return 0;
            return pStrides[axis + 1 + (k - nb - no - ni)] as number;
          }),
        );
        const body = `${coords(outShape, 'idx', 'c')}
  let j = u32(in1[${indexAt}]);
  out0[idx] = in0[${paramsAt} + j * ${pStrides[axis]}u];`;
        return andThen(runFlat(ctx, [params, uploaded], [out], n, body), () =>
          device.free(uploaded),
        );
      });
    },
});

export const GATHER_KERNELS: readonly KernelDef[] = [gatherV2 as KernelDef];
