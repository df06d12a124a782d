import { ValueError } from '@tensorgraph/errors';
import { pyInt } from './python-int.js';

/**
 * Device types that may stand alone as `/<type>:<index>` (`/cpu:0`, `/GPU:1`).
 * TF's set is CPU, GPU, TPU, CUSTOM, EPU plus every registered pluggable device
 * type; WEBGPU is ours and is treated as such a pluggable type. Any other type
 * needs the `/device:<type>:<index>` form.
 */
export const SHORT_FORM_DEVICE_TYPES: readonly string[] = Object.freeze([
  'CPU',
  'GPU',
  'TPU',
  'CUSTOM',
  'EPU',
  'WEBGPU',
]);

/**
 * The fields of a device string as TF's `_string_to_components` leaves them:
 * replica and task still as text (the DeviceSpec constructor converts them, so
 * their errors come after every parsing error), the device index already an int.
 */
export interface DeviceStringComponents {
  job: string | null;
  replica: string | null;
  task: string | null;
  deviceType: string | null;
  deviceIndex: number | null;
}

/**
 * Splits a device string the way TF's DeviceSpec does: `/`-separated pieces of
 * `name:value`; later pieces win for job, replica and task; a second device type
 * is an error; empty pieces (and pieces with an empty name) are skipped.
 */
export function parseDeviceString(spec: string): DeviceStringComponents {
  const out: DeviceStringComponents = {
    job: null,
    replica: null,
    task: null,
    deviceType: null,
    deviceIndex: null,
  };
  const multiple = () =>
    new ValueError(`Multiple device types are not allowed while parsing the device spec: ${spec}.`);
  for (const piece of spec.split('/')) {
    const y = piece.split(':');
    const [name = '', first = '', second = ''] = y;
    const n = y.length;
    if (n === 2 && name === 'job') {
      out.job = first;
    } else if (n === 2 && name === 'replica') {
      out.replica = first;
    } else if (n === 2 && name === 'task') {
      out.task = first;
    } else if ((n === 1 || n === 2) && SHORT_FORM_DEVICE_TYPES.includes(name.toUpperCase())) {
      if (out.deviceType !== null) throw multiple();
      out.deviceType = name.toUpperCase();
      if (n === 2 && first !== '*') out.deviceIndex = pyInt(first);
    } else if (n === 3 && name === 'device') {
      if (out.deviceType !== null) throw multiple();
      // The long form keeps the type's spelling; only cpu/gpu are upper-cased later.
      out.deviceType = first;
      if (second !== '*') out.deviceIndex = pyInt(second);
    } else if (name !== '') {
      throw new ValueError(
        `Unknown attribute '${name}' is encountered while parsing the device spec: '${spec}'.`,
      );
    }
  }
  return out;
}
