/**
 * Python's `int(str)`, `float(str)` and `complex(str)` parsers: numpy uses them when an
 * array of strings is cast to a numeric dtype (a Session feed of `'12'` into an int32
 * placeholder gives 12, as in TensorFlow). Each returns `undefined` for a malformed string.
 */

const DIGITS = String.raw`\d(?:_?\d)*`;
const INT_RE = new RegExp(`^[+-]?${DIGITS}$`);
const DECIMAL = String.raw`(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?`;
const FLOAT_RE = new RegExp(`^[+-]?(?:${DECIMAL}|inf|infinity|nan)$`, 'i');
const UNSIGNED = `(?:${DECIMAL}|inf|infinity|nan)`;
const COMPLEX_RE = new RegExp(
  `^(?:([+-]?${UNSIGNED})|([+-]?${UNSIGNED})?([+-]${UNSIGNED}?)?[jJ]|([+-]?)[jJ])$`,
  'i',
);

/** Python's `int(text)` in base 10 (whitespace and single underscores allowed). */
export function parsePyInt(text: string): bigint | undefined {
  const t = text.trim();
  if (!INT_RE.test(t)) return undefined;
  return BigInt(t.replace(/_/g, ''));
}

/** Python's `float(text)`. */
export function parsePyFloat(text: string): number | undefined {
  const t = text.trim();
  if (!FLOAT_RE.test(t)) return undefined;
  return floatOf(t);
}

function floatOf(t: string): number {
  const clean = t.replace(/_/g, '').toLowerCase();
  const unsigned = clean.replace(/^[+-]/, '');
  const negative = clean.startsWith('-');
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return negative ? -Infinity : Infinity;
  return Number(clean);
}

/** Python's `complex(text)`: `'1+2j'`, `'2j'`, `'(1-j)'`, `'1.5'`. */
export function parsePyComplex(text: string): { re: number; im: number } | undefined {
  let t = text.trim();
  if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  const m = COMPLEX_RE.exec(t);
  if (m === null) return undefined;
  const [, realOnly, real, imag, bareSign] = m;
  if (realOnly !== undefined) return { re: floatOf(realOnly), im: 0 };
  if (bareSign !== undefined && real === undefined && imag === undefined) {
    return { re: 0, im: bareSign === '-' ? -1 : 1 };
  }
  if (imag === undefined) {
    // `2j`: the whole number is the imaginary part.
    return { re: 0, im: real === undefined ? 1 : floatOf(real) };
  }
  const im = imag === '+' ? 1 : imag === '-' ? -1 : floatOf(imag);
  return { re: real === undefined ? 0 : floatOf(real), im };
}
