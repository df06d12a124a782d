import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'tensorgraph';

// docs/reference.md maps every item of the seed document to its TypeScript form. This test
// keeps it honest: every seed heading has a row, and every row's symbol exists.
const ROOT = new URL('../../../', import.meta.url).pathname;
// The seed's API headings, in order (the seed document lives beside DESIGN.md, not in the repo).
const SEED_ITEMS = (
  JSON.parse(readFileSync(new URL('fixtures/seed-items.json', import.meta.url), 'utf8')) as {
    items: string[];
  }
).items;
const REFERENCE = readFileSync(`${ROOT}docs/reference.md`, 'utf8');

/** `tf.Session.run(fetches, ...)` and `class tf.Session` give `tf.Session.run` / `tf.Session`. */
function pythonPath(text: string): string {
  return text.replace(/^class /, '').replace(/\(.*$/s, '');
}

function seedItems(): string[] {
  return SEED_ITEMS.map(pythonPath);
}

interface Row {
  python: string;
  symbol: string;
}

function referenceRows(): Row[] {
  return REFERENCE.split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Python') && !l.startsWith('| ---'))
    .map((l) => {
      const cells = l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      const code = (c: string) => /^`([^`]+)`/.exec(c)?.[1] ?? c;
      return { python: pythonPath(code(cells[0]!)), symbol: code(cells[2]!) };
    });
}

function instanceOf(cls: new (...args: never[]) => unknown): object {
  // Classes whose members are own fields need an instance to show them.
  if (cls === tf.OpError || Object.prototype.isPrototypeOf.call(tf.OpError, cls)) {
    return new (cls as unknown as new (...a: unknown[]) => object)(null, null, 'message', 2);
  }
  return cls.prototype as object;
}

/** Resolves `Session#run`, `Session.reset`, `errors.OpError`, `Session#[Symbol.asyncDispose]`. */
function resolve(symbol: string): unknown {
  const [path, member] = symbol.split('#') as [string, string | undefined];
  let value: unknown = tf;
  for (const part of path.split('.')) {
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  if (member === undefined || value === undefined) return value;
  const target = instanceOf(value as new () => unknown);
  const key = member === '[Symbol.asyncDispose]' ? Symbol.asyncDispose : member;
  // Only whether the member exists: reading a getter off a prototype would throw.
  return key in target ? true : undefined;
}

describe('docs/reference.md', () => {
  const rows = referenceRows();

  it('has a row for every API item of the seed document', () => {
    const items = seedItems();
    expect(items.length).toBeGreaterThan(50);
    const documented = new Set(rows.map((r) => r.python));
    expect(items.filter((i) => !documented.has(i))).toEqual([]);
  });

  it('names only symbols that the umbrella exports', () => {
    const checked = rows.filter((r) => r.symbol !== '—');
    expect(checked.length).toBeGreaterThan(60);
    const missing = checked.filter((r) => resolve(r.symbol) === undefined).map((r) => r.symbol);
    expect(missing).toEqual([]);
  });

  it('the resolver catches a name that does not exist', () => {
    expect(resolve('Session#runn')).toBeUndefined();
    expect(resolve('errors.NoSuchError')).toBeUndefined();
    expect(resolve('OpError#errorCode')).toBe(true);
    expect(resolve('Session#graph')).toBe(true);
    expect(resolve('Session.reset')).toBe(tf.Session.reset);
  });

  it('only items the code lacks go without a symbol, and they say so', () => {
    const unchecked = referenceRows().filter((r) => r.symbol === '—');
    for (const r of unchecked) {
      const line = REFERENCE.split('\n').find((l) => l.includes(r.python))!;
      expect(line).toMatch(/not available/);
    }
  });
});
