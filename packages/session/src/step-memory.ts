import type { Device, DeviceTensor } from '@tensorgraph/core';
import { isDeviceTensor, type Slot } from './node-context.js';

/** Flags above the read count of a tracked tensor. */
const ESCAPED = 1 << 29;
const FETCHED = 1 << 28;
const COUNT = FETCHED - 1;

/**
 * Gives a step's intermediate device tensors back to their devices once nothing of the step
 * reads them any more. Counts are per tensor object (a kernel may forward an input object as
 * its output, so several slots can hold one tensor). Tensors that may outlive the step
 * (constants, variables, queued values: see `PlanNode.escapes`) are never freed; fetched ones
 * stay until the caller has read them. One map per step, made on first use.
 */
export class StepMemory {
  readonly #devices: ReadonlyMap<string, Device>;
  /** Per tensor: pending reads in the low bits, ESCAPED / FETCHED above. */
  #state: Map<DeviceTensor, number> | null = null;

  constructor(devices: ReadonlyMap<string, Device>) {
    this.#devices = devices;
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
    if (s !== 1) {
      state.set(v, s - 1);
      return;
    }
    state.delete(v);
    this.#devices.get(v.device)?.free(v);
  }

  /** A value nobody reads (an unused output): freed now unless held or kept. */
  drop(v: Slot): void {
    if (!isDeviceTensor(v) || this.#state?.has(v) === true) return;
    this.#devices.get(v.device)?.free(v);
  }

  #flag(v: Slot, flag: number): void {
    if (!isDeviceTensor(v)) return;
    const state = (this.#state ??= new Map());
    state.set(v, (state.get(v) ?? 0) | flag);
  }
}
