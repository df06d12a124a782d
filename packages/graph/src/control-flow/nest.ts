import { ValueError } from '@tensorgraph/errors';

/**
 * TF's `nest` for the structures control flow takes and returns: arrays (Python's lists and
 * tuples) in order and plain objects (Python's dicts) by sorted key; anything else is a leaf.
 */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether `value` is a structure rather than a leaf (TF's `nest.is_nested`). */
export function isNested(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

/** The leaves of `structure`, in TF's order (dict keys sorted). */
export function flatten(structure: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (s: unknown) => {
    if (Array.isArray(s)) for (const v of s) visit(v);
    else if (isPlainObject(s)) for (const k of Object.keys(s).sort()) visit(s[k]);
    else out.push(s);
  };
  visit(structure);
  return out;
}

/** `flat` packed into the shape of `structure` (TF's `nest.pack_sequence_as`). */
export function packSequenceAs(structure: unknown, flat: readonly unknown[]): unknown {
  let i = 0;
  const build = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(build);
    if (isPlainObject(s)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(s).sort()) out[k] = build(s[k]);
      // Keep the caller's key order, as a Python dict does.
      return Object.fromEntries(Object.keys(s).map((k) => [k, out[k]]));
    }
    if (i >= flat.length) {
      throw new ValueError(
        `Structure had ${flatten(structure).length} atoms, but flat_sequence had ${flat.length} items.`,
      );
    }
    return flat[i++];
  };
  const out = build(structure);
  if (i !== flat.length) {
    throw new ValueError(`Structure had ${i} atoms, but flat_sequence had ${flat.length} items.`);
  }
  return out;
}

/**
 * `fn` over the leaves of `shallow`, each with the part of `deep` at the same place (TF's
 * `nest.map_structure_up_to`): a leaf of `shallow` may face a structure in `deep`.
 */
export function mapUpTo<R>(
  shallow: unknown,
  deep: unknown,
  fn: (leaf: unknown, part: unknown) => R,
): R[] {
  const out: R[] = [];
  const visit = (s: unknown, d: unknown) => {
    if (Array.isArray(s)) {
      if (!Array.isArray(d) || d.length !== s.length) throw structureError(shallow, deep);
      s.forEach((v, i) => visit(v, d[i]));
    } else if (isPlainObject(s)) {
      if (!isPlainObject(d)) throw structureError(shallow, deep);
      const keys = Object.keys(s).sort();
      const dkeys = Object.keys(d).sort();
      if (keys.join('\u0000') !== dkeys.join('\u0000')) throw structureError(shallow, deep);
      for (const k of keys) visit(s[k], d[k]);
    } else {
      out.push(fn(s, d));
    }
  };
  visit(shallow, deep);
  return out;
}

/**
 * TF's `nest.assert_same_structure(a, b, check_types=False)`: lists and tuples alike, dicts
 * with the same keys; a `ValueError` with TF's first line otherwise.
 */
export function assertSameStructure(a: unknown, b: unknown): void {
  const same = (x: unknown, y: unknown): boolean => {
    if (Array.isArray(x) || Array.isArray(y)) {
      return (
        Array.isArray(x) &&
        Array.isArray(y) &&
        x.length === y.length &&
        x.every((v, i) => same(v, y[i]))
      );
    }
    if (isPlainObject(x) || isPlainObject(y)) {
      if (!isPlainObject(x) || !isPlainObject(y)) return false;
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      return kx.length === ky.length && kx.every((k, i) => k === ky[i] && same(x[k], y[k]));
    }
    return true;
  };
  if (!same(a, b)) throw structureError(a, b);
}

function structureError(a: unknown, b: unknown): ValueError {
  return new ValueError(
    `The two structures don't have the same nested structure.\n\nFirst structure: ${describe(a)}\n\nSecond structure: ${describe(b)}`,
  );
}

/** A structure's shape with its leaves as `.`, as TF prints it. */
export function describe(s: unknown): string {
  if (Array.isArray(s)) return `[${s.map(describe).join(', ')}]`;
  if (isPlainObject(s)) {
    return `{${Object.keys(s)
      .sort()
      .map((k) => `'${k}': ${describe(s[k])}`)
      .join(', ')}}`;
  }
  return '.';
}
