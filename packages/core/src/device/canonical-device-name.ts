import { ValueError } from '@tensorgraph/errors';
import { DeviceSpec } from './device-spec.js';

/** The full name of the local host's first CPU, which fills unset fields. */
export const LOCAL_HOST_CPU = '/job:localhost/replica:0/task:0/device:CPU:0';

function asSpec(spec: string | DeviceSpec | null | undefined): DeviceSpec {
  return spec instanceof DeviceSpec ? spec : DeviceSpec.fromString(spec);
}

/**
 * A full device name from a partial one, as TF's `device_util.canonicalize` does in
 * a local eager context: fields come from `spec`, then `defaultSpec`, then
 * `/job:localhost/replica:0/task:0/device:CPU:0`. A `*` index is unset and so
 * becomes the default's index. `/gpu:1` -> `/job:localhost/replica:0/task:0/device:GPU:1`.
 *
 * TF asserts that the device type is upper-case (`/device:tpu:0` fails); that
 * AssertionError is a ValueError here, with TF's message.
 */
export function canonicalDeviceName(
  spec: string | DeviceSpec | null | undefined,
  defaultSpec?: string | DeviceSpec | null,
): string {
  const d = asSpec(spec);
  if (d.deviceType !== null && d.deviceType !== d.deviceType.toUpperCase()) {
    throw new ValueError(`Device type '${d.deviceType}' must be all-caps.`);
  }
  let result = DeviceSpec.fromString(LOCAL_HOST_CPU);
  // TF skips a falsy default, so an empty string counts as none.
  if (defaultSpec !== undefined && defaultSpec !== null && defaultSpec !== '') {
    result = result.makeMergedSpec(asSpec(defaultSpec));
  }
  return result.makeMergedSpec(d).toString();
}
