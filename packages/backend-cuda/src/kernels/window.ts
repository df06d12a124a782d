import { invalidArgument } from '../shapes.js';

/** Where n, h, w, c sit in a 4-D tensor of this data format. */
export function layout(dataFormat: string): { n: number; h: number; w: number; c: number } {
  return dataFormat === 'NCHW' ? { n: 0, c: 1, h: 2, w: 3 } : { n: 0, h: 1, w: 2, c: 3 };
}

export interface WindowDim {
  readonly out: number;
  readonly padBefore: number;
}

/**
 * One spatial dim of a window op, with TF's padding rules: VALID (none), SAME (output
 * ceil(in / stride), padding split with the extra cell after), EXPLICIT (given).
 */
export function windowDim(
  input: number,
  filter: number,
  stride: number,
  dilation: number,
  padding: string,
  explicit: readonly [number, number],
): WindowDim {
  const effective = (filter - 1) * dilation + 1;
  if (padding === 'SAME') {
    const out = Math.ceil(input / stride);
    const total = Math.max((out - 1) * stride + effective - input, 0);
    return { out, padBefore: Math.floor(total / 2) };
  }
  const [before, after] = padding === 'EXPLICIT' ? explicit : [0, 0];
  const out = Math.floor((input + before + after - effective) / stride) + 1;
  if (out < 0) {
    throw invalidArgument(
      `Computed output size would be negative: ${out} [input_size: ${input}, effective_filter_size: ${effective}, stride: ${stride}]`,
    );
  }
  return { out, padBefore: before };
}

/** The explicit (before, after) padding of dim `d` from TF's flat `explicit_paddings`. */
export function explicitPair(paddings: readonly number[], d: number): [number, number] {
  return [paddings[2 * d] ?? 0, paddings[2 * d + 1] ?? 0];
}
