import { InvalidArgumentError } from '@tensorgraph/errors';

/** The parts of `ConfigProto.gpuOptions` the CUDA backend honours. */
export interface GpuOptions {
  /** Physical ordinals in the order they become GPU:0, GPU:1, ...; absent: all. */
  readonly visibleDeviceList: readonly number[] | null;
  readonly allowGrowth: boolean;
  /** 0: use the memory free when the device is opened. */
  readonly perProcessGpuMemoryFraction: number;
}

/** Reads `config.gpuOptions` with TF's checks on `visible_device_list`. */
export function readGpuOptions(
  config: Readonly<Record<string, unknown>> | undefined,
  physicalCount: number,
): GpuOptions {
  const raw = (config?.gpuOptions ?? {}) as Record<string, unknown>;
  const list = typeof raw.visibleDeviceList === 'string' ? raw.visibleDeviceList.trim() : '';
  let visible: number[] | null = null;
  if (list !== '') {
    visible = [];
    for (const entry of list.split(',')) {
      const id = Number(entry.trim());
      if (!/^\s*\d+\s*$/.test(entry) || id >= physicalCount) {
        throw new InvalidArgumentError(
          null,
          null,
          `'visible_device_list' listed an invalid Device id '${entry.trim()}' but visible device count is ${physicalCount}`,
        );
      }
      if (visible.includes(id)) {
        throw new InvalidArgumentError(
          null,
          null,
          `visible_device_list contained a duplicate entry: ${list}`,
        );
      }
      visible.push(id);
    }
  }
  const fraction = Number(raw.perProcessGpuMemoryFraction ?? 0);
  if (!Number.isFinite(fraction) || fraction < 0) {
    throw new InvalidArgumentError(
      null,
      null,
      `per_process_gpu_memory_fraction must be >= 0, got ${String(raw.perProcessGpuMemoryFraction)}`,
    );
  }
  return {
    visibleDeviceList: visible,
    allowGrowth: raw.allowGrowth === true,
    perProcessGpuMemoryFraction: fraction,
  };
}

/**
 * The memory limit of one device: the fraction of its total memory when given, else most
 * of what is free (TF keeps a little back for the driver and cuDNN/cuBLAS workspaces).
 */
export function memoryLimit(options: GpuOptions, totalBytes: number, freeBytes: number): number {
  if (options.perProcessGpuMemoryFraction > 0) {
    return Math.floor(totalBytes * options.perProcessGpuMemoryFraction);
  }
  const reserve = Math.max(Math.floor(freeBytes * 0.05), 256 * 1024 * 1024);
  return Math.max(freeBytes - reserve, 0);
}
