import { DeviceSpec } from './device-spec.js';

function parsed(spec: string | DeviceSpec): DeviceSpec {
  // Through the string, as TF hands specs to its placer: an index without a type
  // is not part of a device string, so it constrains nothing.
  return DeviceSpec.fromString(spec instanceof DeviceSpec ? spec.toString() : spec);
}

/**
 * Whether the concrete device `device` satisfies the (possibly partial) request
 * `requested`: every field the request sets must be set to the same value on the
 * device (TF's `DeviceNameUtils::IsSpecification`). Types compare exactly, after
 * DeviceSpec's normalisation (`cpu` -> `CPU`, but `Cpu` stays `Cpu` and matches
 * nothing). An empty request matches every device.
 */
export function deviceSpecMatches(
  requested: string | DeviceSpec,
  device: string | DeviceSpec,
): boolean {
  const r = parsed(requested);
  const d = parsed(device);
  return (
    (r.job === null || r.job === d.job) &&
    (r.replica === null || r.replica === d.replica) &&
    (r.task === null || r.task === d.task) &&
    (r.deviceType === null || r.deviceType === d.deviceType) &&
    (r.deviceIndex === null || r.deviceIndex === d.deviceIndex)
  );
}
