import type { Device } from './device.js';
import type { KernelDef } from './kernel.js';
import type { OpDefinition } from './op-def.js';

/** Whether a backend can create devices here, and if not, why (shown by `diagnose()`). */
export type BackendAvailability =
  | { readonly available: true; readonly detail?: string }
  | { readonly available: false; readonly reason: string };

/** What a backend is told when a session creates its devices. */
export interface DeviceFactoryOptions {
  /** The name prefix of every device, `/job:localhost/replica:0/task:0`. */
  readonly namePrefix: string;
  /** The most devices of this type to create (`ConfigProto.deviceCount[type]`); absent: no limit. */
  readonly maxDevices?: number;
  /**
   * The session's `ConfigProto` as plain data (camelCase fields), for the options a
   * backend honours: `gpuOptions.visibleDeviceList`, `gpuOptions.allowGrowth`, ...
   */
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * A device plugin: a plain object returned by a package's factory (`cpu()`, `webgpu()`,
 * `cuda()`). Creating one registers nothing; a session is given its backends.
 */
export interface Backend {
  /** A unique, stable name: `'cpu'`, `'webgpu'`, `'@acme/foo'`. */
  readonly name: string;
  /** The TF device type its devices have: `'CPU'`, `'GPU'`, `'WEBGPU'`. Upper case. */
  readonly deviceType: string;
  /**
   * Placement priority: an op nobody pinned goes to the available device type of highest
   * priority that has a kernel for it (TF's device factory priority; CPU is 50).
   */
  readonly priority: number;
  /** The kernels of this backend; each one's `deviceType` is this backend's. */
  readonly kernels: readonly KernelDef[];
  /** Op definitions this backend adds (custom ops); built-in ops are never redefined. */
  readonly opDefinitions?: readonly OpDefinition[];
  /** Whether devices can be created here (a missing GPU is not an error: it says why). */
  isAvailable(): BackendAvailability | Promise<BackendAvailability>;
  /** Creates this backend's devices; an unavailable backend returns none. */
  createDevices(options: DeviceFactoryOptions): Promise<readonly Device[]>;
}
