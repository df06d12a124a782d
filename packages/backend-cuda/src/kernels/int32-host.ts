import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  NDArray,
  ops,
  tryBroadcastShape,
  type KernelDef,
  type OpDefinition,
} from '@tensorgraph/core';
import { broadcastShape, broadcastStrides, sizeOf } from '../shapes.js';

/**
 * int32 elementwise ops on the GPU device with every argument in host memory, computed on
 * the host: TF registers these int32 kernels for GPU this way (shape and index arithmetic
 * stays next to the host-memory shapes it feeds), so a GPU-pinned graph keeps them there.
 */

const INT_DIV_ZERO = 'Integer division by zero';

function divisor(y: number): number {
  if (y === 0) throw new InvalidArgumentError(null, null, INT_DIV_ZERO);
  return y;
}

/** Integer floor division; int32 wraps as TF's does (INT_MIN / -1 stays INT_MIN). */
function floorDiv(x: number, y: number): number {
  const d = divisor(y);
  const q = Math.trunc(x / d);
  return (x % d !== 0 && x < 0 !== d < 0 ? q - 1 : q) | 0;
}

function floorMod(x: number, y: number): number {
  const d = divisor(y);
  const r = x % d;
  return (r !== 0 && r < 0 !== d < 0 ? r + d : r) | 0;
}

/** TruncateMod's kernel reports a zero divisor as TF's does: an InternalError. */
function truncateModDivisor(y: number): number {
  if (y === 0) {
    throw new InternalError(
      null,
      null,
      'Unexpected error in binary operator (only integer div and mod should have errors)',
    );
  }
  return y;
}

type Binary = (x: number, y: number) => number;

const ARITHMETIC: readonly [OpDefinition, Binary][] = [
  [ops.Add, (x, y) => (x + y) | 0],
  [ops.AddV2, (x, y) => (x + y) | 0],
  [ops.Sub, (x, y) => (x - y) | 0],
  [ops.Mul, (x, y) => Math.imul(x, y)],
  // Div on integers truncates, as C++ does.
  [ops.Div, (x, y) => Math.trunc(x / divisor(y)) | 0],
  [ops.FloorDiv, floorDiv],
  [ops.FloorMod, floorMod],
  [ops.Mod, (x, y) => (x % divisor(y)) | 0],
  [ops.TruncateMod, (x, y) => (x % truncateModDivisor(y)) | 0],
  [ops.Maximum, (x, y) => Math.max(x, y)],
  [ops.Minimum, (x, y) => Math.min(x, y)],
  [ops.SquaredDifference, (x, y) => Math.imul(x - y, x - y)],
];

const COMPARISON: readonly [OpDefinition, (x: number, y: number) => boolean][] = [
  [ops.Less, (x, y) => x < y],
  [ops.LessEqual, (x, y) => x <= y],
  [ops.Greater, (x, y) => x > y],
  [ops.GreaterEqual, (x, y) => x >= y],
  [ops.Equal, (x, y) => x === y],
  [ops.NotEqual, (x, y) => x !== y],
];

const UNARY: readonly [OpDefinition, (x: number) => number][] = [
  [ops.Neg, (x) => -x | 0],
  [ops.Abs, (x) => Math.abs(x) | 0],
  [ops.Square, (x) => Math.imul(x, x)],
  [ops.Sign, (x) => Math.sign(x)],
];

/** Writes `f(x[i], y[j])` over the broadcast of the two shapes into `out`. */
function broadcastLoop(
  x: NDArray,
  y: NDArray,
  shape: readonly number[],
  write: (k: number, a: number, b: number) => void,
): void {
  const xs = x.data as Int32Array;
  const ys = y.data as Int32Array;
  const n = sizeOf(shape);
  if (n === 0) return;
  if (xs.length === n && ys.length === n) {
    for (let k = 0; k < n; k++) write(k, xs[k] as number, ys[k] as number);
    return;
  }
  const sx = broadcastStrides(x.shape, shape);
  const sy = broadcastStrides(y.shape, shape);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let ix = 0;
  let iy = 0;
  for (let k = 0; k < n; k++) {
    write(k, xs[ix] as number, ys[iy] as number);
    // Odometer step over the output index, moving both input offsets with it.
    for (let d = rank - 1; d >= 0; d--) {
      const size = shape[d] as number;
      const next = (index[d] as number) + 1;
      if (next < size) {
        index[d] = next;
        ix += sx[d] as number;
        iy += sy[d] as number;
        break;
      }
      index[d] = 0;
      ix -= (sx[d] as number) * (size - 1);
      iy -= (sy[d] as number) * (size - 1);
    }
  }
}

const HOST_BINARY = ['x', 'y', 'z'];

function arithmeticKernel(op: OpDefinition, f: Binary): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: ['int32'] },
    hostMemory: HOST_BINARY,
    create: () => (ctx) => {
      const x = ctx.hostInput(0);
      const y = ctx.hostInput(1);
      const shape = broadcastShape(x.shape, y.shape);
      const out = new Int32Array(sizeOf(shape));
      broadcastLoop(x, y, shape, (k, a, b) => (out[k] = f(a, b)));
      ctx.setHostOutput(0, new NDArray('int32', shape, out));
    },
  });
}

function comparisonKernel(op: OpDefinition, f: (x: number, y: number) => boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: ['int32'] },
    hostMemory: HOST_BINARY,
    create: ({ attrs }) => {
      // Equal/NotEqual with incompatible_shape_error=false answer shapes that do not
      // broadcast with one scalar: not equal.
      const strict = (attrs as { incompatible_shape_error?: boolean }).incompatible_shape_error;
      return (ctx) => {
        const x = ctx.hostInput(0);
        const y = ctx.hostInput(1);
        let shape: readonly number[];
        if (strict === false) {
          const joined = tryBroadcastShape(x.shape, y.shape);
          if (joined === null) {
            const notEqual = ctx.opType === 'NotEqual' ? 1 : 0;
            ctx.setHostOutput(0, new NDArray('bool', [], Uint8Array.of(notEqual)));
            return;
          }
          shape = joined;
        } else {
          shape = broadcastShape(x.shape, y.shape);
        }
        const out = new Uint8Array(sizeOf(shape));
        broadcastLoop(x, y, shape, (k, a, b) => (out[k] = f(a, b) ? 1 : 0));
        ctx.setHostOutput(0, new NDArray('bool', shape, out));
      };
    },
  });
}

function unaryKernel(op: OpDefinition, f: (x: number) => number): KernelDef {
  return defineKernel(op, {
    deviceType: 'GPU',
    typeConstraints: { T: ['int32'] },
    hostMemory: ['x', 'y'],
    create: () => (ctx) => {
      const x = ctx.hostInput(0);
      const xs = x.data as Int32Array;
      const out = new Int32Array(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = f(xs[i] as number);
      ctx.setHostOutput(0, new NDArray('int32', x.shape, out));
    },
  });
}

export const INT32_HOST_KERNELS: readonly KernelDef[] = [
  ...ARITHMETIC.map(([op, f]) => arithmeticKernel(op, f)),
  ...COMPARISON.map(([op, f]) => comparisonKernel(op, f)),
  ...UNARY.map(([op, f]) => unaryKernel(op, f)),
];
