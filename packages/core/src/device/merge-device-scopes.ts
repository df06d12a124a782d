import { DeviceSpec } from './device-spec.js';

/** One `tf.device(...)` scope: a spec string, a DeviceSpec, or `null` (clears outer scopes). */
export type DeviceScope = string | DeviceSpec | null;

/**
 * The device string a graph-mode op gets inside nested `tf.device` scopes, listed
 * outermost first, as TF's `Graph._apply_device_functions` computes it: from the
 * innermost scope outwards, each scope's set fields fill in only what is still
 * unset; a `null` scope stops the walk (outer scopes no longer apply) and an
 * empty spec is skipped. `nodeDevice` is a device the op already asks for.
 *
 * Every scope is parsed first, outermost first, so a malformed one fails as it
 * would on entering its `with tf.device(...)` block.
 */
export function mergeDeviceScopes(scopes: readonly DeviceScope[], nodeDevice = ''): string {
  const specs = scopes.map((s) => (s === null || s instanceof DeviceSpec ? s : toSpec(s)));
  let device = nodeDevice;
  for (let i = specs.length - 1; i >= 0; i -= 1) {
    const spec = specs[i] ?? null;
    if (spec === null) break;
    if (spec.toString() === '') continue;
    device = spec.makeMergedSpec(DeviceSpec.fromString(device)).toString();
  }
  return device;
}

/** Two nested scopes: `tf.device(outer)` around `tf.device(inner)`. */
export function mergeDeviceSpecs(outer: DeviceScope, inner: DeviceScope): string {
  return mergeDeviceScopes([outer, inner]);
}

function toSpec(scope: unknown): DeviceSpec {
  if (scope === undefined)
    throw new TypeError('a device scope must be a string, a DeviceSpec or null');
  return DeviceSpec.fromString(scope as string);
}
