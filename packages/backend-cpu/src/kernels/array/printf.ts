/**
 * C's printf conversions (`%d %f %e %g` with flags, width and precision) as glibc prints
 * them, for the strings TF kernels build with `strings::Printf` and `StrCat`. Floats are
 * expanded to their exact decimal value first, so rounding is glibc's: correct, with exact
 * ties to even (`printf("%.0f", 2.5)` is `2`, where JS's `toFixed` says `3`).
 */

export interface PrintfSpec {
  /** Any of `-`, `+`, ` `, `0`, `#`. */
  readonly flags?: string;
  readonly width?: number;
  /** Digits after the point (`f`, `e`) or significant digits (`g`); default 6. */
  readonly precision?: number;
  readonly conversion: 'd' | 'f' | 'e' | 'g';
}

/** The exact decimal digits of a finite |x|: value = 0.DIGITS × 10^point. */
interface Decimal {
  digits: string;
  point: number;
}

function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '0', point: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    // mant / 2^k = mant·5^k / 10^k
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed === '' ? '0' : trimmed, point };
}

/** Rounds to `keep` leading digits (keep may be ≤ 0: everything rounds), ties to even. */
function roundDigits(d: Decimal, keep: number): Decimal {
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { digits: '0', point: d.point };
  const head = d.digits.slice(0, keep);
  const next = d.digits.charCodeAt(keep) - 48;
  const last = keep > 0 ? d.digits.charCodeAt(keep - 1) - 48 : 0;
  const up = next > 5 || (next === 5 && (/[1-9]/.test(d.digits.slice(keep + 1)) || last % 2 === 1));
  if (!up) return { digits: head === '' ? '0' : head, point: d.point };
  // head + 1 in its last place: the value is inc × 10^(point - keep).
  const inc = (BigInt(head === '' ? '0' : head) + 1n).toString();
  return { digits: inc, point: d.point - keep + inc.length };
}

/** `%.Nf` of a finite non-negative x. */
function fixed(x: number, prec: number): string {
  const d = exactDecimal(x);
  const r = roundDigits(d, d.point + prec);
  // r's value = 0.digits × 10^point; emit integer part and prec fraction digits.
  let digits = r.digits;
  let point = r.point;
  if (digits === '0') point = 1;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  const intPart = digits.slice(0, point).padEnd(point, '0');
  const frac = digits.slice(point).padEnd(prec, '0').slice(0, prec);
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

/** Mantissa digits and decimal exponent of a finite non-negative x with `sig` significant digits. */
function scientificParts(x: number, sig: number): { digits: string; exp: number } {
  if (x === 0) return { digits: '0'.repeat(sig), exp: 0 };
  const r = roundDigits(exactDecimal(x), sig);
  return { digits: r.digits.padEnd(sig, '0').slice(0, sig), exp: r.point - 1 };
}

function expSuffix(exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  return `e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function scientific(x: number, prec: number, alt: boolean): string {
  const { digits, exp } = scientificParts(x, prec + 1);
  const frac = digits.slice(1);
  return `${digits[0]}${prec > 0 || alt ? '.' : ''}${frac}${expSuffix(exp)}`;
}

function general(x: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  const exp = x === 0 ? 0 : scientificParts(x, p).exp;
  let out: string;
  if (p > exp && exp >= -4) out = fixed(x, p - 1 - exp);
  else out = scientific(x, p - 1, alt);
  if (alt) return out.includes('.') ? out : out.replace(/(e|$)/, '.$1');
  // Drop trailing zeros of the fraction, and a bare point.
  const e = out.indexOf('e');
  let mant = e < 0 ? out : out.slice(0, e);
  const tail = e < 0 ? '' : out.slice(e);
  if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
  return mant + tail;
}

function pad(body: string, sign: string, spec: PrintfSpec, numeric: boolean): string {
  const flags = spec.flags ?? '';
  const width = spec.width ?? 0;
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (flags.includes('-')) return sign + body + ' '.repeat(width - len);
  if (numeric && flags.includes('0')) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

function signOf(negative: boolean, flags: string): string {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}

/** One printf conversion of a number (or bigint for `%d`). */
export function printf(spec: PrintfSpec, value: number | bigint): string {
  const flags = spec.flags ?? '';
  if (spec.conversion === 'd') {
    const v = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
    const body = (v < 0n ? -v : v).toString();
    return pad(body, signOf(v < 0n, flags), spec, true);
  }
  const x = Number(value);
  const negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) {
    const body = Number.isNaN(x) ? 'nan' : 'inf';
    return pad(body, signOf(!Number.isNaN(x) && negative, flags), spec, false);
  }
  const a = Math.abs(x);
  const prec = spec.precision ?? 6;
  const alt = flags.includes('#');
  let body: string;
  if (spec.conversion === 'f') body = fixed(a, prec) + (alt && prec === 0 ? '.' : '');
  else if (spec.conversion === 'e') body = scientific(a, prec, alt);
  else body = general(a, prec, alt);
  return pad(body, signOf(negative, flags), spec, true);
}

/** `%.{p}g`, the shape most of TF's number printing takes. */
export function formatG(x: number, precision = 6): string {
  return printf({ conversion: 'g', precision }, x);
}

/**
 * TF's `FloatToBuffer` (what `StrCat` prints for a float): `%.6g` if that reads back as
 * the same float32, else `%.9g`.
 */
export function strCatFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const short = formatG(x, 6);
  return Math.fround(Number(short)) === x ? short : formatG(x, 9);
}

/** TF's `DoubleToBuffer` (`StrCat` of a double): `%.15g` if it reads back, else `%.17g`. */
export function strCatDouble(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const short = formatG(x, 15);
  return Number(short) === x ? short : formatG(x, 17);
}
