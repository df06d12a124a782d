import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  type DType,
  type KernelDef,
  type NDArray,
  type OpDefinition,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { shapeString } from './broadcast.js';
import { COMPLEX, FLOATS, INTS } from './dtype-groups.js';
import { FLUSH_F32, FLUSH_F64, runBiasAdd } from './fast-float.js';
import { wasmOf } from '../../wasm/context.js';
import {
  dazValues,
  elementKind,
  floatScratch,
  floatValues,
  floatWork,
  flushSubnormals,
  floatOutputOver,
  fromFloatValues,
  isDirectFloat,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

const BIAS_TYPES: readonly DType[] = [...FLOATS, ...INTS, ...COMPLEX];

/** The channel axis, and the element count on each side of it. */
function channelLayout(shape: readonly number[], nchw: boolean) {
  const rank = shape.length;
  // NCHW puts channels at dim 1 (for rank >= 3; rank 2 inputs are [N, C] either way).
  const axis = nchw && rank >= 3 ? 1 : rank - 1;
  let inner = 1;
  for (let d = axis + 1; d < rank; d++) inner *= shape[d] as number;
  return { axis, channels: shape[axis] as number, inner };
}

function checkInput(x: NDArray): void {
  if (x.shape.length < 2) {
    throw new InvalidArgumentError(
      null,
      null,
      `Input tensor must be at least 2D: ${shapeString(x.shape)}`,
    );
  }
}

/** BiasAdd / BiasAddV1: value + bias broadcast along the channel dim. */
function biasAddKernel(op: OpDefinition): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    typeConstraints: { T: BIAS_TYPES },
    create: ({ attrs, inputDTypes }) => {
      const nchw = (attrs as { data_format?: string }).data_format === 'NCHW';
      const dtype = inputDTypes[0] as DType;
      const kind = elementKind(dtype);
      return (ctx) => {
        const x = inputArray(ctx, 0);
        const bias = inputArray(ctx, 1);
        checkInput(x);
        if (bias.shape.length !== 1) {
          throw new InvalidArgumentError(
            null,
            null,
            `Biases must be 1D: ${shapeString(bias.shape)}`,
          );
        }
        const { channels, inner } = channelLayout(x.shape, nchw);
        if (bias.size !== channels) {
          throw new InvalidArgumentError(
            null,
            null,
            `Must provide as many biases as the last dimension of the input tensor: ${shapeString(bias.shape)} vs. ${shapeString(x.shape)}`,
          );
        }
        const n = x.size;
        const channelOf = (i: number) => Math.floor(i / inner) % channels;
        if (isDirectFloat(dtype) && bias !== x) {
          // Written over x when this node is its last reader.
          const out = floatOutputOver(ctx, 0, x);
          const rt = dtype === 'float32' ? (wasmOf(ctx)?.rt ?? null) : null;
          const flush = dtype === 'float64' ? FLUSH_F64 : FLUSH_F32;
          runBiasAdd(out, x.data as FloatArray, bias.data as FloatArray, inner, flush, rt);
          return;
        }
        if (kind === 'float') {
          const work = floatWork(dtype);
          const v = dazValues(floatValues(x), work.tiny);
          const b = dazValues(floatValues(bias), work.tiny);
          const out = floatScratch(dtype, n);
          for (let i = 0; i < n; i++) out[i] = (v[i] as number) + (b[channelOf(i)] as number);
          flushSubnormals(out, work.tiny);
          setOutputArray(ctx, 0, fromFloatValues(dtype, x.shape, out));
          return;
        }
        const out = newArray(dtype, x.shape);
        if (kind === 'bigint') {
          const v = x.data as BigIntArray;
          const b = bias.data as BigIntArray;
          const o = out.data as BigIntArray;
          for (let i = 0; i < n; i++) o[i] = (v[i] as bigint) + (b[channelOf(i)] as bigint);
        } else if (kind === 'complex') {
          const v = x.data as FloatArray;
          const b = bias.data as FloatArray;
          const o = out.data as FloatArray;
          for (let i = 0; i < n; i++) {
            const c = 2 * channelOf(i);
            o[2 * i] = (v[2 * i] as number) + (b[c] as number);
            o[2 * i + 1] = (v[2 * i + 1] as number) + (b[c + 1] as number);
          }
        } else {
          const v = x.data as NumberArray;
          const b = bias.data as NumberArray;
          const o = out.data as NumberArray;
          for (let i = 0; i < n; i++) o[i] = (v[i] as number) + (b[channelOf(i)] as number);
        }
        setOutputArray(ctx, 0, out);
      };
    },
  });
}

/** BiasAddGrad: the sum over every dim but the channel dim. */
const biasAddGradCpu = defineKernel(ops.BiasAddGrad, {
  deviceType: 'CPU',
  typeConstraints: { T: BIAS_TYPES },
  create: ({ attrs, inputDTypes }) => {
    const nchw = attrs.data_format === 'NCHW';
    const dtype = inputDTypes[0] as DType;
    const kind = elementKind(dtype);
    return (ctx) => {
      const x = inputArray(ctx, 0);
      checkInput(x);
      const { channels, inner } = channelLayout(x.shape, nchw);
      const n = x.size;
      const channelOf = (i: number) => Math.floor(i / inner) % channels;
      if (kind === 'float') {
        const v = floatValues(x);
        const acc = new Float64Array(channels);
        for (let i = 0; i < n; i++) {
          const c = channelOf(i);
          acc[c] = (acc[c] as number) + (v[i] as number);
        }
        const out = floatScratch(dtype, channels);
        out.set(acc);
        setOutputArray(ctx, 0, fromFloatValues(dtype, [channels], out));
        return;
      }
      const out = newArray(dtype, [channels]);
      if (kind === 'bigint') {
        const v = x.data as BigIntArray;
        const o = out.data as BigIntArray;
        for (let i = 0; i < n; i++) {
          const c = channelOf(i);
          o[c] = (o[c] as bigint) + (v[i] as bigint);
        }
      } else if (kind === 'complex') {
        const v = x.data as FloatArray;
        const acc = new Float64Array(2 * channels);
        for (let i = 0; i < n; i++) {
          const c = 2 * channelOf(i);
          acc[c] = (acc[c] as number) + (v[2 * i] as number);
          acc[c + 1] = (acc[c + 1] as number) + (v[2 * i + 1] as number);
        }
        (out.data as FloatArray).set(acc);
      } else {
        const v = x.data as NumberArray;
        const o = out.data as NumberArray;
        for (let i = 0; i < n; i++) {
          const c = channelOf(i);
          o[c] = (o[c] as number) + (v[i] as number);
        }
      }
      setOutputArray(ctx, 0, out);
    };
  },
});

/** L2Loss: sum(x^2) / 2 (TF halves each square, then sums). */
const l2LossCpu = defineKernel(ops.L2Loss, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOATS },
  create: ({ inputDTypes }) => {
    const dtype = inputDTypes[0] as DType;
    const r = floatWork(dtype).round;
    return (ctx) => {
      const v = floatValues(inputArray(ctx, 0));
      let s = 0;
      for (let i = 0; i < v.length; i++) {
        const e = v[i] as number;
        s += r(r(e * e) * 0.5);
      }
      const out = floatScratch(dtype, 1);
      out[0] = s;
      setOutputArray(ctx, 0, fromFloatValues(dtype, [], out));
    };
  },
});

export const BIAS_KERNELS: readonly KernelDef[] = [
  biasAddKernel(ops.BiasAdd),
  biasAddKernel(ops.BiasAddV1),
  biasAddGradCpu,
  l2LossCpu,
];
