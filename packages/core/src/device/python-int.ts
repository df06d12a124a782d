import { ValueError } from '@tensorgraph/errors';
import { pyStrRepr, pyTypeName } from '../shape/python-repr.js';

// What int() skips around the digits: ASCII space, \t\n\v\f\r, and non-ASCII
// Unicode whitespace (CPython maps those to spaces first). Not \x1c-\x1f, which
// str.isspace() accepts but int() does not, nor the BOM that JS's \s includes.
const SPACE = /[\s\x85]/u;
const DIGIT = /^\p{Nd}$/u;

function isSpace(ch: string): boolean {
  return ch !== '\ufeff' && SPACE.test(ch);
}

/**
 * Value of a Unicode decimal digit. Unicode encodes every decimal digit set as a
 * contiguous run 0..9, so the offset from the start of its run, mod 10, is the value.
 */
function digitValue(ch: string): number {
  let cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  const start = cp;
  while (DIGIT.test(String.fromCodePoint(cp - 1))) cp -= 1;
  return (start - cp) % 10;
}

/**
 * Python's `int(value)` for the values DeviceSpec fields take: strings in base 10
 * (surrounding whitespace, a sign, `_` between digits and any Unicode digits
 * allowed), numbers truncated toward zero, booleans as 0/1. Results must be exact
 * in a double: Python's ints are unbounded, TensorFlow's device ids are not.
 */
export function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new ValueError('cannot convert float NaN to integer');
    // Python raises OverflowError here; JavaScript's nearest kin is RangeError.
    if (!Number.isFinite(value)) throw new RangeError('cannot convert float infinity to integer');
    return exact(Math.trunc(value) || 0, value);
  }
  if (typeof value === 'bigint') return exact(Number(value), value);
  if (typeof value !== 'string') {
    throw new TypeError(
      `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`,
    );
  }
  const chars = [...value];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi && isSpace(chars[lo] ?? '')) lo += 1;
  while (hi > lo && isSpace(chars[hi - 1] ?? '')) hi -= 1;
  const body = chars.slice(lo, hi);
  let sign = 1;
  if (body[0] === '+' || body[0] === '-') {
    sign = body[0] === '-' ? -1 : 1;
    body.shift();
  }
  const invalid = () =>
    new ValueError(`invalid literal for int() with base 10: ${pyStrRepr(value)}`);
  if (body.length === 0) throw invalid();
  let result = 0n;
  let previous = '_';
  for (const ch of body) {
    if (ch === '_') {
      if (previous === '_') throw invalid();
    } else if (DIGIT.test(ch)) {
      result = result * 10n + BigInt(digitValue(ch));
    } else {
      throw invalid();
    }
    previous = ch;
  }
  if (previous === '_') throw invalid();
  const signed = sign < 0 ? -result : result;
  return exact(Number(signed), signed);
}

function exact(n: number, original: number | bigint): number {
  if (!Number.isSafeInteger(n)) {
    throw new ValueError(`${String(original)} is larger than 2**53 - 1 and cannot be held exactly`);
  }
  return n === 0 ? 0 : n;
}
