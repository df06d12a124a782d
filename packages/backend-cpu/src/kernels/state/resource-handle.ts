import { InternalError, InvalidArgumentError, NotFoundError } from '@tensorgraph/errors';
import {
  DEFAULT_CONTAINER,
  NDArray,
  type DType,
  type KernelContext,
  type Resource,
  type ResourceManager,
  type ShapeValue,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';

/** The kinds of resource the stateful kernels keep in a session's `ResourceManager`. */
export type ResourceKind = 'variable' | 'ref-variable' | 'queue' | 'reader';

/**
 * What a `resource` tensor holds (TF's `ResourceHandle`): where the resource lives in the
 * session's `ResourceManager`, and what kind it is. Kernels on any device may pass it on;
 * only the resource manager turns it into the resource.
 */
export interface ResourceHandle {
  /** The container, `localhost` (TF's default) when the op's `container` attr is empty. */
  readonly container: string;
  readonly name: string;
  readonly kind: ResourceKind;
  /** For variables: the dtype and shape the handle op declared. */
  readonly dtype?: DType;
  readonly shape?: ShapeValue;
}

/** A resource of one of the kinds above. */
export interface StateResource extends Resource {
  readonly kind: ResourceKind;
}

/**
 * The C++ type names TF prints in resource-manager messages
 * (`Resource localhost/v/N10tensorflow3VarE does not exist.`).
 */
export const TF_TYPE_NAMES: Readonly<Record<ResourceKind, string>> = {
  variable: 'N10tensorflow3VarE',
  'ref-variable': 'N10tensorflow6legacy3VarE',
  queue: 'N10tensorflow14QueueInterfaceE',
  reader: 'N10tensorflow15ReaderInterfaceE',
};

/** A scalar `resource` tensor holding `handle`. */
export function handleArray(handle: ResourceHandle): NDArray {
  return new NDArray('resource', [], [handle]);
}

export function setHandleOutput(ctx: KernelContext, i: number, handle: ResourceHandle): void {
  setOutputArray(ctx, i, handleArray(handle));
}

/** The handle in resource input `i`. */
export function handleInput(ctx: KernelContext, i: number): ResourceHandle {
  const value = inputArray(ctx, i);
  const handle = value.dtype === 'resource' ? (value.data as unknown[])[0] : undefined;
  if (value.size !== 1 || !isResourceHandle(handle)) {
    throw new InvalidArgumentError(
      null,
      null,
      `${ctx.nodeName}: input ${i} is not a resource handle (a scalar resource tensor)`,
    );
  }
  return handle;
}

function isResourceHandle(x: unknown): x is ResourceHandle {
  if (typeof x !== 'object' || x === null) return false;
  const h = x as Record<string, unknown>;
  return (
    typeof h.container === 'string' && typeof h.name === 'string' && typeof h.kind === 'string'
  );
}

/** The container a handle op names, with TF's default. */
export function containerOf(attr: string): string {
  return attr === '' ? DEFAULT_CONTAINER : attr;
}

/** The resource `handle` names, or TF's `NotFoundError` message for its absence. */
export function findResource<R extends StateResource>(
  resources: ResourceManager,
  handle: ResourceHandle,
  kind: ResourceKind = handle.kind,
): { readonly resource: R } | { readonly missing: string } {
  const container = containerOf(handle.container);
  if (!resources.containers().includes(container)) {
    return {
      missing: `Container ${container} does not exist. (Could not find resource: ${container}/${handle.name})`,
    };
  }
  // TF keys resources by type and name: another kind under this name is "not found" too.
  const found = resources.find<StateResource>(container, handle.name);
  if (found === undefined || found.kind !== kind) {
    return {
      missing: `Resource ${container}/${handle.name}/${TF_TYPE_NAMES[kind]} does not exist.`,
    };
  }
  return { resource: found as R };
}

/** The resource `handle` names, or TF's `NotFoundError`. */
export function lookupResource<R extends StateResource>(
  resources: ResourceManager,
  handle: ResourceHandle,
  kind: ResourceKind = handle.kind,
): R {
  const result = findResource<R>(resources, handle, kind);
  if ('missing' in result) throw new NotFoundError(null, null, result.missing);
  return result.resource;
}

/**
 * The resource named by `container`/`name`, made by `make` if absent. Our resource manager
 * keys by name alone, so a different kind already there is an `InternalError` (TF would
 * keep both).
 */
export function lookupOrCreateResource<R extends StateResource>(
  resources: ResourceManager,
  container: string,
  name: string,
  kind: ResourceKind,
  make: () => R,
): R {
  const found = resources.find<StateResource>(container, name);
  if (found !== undefined && found.kind !== kind) {
    throw new InternalError(
      null,
      null,
      `Resource ${container}/${name} is a ${found.kind}, not a ${kind}: resources of different kinds cannot share a name here`,
    );
  }
  return (found as R | undefined) ?? resources.lookupOrCreate(container, name, make);
}
