// Float64 special functions JS lacks (erf, erfc, erfinv, lgamma, digamma), accurate to a
// few ulp. TF's own float64 versions (Eigen's) are themselves a few ulp from the true
// values, so the fixtures compare these with a stated tolerance.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.772453850905516;
const EULER_GAMMA = 0.5772156649015329;
const HALF_LOG_2PI = 0.9189385332046728;

/** exp(-x*x) without the error of rounding x*x first (x split so hi*hi is exact). */
function expMinusSquare(x: number): number {
  const hi = Math.fround(x);
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
}

/** erf for |x| < 0.5 by its Taylor series (terms fall fast; no cancellation to speak of). */
function erfSmall(x: number): number {
  const x2 = x * x;
  let term = 1;
  let tail = 0; // the series over x, less its leading 1, summed apart to keep its bits
  for (let n = 1; n < 40; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    tail += add;
    if (Math.abs(add) < 1e-19) break;
  }
  const cx = TWO_OVER_SQRT_PI * x;
  return cx + cx * tail;
}

/** erfc(x) * exp(x*x) * sqrt(pi) for x >= 6 by its continued fraction (modified Lentz). */
function erfcScaledCf(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 2000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / (d === 0 ? 1e-300 : d);
    c = x + a / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return 1 / f;
}

// Between 0.5 and 6 neither series converges well, so erfc is expanded around anchors a
// (spaced 1/8): erf(a+h) - erf(a) = 2/sqrt(pi) e^{-a^2} sum_n (-1)^n H_n(a) h^{n+1}/(n+1)!,
// with H_n the Hermite polynomials. erfc at the anchors, correctly rounded (from a libm
// reference), since no cheap formula gets those to the last bit.
const ANCHOR_STEP = 0.125;
const ANCHOR_LO = 0.5;
const ANCHOR_HI = 6;
const ANCHOR_ERFC = [
  0.4795001221869535, 0.376759117811582, 0.28884436634648486, 0.21592493894014034,
  0.15729920705028513, 0.11161176829829222, 0.07709987174354177, 0.05182992721790968,
  0.033894853524689274, 0.021556266760016336, 0.013328328780817555, 0.008009942329880029,
  0.004677734981047265, 0.0026540293594823415, 0.0014627165866811518, 0.0007829382178911192,
  0.0004069520174449589, 0.00020537573614121742, 0.00010062192211963684, 4.785483974377341e-5,
  2.2090496998585438e-5, 9.89673462524562e-6, 4.302779463675122e-6, 1.8152814274403558e-6,
  7.430983723414128e-7, 2.9514019251156993e-7, 1.1372725656979664e-7, 4.251394408249112e-8,
  1.541725790028002e-8, 5.4234007995650655e-9, 1.8505741373867425e-9, 6.12483295356936e-10,
  1.9661604415428873e-10, 6.121610513034228e-11, 1.8485047721485312e-11, 5.413406466297942e-12,
  1.5374597944280351e-12, 4.234563376336224e-13, 1.1310313266887154e-13, 2.929488554487154e-14,
  7.357847917974398e-15, 1.7920200056510066e-15, 4.2321366174257373e-16, 9.691555645277174e-17,
  2.1519736712498916e-17,
];
// exp(-a^2) at the anchors; a*a is exact for them.
const ANCHOR_GAUSS = ANCHOR_ERFC.map((_, k) => Math.exp(-((ANCHOR_LO + k * ANCHOR_STEP) ** 2)));

function erfcMid(x: number): number {
  const k = Math.round((x - ANCHOR_LO) / ANCHOR_STEP);
  const a = ANCHOR_LO + k * ANCHOR_STEP;
  const h = x - a;
  // sum_{n>=0} (-1)^n H_n(a) h^{n+1} / (n+1)!
  let hPrev = 1; // H_0
  let hCur = 2 * a; // H_1
  let coef = h; // h^{n+1}/(n+1)! for n = 0
  let sum = coef * hPrev;
  coef *= h / 2;
  sum -= coef * hCur;
  for (let n = 1; n < 60; n++) {
    const hNext = 2 * a * hCur - 2 * n * hPrev;
    hPrev = hCur;
    hCur = hNext;
    coef *= h / (n + 2);
    const add = (n % 2 === 0 ? -1 : 1) * coef * hCur;
    sum += add;
    if (Math.abs(add) < 1e-19 * Math.abs(sum)) break;
  }
  return (ANCHOR_ERFC[k] as number) - TWO_OVER_SQRT_PI * (ANCHOR_GAUSS[k] as number) * sum;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < ANCHOR_LO) return x < -ANCHOR_LO ? 2 - erfc(-x) : 1 - erfSmall(x);
  if (x <= ANCHOR_HI) return erfcMid(x);
  if (x > 27.3) return 0;
  return (expMinusSquare(x) / SQRT_PI) * erfcScaledCf(x);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < ANCHOR_LO) return erfSmall(x);
  if (ax > 6) return x > 0 ? 1 : -1;
  const r = 1 - erfc(ax);
  return x > 0 ? r : -r;
}

/** Inverse of erf: a rough start from the logarithmic asymptote, then Newton steps on erf/erfc. */
export function erfinv(x: number): number {
  if (Number.isNaN(x) || x < -1 || x > 1) return Number.NaN;
  if (x === 1) return Number.POSITIVE_INFINITY;
  if (x === -1) return Number.NEGATIVE_INFINITY;
  if (x === 0) return x;
  const ax = Math.abs(x);
  // Giles-style start: w = -log(1 - x^2) with the two branches of a simple expansion.
  const w = -Math.log((1 - ax) * (1 + ax));
  let y: number;
  if (w < 5) {
    const t = w - 2.5;
    y = ax * (1.50140941 + t * (0.246640727 + t * (-0.00417768164 + t * -0.00125372503)));
  } else {
    const t = Math.sqrt(w) - 3;
    y = ax * (2.83297682 + t * (1.00167406 + t * (0.00943887047 + t * -0.0076224613)));
  }
  // Newton on f(y) = erf(y) - ax, written with erfc near 1 so the residual keeps its digits.
  const useErfc = ax > 0.5;
  const target = useErfc ? 1 - ax : ax;
  for (let i = 0; i < 4; i++) {
    const residual = useErfc ? target - erfc(y) : erf(y) - target;
    const step = residual / (TWO_OVER_SQRT_PI * expMinusSquare(y));
    y -= step;
    if (Math.abs(step) <= 1e-17 * Math.abs(y)) break;
  }
  return x < 0 ? -y : y;
}

/** sin(pi*x), exact at integers and halves (the reduction is done on x, not pi*x). */
function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // r in [-1, 1]
  const ar = Math.abs(r);
  let s: number;
  if (ar <= 0.25) s = Math.sin(Math.PI * ar);
  else if (ar <= 0.75) s = Math.cos(Math.PI * (0.5 - ar));
  else s = Math.sin(Math.PI * (1 - ar));
  return r < 0 ? -s : s;
}

// zeta(k) for k = 2..ZETA_TERMS+1, by a partial sum and its Euler-Maclaurin tail.
const ZETA_TERMS = 60;
const ZETA = new Float64Array(ZETA_TERMS + 2);
for (let k = 2; k < ZETA.length; k++) {
  const n = 50;
  let s = 0;
  for (let j = n - 1; j >= 1; j--) s += j ** -k;
  // Tail from n: n^{1-k}/(k-1) + n^{-k}/2 + B2 k n^{-k-1}/2! + B4 k(k+1)(k+2) n^{-k-3}/4! + ...
  const tail =
    n ** (1 - k) / (k - 1) +
    n ** -k / 2 +
    (k * n ** (-k - 1)) / 12 -
    (k * (k + 1) * (k + 2) * n ** (-k - 3)) / 720 +
    (k * (k + 1) * (k + 2) * (k + 3) * (k + 4) * n ** (-k - 5)) / 30240;
  ZETA[k] = s + tail;
}

/** lgamma(1 + z) for |z| <= 0.5: -gamma z + sum_k (-1)^k zeta(k) z^k / k. */
function lgamma1p(z: number): number {
  let sum = 0;
  let zk = -z; // (-z)^k
  for (let k = 2; k < ZETA.length; k++) {
    zk *= -z;
    const add = ((ZETA[k] as number) * zk) / k;
    sum += add;
    if (Math.abs(add) < 1e-19) break;
  }
  return -EULER_GAMMA * z + sum;
}

// Bernoulli numbers B_2k / (2k (2k-1)) for Stirling's series.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

function lgammaStirling(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + (STIRLING[k] as number);
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series * inv;
}

/** log|Gamma(x)|: +inf at the poles (0 and the negative integers) and at +-inf. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return Number.POSITIVE_INFINITY;
  if (x <= 0 && Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  if (x < 0) {
    // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x).
    if (x > -1e-300) return -Math.log(-x);
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x < 0.5) return lgamma1p(x) - Math.log(x);
  if (x <= 1.5) return lgamma1p(x - 1);
  if (x <= 2.5) return Math.log1p(x - 2) + lgamma1p(x - 2);
  if (x < 15) {
    // Down to [1.5, 2.5] by Gamma(x) = (x-1) Gamma(x-1).
    let prod = 1;
    let y = x;
    while (y > 2.5) {
      y -= 1;
      prod *= y;
    }
    return Math.log(prod) + (y <= 1.5 ? lgamma1p(y - 1) : Math.log1p(y - 2) + lgamma1p(y - 2));
  }
  return lgammaStirling(x);
}

// B_2k / 2k for the digamma asymptote.
const DIGAMMA_SERIES = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];

/** psi(1 + z) for |z| <= 0.5: -gamma + sum_k (-1)^k zeta(k) z^(k-1) = -gamma - sum_k zeta(k) (-z)^(k-1). */
function digamma1p(z: number): number {
  let sum = 0;
  let p = 1;
  for (let k = 2; k < ZETA.length; k++) {
    p *= -z;
    const add = (ZETA[k] as number) * p;
    sum -= add;
    if (Math.abs(add) < 1e-19) break;
  }
  return -EULER_GAMMA + sum;
}

/** The digamma function; NaN at 0 and the negative integers, as TF gives. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x <= 0 && Number.isInteger(x)) return Number.NaN;
  let result = 0;
  if (x < 0) {
    // Reflection: psi(1-x) - psi(x) = pi / tan(pi x).
    result = -Math.PI / tanPi(x);
    x = 1 - x;
  }
  // Near the positive root (1.4616...) the series around 1 and 2 keep absolute accuracy.
  if (x < 0.5) return result + digamma1p(x) - 1 / x;
  if (x <= 1.5) return result + digamma1p(x - 1);
  if (x <= 2.5) return result + digamma1p(x - 2) + 1 / (x - 1);
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  let series = 0;
  for (let k = DIGAMMA_SERIES.length - 1; k >= 0; k--) {
    series = series * inv2 + (DIGAMMA_SERIES[k] as number);
  }
  return result + Math.log(x) - 0.5 / x - series * inv2;
}

function tanPi(x: number): number {
  const r = x - Math.round(x); // tan has period 1
  if (r === 0.5 || r === -0.5) return Number.POSITIVE_INFINITY;
  return Math.tan(Math.PI * r);
}
