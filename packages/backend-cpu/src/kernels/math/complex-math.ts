import type { Round } from './elementwise.js';

/** A complex function writing its result to `dst[d]`, `dst[d + 1]`. */
export type ComplexUnary = (
  re: number,
  im: number,
  dst: Float32Array | Float64Array,
  d: number,
) => void;
export type ComplexBinary = (
  ar: number,
  ai: number,
  br: number,
  bi: number,
  dst: Float32Array | Float64Array,
  d: number,
) => void;

/**
 * Complex arithmetic and elementary functions in the working precision `round` (float32 for
 * complex64: each product and sum rounded as Eigen's packet code does). Each instance owns
 * its scratch registers, so nothing is allocated per element.
 */
export class ComplexMath {
  readonly #r: Round;
  readonly #s = new Float64Array(8);
  readonly #t = new Float64Array(8);
  readonly #u = new Float64Array(8);
  readonly #v = new Float64Array(8);

  constructor(round: Round) {
    this.#r = round;
  }

  mul: ComplexBinary = (ar, ai, br, bi, dst, d) => {
    const r = this.#r;
    dst[d] = r(r(ar * br) - r(ai * bi));
    dst[d + 1] = r(r(ar * bi) + r(ai * br));
  };

  /** Eigen's division: scale the divisor by its larger part so |c|^2 + |d|^2 cannot overflow. */
  div: ComplexBinary = (ar, ai, br, bi, dst, d) => {
    const r = this.#r;
    const m = Math.max(Math.abs(br), Math.abs(bi));
    const c = r(br / m);
    const e = r(bi / m);
    const denom = r(r(c * c) + r(e * e));
    const re = r(r(ar * c) + r(ai * e));
    const im = r(r(ai * c) - r(ar * e));
    dst[d] = r(r(re / denom) / m);
    dst[d + 1] = r(r(im / denom) / m);
  };

  sqrt: ComplexUnary = (x, y, dst, d) => {
    if (x === 0 && y === 0) {
      dst[d] = 0;
      dst[d + 1] = y;
      return;
    }
    if (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY) {
      dst[d] = Number.POSITIVE_INFINITY;
      dst[d + 1] = y;
      return;
    }
    const t = Math.sqrt((Math.abs(x) + Math.hypot(x, y)) / 2);
    if (x >= 0) {
      dst[d] = t;
      dst[d + 1] = y / (2 * t);
    } else {
      dst[d] = Math.abs(y) / (2 * t);
      dst[d + 1] = y < 0 || Object.is(y, -0) ? -t : t;
    }
  };

  rsqrt: ComplexUnary = (x, y, dst, d) => {
    if (x === 0 && y === 0) {
      // Eigen's complex rsqrt gives (inf, nan) at zero.
      dst[d] = Number.POSITIVE_INFINITY;
      dst[d + 1] = Number.NaN;
      return;
    }
    const s = this.#s;
    this.sqrt(x, y, s, 0);
    this.div(1, 0, s[0] as number, s[1] as number, dst, d);
  };

  exp: ComplexUnary = (x, y, dst, d) => {
    const r = this.#r;
    const e = r(Math.exp(x));
    if (y === 0) {
      dst[d] = e;
      dst[d + 1] = y;
      return;
    }
    dst[d] = r(e * r(Math.cos(y)));
    dst[d + 1] = r(e * r(Math.sin(y)));
  };

  /**
   * Eigen's expm1, step by step in the working precision: real part expm1(x) - 2 e^x
   * sin^2(y/2), imaginary part e^x sin(y) with e^x = expm1(x) + 1.
   */
  expm1: ComplexUnary = (x, y, dst, d) => {
    const r = this.#r;
    const em1 = r(Math.expm1(x));
    const e = r(em1 + 1);
    let h = r(Math.sin(r(y / 2)));
    h = r(h * h);
    dst[d] = r(em1 - r(r(2 * e) * h));
    dst[d + 1] = r(e * r(Math.sin(y)));
  };

  log: ComplexUnary = (x, y, dst, d) => {
    const r = this.#r;
    dst[d] = r(Math.log(r(Math.hypot(x, y))));
    dst[d + 1] = r(Math.atan2(y, x));
  };

  /** Eigen's log1p: u = 1 + z; z where u == 1, else log(u) * z / (u - 1) (Kahan's trick). */
  log1p: ComplexUnary = (x, y, dst, d) => {
    const r = this.#r;
    const ux = r(x + 1);
    if (ux === 1 && y === 0) {
      dst[d] = x;
      dst[d + 1] = y;
      return;
    }
    const s = this.#s;
    this.log(ux, y, s, 0);
    this.div(x, y, r(ux - 1), y, s, 2);
    this.mul(s[0] as number, s[1] as number, s[2] as number, s[3] as number, dst, d);
  };

  sin: ComplexUnary = (x, y, dst, d) => {
    dst[d] = Math.sin(x) * Math.cosh(y);
    dst[d + 1] = Math.cos(x) * Math.sinh(y);
  };

  cos: ComplexUnary = (x, y, dst, d) => {
    dst[d] = Math.cos(x) * Math.cosh(y);
    dst[d + 1] = -(Math.sin(x) * Math.sinh(y));
  };

  tan: ComplexUnary = (x, y, dst, d) => {
    // tan(iz) = i tanh(z): tan(x + iy) = -i tanh(-y + ix).
    const s = this.#s;
    this.tanh(-y, x, s, 0);
    dst[d] = s[1] as number;
    dst[d + 1] = -(s[0] as number);
  };

  sinh: ComplexUnary = (x, y, dst, d) => {
    dst[d] = Math.sinh(x) * Math.cos(y);
    dst[d + 1] = Math.cosh(x) * Math.sin(y);
  };

  cosh: ComplexUnary = (x, y, dst, d) => {
    dst[d] = Math.cosh(x) * Math.cos(y);
    dst[d + 1] = Math.sinh(x) * Math.sin(y);
  };

  tanh: ComplexUnary = (x, y, dst, d) => {
    if (Math.abs(x) > 20) {
      // cosh(2x) dominates; the imaginary part decays like e^{-2|x|}.
      dst[d] = x > 0 ? 1 : -1;
      dst[d + 1] = 4 * Math.sin(y) * Math.cos(y) * Math.exp(-2 * Math.abs(x));
      return;
    }
    const denom = Math.cosh(2 * x) + Math.cos(2 * y);
    dst[d] = Math.sinh(2 * x) / denom;
    dst[d + 1] = Math.sin(2 * y) / denom;
  };

  /**
   * asinh(z) = log(z + sqrt(1 + z^2)), evaluated for Re z >= 0 (asinh is odd) as
   * log1p(z + z^2 / (1 + sqrt(1 + z^2))) so neither small nor large z cancel.
   */
  asinh: ComplexUnary = (x, y, dst, d) => {
    if (x < 0 || (x === 0 && Object.is(x, -0))) {
      this.asinh(-x, -y, dst, d);
      dst[d] = -(dst[d] as number);
      dst[d + 1] = -(dst[d + 1] as number);
      return;
    }
    const s = this.#u;
    const zx = x * x - y * y;
    const zy = 2 * x * y;
    if (Math.abs(x) > 1e8 || Math.abs(y) > 1e8) {
      // log(2z) for huge z, where z^2 would overflow.
      this.log(x, y, s, 0);
      dst[d] = (s[0] as number) + Math.LN2;
      dst[d + 1] = s[1] as number;
      return;
    }
    this.sqrt(1 + zx, zy, s, 0);
    this.div(zx, zy, 1 + (s[0] as number), s[1] as number, s, 2);
    const wx = x + (s[2] as number);
    const wy = y + (s[3] as number);
    // log1p(w) for w in the right half plane, done directly (no Kahan rounding here).
    dst[d] = Math.log1p(wx * (2 + wx) + wy * wy) / 2;
    dst[d + 1] = Math.atan2(wy, 1 + wx);
  };

  /** asin(z) = -i asinh(iz). */
  asin: ComplexUnary = (x, y, dst, d) => {
    const s = this.#t;
    this.asinh(-y, x, s, 0);
    dst[d] = s[1] as number;
    dst[d + 1] = -(s[0] as number);
  };

  /** Kahan's acos: from sqrt(1-z) and sqrt(1+z), accurate near +-1. */
  acos: ComplexUnary = (x, y, dst, d) => {
    const s = this.#t;
    this.sqrt(1 - x, -y, s, 0);
    this.sqrt(1 + x, y, s, 2);
    const a = s[0] as number;
    const b = s[1] as number;
    const c = s[2] as number;
    const e = s[3] as number;
    dst[d] = 2 * Math.atan2(a, c);
    dst[d + 1] = Math.asinh(c * b - e * a);
  };

  /** Kahan's acosh: from sqrt(z-1) and sqrt(z+1). */
  acosh: ComplexUnary = (x, y, dst, d) => {
    const s = this.#t;
    this.sqrt(x - 1, y, s, 0);
    this.sqrt(x + 1, y, s, 2);
    const a = s[0] as number;
    const b = s[1] as number;
    const c = s[2] as number;
    const e = s[3] as number;
    dst[d] = Math.asinh(a * c + b * e);
    dst[d + 1] = 2 * Math.atan2(b, c);
  };

  /**
   * atanh(x + iy): real part log1p(4x / ((1-x)^2 + y^2)) / 4, imaginary part
   * atan2(2y, (1-x)(1+x) - y^2) / 2 (the standard forms that keep small parts exact).
   */
  atanh: ComplexUnary = (x, y, dst, d) => {
    const ax = Math.abs(x);
    const re = Math.log1p((4 * ax) / ((1 - ax) * (1 - ax) + y * y)) / 4;
    dst[d] = x < 0 ? -re : re;
    dst[d + 1] = Math.atan2(2 * y, (1 - x) * (1 + x) - y * y) / 2;
  };

  /** atan(z) = -i atanh(iz). */
  atan: ComplexUnary = (x, y, dst, d) => {
    const s = this.#t;
    this.atanh(-y, x, s, 0);
    dst[d] = s[1] as number;
    dst[d + 1] = -(s[0] as number);
  };

  sigmoid: ComplexUnary = (x, y, dst, d) => {
    const s = this.#s;
    this.exp(-x, -y, s, 0);
    this.div(1, 0, 1 + (s[0] as number), s[1] as number, dst, d);
  };

  reciprocal: ComplexUnary = (x, y, dst, d) => this.div(1, 0, x, y, dst, d);

  /** z / |z|, and 0 at 0 (Eigen's sign for complex). */
  sign: ComplexUnary = (x, y, dst, d) => {
    const r = this.#r;
    const a = r(Math.hypot(x, y));
    if (a === 0) {
      dst[d] = 0;
      dst[d + 1] = 0;
      return;
    }
    const inv = r(1 / a);
    dst[d] = x * inv;
    dst[d + 1] = y * inv;
  };

  square: ComplexUnary = (x, y, dst, d) => this.mul(x, y, x, y, dst, d);

  /**
   * x^y = exp(y log x). A zero base follows glibc's cpow (C99 Annex G products with the
   * infinite log): 0 for Re y > 0, (inf, nan) for Re y < 0, nan otherwise.
   */
  pow: ComplexBinary = (ar, ai, br, bi, dst, d) => {
    if (ar === 0 && ai === 0) {
      if (br > 0) {
        dst[d] = 0;
        dst[d + 1] = bi < 0 ? 0 : -0;
      } else {
        dst[d] = br < 0 ? Number.POSITIVE_INFINITY : Number.NaN;
        dst[d + 1] = Number.NaN;
      }
      return;
    }
    const s = this.#v;
    this.log(ar, ai, s, 0);
    this.mul(br, bi, s[0] as number, s[1] as number, s, 2);
    this.exp(s[2] as number, s[3] as number, dst, d);
  };

  /** (x - y) * conj(x - y), as TF defines it for complex. */
  squaredDifference: ComplexBinary = (ar, ai, br, bi, dst, d) => {
    const r = this.#r;
    const x = r(ar - br);
    const y = r(ai - bi);
    this.mul(x, y, x, -y, dst, d);
  };

  /** 0 where x is 0, else x * log(y). */
  xlogy: ComplexBinary = (ar, ai, br, bi, dst, d) => {
    if (ar === 0 && ai === 0) {
      dst[d] = 0;
      dst[d + 1] = 0;
      return;
    }
    const s = this.#v;
    this.log(br, bi, s, 0);
    this.mul(ar, ai, s[0] as number, s[1] as number, dst, d);
  };
}
