import { UnimplementedError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import { coords, gpuInput, invalid, runFlat } from './program.js';
import { MATH_PRELUDE } from './wgsl-math.js';
import { windowDim } from './window.js';

/** MaxPool / AvgPool over H and W of NHWC input; AvgPool divides by the in-bounds count. */
function poolKernel(op: OpDefinition, max: boolean): KernelDef {
  const name = max ? 'MaxPoolingOp' : 'AvgPoolingOp';
  return defineKernel(op, {
    deviceType: 'WEBGPU',
    typeConstraints: { T: max ? ['float32', 'int32'] : ['float32'] },
    create: ({ attrs, inputDTypes }) => {
      const a = attrs as unknown as {
        ksize: number[];
        strides: number[];
        padding: string;
        data_format: string;
        explicit_paddings?: number[];
      };
      const t = inputDTypes[0] as DType;
      return (ctx) => {
        if (a.data_format !== 'NHWC') {
          throw invalid(`Default ${name} only supports NHWC on device type CPU`);
        }
        const k = a.ksize;
        const s = a.strides;
        if (k.length !== 4 || s.length !== 4) {
          throw invalid('Sliding window ksize field must specify 4 dimensions');
        }
        if (k.some((v) => v <= 0)) {
          throw invalid(
            max
              ? `Sliding window ksize must be positive. The specified or inferred ksize is: ${k.join(',')}`
              : `ksize must be a positive int32 value, got:${k.find((v) => v <= 0)}`,
          );
        }
        if (k[0] !== 1 || s[0] !== 1) {
          throw new UnimplementedError(
            null,
            null,
            'Pooling is not yet supported on the batch dimension.',
          );
        }
        if (k[3] !== 1) {
          const x = gpuInput(ctx, 0);
          const C = x.shape[3] as number;
          const unimplemented = (m: string) => new UnimplementedError(null, null, m);
          if (k[1] !== 1 || k[2] !== 1) {
            throw unimplemented(
              'MaxPooling supports exactly one of pooling across depth or pooling across width/height.',
            );
          }
          if (C % (k[3] as number) !== 0) {
            throw unimplemented(
              'Depthwise max pooling requires the depth window to evenly divide the input depth',
            );
          }
          if (s[3] !== k[3]) {
            throw unimplemented(
              'Depthwise max pooling requires the depth window to equal the depth stride',
            );
          }
          if (!max) throw unimplemented('Non-spatial pooling is not yet supported. Volunteers? :)');
          const outShape = [...x.shape.slice(0, 3), C / (k[3] as number)];
          const out = ctx.allocateOutput(0, outShape);
          const n = sizeOf(outShape);
          if (n === 0) return;
          const init = t === 'int32' ? 'i32(-2147483648)' : '-inf_f32()';
          const step = t === 'int32' ? 'acc = i_max(acc, v);' : 'acc = select(acc, v, v > acc);';
          const body = `  var acc = ${init};
  for (var j = 0u; j < ${k[3]}u; j++) { let v = in0[idx * ${k[3]}u + j]; ${step} }
  out0[idx] = acc;`;
          return runFlat(ctx, [x], [out], n, body, MATH_PRELUDE);
        }
        if (k[3] !== 1 || s[3] !== 1) {
          throw new UnimplementedError(
            null,
            null,
            max
              ? 'MaxPooling supports exactly one of pooling across depth or pooling across width/height.'
              : 'Non-spatial pooling is not yet supported. Volunteers? :)',
          );
        }
        const x = gpuInput(ctx, 0);
        if (x.shape.length !== 4) {
          throw invalid(`tensor_in_shape must have 2 spatial dimensions. ${x.shape.length} 0`);
        }
        const [N, H, W, C] = x.shape as [number, number, number, number];
        const ep = a.explicit_paddings ?? [];
        if (a.padding === 'EXPLICIT') {
          const sides: [string, number, number][] = [
            ['Top', ep[2] ?? 0, k[1] as number],
            ['Bottom', ep[3] ?? 0, k[1] as number],
            ['Left', ep[4] ?? 0, k[2] as number],
            ['Right', ep[5] ?? 0, k[2] as number],
          ];
          for (const [side, pad, win] of sides) {
            if (pad >= win)
              throw invalid(
                `${side} padding ${pad} needs to be smaller than the window size ${win}`,
              );
          }
        }
        const rows = windowDim(H, k[1] as number, s[1] as number, 1, a.padding, [
          ep[2] ?? 0,
          ep[3] ?? 0,
        ]);
        const cols = windowDim(W, k[2] as number, s[2] as number, 1, a.padding, [
          ep[4] ?? 0,
          ep[5] ?? 0,
        ]);
        const outShape = [N, rows.out, cols.out, C];
        const out = ctx.allocateOutput(0, outShape);
        const n = sizeOf(outShape);
        if (n === 0) return;
        const init = max ? (t === 'int32' ? 'i32(-2147483648)' : '-inf_f32()') : '0.0';
        const step = max
          ? t === 'int32'
            ? 'acc = i_max(acc, v);'
            : 'acc = select(acc, v, v > acc);' // TF skips NaN here
          : 'acc = acc + v; cnt = cnt + 1.0;';
        const read = t === 'float32' ? 'ftz(in0[base])' : 'in0[base]';
        const body = `${coords(outShape, 'idx', 'o')}
  var acc = ${init};
  var cnt = 0.0;
  for (var ky = 0u; ky < ${k[1]}u; ky++) {
    let iy = i32(o1 * ${s[1]}u + ky) - ${rows.before};
    if (iy < 0 || iy >= ${H}) { continue; }
    for (var kx = 0u; kx < ${k[2]}u; kx++) {
      let ix = i32(o2 * ${s[2]}u + kx) - ${cols.before};
      if (ix < 0 || ix >= ${W}) { continue; }
      let base = ((o0 * ${H}u + u32(iy)) * ${W}u + u32(ix)) * ${C}u + o3;
      let v = ${read};
      ${step}
    }
  }
  out0[idx] = ${max ? 'acc' : 'ftz(acc / cnt)'};`;
        return runFlat(ctx, [x], [out], n, body, MATH_PRELUDE);
      };
    },
  });
}

export const POOL_KERNELS: readonly KernelDef[] = [
  poolKernel(ops.MaxPool, true),
  poolKernel(ops.AvgPool, false),
];
