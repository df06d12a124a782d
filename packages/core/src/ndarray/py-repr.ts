/**
 * Python's `repr`/`str` of the scalars TF prints in its conversion errors, so our
 * messages read exactly as TensorFlow's ("Expected int32, but got 1.5 of type 'float'.").
 */

/** Python's `repr(float)`: shortest round-trip digits, `1.0`, `1e+16`, `1e-05`, `nan`, `inf`. */
export function floatRepr(x: number): string {
  return formatFloat(x, true);
}

/** A float as Python prints it inside a complex: like repr, without a forced `.0`. */
function complexPartRepr(x: number): string {
  return formatFloat(x, false);
}

function formatFloat(x: number, forceDot: boolean): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return (Object.is(x, -0) ? '-0' : '0') + (forceDot ? '.0' : '');
  const sign = x < 0 ? '-' : '';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    let text: string;
    if (exp < 0) text = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length > exp + 1) text = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    else text = digits + '0'.repeat(exp + 1 - digits.length) + (forceDot ? '.0' : '');
    return sign + text;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
}

/** Python's `repr(complex)`: `(1+2j)`, `1j`, `(1-0j)`, `(nan+nanj)`. */
export function complexRepr(re: number, im: number): string {
  const imText = complexPartRepr(im);
  if (re === 0 && !Object.is(re, -0)) return `${imText}j`;
  const signed = imText.startsWith('-') ? imText : `+${imText}`;
  return `(${complexPartRepr(re)}${signed}j)`;
}

// Characters Python's str.isprintable() rejects: controls, separators other than space,
// unassigned and private-use code points.
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's `repr(str)`: single quotes unless the text has one and no double quote. */
export function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(cp);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Python's `repr(bytes)`: `b'ab\xff'`. */
export function bytesRepr(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = `b${String.fromCharCode(quote)}`;
  for (const b of bytes) {
    if (b === quote || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out + String.fromCharCode(quote);
}

/** A tuple as Python prints a shape: `()`, `(2,)`, `(2, 3)`. */
export function tupleRepr(dims: readonly number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}
