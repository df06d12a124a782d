import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops, type DType, type NDArray } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { shapeString, sizeOf, stridesOf } from './broadcast.js';
import { COMPLEX } from './dtype-groups.js';
import {
  elementKind,
  floatScratch,
  floatValues,
  fromFloatValues,
  newArray,
  type BigIntArray,
  type FloatArray,
  type NumberArray,
} from './elementwise.js';

/** One operand's subscripts: labels, with the ellipsis (if any) at `ellipsisAt`. */
interface Subscripts {
  readonly labels: readonly string[];
  readonly ellipsisAt: number;
}

function parseSubscripts(text: string): Subscripts {
  const at = text.indexOf('...');
  const plain = at < 0 ? text : text.slice(0, at) + text.slice(at + 3);
  return { labels: [...plain], ellipsisAt: at < 0 ? -1 : at };
}

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

interface Plan {
  /** Output shape, output strides per label. */
  readonly outShape: readonly number[];
  /** Every label, output labels first (broadcast dims are labels "0", "1", ...). */
  readonly labels: readonly string[];
  readonly sizes: readonly number[];
  /** Per input: stride of each label (0 where absent or broadcast). */
  readonly inStrides: readonly (readonly number[])[];
  /** Output stride of each label; null for summed labels. */
  readonly outStrides: readonly (number | null)[];
  /** Output labels that repeat (a diagonal output): off-diagonal outputs stay zero. */
  readonly outCount: number;
}

/**
 * Einsum's plan: labels and their sizes checked as TF checks them, broadcast ("...") dims
 * named as extra labels, each label's stride in every input (a label repeated within one
 * input adds its strides: a diagonal) and in the output.
 */
function planEinsum(equation: string, shapes: readonly (readonly number[])[]): Plan {
  const arrow = equation.split('->');
  if (arrow.length !== 2)
    throw invalid(`Expecting exactly one '->' in einsum equation: ${equation}`);
  const [lhs, rhs] = arrow as [string, string];
  const inputs = lhs.split(',').map(parseSubscripts);
  if (inputs.length !== shapes.length) {
    throw invalid(
      `Expecting ${shapes.length} input subscripts in equation '${equation}' but got: ${inputs.length}`,
    );
  }
  const output = parseSubscripts(rhs);
  const size = new Map<string, number>();
  const bcastShapes: number[][] = [];
  inputs.forEach((sub, i) => {
    const shape = shapes[i] as readonly number[];
    const named = sub.labels.length;
    if (sub.ellipsisAt < 0 ? shape.length !== named : shape.length < named) {
      throw invalid(`Expected input ${i} to have rank ${named} but got: ${shape.length}`);
    }
    const nb = shape.length - named;
    const at = sub.ellipsisAt < 0 ? named : sub.ellipsisAt;
    bcastShapes.push(shape.slice(at, at + nb) as number[]);
    sub.labels.forEach((label, j) => {
      const axis = j < at ? j : j + nb;
      const d = shape[axis] as number;
      const seen = size.get(label);
      if (seen !== undefined && seen !== d) {
        throw invalid(
          `Expected dimension ${seen} at axis ${axis} of the input shaped ${shapeString(shape)} but got dimension ${d}`,
        );
      }
      size.set(label, d);
    });
  });
  // Broadcast the ellipsis dims of the inputs together (right-aligned).
  const bRank = Math.max(0, ...bcastShapes.map((s) => s.length));
  const bShape = new Array<number>(bRank).fill(1);
  for (const s of bcastShapes) {
    for (let j = 0; j < s.length; j++) {
      const k = bRank - s.length + j;
      const d = s[j] as number;
      if (d !== 1) {
        if (bShape[k] !== 1 && bShape[k] !== d) {
          throw invalid(
            `Invalid broadcasting dimensions: ${shapes.map((sh) => shapeString(sh)).join(' vs. ')}`,
          );
        }
        bShape[k] = d;
      }
    }
  }
  if (output.ellipsisAt < 0 && bRank > 0 && bShape.some((d) => d !== 1)) {
    throw invalid(
      `Output contains ${bRank} broadcasting dimension(s) but no ellipsis (...) was found in the output subscripts.`,
    );
  }
  for (const label of output.labels) {
    if (!size.has(label)) {
      throw invalid(
        `Einsum output subscripts for equation '${equation}' has label '${label}' which is not present in the input subscripts`,
      );
    }
  }
  const bLabels = bShape.map((_, j) => String(j));
  bLabels.forEach((l, j) => size.set(l, bShape[j] as number));
  // Output labels in order (ellipsis expanded), then the summed ones.
  const outLabels =
    output.ellipsisAt < 0
      ? [...output.labels]
      : [
          ...output.labels.slice(0, output.ellipsisAt),
          ...bLabels,
          ...output.labels.slice(output.ellipsisAt),
        ];
  const labels = [...new Set(outLabels)];
  for (const sub of inputs) for (const l of sub.labels) if (!labels.includes(l)) labels.push(l);
  for (const l of bLabels) if (!labels.includes(l)) labels.push(l);
  const sizes = labels.map((l) => size.get(l) as number);
  const outShape = outLabels.map((l) => size.get(l) as number);
  const outStride = stridesOf(outShape);
  const outStrides = labels.map((l) => {
    let s: number | null = null;
    outLabels.forEach((ol, j) => {
      if (ol === l) s = (s ?? 0) + (outStride[j] as number);
    });
    return s;
  });
  const inStrides = inputs.map((sub, i) => {
    const shape = shapes[i] as readonly number[];
    const strides = stridesOf(shape);
    const named = sub.labels.length;
    const nb = shape.length - named;
    const at = sub.ellipsisAt < 0 ? named : sub.ellipsisAt;
    const row = new Array<number>(labels.length).fill(0);
    sub.labels.forEach((l, j) => {
      const axis = j < at ? j : j + nb;
      const k = labels.indexOf(l);
      row[k] = (row[k] as number) + (strides[axis] as number);
    });
    for (let j = 0; j < nb; j++) {
      const axis = at + j;
      if ((shape[axis] as number) !== 1) {
        const k = labels.indexOf(String(bRank - nb + j));
        row[k] = (row[k] as number) + (strides[axis] as number);
      }
    }
    return row;
  });
  return { outShape, labels, sizes, inStrides, outStrides, outCount: outLabels.length };
}

/**
 * Einsum with one or two operands: every combination of label values visited once, the
 * operands' product added into the output (float64 accumulation for floats; integers wrap).
 */
export const einsumCpu = defineKernel(ops.Einsum, {
  deviceType: 'CPU',
  typeConstraints: {
    T: ['float16', 'bfloat16', 'float32', 'float64', 'int32', 'int64', ...COMPLEX],
  },
  create: ({ attrs, outputDTypes }) => {
    const equation = attrs.equation.replace(/\s/g, '');
    const dtype = outputDTypes[0] as DType;
    return (ctx) => {
      const inputs: NDArray[] = Array.from({ length: ctx.numInputs }, (_, i) => inputArray(ctx, i));
      const plan = planEinsum(
        equation,
        inputs.map((x) => x.shape),
      );
      setOutputArray(ctx, 0, contract(plan, inputs, dtype));
    };
  },
});

function contract(plan: Plan, inputs: readonly NDArray[], dtype: DType): NDArray {
  const { labels, sizes, inStrides, outStrides } = plan;
  const kind = elementKind(dtype);
  const n = labels.length;
  const total = sizeOf(sizes);
  const outSize = sizeOf(plan.outShape);
  const complex = kind === 'complex';
  const big = kind === 'bigint';
  const values = inputs.map((x) =>
    kind === 'float' ? floatValues(x) : (x.data as ArrayLike<number | bigint>),
  );
  const acc = big ? new BigInt64Array(outSize) : new Float64Array(complex ? 2 * outSize : outSize);
  const counter = new Array<number>(n).fill(0);
  const at = new Array<number>(inputs.length).fill(0);
  let o = 0;
  const ostr = outStrides.map((s) => s ?? 0);
  for (let step = 0; step < total; step++) {
    if (complex) {
      let re = 1;
      let im = 0;
      for (let t = 0; t < inputs.length; t++) {
        const v = values[t] as FloatArray;
        const xr = v[2 * (at[t] as number)] as number;
        const xi = v[2 * (at[t] as number) + 1] as number;
        const r = re * xr - im * xi;
        im = re * xi + im * xr;
        re = r;
      }
      (acc as Float64Array)[2 * o] = ((acc as Float64Array)[2 * o] as number) + re;
      (acc as Float64Array)[2 * o + 1] = ((acc as Float64Array)[2 * o + 1] as number) + im;
    } else if (big) {
      let p = 1n;
      for (let t = 0; t < inputs.length; t++)
        p *= (values[t] as BigIntArray)[at[t] as number] as bigint;
      (acc as BigInt64Array)[o] = ((acc as BigInt64Array)[o] as bigint) + p;
    } else if (kind === 'int') {
      let p = 1;
      for (let t = 0; t < inputs.length; t++) {
        p = Math.imul(p, (values[t] as NumberArray)[at[t] as number] as number);
      }
      (acc as Float64Array)[o] = (((acc as Float64Array)[o] as number) + p) | 0;
    } else {
      let p = 1;
      for (let t = 0; t < inputs.length; t++)
        p *= (values[t] as FloatArray)[at[t] as number] as number;
      (acc as Float64Array)[o] = ((acc as Float64Array)[o] as number) + p;
    }
    // Advance the odometer over all labels.
    for (let d = n - 1; d >= 0; d--) {
      const c = (counter[d] as number) + 1;
      const size = sizes[d] as number;
      for (let t = 0; t < inputs.length; t++)
        at[t] = (at[t] as number) + ((inStrides[t] as number[])[d] as number);
      o += ostr[d] as number;
      if (c < size) {
        counter[d] = c;
        break;
      }
      counter[d] = 0;
      for (let t = 0; t < inputs.length; t++)
        at[t] = (at[t] as number) - c * ((inStrides[t] as number[])[d] as number);
      o -= c * (ostr[d] as number);
    }
  }
  if (kind === 'float') {
    const out = floatScratch(dtype, outSize);
    out.set(acc as Float64Array);
    return fromFloatValues(dtype, plan.outShape, out);
  }
  const out = newArray(dtype, plan.outShape);
  (out.data as { set(a: ArrayLike<number | bigint>): void }).set(acc);
  return out;
}
