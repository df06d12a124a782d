import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { sizeOf } from '../gpu-storage.js';
import {
  coords,
  dot,
  gpuInput,
  hostValue,
  ints,
  invalid,
  runFlat,
  stridesOf,
  withHost,
} from './program.js';
import { MATH_PRELUDE } from './wgsl-math.js';

interface Reducer {
  init: (t: DType) => string;
  step: (t: DType, acc: string, x: string) => string;
  finish?: (t: DType, acc: string, count: number) => string;
}

const REDUCERS: Record<string, Reducer> = {
  Sum: { init: (t) => (t === 'int32' ? '0' : '0.0'), step: (_t, a, x) => `${a} + ${x}` },
  Prod: { init: (t) => (t === 'int32' ? '1' : '1.0'), step: (_t, a, x) => `${a} * ${x}` },
  Mean: {
    init: (t) => (t === 'int32' ? '0' : '0.0'),
    step: (_t, a, x) => `${a} + ${x}`,
    finish: (t, a, n) =>
      n === 0
        ? t === 'int32'
          ? '0'
          : 'nan_f32()'
        : t === 'int32'
          ? `${a} / ${n}`
          : `${a} / f32(${n})`,
  },
  Max: {
    init: (t) => (t === 'int32' ? 'i32(-2147483648)' : '-inf_f32()'),
    step: (t, a, x) => (t === 'int32' ? `i_max(${a}, ${x})` : `tf_max(${a}, ${x})`),
  },
  Min: {
    init: (t) => (t === 'int32' ? '2147483647' : 'inf_f32()'),
    step: (t, a, x) => (t === 'int32' ? `i_min(${a}, ${x})` : `tf_min(${a}, ${x})`),
  },
};

/** Normalises reduction axes with TF's checks and messages. */
export function reductionAxes(axesValue: readonly number[], rank: number): boolean[] {
  const reduced = new Array<boolean>(rank).fill(false);
  for (const a of axesValue) {
    if (a < -rank || a >= rank) {
      throw invalid(`Invalid reduction dimension (${a} for input with ${rank} dimension(s)`);
    }
    const k = a < 0 ? a + rank : a;
    if (reduced[k])
      throw invalid(`Invalid reduction arguments: Axes contains duplicate dimension: ${k}`);
    reduced[k] = true;
  }
  return reduced;
}

function reduceKernel(name: string): KernelDef {
  const r = REDUCERS[name] as Reducer;
  return defineKernel((ops as unknown as Record<string, OpDefinition>)[name] as OpDefinition, {
    deviceType: 'WEBGPU',
    // int32 Mean sums in 64 bits in TF: it stays on CPU.
    typeConstraints: {
      T: name === 'Mean' ? ['float32'] : ['float32', 'int32'],
      Tidx: ['int32', 'int64'],
    },
    hostMemory: ['reduction_indices'],
    create: ({ attrs, inputDTypes }) => {
      const keep = attrs.keep_dims === true;
      const t = inputDTypes[0] as DType;
      return (ctx) => {
        const x = gpuInput(ctx, 0);
        return withHost([hostValue(ctx, 1, inputDTypes[1] as DType)], ([axesArr]) => {
          const rank = x.shape.length;
          const reduced = reductionAxes(ints(axesArr as never), rank);
          const keptDims: number[] = [];
          const keptStrides: number[] = [];
          const redDims: number[] = [];
          const redStrides: number[] = [];
          const strides = stridesOf(x.shape);
          x.shape.forEach((d, k) => {
            if (reduced[k]) {
              redDims.push(d);
              redStrides.push(strides[k] as number);
            } else {
              keptDims.push(d);
              keptStrides.push(strides[k] as number);
            }
          });
          const outShape = keep ? x.shape.map((d, k) => (reduced[k] ? 1 : d)) : keptDims;
          const out = ctx.allocateOutput(0, outShape);
          const n = sizeOf(outShape);
          const count = sizeOf(redDims);
          if (n === 0) return;
          const read = t === 'float32' ? 'ftz(in0[base + off])' : 'in0[base + off]';
          const acc = r.finish === undefined ? 'acc' : r.finish(t, 'acc', count);
          const body = `${coords(keptDims, 'idx', 'k')}
  let base = ${dot('k', keptStrides)};
  var acc = ${r.init(t)};
  for (var j = 0u; j < ${count}u; j++) {
${coords(redDims, 'j', 'r')}
    let off = ${dot('r', redStrides)};
    acc = ${r.step(t, 'acc', read)};
  }
  out0[idx] = ${t === 'float32' ? `ftz(${acc})` : acc};`;
          return runFlat(ctx, [x], [out], n, body, MATH_PRELUDE);
        });
      };
    },
  });
}

export const REDUCE_KERNELS: readonly KernelDef[] = Object.keys(REDUCERS).map(reduceKernel);
