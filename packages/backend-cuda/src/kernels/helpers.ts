import { InternalError, UnimplementedError } from '@tensorgraph/errors';
import { NDArray, type DeviceTensor, type KernelContext } from '@tensorgraph/core';
import type { NativeAddon } from '../addon.js';
import type { CudaHandle } from '../cuda-buffer.js';
import type { CudaDevice, GpuTensor } from '../cuda-device.js';
import { isHostHeld } from '../host-held.js';

/** The most dims a kernel takes after merging contiguous ones (TG_MAX_RANK). */
export const MAX_RANK = 8;

export function gpuOf(ctx: KernelContext): CudaDevice {
  return ctx.device as CudaDevice;
}

/**
 * Input `index` on this device. A host value here is a host-memory output of a GPU kernel
 * (an int32 Const, Shape) read by a device argument: it is copied over, as TF's executor
 * copies host-memory tensors to the device.
 */
export function input(ctx: KernelContext, index: number): DeviceTensor {
  const t = ctx.input(index) as DeviceTensor | NDArray;
  return t instanceof NDArray ? gpuOf(ctx).upload(t) : t;
}

/** The tensors of a list input arg, each on this device (see `input`). */
export function inputList(ctx: KernelContext, argName: string): DeviceTensor[] {
  return ctx
    .inputList(argName)
    .map((t) =>
      (t as DeviceTensor | NDArray) instanceof NDArray
        ? gpuOf(ctx).upload(t as unknown as NDArray)
        : t,
    );
}

/** The device address behind a GPU tensor. */
export function addr(t: DeviceTensor): bigint {
  const handle = t.handle as CudaHandle;
  if (isHostHeld(handle)) {
    throw new InternalError(null, null, `${t.device} holds ${t.dtype} tensors in host memory`);
  }
  return handle.buffer.address;
}

/** Enqueues one addon call for the kernel in `ctx`; CUDA failures become InternalError. */
export function launch(ctx: KernelContext, call: (addon: NativeAddon, id: number) => void): void {
  const device = gpuOf(ctx);
  device.run(`${ctx.opType} kernel`, (id) => call(device.addon, id));
}

/** Makes output `index` a view of `input`'s buffer under `shape` (no copy). */
export function forward(
  ctx: KernelContext,
  index: number,
  input: DeviceTensor,
  shape: readonly number[],
): void {
  const t = input as GpuTensor;
  const device = gpuOf(ctx);
  ctx.setOutput(
    index,
    isHostHeld(t.handle)
      ? device.hostView(t.handle.host, shape)
      : device.view(t.handle.buffer, t.dtype, shape, true),
  );
}

export function checkRank(ctx: KernelContext, rank: number): void {
  if (rank > MAX_RANK) {
    throw new UnimplementedError(
      null,
      null,
      `${ctx.opType} on GPU handles at most ${MAX_RANK} non-contiguous dims, got ${rank}`,
    );
  }
}
