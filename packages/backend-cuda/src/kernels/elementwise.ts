import { defineKernel, ops, type KernelDef, type OpDefinition } from '@tensorgraph/core';
import { F32 } from '../dtypes.js';
import {
  broadcastShape,
  broadcastStrides,
  coalesce,
  invalidArgument,
  shapeString,
  sizeOf,
} from '../shapes.js';
import { addr, checkRank, input, launch } from './helpers.js';

// Codes of enum tg_unary_op / tg_binary_op in native/tg_cuda.h, in order.
const UNARY: readonly [OpDefinition, number][] = [
  [ops.Neg, 0],
  [ops.Abs, 1],
  [ops.Exp, 2],
  [ops.Log, 3],
  [ops.Sqrt, 4],
  [ops.Rsqrt, 5],
  [ops.Square, 6],
  [ops.Tanh, 7],
  [ops.Sigmoid, 8],
  [ops.Relu, 9],
  [ops.Relu6, 10],
  [ops.Floor, 11],
  [ops.Ceil, 12],
  [ops.Sin, 13],
  [ops.Cos, 14],
  [ops.Reciprocal, 15],
  [ops.Inv, 15],
  [ops.Sign, 16],
  [ops.Softplus, 17],
  [ops.Elu, 18],
  [ops.Log1p, 19],
  [ops.Expm1, 20],
  [ops.Round, 21],
  [ops.Rint, 21],
  [ops.Selu, 22],
  [ops.Erf, 23],
];

const BINARY: readonly [OpDefinition, number][] = [
  [ops.Add, 0],
  [ops.AddV2, 0],
  [ops.Sub, 1],
  [ops.Mul, 2],
  [ops.RealDiv, 3],
  [ops.Div, 3],
  [ops.Maximum, 4],
  [ops.Minimum, 5],
  [ops.Pow, 6],
  [ops.SquaredDifference, 7],
  [ops.FloorDiv, 8],
  [ops.FloorMod, 9],
  [ops.DivNoNan, 10],
  [ops.Less, 11],
  [ops.LessEqual, 12],
  [ops.Greater, 13],
  [ops.GreaterEqual, 14],
  [ops.Equal, 15],
  [ops.NotEqual, 16],
];

function unaryKernel(op: OpDefinition, code: number): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: F32 },
    create: () => (ctx) => {
      const x = input(ctx, 0);
      const y = ctx.allocateOutput(0, x.shape);
      const n = sizeOf(x.shape);
      if (n > 0) launch(ctx, (a, id) => a.unary(id, code, addr(x), addr(y), n));
    },
  });
}

/** Broadcasting binary op (TF's BCast rules), float32 in; float32 or bool out. */
function binaryKernel(op: OpDefinition, code: number): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: F32 },
    create: () => (ctx) => {
      const a = input(ctx, 0);
      const b = input(ctx, 1);
      const shape = broadcastShape(a.shape, b.shape);
      const out = ctx.allocateOutput(0, shape);
      if (sizeOf(shape) === 0) return;
      const plan = coalesce(shape, [
        broadcastStrides(a.shape, shape),
        broadcastStrides(b.shape, shape),
      ]);
      checkRank(ctx, plan.shape.length);
      launch(ctx, (addon, id) =>
        addon.binary(
          id,
          code,
          addr(a),
          addr(b),
          addr(out),
          plan.shape,
          plan.strides[0] as number[],
          plan.strides[1] as number[],
        ),
      );
    },
  });
}

/** BiasAdd: value + bias along the channel dim (last, or dim 1 for NCHW of rank >= 3). */
function biasAddKernel(op: OpDefinition): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: F32 },
    create: ({ attrs }) => {
      const nchw = (attrs as { data_format?: string }).data_format === 'NCHW';
      return (ctx) => {
        const x = input(ctx, 0);
        const bias = input(ctx, 1);
        if (x.shape.length < 2) {
          throw invalidArgument(`Input tensor must be at least 2D: ${shapeString(x.shape)}`);
        }
        if (bias.shape.length !== 1) {
          throw invalidArgument(`Biases must be 1D: ${shapeString(bias.shape)}`);
        }
        const axis = nchw && x.shape.length >= 3 ? 1 : x.shape.length - 1;
        if (bias.shape[0] !== x.shape[axis]) {
          throw invalidArgument(
            `Must provide as many biases as the last dimension of the input tensor: ${shapeString(bias.shape)} vs. ${shapeString(x.shape)}`,
          );
        }
        const out = ctx.allocateOutput(0, x.shape);
        if (sizeOf(x.shape) === 0) return;
        const biasView = x.shape.map((d, i) => (i === axis ? d : 1));
        const plan = coalesce(x.shape, [
          broadcastStrides(x.shape, x.shape),
          broadcastStrides(biasView, x.shape),
        ]);
        checkRank(ctx, plan.shape.length);
        launch(ctx, (addon, id) =>
          addon.binary(
            id,
            0,
            addr(x),
            addr(bias),
            addr(out),
            plan.shape,
            plan.strides[0] as number[],
            plan.strides[1] as number[],
          ),
        );
      };
    },
  });
}

export const ELEMENTWISE_KERNELS: readonly KernelDef[] = [
  ...UNARY.map(([op, code]) => unaryKernel(op, code)),
  ...BINARY.map(([op, code]) => binaryKernel(op, code)),
  biasAddKernel(ops.BiasAdd),
  biasAddKernel(ops.BiasAddV1),
];
