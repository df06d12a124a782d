import { isComplex, isFloating, type DType, type NDArray } from '@tensorgraph/core';
import { elementsOf, type Tolerance } from '@tensorgraph/core/testing';

/** Default tolerance of a float fetch that names none: ~1e-5 relative, as float32 elementwise. */
export const DEFAULT_FLOAT_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };

function isFloatish(dtype: DType): boolean {
  return isFloating(dtype) || isComplex(dtype);
}

/**
 * Why `got` differs from `want`, or `null`: dtype and shape must match; integers, bools and
 * strings exactly; floats (and complex parts) within `atol + rtol * |want|`, NaN equal to NaN.
 */
export function compareArrays(got: NDArray, want: NDArray, tolerance: Tolerance): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) {
    return `shape [${got.shape.join(',')}], expected [${want.shape.join(',')}]`;
  }
  const { rtol = 0, atol = 0 } = isFloatish(want.dtype) ? tolerance : {};
  const close = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
      if (a === b) return true;
      return Math.abs(a - b) <= atol + rtol * Math.abs(b);
    }
    if (Array.isArray(a) && Array.isArray(b)) return close(a[0], b[0]) && close(a[1], b[1]);
    return a === b;
  };
  const g = elementsOf(got);
  const w = elementsOf(want);
  const bad: string[] = [];
  let count = 0;
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    if (close(g[i], w[i])) continue;
    count += 1;
    if (typeof g[i] === 'number' && typeof w[i] === 'number') {
      worst = Math.max(worst, Math.abs((g[i] as number) - (w[i] as number)));
    }
    if (bad.length < 5) bad.push(`[${i}] got ${String(g[i])}, expected ${String(w[i])}`);
  }
  if (count === 0) return null;
  const max = worst > 0 ? `, max |diff| ${worst.toExponential(3)}` : '';
  return `${count} of ${w.length} values differ (rtol ${rtol}, atol ${atol}${max}): ${bad.join('; ')}`;
}
