import { byteSize, type Device, type DeviceTensor } from '@tensorgraph/core';
import { isDeviceTensor, type Slot } from './node-context.js';

/** Flags above the read count of a tracked tensor. */
const ESCAPED = 1 << 29;
const FETCHED = 1 << 28;
/** Made by `allocateOutput` in this step: its buffer belongs to this tensor object alone. */
const FRESH = 1 << 27;
const COUNT = FRESH - 1;
const KEEP = ESCAPED | FETCHED;

/** One device's step memory, as a FULL_TRACE step reports it (bytes). */
export interface DeviceMemoryUse {
  /** Bytes of every tensor the step made on the device. */
  totalBytes: number;
  /** The most bytes live at once. */
  peakBytes: number;
  /** Bytes still live when the step ended (fetched values, values kept by the session). */
  liveBytes: number;
}

/**
 * Gives a step's intermediate device tensors back to their devices once nothing of the step
 * reads them any more. Counts are per tensor object (a kernel may forward an input object as
 * its output, so several slots can hold one tensor). Tensors that may outlive the step
 * (constants, variables, queued values: see `PlanNode.escapes`) are never freed; fetched ones
 * stay until the caller has read them. One map per step, made on first use.
 *
 * It also decides buffer forwarding (TF's `forward_input`): a tensor the step allocated may
 * become its last reader's output. And when the step is traced it counts the bytes live.
 */
export class StepMemory {
  readonly #devices: ReadonlyMap<string, Device>;
  /** Per tensor: pending reads in the low bits, ESCAPED / FETCHED / FRESH above. */
  #state: Map<DeviceTensor, number> | null = null;
  /** Whether any tensor of the step is FRESH (nothing to check for aliasing otherwise). */
  hasFresh = false;
  /** Byte accounting (traced steps only): per device, and the size of each counted tensor. */
  readonly usage: Map<string, DeviceMemoryUse> | null;
  readonly #sizes: Map<DeviceTensor, number> | null;

  constructor(devices: ReadonlyMap<string, Device>, trackBytes = false) {
    this.#devices = devices;
    this.usage = trackBytes ? new Map() : null;
    this.#sizes = trackBytes ? new Map() : null;
  }

  /** `uses` more reads of `v` will come. */
  hold(v: Slot, uses: number): void {
    if (uses <= 0 || !isDeviceTensor(v)) return;
    const state = (this.#state ??= new Map());
    state.set(v, (state.get(v) ?? 0) + uses);
  }

  /** `v` may be kept beyond the step: never free it. */
  escape(v: Slot): void {
    this.#flag(v, ESCAPED);
  }

  /** `v` is a result of the step: keep it to the end. */
  fetch(v: Slot): void {
    this.#flag(v, FETCHED);
  }

  /** `v` was just allocated for this step: no other tensor shares its buffer. */
  fresh(v: DeviceTensor): void {
    this.hasFresh = true;
    this.#flag(v, FRESH);
  }

  /** Another tensor may now share `v`'s buffer (a view): `v` is never forwarded. */
  shared(v: Slot): void {
    if (!isDeviceTensor(v)) return;
    const s = this.#state?.get(v);
    if (s !== undefined && (s & FRESH) !== 0) this.#state?.set(v, s & ~FRESH);
  }

  /**
   * Whether `v`'s buffer may be overwritten by the node now reading it `reads` times: the
   * step allocated it, nothing keeps or fetches it, and no other read is pending.
   */
  canForward(v: DeviceTensor, reads: number): boolean {
    const s = this.#state?.get(v);
    return s !== undefined && (s & (KEEP | FRESH)) === FRESH && (s & COUNT) === reads;
  }

  /** Whether the step made `v` and nothing else keeps it (the caller may free it after use). */
  owns(v: Slot): boolean {
    return isDeviceTensor(v) && ((this.#state?.get(v) ?? 0) & ESCAPED) === 0;
  }

  /** One read of `v` is done. */
  release(v: Slot): void {
    if (!isDeviceTensor(v)) return;
    const state = this.#state;
    const s = state?.get(v);
    if (state == null || s === undefined || (s & COUNT) === 0) return;
    if ((s & COUNT) !== 1 || (s & KEEP) !== 0) {
      state.set(v, s - 1);
      return;
    }
    state.delete(v);
    this.#free(v);
  }

  /** A value nobody reads (an unused output): freed now unless held or kept. */
  drop(v: Slot): void {
    if (!isDeviceTensor(v)) return;
    const s = this.#state?.get(v);
    if (s !== undefined && (s & ~FRESH) !== 0) return;
    if (s !== undefined) this.#state?.delete(v);
    this.#free(v);
  }

  /** Counts `v` as made by the step (traced steps): its bytes, 0 if not counted. */
  count(v: Slot): number {
    const sizes = this.#sizes;
    if (sizes === null || !isDeviceTensor(v) || sizes.has(v) || !this.owns(v)) return 0;
    let bytes = byteSize(v.dtype);
    for (const d of v.shape) bytes *= d;
    sizes.set(v, bytes);
    const usage = this.usage as Map<string, DeviceMemoryUse>;
    let u = usage.get(v.device);
    if (u === undefined) usage.set(v.device, (u = { totalBytes: 0, peakBytes: 0, liveBytes: 0 }));
    u.totalBytes += bytes;
    u.liveBytes += bytes;
    if (u.liveBytes > u.peakBytes) u.peakBytes = u.liveBytes;
    return bytes;
  }

  #free(v: DeviceTensor): void {
    this.#devices.get(v.device)?.free(v);
    const bytes = this.#sizes?.get(v);
    if (bytes === undefined) return;
    this.#sizes?.delete(v);
    const u = this.usage?.get(v.device);
    if (u !== undefined) u.liveBytes -= bytes;
  }

  #flag(v: Slot, flag: number): void {
    if (!isDeviceTensor(v)) return;
    const state = (this.#state ??= new Map());
    state.set(v, (state.get(v) ?? 0) | flag);
  }
}
