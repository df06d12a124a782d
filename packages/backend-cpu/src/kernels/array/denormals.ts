// TF runs CPU kernels with the FPU's flush-to-zero and denormals-are-zero modes on, so a
// float32/float64 denormal reads as zero (Where, printing) and a denormal result becomes
// zero (sums).

/** Below these, TF's CPU threads (denormals-are-zero) read a float as 0. */
export const FLT_MIN = 1.1754943508222875e-38;
export const DBL_MIN = 2.2250738585072014e-308;

/** A float32 as TF's CPU kernels see it: denormals flushed to (signed) zero. */
export function flushF32(x: number): number {
  return x !== 0 && Math.abs(x) < FLT_MIN ? (x < 0 ? -0 : 0) : x;
}

export function flushF64(x: number): number {
  return x !== 0 && Math.abs(x) < DBL_MIN ? (x < 0 ? -0 : 0) : x;
}
