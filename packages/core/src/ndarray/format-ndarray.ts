import type { DType } from '../dtype/dtype.js';
import { storageOf } from '../dtype/storage.js';
import { readElement } from './element-storage.js';
import { bytesRepr, complexRepr } from './py-repr.js';
import type { Complex } from './py-scalar.js';

// numpy's print options: summarise above 1000 elements keeping 3 at each edge, 8 digits.
const THRESHOLD = 1000;
const EDGE = 3;
const PRECISION = 8;

/** Shortest round-trip decimal digits of |x| and its decimal exponent (float32-aware). */
function shortest(x: number, single: boolean): { digits: string; exp: number } {
  let text = Math.abs(x).toExponential();
  if (single) {
    for (let p = 1; p <= 9; p++) {
      const t = Math.abs(x).toExponential(p - 1);
      if (Math.fround(Number(t)) === Math.abs(x)) {
        text = t;
        break;
      }
    }
  }
  const [m, e] = text.split('e') as [string, string];
  return { digits: m.replace('.', '').replace(/0+$/, '') || '0', exp: Number(e) };
}

/** Positional text with at most PRECISION fractional digits, numpy's `1.` for integers. */
function positional(x: number, single: boolean): string {
  const { digits, exp } = shortest(x, single);
  let text: string;
  if (exp < 0) text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length > exp + 1) text = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  else text = `${digits}${'0'.repeat(exp + 1 - digits.length)}.`;
  const [int, frac = ''] = text.split('.') as [string, string?];
  if (frac.length > PRECISION) {
    text = Math.abs(x).toFixed(PRECISION).replace(/0+$/, '');
  } else {
    text = `${int}.${frac}`;
  }
  return (x < 0 || Object.is(x, -0) ? '-' : '') + text;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

/** numpy's cut-off for scientific notation: 10^min(8, decimal precision of the dtype). */
const EXP_CUTOFF: Readonly<Partial<Record<DType, number>>> = {
  float16: 1e3,
  float32: 1e6,
  float64: 1e8,
};

/** numpy's float column format: decimal points aligned, or a shared scientific format. */
function floatColumn(values: readonly number[], dtype: DType): string[] {
  const single = dtype !== 'float64';
  const finite = values.filter((x) => Number.isFinite(x));
  const mags = finite.map(Math.abs).filter((a) => a > 0);
  const max = mags.length > 0 ? Math.max(...mags) : 0;
  const min = mags.length > 0 ? Math.min(...mags) : 0;
  const cutoff = EXP_CUTOFF[dtype] ?? 1e8;
  const scientific = mags.length > 0 && (max >= cutoff || min < 1e-4 || max / min > 1e3);
  if (scientific) {
    const precision = Math.min(
      PRECISION,
      Math.max(0, ...finite.map((x) => shortest(x, single).digits.length - 1)),
    );
    const parts = values.map((x) => {
      if (special(x) !== undefined) return undefined;
      const [m, e] = x.toExponential(precision).split('e') as [string, string];
      return { m: precision === 0 ? `${m}.` : m, e: Number(e) };
    });
    const expWidth = Math.max(
      2,
      ...parts.map((p) => (p === undefined ? 0 : String(Math.abs(p.e)).length)),
    );
    const texts = values.map((x, i) => {
      const p = parts[i];
      if (p === undefined) return special(x) as string;
      return `${p.m}e${p.e < 0 ? '-' : '+'}${String(Math.abs(p.e)).padStart(expWidth, '0')}`;
    });
    const width = Math.max(...texts.map((t) => t.length));
    return texts.map((t) => t.padStart(width));
  }
  const texts = values.map((x) => special(x) ?? positional(x, single));
  const split = texts.map((t, i) =>
    special(values[i] as number) !== undefined ? undefined : t.split('.'),
  );
  let padLeft = Math.max(0, ...split.map((s) => (s === undefined ? 0 : (s[0] as string).length)));
  const padRight = Math.max(
    0,
    ...split.map((s) => (s === undefined ? 0 : (s[1] as string).length)),
  );
  if (finite.length !== values.length) {
    const negInf = values.some((x) => x === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negInf - (padRight + 1));
  }
  return texts.map((t, i) => {
    const s = split[i];
    if (s === undefined) return t.padStart(padLeft + 1 + padRight);
    return `${(s[0] as string).padStart(padLeft)}.${(s[1] as string).padEnd(padRight)}`;
  });
}

/** C++'s `%g` (6 significant digits), which ml_dtypes' scalars print with. */
function formatG(x: number): string {
  const sp = special(x);
  if (sp !== undefined) return sp;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { digits, exp } = roundSignificant(Math.abs(x), 6);
  const sign = x < 0 ? '-' : '';
  let text: string;
  if (exp < -4 || exp >= 6) {
    const frac = digits.slice(1).replace(/0+$/, '');
    text = `${digits[0]}${frac === '' ? '' : `.${frac}`}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    text = `0.${'0'.repeat(-exp - 1)}${digits}`.replace(/0+$/, '');
  } else {
    const int = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1).replace(/0+$/, '');
    text = frac === '' ? int : `${int}.${frac}`;
  }
  return sign + text;
}

/** |x| to `p` significant digits, exact ties to even (printf's rounding, not JS's half-up). */
function roundSignificant(a: number, p: number): { digits: string; exp: number } {
  const [m, e] = a.toExponential(99).split('e') as [string, string];
  const all = m.replace('.', '');
  let head = all.slice(0, p);
  const rest = all.slice(p);
  let exp = Number(e);
  const tie = /^50*$/.test(rest);
  const up =
    rest[0] !== undefined &&
    (rest[0] > '5' || (rest[0] === '5' && (!tie || Number(head.at(-1)) % 2 === 1)));
  if (up) {
    const n = (BigInt(head) + 1n).toString();
    if (n.length > p) {
      exp += 1;
      head = n.slice(0, p);
    } else {
      head = n;
    }
  }
  return { digits: head, exp };
}

/** A scalar as numpy's `str()` prints it (Python float formatting, float32-aware). */
function scalarText(dtype: DType, value: unknown): string {
  const { kind } = storageOf(dtype);
  if (kind === 'float-bits' && dtype !== 'float16') return formatG(value as number);
  if (kind === 'float' || kind === 'float-bits') {
    const x = value as number;
    const sp = special(x);
    if (sp !== undefined) return sp;
    const { digits, exp } = shortest(x, dtype !== 'float64');
    if (exp >= -4 && exp < 16) {
      const t = positional(x, dtype !== 'float64');
      return t.endsWith('.') ? `${t}0` : t;
    }
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${x < 0 ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return plainText(dtype, value);
}

function plainText(dtype: DType, value: unknown): string {
  switch (storageOf(dtype).kind) {
    case 'bool':
      return value === true ? 'True' : 'False';
    case 'complex': {
      const c = value as Complex;
      return complexRepr(c.re, c.im);
    }
    case 'string':
      return bytesRepr(value as Uint8Array);
    default:
      return String(value);
  }
}

const LINE_WIDTH = 75;

/** numpy's `_extendLine`: wrap before a word that would pass the line width. */
function extendLine(
  s: string,
  line: string,
  word: string,
  width: number,
  prefix: string,
): [string, string] {
  let out = s;
  let next = line;
  if (next.length + word.length > width && next.length > prefix.length) {
    out += `${next.trimEnd()}\n`;
    next = prefix;
  }
  return [out, next + word];
}

/**
 * numpy's `str(array)` (`_formatArray` with its defaults: line width 75, 3 edge items
 * past 1000 elements): columns aligned, floats on the decimal point, long rows wrapped.
 * Complex elements print as Python's complex repr.
 */
export function formatNDArray(dtype: DType, shape: readonly number[], data: unknown): string {
  if (shape.length === 0) return scalarText(dtype, readElement(dtype, data, 0));
  const size = shape.reduce((a, b) => a * b, 1);
  const summarise = size > THRESHOLD;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const shown = (n: number): boolean => summarise && n > 2 * EDGE;
  const keep = (n: number): number[] =>
    shown(n)
      ? [
          ...Array.from({ length: EDGE }, (_, i) => i),
          ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i),
        ]
      : Array.from({ length: n }, (_, i) => i);
  const offsets: number[] = [];
  const collect = (d: number, offset: number): void => {
    if (d === shape.length) {
      offsets.push(offset);
      return;
    }
    for (const i of keep(shape[d] as number)) collect(d + 1, offset + i * (strides[d] as number));
  };
  collect(0, 0);
  const values = offsets.map((o) => readElement(dtype, data, o));
  const { kind } = storageOf(dtype);
  let texts: string[];
  if (kind === 'float-bits' && dtype !== 'float16') {
    // ml_dtypes' types print each scalar with %g and no padding.
    texts = (values as number[]).map(formatG);
  } else if (kind === 'float' || kind === 'float-bits') {
    texts = floatColumn(values as number[], dtype);
  } else {
    texts = values.map((v) => plainText(dtype, v));
    // numpy pads every column but those of object arrays (TF's strings).
    if (kind !== 'string') {
      const width = Math.max(0, ...texts.map((t) => t.length));
      texts = texts.map((t) => t.padStart(width));
    }
  }
  const byOffset = new Map(offsets.map((o, i) => [o, texts[i] as string]));

  const recurse = (d: number, offset: number, hanging: string, width: number): string => {
    if (d === shape.length) return byOffset.get(offset) as string;
    const n = shape[d] as number;
    const stride = strides[d] as number;
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1;
    const lead = shown(n) ? EDGE : 0;
    const trail = shown(n) ? EDGE : n;
    const idx = (k: number): number => offset + k * stride;
    let s = '';
    if (d === shape.length - 1) {
      const elemWidth = width - 1;
      let line = hanging;
      for (let i = 0; i < lead; i++) {
        [s, line] = extendLine(
          s,
          line,
          recurse(d + 1, idx(i), nextHanging, nextWidth),
          elemWidth,
          hanging,
        );
        line += ' ';
      }
      if (shown(n)) {
        [s, line] = extendLine(s, line, '...', elemWidth, hanging);
        line += ' ';
      }
      for (let i = trail; i > 1; i--) {
        [s, line] = extendLine(
          s,
          line,
          recurse(d + 1, idx(n - i), nextHanging, nextWidth),
          elemWidth,
          hanging,
        );
        line += ' ';
      }
      [s, line] = extendLine(
        s,
        line,
        recurse(d + 1, idx(n - 1), nextHanging, nextWidth),
        elemWidth,
        hanging,
      );
      s += line;
    } else {
      const sep = '\n'.repeat(shape.length - d - 1);
      for (let i = 0; i < lead; i++)
        s += hanging + recurse(d + 1, idx(i), nextHanging, nextWidth) + sep;
      if (shown(n)) s += `${hanging}...${sep}`;
      for (let i = trail; i > 1; i--)
        s += hanging + recurse(d + 1, idx(n - i), nextHanging, nextWidth) + sep;
      s += hanging + recurse(d + 1, idx(n - 1), nextHanging, nextWidth);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, ' ', LINE_WIDTH);
}
