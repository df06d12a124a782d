import { AlreadyExistsError, NotFoundError } from '@tensorgraph/errors';
import type { OpDefinition } from './op-def.js';

/**
 * An immutable set of op definitions, looked up by op type. Not global: the graph
 * uses the built-in definitions, and a session adds those its backends bring.
 */
export class OpRegistry {
  readonly #ops: ReadonlyMap<string, OpDefinition>;

  constructor(definitions: Iterable<OpDefinition> = []) {
    const ops = new Map<string, OpDefinition>();
    for (const def of definitions) {
      const existing = ops.get(def.name);
      if (existing !== undefined && existing !== def) {
        throw new AlreadyExistsError(null, null, `Op with name ${def.name} already registered`);
      }
      ops.set(def.name, def);
    }
    this.#ops = ops;
  }

  /** The definition of `opType`, or `undefined`. */
  find(opType: string): OpDefinition | undefined {
    return this.#ops.get(opType);
  }

  /** The definition of `opType`; a `NotFoundError` in TF's wording if it is not registered. */
  get(opType: string): OpDefinition {
    const def = this.#ops.get(opType);
    if (def === undefined) {
      throw new NotFoundError(null, null, `Op type not registered '${opType}'`);
    }
    return def;
  }

  has(opType: string): boolean {
    return this.#ops.has(opType);
  }

  /** Every op type, sorted. */
  opTypes(): string[] {
    return [...this.#ops.keys()].sort();
  }

  get size(): number {
    return this.#ops.size;
  }

  /** A registry with these definitions added (the same definition twice is allowed). */
  with(definitions: Iterable<OpDefinition>): OpRegistry {
    return new OpRegistry([...this.#ops.values(), ...definitions]);
  }
}
