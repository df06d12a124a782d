import { ValueError } from '@tensorgraph/errors';

// TF's patterns: a root name starts with a letter, digit or '.', nested scopes may also
// start with '_', '/', '>' or '-'.
export const VALID_OP_NAME = /^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$/;
export const VALID_SCOPE_NAME = /^[A-Za-z0-9_.\\/>-]*$/;

/** Checks a name-scope name as TF's `Graph.name_scope` does (root names are stricter). */
export function checkScopeName(name: string, nested: boolean): void {
  if (nested) {
    if (!VALID_SCOPE_NAME.test(name)) {
      throw new ValueError(
        `'${name}' is not a valid scope name. A scope name has to match the following pattern: ${VALID_SCOPE_NAME.source}`,
      );
    }
  } else if (!VALID_OP_NAME.test(name)) {
    throw new ValueError(
      `'${name}' is not a valid root scope name. A root scope name has to match the following pattern: ${VALID_OP_NAME.source}`,
    );
  }
}

/** `'a/b/'` -> `'a/b'`: the name stack a scope name ending in '/' re-enters. */
export function nameFromScopeName(name: string): string {
  return name.endsWith('/') ? name.slice(0, -1) : name;
}

/**
 * The names a graph has handed out, compared without case as TF does, so `foo`, `Foo`
 * and `FOO` become `foo`, `Foo_1`, `FOO_2`.
 */
export class NameRegistry {
  readonly #inUse = new Map<string, number>();

  /**
   * TF's `Graph.unique_name`: `name` (already prefixed by the name stack) made unique by
   * a `_N` suffix, skipping suffixes taken by explicitly named ops.
   */
  unique(name: string, markAsUsed = true): string {
    const key = name.toLowerCase();
    let i = this.#inUse.get(key) ?? 0;
    if (markAsUsed) this.#inUse.set(key, i + 1);
    if (i === 0) return name;
    let candidate = key;
    while (this.#inUse.has(candidate)) {
      candidate = `${key}_${i}`;
      i += 1;
    }
    if (markAsUsed) this.#inUse.set(candidate, 1);
    return `${name}_${i - 1}`;
  }

  /** Marks an imported name as used (TF does this for every node of an imported GraphDef). */
  markUsed(name: string): void {
    const key = name.toLowerCase();
    this.#inUse.set(key, Math.max(this.#inUse.get(key) ?? 0, 1));
  }
}
