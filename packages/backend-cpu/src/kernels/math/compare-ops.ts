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
import { planBroadcast, shapeString, tryBroadcastShape } from './broadcast.js';
import { COMPLEX, FLOATS, INTS, QUANTIZED } from './dtype-groups.js';
import {
  dazValues,
  elementKind,
  floatValues,
  floatWork,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

type Order = (x: number, y: number) => boolean;
type BigOrder = (x: bigint, y: bigint) => boolean;

interface CompareSpec {
  readonly op: OpDefinition;
  readonly dtypes: readonly DType[];
  readonly num: Order;
  readonly big: BigOrder;
  /** Equal/NotEqual: what equality of complex parts and byte strings gives. */
  readonly equal?: boolean;
}

const REAL = [...FLOATS, ...INTS];
const EQUALITY = [...REAL, ...COMPLEX, 'bool', 'string', ...QUANTIZED] as const;

const SPECS: readonly CompareSpec[] = [
  { op: ops.Less, dtypes: REAL, num: (x, y) => x < y, big: (x, y) => x < y },
  { op: ops.LessEqual, dtypes: REAL, num: (x, y) => x <= y, big: (x, y) => x <= y },
  { op: ops.Greater, dtypes: REAL, num: (x, y) => x > y, big: (x, y) => x > y },
  { op: ops.GreaterEqual, dtypes: REAL, num: (x, y) => x >= y, big: (x, y) => x >= y },
  { op: ops.Equal, dtypes: EQUALITY, num: (x, y) => x === y, big: (x, y) => x === y, equal: true },
  {
    op: ops.NotEqual,
    dtypes: EQUALITY,
    num: (x, y) => x !== y,
    big: (x, y) => x !== y,
    equal: false,
  },
];

function sameBytes(p: Uint8Array, q: Uint8Array): boolean {
  if (p.length !== q.length) return false;
  for (let k = 0; k < p.length; k++) if (p[k] !== q[k]) return false;
  return true;
}

function compare(spec: CompareSpec, dtype: DType, a: NDArray, b: NDArray): NDArray {
  const plan = planBroadcast(a.shape, b.shape);
  const result = newArray('bool', plan.shape);
  const out = result.data;
  const kind = elementKind(dtype);
  if (kind === 'bigint') {
    const x = a.data as BigIntArray;
    const y = b.data as BigIntArray;
    const fn = spec.big;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++)
        out[o + k] = fn(x[ia + k * sa] as bigint, y[ib + k * sb] as bigint) ? 1 : 0;
    });
  } else if (kind === 'complex') {
    const x = a.data as FloatArray;
    const y = b.data as FloatArray;
    const want = spec.equal === true;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++) {
        const p = 2 * (ia + k * sa);
        const q = 2 * (ib + k * sb);
        const eq = x[p] === y[q] && x[p + 1] === y[q + 1];
        out[o + k] = eq === want ? 1 : 0;
      }
    });
  } else if (kind === 'string') {
    const x = a.data as Uint8Array[];
    const y = b.data as Uint8Array[];
    const want = spec.equal === true;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++) {
        const eq = sameBytes(x[ia + k * sa] as Uint8Array, y[ib + k * sb] as Uint8Array);
        out[o + k] = eq === want ? 1 : 0;
      }
    });
  } else {
    let x: NumberArray = a.data as NumberArray;
    let y: NumberArray = b.data as NumberArray;
    if (kind === 'float') {
      // Comparisons read subnormals as zero (DAZ), as TF's kernels run.
      const tiny = floatWork(dtype).tiny;
      x = dazValues(floatValues(a), tiny);
      y = dazValues(floatValues(b), tiny);
    }
    const fn = spec.num;
    plan.forEachRow((o, ia, ib, n, sa, sb) => {
      for (let k = 0; k < n; k++)
        out[o + k] = fn(x[ia + k * sa] as number, y[ib + k * sb] as number) ? 1 : 0;
    });
  }
  return result;
}

function compareKernel(spec: CompareSpec): KernelDef {
  return defineKernel(spec.op, {
    deviceType: 'CPU',
    typeConstraints: { T: spec.dtypes },
    create: ({ inputDTypes, attrs }) => {
      const dtype = inputDTypes[0] as DType;
      // Equal/NotEqual with incompatible_shape_error=false answer a scalar for shapes that
      // do not broadcast: false for Equal, true for NotEqual.
      const strict =
        (attrs as { incompatible_shape_error?: boolean }).incompatible_shape_error ?? true;
      return (ctx) => {
        const a = inputArray(ctx, 0);
        const b = inputArray(ctx, 1);
        if (!strict && tryBroadcastShape(a.shape, b.shape) === null) {
          const out = newArray('bool', []);
          out.data[0] = spec.equal === true ? 0 : 1;
          setOutputArray(ctx, 0, out);
          return;
        }
        setOutputArray(ctx, 0, compare(spec, dtype, a, b));
      };
    },
  });
}

/** |x - y| <= tolerance (TF's kernel includes the bound), over same-shaped x and y. */
const approximateEqualCpu = defineKernel(ops.ApproximateEqual, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32', 'float64'] },
  create: ({ attrs, inputDTypes }) => {
    const work = floatWork(inputDTypes[0] as DType);
    const tolerance = work.round(attrs.tolerance);
    return (ctx) => {
      const a = inputArray(ctx, 0);
      const b = inputArray(ctx, 1);
      if (a.shape.join(',') !== b.shape.join(',')) {
        throw new InvalidArgumentError(
          null,
          null,
          `x and y must be of the same shape. x shape: ${shapeString(a.shape)}. y shape: ${shapeString(b.shape)}`,
        );
      }
      const x = dazValues(a.data as FloatArray, work.tiny);
      const y = dazValues(b.data as FloatArray, work.tiny);
      const result = newArray('bool', a.shape);
      const out = result.data;
      for (let k = 0; k < x.length; k++) {
        out[k] = Math.abs(work.round((x[k] as number) - (y[k] as number))) <= tolerance ? 1 : 0;
      }
      setOutputArray(ctx, 0, result);
    };
  },
});

function logicalKernel(op: typeof ops.LogicalAnd | typeof ops.LogicalOr, and: boolean): KernelDef {
  return defineKernel(op, {
    deviceType: 'CPU',
    create: () => (ctx) => {
      const a = inputArray(ctx, 0);
      const b = inputArray(ctx, 1);
      const plan = planBroadcast(a.shape, b.shape);
      const x = a.data as Uint8Array;
      const y = b.data as Uint8Array;
      const result = newArray('bool', plan.shape);
      const out = result.data;
      plan.forEachRow((o, ia, ib, n, sa, sb) => {
        for (let k = 0; k < n; k++) {
          const p = x[ia + k * sa] !== 0;
          const q = y[ib + k * sb] !== 0;
          out[o + k] = (and ? p && q : p || q) ? 1 : 0;
        }
      });
      setOutputArray(ctx, 0, result);
    },
  });
}

/** Comparisons (bool results, TF's broadcasting) and the logical binary ops. */
export const COMPARE_KERNELS: readonly KernelDef[] = [
  ...SPECS.map(compareKernel),
  approximateEqualCpu,
  logicalKernel(ops.LogicalAnd, true),
  logicalKernel(ops.LogicalOr, false),
];
