import type { DeviceSpec } from '@tensorgraph/core';
import { getDefaultGraph, type OpLike } from '../graph.js';
import { pyTypeName } from './py-repr.js';

/**
 * TF's `tf.name_scope(name)` on the default graph: ops built in `fn` (and what it awaits)
 * are named `name/...`; `fn` gets the scope string (`'name/'`) and its result is returned.
 */
export function nameScope<R>(name: string | null, fn: (scope: string) => R): R {
  if (name !== null && typeof name !== 'string') {
    throw new TypeError(`expected string or bytes-like object, got '${pyTypeName(name, 'int')}'`);
  }
  return getDefaultGraph().nameScope(name, fn);
}

/** TF's `tf.device(spec)` on the default graph: ops built in `fn` ask for that device. */
export function device<R>(spec: string | DeviceSpec | null, fn: () => R): R {
  return getDefaultGraph().device(spec, fn);
}

/** TF's `tf.control_dependencies(inputs)` on the default graph; `null` clears them. */
export function controlDependencies<R>(inputs: readonly OpLike[] | null, fn: () => R): R {
  return getDefaultGraph().controlDependencies(inputs, fn);
}

/** TF's `tf.compat.v1.colocate_with(op)` on the default graph. */
export function colocateWith<R>(
  op: OpLike | null,
  fn: () => R,
  options: { ignoreExisting?: boolean } = {},
): R {
  return getDefaultGraph().colocateWith(op, fn, options);
}
