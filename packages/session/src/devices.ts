import { InvalidArgumentError } from '@tensorgraph/errors';
import { DeviceSpec, type Backend, type Device } from '@tensorgraph/core';

/** A device of the session with what placement needs to know of it. */
export interface SessionDevice {
  readonly device: Device;
  readonly name: string;
  readonly spec: DeviceSpec;
  readonly deviceType: string;
  readonly priority: number;
  readonly backend: Backend;
}

/** A backend that created no devices, and why (shown by diagnostics). */
export interface UnavailableBackend {
  readonly backend: Backend;
  readonly reason: string;
}

export const LOCAL_PREFIX = '/job:localhost/replica:0/task:0';

/**
 * Creates the devices of every available backend, honouring `ConfigProto.deviceCount`
 * (`{ GPU: 0 }` turns CUDA off), ordered by priority (highest first), then by name.
 */
export async function createSessionDevices(
  backends: readonly Backend[],
  config: Readonly<Record<string, unknown>>,
): Promise<{ devices: SessionDevice[]; unavailable: UnavailableBackend[] }> {
  const seen = new Set<string>();
  for (const b of backends) {
    if (seen.has(b.deviceType)) {
      throw new InvalidArgumentError(
        null,
        null,
        `Two backends provide device type ${b.deviceType}: give the session only one of them`,
      );
    }
    seen.add(b.deviceType);
  }
  const counts = (config.deviceCount ?? {}) as Record<string, number>;
  const devices: SessionDevice[] = [];
  const unavailable: UnavailableBackend[] = [];
  for (const backend of backends) {
    const availability = await backend.isAvailable();
    if (!availability.available) {
      unavailable.push({ backend, reason: availability.reason });
      continue;
    }
    const max = counts[backend.deviceType];
    const made = await backend.createDevices({
      namePrefix: LOCAL_PREFIX,
      ...(max === undefined ? {} : { maxDevices: max }),
      config,
    });
    for (const device of made) {
      devices.push({
        device,
        name: device.attributes.name,
        spec: DeviceSpec.fromString(device.attributes.name),
        deviceType: backend.deviceType,
        priority: backend.priority,
        backend,
      });
    }
  }
  devices.sort((a, b) => b.priority - a.priority || compareNames(a.name, b.name));
  return { devices, unavailable };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
