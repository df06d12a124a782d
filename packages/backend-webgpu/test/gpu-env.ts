import { webgpu, type WebGpuDevice } from '@tensorgraph/backend-webgpu';

/**
 * Whether WEBGPU tests must run: CI (which installs Mesa, so Dawn's GL ES adapter exists)
 * and WEBGPU_REQUIRED=1 turn a missing adapter into a failure instead of a skip.
 */
export const REQUIRED = Boolean(process.env.WEBGPU_REQUIRED || process.env.CI);

const backend = webgpu();
const availability = await backend.isAvailable();

/** Why WEBGPU tests cannot run here, or `null` when they can. */
export const UNAVAILABLE: string | null = availability.available
  ? null
  : `no WebGPU adapter on this machine (${availability.reason}); in Node, Dawn needs Mesa's EGL/GL ES (apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri, as .ci/run does); CI and WEBGPU_REQUIRED=1 make this a failure`;

if (UNAVAILABLE !== null && REQUIRED) {
  throw new Error(`WEBGPU is required here (CI or WEBGPU_REQUIRED) but ${UNAVAILABLE}`);
}

export { backend };

let shared: Promise<WebGpuDevice> | undefined;

/** One device for the tests of a file (pipelines are cached per device). */
export function sharedDevice(): Promise<WebGpuDevice> {
  shared ??= backend
    .createDevices({ namePrefix: '/job:localhost/replica:0/task:0' })
    .then((d) => d[0] as WebGpuDevice);
  return shared;
}
