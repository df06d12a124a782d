import type { Backend } from '@tensorgraph/core';
import { defaultBackends } from './default-backends.js';

// The umbrella's default backends: the one place the product chooses devices for users
// who choose none. Packages themselves register nothing.
let registered: Backend[] = defaultBackends();

/**
 * Adds a backend to the defaults of sessions created afterwards, replacing one of the same
 * name or device type (a session takes one backend per device type):
 * `tf.registerBackend(webgpu())`.
 */
export function registerBackend(backend: Backend): void {
  registered = [
    ...registered.filter((b) => b.name !== backend.name && b.deviceType !== backend.deviceType),
    backend,
  ];
}

/** Removes a backend from the defaults by name; returns whether it was there. */
export function removeBackend(name: string): boolean {
  const before = registered.length;
  registered = registered.filter((b) => b.name !== name);
  return registered.length !== before;
}

/** The backends new sessions use when given none. */
export function getBackends(): readonly Backend[] {
  return registered;
}

/** Puts the defaults back as they were at start-up (CPU, and CUDA/WebGPU where they apply). */
export function resetBackends(): void {
  registered = defaultBackends();
}
