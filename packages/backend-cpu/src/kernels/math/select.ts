import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  defineKernel,
  ops,
  storageOf,
  type DType,
  type KernelDef,
  type NDArray,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { broadcastIndex, shapeString, tryBroadcastShape } from './broadcast.js';
import { COMPLEX, FLOATS, INTS } from './dtype-groups.js';
import {
  dazValues,
  floatValues,
  floatWork,
  fromFloatValues,
  newArray,
  type FloatArray,
} from './elementwise.js';

// TF's CPU Select/SelectV2 registrations: every numeric type plus bool, string, resource
// and variant (a select only moves elements, so one generic copy serves them all).
const SELECT_TYPES: readonly DType[] = [
  ...FLOATS,
  ...INTS,
  ...COMPLEX,
  'bool',
  'string',
  'resource',
  'variant',
];

type Slots = { [i: number]: unknown; readonly length: number };

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * out[o] = cond[ci(o)] ? then[ti(o)] : else[ei(o)], copying `slots` storage slots per
 * element (2 for complex); `ci`/`ti`/`ei` map output indices to input indices.
 */
function selectInto(
  out: NDArray,
  cond: Uint8Array,
  thenA: NDArray,
  elseA: NDArray,
  ci: (o: number) => number,
  ti: (o: number) => number,
  ei: (o: number) => number,
): void {
  const slots = storageOf(out.dtype).slotsPerElement;
  const o = out.data as unknown as Slots & { [i: number]: unknown };
  const t = thenA.data as unknown as Slots;
  const e = elseA.data as unknown as Slots;
  const n = out.size;
  for (let k = 0; k < n; k++) {
    const src = cond[ci(k)] !== 0 ? t : e;
    const at = (cond[ci(k)] !== 0 ? ti(k) : ei(k)) * slots;
    for (let s = 0; s < slots; s++) o[k * slots + s] = src[at + s];
  }
}

const identity = (k: number) => k;

/** Select (v1): same shapes, a scalar condition, or a condition vector over the first dim. */
export const selectCpu = defineKernel(ops.Select, {
  deviceType: 'CPU',
  typeConstraints: { T: SELECT_TYPES },
  create:
    ({ nodeName }) =>
    (ctx) => {
      const cond = inputArray(ctx, 0);
      const thenA = inputArray(ctx, 1);
      const elseA = inputArray(ctx, 2);
      const c = cond.data as Uint8Array;
      const sameSize = () => {
        if (!sameShape(thenA.shape, elseA.shape)) {
          throw new InvalidArgumentError(
            null,
            null,
            `'then' and 'else' must have the same size.  but received: ${shapeString(thenA.shape)} vs. ${shapeString(elseA.shape)}`,
          );
        }
      };
      if (cond.shape.length === 0) {
        sameSize();
        setOutputArray(ctx, 0, c[0] !== 0 ? thenA : elseA);
        return;
      }
      if (cond.shape.length === 1 && thenA.shape.length !== 1) {
        // One condition per row of `then`.
        if (thenA.shape.length === 0) {
          throw new InvalidArgumentError(
            null,
            null,
            `'then' must be at least a vector, but saw shape: ${shapeString(thenA.shape)}`,
          );
        }
        if (thenA.shape[0] !== cond.size) {
          throw new InvalidArgumentError(
            null,
            null,
            `Number of batches of 'then' must match size of 'cond', but saw: ${thenA.shape[0]} vs. ${cond.size}`,
          );
        }
        sameSize();
        const row = cond.size === 0 ? 1 : thenA.size / cond.size;
        const out = newArray(thenA.dtype, thenA.shape);
        selectInto(out, c, thenA, elseA, (k) => Math.floor(k / row), identity, identity);
        setOutputArray(ctx, 0, out);
        return;
      }
      const inputs = [cond, thenA, elseA];
      for (let k = 1; k < 3; k++) {
        const other = (inputs[k] as NDArray).shape;
        if (!sameShape(cond.shape, other)) {
          throw new InvalidArgumentError(
            null,
            null,
            `Inputs to operation ${nodeName} of type Select must have the same size and shape.  ` +
              `Input 0: ${shapeString(cond.shape)} != input ${k}: ${shapeString(other)}`,
          );
        }
      }
      const out = newArray(thenA.dtype, thenA.shape);
      selectInto(out, c, thenA, elseA, identity, identity, identity);
      setOutputArray(ctx, 0, out);
    },
});

/** SelectV2: condition, then and else broadcast together (numpy's where). */
export const selectV2Cpu = defineKernel(ops.SelectV2, {
  deviceType: 'CPU',
  typeConstraints: { T: SELECT_TYPES },
  create: () => (ctx) => {
    const cond = inputArray(ctx, 0);
    const thenA = inputArray(ctx, 1);
    const elseA = inputArray(ctx, 2);
    const partial = tryBroadcastShape(cond.shape, thenA.shape);
    const shape = partial === null ? null : tryBroadcastShape(partial, elseA.shape);
    if (shape === null) {
      throw new InvalidArgumentError(
        null,
        null,
        `condition ${shapeString(cond.shape)}, then ${shapeString(thenA.shape)}, and else ${shapeString(elseA.shape)} must be broadcastable`,
      );
    }
    const out = newArray(thenA.dtype, shape);
    const map = (a: NDArray) => {
      if (sameShape(a.shape, shape)) return identity;
      if (a.size === 1) return () => 0;
      const index = broadcastIndex(a.shape, shape);
      return (k: number) => index[k] as number;
    };
    selectInto(out, cond.data as Uint8Array, thenA, elseA, map(cond), map(thenA), map(elseA));
    setOutputArray(ctx, 0, out);
  },
});

/**
 * ClipByValue: min(max(t, lo), hi) with bounds that are scalars or t-shaped, as TF's
 * cwiseMin(hi).cwiseMax(lo): a NaN bound is ignored, complex parts clip independently.
 */
export const clipByValueCpu = defineKernel(ops.ClipByValue, {
  deviceType: 'CPU',
  typeConstraints: {
    T: [...FLOATS, 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', ...COMPLEX],
  },
  create: () => (ctx) => {
    const t = inputArray(ctx, 0);
    const lo = inputArray(ctx, 1);
    const hi = inputArray(ctx, 2);
    const ok = (b: NDArray) => b.shape.length === 0 || sameShape(b.shape, t.shape);
    if (!ok(lo) || !ok(hi)) {
      throw new InvalidArgumentError(
        null,
        null,
        `clip_value_min and clip_value_max must be either of the same shape as input, or a scalar. ` +
          `input shape: ${shapeString(t.shape)}clip_value_min shape: ${shapeString(lo.shape)}` +
          `clip_value_max shape: ${shapeString(hi.shape)}`,
      );
    }
    const slots = storageOf(t.dtype).slotsPerElement;
    const half = storageOf(t.dtype).kind === 'float-bits';
    const isFloat = storageOf(t.dtype).kind === 'float' || storageOf(t.dtype).kind === 'complex';
    // Half types compare by value: clip their exact float32 values, then store bits again.
    type Values = { [i: number]: number | bigint; readonly length: number };
    // Subnormals read as zero (DAZ) where float instructions compare them.
    const tiny = floatWork(t.dtype).tiny;
    const read = (a: NDArray) =>
      (half ? floatValues(a) : isFloat ? dazValues(a.data as FloatArray, tiny) : a.data) as Values;
    const x = read(t);
    const l = read(lo);
    const h = read(hi);
    const result = half ? new Float32Array(x.length) : newArray(t.dtype, t.shape);
    const o = (half ? result : (result as NDArray).data) as Values & {
      [i: number]: number | bigint;
    };
    const lAll = lo.shape.length > 0;
    const hAll = hi.shape.length > 0;
    for (let k = 0; k < x.length; k++) {
      const s = k % slots;
      let v = x[k] as number | bigint;
      const hv = h[hAll ? k : s] as number | bigint;
      const lv = l[lAll ? k : s] as number | bigint;
      if (hv < v) v = hv;
      if (v < lv) v = lv;
      o[k] = v;
    }
    setOutputArray(
      ctx,
      0,
      half ? fromFloatValues(t.dtype, t.shape, result as Float32Array) : (result as NDArray),
    );
  },
});

export const SELECT_KERNELS: readonly KernelDef[] = [selectCpu, selectV2Cpu, clipByValueCpu];
