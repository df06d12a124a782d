import { NDArray, type DType, type Tensor } from 'tensorgraph';
import { CliError } from './cli-error.js';

/** A small deterministic generator (mulberry32), so synthesized inputs repeat run to run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A value for a placeholder nobody gave an `--input` for (bench and trace only): unknown
 * dimensions become `batch`, floats are uniform in [0, 1), integers in 0..9, bools alternate.
 */
export function synthesizeInput(tensor: Tensor, batch: number, seed = 1): NDArray {
  const dims = tensor.shape.dims;
  if (dims === null) {
    throw new CliError(
      `cannot make up a value for '${tensor.name}': its rank is unknown; give it with --input`,
    );
  }
  const dtype: DType = tensor.dtype;
  if (dtype === 'string' || dtype === 'resource' || dtype === 'variant') {
    throw new CliError(
      `cannot make up a ${dtype} value for '${tensor.name}': give it with --input`,
    );
  }
  const shape = dims.map((d) => d ?? batch);
  const size = shape.reduce((a, b) => a * b, 1);
  const next = generator(seed);
  const values = Array.from({ length: size }, (_, i) => {
    if (dtype === 'bool') return i % 2 === 0;
    if (dtype.startsWith('float') || dtype === 'bfloat16' || dtype.startsWith('complex'))
      return next();
    return Math.floor(next() * 10);
  });
  return NDArray.from(values, dtype).reshape(shape);
}
