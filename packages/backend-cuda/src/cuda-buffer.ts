/**
 * A device allocation shared by the tensors that view it (Reshape and Identity forward
 * their input's buffer). It goes back to the device's caching allocator when the last
 * view is freed, explicitly or when the garbage collector drops it.
 */
export class CudaBuffer {
  readonly address: bigint;
  readonly bytes: number;
  #refs = 1;
  readonly #release: (address: bigint) => void;

  constructor(address: bigint, bytes: number, release: (address: bigint) => void) {
    this.address = address;
    this.bytes = bytes;
    this.#release = release;
  }

  get live(): boolean {
    return this.#refs > 0;
  }

  retain(): this {
    this.#refs++;
    return this;
  }

  release(): void {
    if (this.#refs <= 0) return;
    if (--this.#refs === 0) this.#release(this.address);
  }
}

/** The handle of a GPU `DeviceTensor`: one view of a buffer. */
export interface CudaHandle {
  readonly buffer: CudaBuffer;
  /** Set once this view was freed, so a second `free` is harmless. */
  freed: boolean;
}
