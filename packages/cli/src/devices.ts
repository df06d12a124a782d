import { resolve } from 'node:path';
import * as tf from 'tensorgraph';
import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';
import { loadModel, type LoadedModel } from './load-model.js';

/** The device types tensorgraph's backends provide. */
export const DEVICE_TYPES = ['CPU', 'GPU', 'WEBGPU'] as const;

/**
 * `--device` as a device scope: `gpu` → `/device:GPU:0`, `GPU:1` → `/device:GPU:1`; a full
 * spec (`/job:localhost/device:CPU:0`) is kept as it is.
 */
export function deviceScope(device: string): string {
  if (device.startsWith('/')) return device;
  const m = /^([A-Za-z_]+)(?::(\d+))?$/.exec(device);
  const type = m?.[1]?.toUpperCase();
  if (m === null || type === undefined || !(DEVICE_TYPES as readonly string[]).includes(type)) {
    throw new CliError(
      `--device '${device}' is not a device: use one of ${DEVICE_TYPES.join(', ')} (optionally with an index, GPU:1) or a full spec like /device:CPU:0`,
    );
  }
  return `/device:${type}:${m[2] ?? '0'}`;
}

/** The device type a scope names (`/device:GPU:0` → `GPU`), if any. */
export function deviceTypeOf(scope: string): string | undefined {
  return /device:([A-Za-z_]+)/i.exec(scope)?.[1]?.toUpperCase();
}

/**
 * WebGPU is a default backend only in browsers; in Node it is opt-in. When the user asks
 * for WEBGPU, opt in by registering the WebGPU package's backend (an optional dependency).
 */
export async function enableBackendFor(deviceType: string | undefined): Promise<void> {
  if (deviceType !== 'WEBGPU') return;
  const current = tf.getBackends().find((b) => b.deviceType === 'WEBGPU');
  if (current !== undefined && (await current.isAvailable()).available) return;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ tf.WEBGPU_PACKAGE)) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(
      `--device WEBGPU needs ${tf.WEBGPU_PACKAGE} (npm install ${tf.WEBGPU_PACKAGE}): ${errorText(e)}`,
    );
  }
  const make = mod['webgpu'];
  if (typeof make !== 'function') throw new CliError(`${tf.WEBGPU_PACKAGE} has no webgpu() export`);
  tf.registerBackend((make as () => tf.Backend)());
}

export interface SessionFlags {
  readonly softPlacement?: boolean | undefined;
  readonly logDevicePlacement?: boolean | undefined;
}

/** A session on the default backends with the placement flags of the command line. */
export function openSession(
  graph: tf.Graph,
  flags: SessionFlags,
  log: (line: string) => void,
): tf.Session {
  return new tf.Session({
    graph,
    config: new tf.ConfigProto({
      allowSoftPlacement: flags.softPlacement === true,
      logDevicePlacement: flags.logDevicePlacement === true,
    }),
    logger: log,
  });
}

/** The device types the default backends make devices for here (CPU first). */
export async function availableDeviceTypes(): Promise<string[]> {
  const sess = new tf.Session({ graph: new tf.Graph() });
  try {
    const devices = await sess.listDevices();
    const types = [...new Set(devices.map((d) => d.deviceType))];
    return types.sort((a, b) => (a === 'CPU' ? -1 : b === 'CPU' ? 1 : a.localeCompare(b)));
  } finally {
    await sess.close();
  }
}

/** Loads a model for a command, honouring `--device` (opting in to WebGPU when asked). */
export async function loadForDevice(
  path: string,
  device: string | undefined,
  cwd: string,
): Promise<LoadedModel> {
  const scope = device === undefined ? undefined : deviceScope(device);
  await enableBackendFor(scope === undefined ? undefined : deviceTypeOf(scope));
  return loadModel(resolve(cwd, path), { device: scope, shown: path });
}
