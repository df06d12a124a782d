import type { ResourceManager } from '@tensorgraph/core';
import type { ResourceHandle, StateResource } from './resource-handle.js';

interface NodeResource {
  readonly handle: ResourceHandle;
  readonly resource: StateResource;
}

interface Registry {
  next: number;
  readonly byNode: Map<string, NodeResource>;
}

/**
 * Per-session bookkeeping for the queue and reader ops, keyed by the session's
 * `ResourceManager` (kernels hold no session). As TF's `ResourceOpKernel`, such an op
 * makes its resource on its first run and returns the same handle while the resource
 * lives; once it has been destroyed, the next run makes a new one. A private resource
 * (empty `shared_name`) is named `_<N>_<node name>`, `N` from a counter: process-wide in
 * TF, per session here, so a session's first private queue is `_0_...` as in a fresh TF
 * process. Keying by node name keeps the resource when an executor builds a node's
 * kernel again for another plan.
 */
const REGISTRIES = new WeakMap<ResourceManager, Registry>();

function registryOf(resources: ResourceManager): Registry {
  let r = REGISTRIES.get(resources);
  if (r === undefined) REGISTRIES.set(resources, (r = { next: 0, byNode: new Map() }));
  return r;
}

/** The handle node `nodeName` made earlier in this session, if its resource still lives. */
export function liveNodeHandle(
  resources: ResourceManager,
  nodeName: string,
): ResourceHandle | undefined {
  const entry = registryOf(resources).byNode.get(nodeName);
  if (entry === undefined) return undefined;
  const { container, name } = entry.handle;
  return resources.find(container, name) === entry.resource ? entry.handle : undefined;
}

export function rememberNodeResource(
  resources: ResourceManager,
  nodeName: string,
  handle: ResourceHandle,
  resource: StateResource,
): void {
  registryOf(resources).byNode.set(nodeName, { handle, resource });
}

/** A new private resource name for `nodeName`: `_0_fifo_queue`, `_1_reader`, ... */
export function privateResourceName(resources: ResourceManager, nodeName: string): string {
  const r = registryOf(resources);
  return `_${r.next++}_${nodeName}`;
}
