import { invalid } from './program.js';

/** One spatial dim of a sliding window: output size and padding before, as TF computes them. */
export function windowDim(
  input: number,
  k: number,
  stride: number,
  dilation: number,
  padding: string,
  explicit: readonly [number, number] = [0, 0],
): { out: number; before: number } {
  const eff = (k - 1) * dilation + 1;
  let out: number;
  let before: number;
  if (padding === 'SAME') {
    out = Math.floor((input + stride - 1) / stride);
    const need = Math.max(0, (out - 1) * stride + eff - input);
    before = Math.floor(need / 2);
  } else {
    const [b, a] = padding === 'EXPLICIT' ? explicit : [0, 0];
    out = Math.trunc((input + b + a - eff + stride) / stride);
    before = b;
  }
  if (out < 0) {
    throw invalid(
      `Computed output size would be negative: ${out} [input_size: ${input}, effective_filter_size: ${eff}, stride: ${stride}]`,
    );
  }
  return { out, before };
}
