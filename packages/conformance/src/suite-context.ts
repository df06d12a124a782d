import type { Backend, Device } from '@tensorgraph/core';
import type { ConformanceOptions } from './options.js';
import type { ConformanceReport } from './report.js';

/** What every group of one `describeConformance` call shares. */
export interface SuiteContext {
  readonly options: ConformanceOptions;
  /** The backend under test, as given: sessions create and dispose its devices. */
  readonly backend: Backend;
  /** The same backend with its devices created once and reused by every kernel run. */
  readonly kernelBackend: Backend;
  readonly deviceType: string;
  readonly fixturesDir: string;
  readonly report: ConformanceReport;
}

/**
 * `backend` with `createDevices` memoized: the ops group runs thousands of kernels, and a
 * device (a GPU context, a worker pool) is worth creating once.
 */
export function withSharedDevices(backend: Backend): Backend & { disposeDevices(): Promise<void> } {
  let devices: Promise<readonly Device[]> | null = null;
  const shared = Object.create(backend) as Backend & { disposeDevices(): Promise<void> };
  Object.defineProperties(shared, {
    createDevices: {
      value: (options: Parameters<Backend['createDevices']>[0]) =>
        (devices ??= backend.createDevices(options)),
    },
    disposeDevices: {
      value: async () => {
        const made = devices === null ? [] : await devices.catch(() => []);
        devices = null;
        for (const d of made) await d.dispose();
      },
    },
  });
  return shared;
}

const MISSING_KERNEL =
  /No registered '[^']+' OpKernel for '[^']+' devices|No OpKernel was registered to support Op '|Op type not registered '/;

/**
 * Whether an error message says the backend has no kernel for the op (runKernel's
 * NotFoundError, or the session's placement error), or that tensorgraph does not define
 * the op at all.
 */
export function missingKernel(message: string): boolean {
  return MISSING_KERNEL.test(message);
}
