// A device whose memory is the JavaScript heap: each tensor is an NDArray behind an opaque
// handle. A real backend keeps GPU buffers (or WASM memory) here; the contract is the same.
import { NDArray, allocateStorage } from 'tensorgraph';

export class ToyDevice {
  #live = new Set();

  constructor(attributes) {
    this.attributes = attributes;
  }

  /** An uninitialised tensor of this shape (kernels write their outputs into these). */
  allocate(dtype, shape) {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.#hold(new NDArray(dtype, shape, allocateStorage(dtype, size)));
  }

  /** Host value -> device tensor (a copy: the caller may reuse its array). */
  upload(value) {
    return this.#hold(new NDArray(value.dtype, value.shape, value.data.slice()));
  }

  /** Device tensor -> host value; may be async on real hardware. */
  download(tensor) {
    const v = tensor.handle;
    return new NDArray(v.dtype, v.shape, v.data.slice());
  }

  free(tensor) {
    this.#live.delete(tensor);
  }

  async synchronize() {}

  async dispose() {
    this.#live.clear();
  }

  /** How many tensors this device holds now. */
  get liveTensors() {
    return this.#live.size;
  }

  #hold(value) {
    const tensor = Object.freeze({
      dtype: value.dtype,
      shape: value.shape,
      device: this.attributes.name,
      handle: value,
    });
    this.#live.add(tensor);
    return tensor;
  }
}
