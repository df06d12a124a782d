import { AlreadyExistsError, NotFoundError } from '@tensorgraph/errors';

/** A stateful object a session owns: a variable, a queue, a reader. */
export interface Resource {
  /** A short description for error messages and debugging. */
  readonly debugString?: string;
  /** Releases what the resource holds (called when its container is cleared). */
  dispose?(): void | Promise<void>;
}

/** TF's default resource container name. */
export const DEFAULT_CONTAINER = 'localhost';

/**
 * Resources by (container, name), as TF's `ResourceMgr`: owned by a session, cleared by
 * `Session.reset` and `close()`.
 */
export class ResourceManager {
  readonly #containers = new Map<string, Map<string, Resource>>();

  /** The resource, or a `NotFoundError` in TF's wording. */
  lookup<R extends Resource>(container: string, name: string): R {
    const c = container || DEFAULT_CONTAINER;
    const map = this.#containers.get(c);
    if (map === undefined) {
      throw new NotFoundError(
        null,
        null,
        `Container ${c} does not exist. (Could not find resource: ${c}/${name})`,
      );
    }
    const found = map.get(name);
    if (found === undefined) {
      throw new NotFoundError(null, null, `Resource ${c}/${name} does not exist.`);
    }
    return found as R;
  }

  find<R extends Resource>(container: string, name: string): R | undefined {
    return this.#containers.get(container || DEFAULT_CONTAINER)?.get(name) as R | undefined;
  }

  /** Adds a resource; an `AlreadyExistsError` if the name is taken. */
  create(container: string, name: string, resource: Resource): void {
    const c = container || DEFAULT_CONTAINER;
    let map = this.#containers.get(c);
    if (map === undefined) this.#containers.set(c, (map = new Map()));
    if (map.has(name)) {
      throw new AlreadyExistsError(null, null, `Resource ${c}/${name} already exists.`);
    }
    map.set(name, resource);
  }

  /** The resource, created by `make` if it does not exist yet. */
  lookupOrCreate<R extends Resource>(container: string, name: string, make: () => R): R {
    const found = this.find<R>(container, name);
    if (found !== undefined) return found;
    const made = make();
    this.create(container, name, made);
    return made;
  }

  /** Removes and disposes one resource; a `NotFoundError` if it does not exist. */
  async delete(container: string, name: string): Promise<void> {
    const resource = this.lookup(container, name);
    this.#containers.get(container || DEFAULT_CONTAINER)?.delete(name);
    await resource.dispose?.();
  }

  /** Names of the containers that hold resources. */
  containers(): string[] {
    return [...this.#containers.keys()];
  }

  /** Disposes and forgets the given containers, or all of them. */
  async clear(containers?: readonly string[]): Promise<void> {
    const names = containers ?? [...this.#containers.keys()];
    for (const name of names) {
      const map = this.#containers.get(name);
      if (map === undefined) continue;
      this.#containers.delete(name);
      for (const resource of map.values()) await resource.dispose?.();
    }
  }
}
