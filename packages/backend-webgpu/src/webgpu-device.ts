/// <reference types="@webgpu/types" />
import {
  InternalError,
  OpError,
  ResourceExhaustedError,
  UnavailableError,
} from '@tensorgraph/errors';
import {
  allocateStorage,
  NDArray,
  type DType,
  type Device,
  type DeviceAttributes,
  type DeviceTensor,
} from '@tensorgraph/core';
import { BufferPool, sizeClass } from './buffer-pool.js';
import { GpuStorage, HostStorage, layoutOf, onGpu, sizeOf, type GpuHandle } from './gpu-storage.js';

/** One compute dispatch: a WGSL program over input and output tensors. */
export interface GpuProgram {
  /** Who runs it (the node or kernel name), for errors. */
  readonly name: string;
  /** A whole WGSL module: inputs bound at 0..k-1 (read), outputs after them (read_write). */
  readonly code: string;
  readonly inputs: readonly DeviceTensor[];
  readonly outputs: readonly DeviceTensor[];
  /** Workgroups in x, y, z. */
  readonly workgroups: readonly [number, number, number];
}

/** Counters a test or a user can read: what is held, what was reused. */
export interface WebGpuDeviceStats {
  /** Tensor storages handed out and not yet freed. */
  readonly liveTensors: number;
  /** GPU buffers that exist (in use or pooled). */
  readonly liveBuffers: number;
  readonly pooledBuffers: number;
  readonly liveBytes: number;
  readonly buffersCreated: number;
  readonly buffersReused: number;
  readonly submits: number;
  readonly dispatches: number;
  readonly uploads: number;
  readonly downloads: number;
  readonly pipelines: number;
}

export interface WebGpuDeviceOptions {
  /** Bytes of tensors the device may hold at once before allocations fail (OOM). */
  readonly memoryLimitBytes: number;
  /** Bytes of free buffers kept for reuse. */
  readonly maxPooledBytes: number;
  /** Dispatches encoded before the encoder is submitted without waiting for a readback. */
  readonly maxDispatchesPerSubmit: number;
}

type Layouts = Map<string, { bind: GPUBindGroupLayout; pipe: GPUPipelineLayout }>;

/**
 * The WEBGPU device: tensors live in GPU buffers between ops; kernels encode compute
 * passes into one command encoder that is submitted in batches (never waiting per op);
 * the host sees data only through `download`. Freed buffers go back to a pool by size class.
 */
export class WebGpuDevice implements Device<GpuHandle> {
  readonly attributes: DeviceAttributes;
  readonly gpuDevice: GPUDevice;
  readonly featureLevel: 'core' | 'compatibility';
  readonly #options: WebGpuDeviceOptions;
  readonly #pool: BufferPool;
  readonly #storages = new Set<GpuStorage | HostStorage>();
  readonly #pipelines = new Map<string, GPUComputePipeline | Promise<GPUComputePipeline>>();
  readonly #layouts: Layouts = new Map();
  #encoder: GPUCommandEncoder | null = null;
  #pass: GPUComputePassEncoder | null = null;
  #encoded = 0;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #flushed: Promise<void> | null = null;
  #stats = { submits: 0, dispatches: 0, uploads: 0, downloads: 0 };
  /** Why the device is unusable (lost, disposed), as the error to throw. */
  #fatal: OpError | null = null;
  /** An asynchronous GPU error not yet reported (out of memory, validation). */
  #pendingError: OpError | null = null;
  readonly #lost: Promise<never>;
  #disposed = false;

  constructor(
    attributes: DeviceAttributes,
    gpuDevice: GPUDevice,
    featureLevel: 'core' | 'compatibility',
    options: WebGpuDeviceOptions,
  ) {
    this.attributes = attributes;
    this.gpuDevice = gpuDevice;
    this.featureLevel = featureLevel;
    this.#options = options;
    this.#pool = new BufferPool(options.maxPooledBytes);
    this.#lost = gpuDevice.lost.then((info) => {
      const why = info.message || info.reason || 'unknown reason';
      this.#fatal ??= new UnavailableError(
        null,
        null,
        `WEBGPU device ${attributes.name} was lost (${info.reason ?? 'unknown'}): ${why}`,
      );
      throw this.#fatal;
    });
    // Keep the rejection from surfacing as unhandled when nothing is waiting on it.
    this.#lost.catch(() => {});
    gpuDevice.addEventListener('uncapturederror', (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      const oom =
        typeof GPUOutOfMemoryError !== 'undefined' && error instanceof GPUOutOfMemoryError;
      this.#pendingError ??= oom
        ? new ResourceExhaustedError(null, null, `WEBGPU out of memory: ${error.message}`)
        : new InternalError(null, null, `WEBGPU error: ${error.message}`);
    });
  }

  /** Throws why the device cannot be used now, naming `who` (a kernel or node). */
  check(who?: string): void {
    const fatal = this.#fatal ?? this.#pendingError;
    if (fatal === null) {
      if (this.#disposed) {
        throw new UnavailableError(null, null, `Device ${this.attributes.name} has been disposed`);
      }
      return;
    }
    if (fatal === this.#pendingError) this.#pendingError = null;
    const Cls = fatal.constructor as new (n: null, o: null, m: string) => OpError;
    throw new Cls(null, null, who === undefined ? fatal.message : `${who}: ${fatal.message}`);
  }

  get stats(): WebGpuDeviceStats {
    return {
      liveTensors: this.#storages.size,
      liveBuffers: this.#pool.liveBuffers,
      pooledBuffers: this.#pool.pooledBuffers,
      liveBytes: this.#pool.liveBytes,
      buffersCreated: this.#pool.created,
      buffersReused: this.#pool.reused,
      pipelines: this.#pipelines.size,
      ...this.#stats,
    };
  }

  allocate(dtype: DType, shape: readonly number[]): DeviceTensor<GpuHandle> {
    this.check();
    const size = sizeOf(shape);
    if (!onGpu(dtype)) {
      const storage = new HostStorage(new NDArray(dtype, shape, allocateStorage(dtype, size)));
      this.#storages.add(storage);
      return this.#tensor(dtype, shape, { storage, size });
    }
    const bytes = size * layoutOf(dtype).bytes;
    const capacity = sizeClass(bytes);
    const limits = this.gpuDevice.limits;
    const inUse = this.#pool.liveBytes;
    if (
      capacity > limits.maxStorageBufferBindingSize ||
      capacity > limits.maxBufferSize ||
      inUse + capacity > this.#options.memoryLimitBytes
    ) {
      if (inUse + capacity > this.#options.memoryLimitBytes) this.#pool.clear();
      if (
        capacity > limits.maxStorageBufferBindingSize ||
        capacity > limits.maxBufferSize ||
        this.#pool.liveBytes + capacity > this.#options.memoryLimitBytes
      ) {
        throw new ResourceExhaustedError(
          null,
          null,
          `OOM when allocating tensor with shape[${shape.join(',')}] and type ${dtype} on ${this.attributes.name} by allocator webgpu (${bytes} bytes; buffer limit ${Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize)}, ${this.#pool.liveBytes} of ${this.#options.memoryLimitBytes} bytes in use)`,
        );
      }
    }
    let buffer = this.#pool.take(capacity);
    if (buffer === undefined) {
      buffer = this.gpuDevice.createBuffer({
        size: capacity,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      this.#pool.created1(capacity);
    }
    const storage = new GpuStorage(buffer, capacity);
    this.#storages.add(storage);
    return this.#tensor(dtype, shape, { storage, size });
  }

  /** Another tensor over the same storage (a reshape): both must be freed. */
  view(tensor: DeviceTensor, shape: readonly number[], dtype?: DType): DeviceTensor<GpuHandle> {
    const handle = this.#own(tensor, 'view');
    handle.storage.refs++;
    return this.#tensor(dtype ?? tensor.dtype, shape, {
      storage: handle.storage,
      size: sizeOf(shape),
    });
  }

  upload(value: NDArray): DeviceTensor<GpuHandle> {
    this.#stats.uploads++;
    if (!onGpu(value.dtype)) {
      this.check();
      const data = (value.data as unknown as { slice(): typeof value.data }).slice();
      const storage = new HostStorage(new NDArray(value.dtype, value.shape, data));
      this.#storages.add(storage);
      return this.#tensor(value.dtype, value.shape, { storage, size: value.size });
    }
    const tensor = this.allocate(value.dtype, value.shape);
    if (value.size > 0) {
      let data: ArrayBufferView;
      if (value.dtype === 'bool') data = Uint32Array.from(value.data as Uint8Array);
      else data = value.data as Float32Array | Int32Array;
      // The queue runs this before the next submit: pooled buffers have no pending users.
      this.gpuDevice.queue.writeBuffer(
        (tensor.handle.storage as GpuStorage).buffer,
        0,
        data.buffer,
        data.byteOffset,
        value.size * 4,
      );
    }
    return tensor;
  }

  async download(tensor: DeviceTensor<GpuHandle>): Promise<NDArray> {
    const handle = this.#own(tensor, 'download');
    this.check();
    if (handle.storage instanceof HostStorage) {
      const data = (handle.storage.value.data as unknown as { slice(): NDArray['data'] }).slice();
      return new NDArray(tensor.dtype, tensor.shape, data);
    }
    const gpu = handle.storage;
    const bytes = handle.size * 4;
    const out = allocateStorage(tensor.dtype, handle.size);
    this.#stats.downloads++;
    if (bytes === 0) return new NDArray(tensor.dtype, tensor.shape, out);
    const staging = this.gpuDevice.createBuffer({
      size: sizeClass(bytes),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      this.#endPass();
      this.#encoderNow().copyBufferToBuffer(gpu.buffer, 0, staging, 0, bytes);
      // Readbacks asked for in the same turn share one submit.
      await Promise.race([this.#flushSoon(), this.#lost]);
      await Promise.race([staging.mapAsync(GPUMapMode.READ, 0, bytes), this.#lost]);
      this.check();
      const mapped = staging.getMappedRange(0, bytes);
      if (tensor.dtype === 'bool') {
        const words = new Uint32Array(mapped);
        const bools = out as Uint8Array;
        for (let i = 0; i < handle.size; i++) bools[i] = words[i] === 0 ? 0 : 1;
      } else {
        new Uint8Array((out as Float32Array).buffer).set(new Uint8Array(mapped));
      }
      staging.unmap();
    } catch (e) {
      if (e instanceof OpError) throw e;
      this.check();
      throw new UnavailableError(null, null, `WEBGPU readback failed: ${(e as Error).message}`);
    } finally {
      try {
        staging.destroy();
      } catch {
        // Destroyed with the device.
      }
    }
    return new NDArray(tensor.dtype, tensor.shape, out);
  }

  free(tensor: DeviceTensor<GpuHandle>): void {
    const storage = tensor.handle?.storage;
    if (storage === undefined || !this.#storages.has(storage)) return;
    if (--storage.refs > 0) return;
    this.#storages.delete(storage);
    if (storage instanceof HostStorage) return;
    if (this.#fatal !== null || this.#disposed) {
      this.#pool.destroy(storage.capacity, storage.buffer);
      return;
    }
    this.#pool.give(storage.capacity, storage.buffer, this.#encoder !== null);
  }

  /** Runs a program: encodes its dispatch (compiling it first if this is its first use). */
  run(program: GpuProgram): void | Promise<void> {
    this.check(program.name);
    const pipeline = this.#pipelines.get(program.code);
    if (pipeline !== undefined && !(pipeline instanceof Promise)) {
      this.#dispatch(pipeline, program);
      return;
    }
    return (async () => {
      const ready = await Promise.race([pipeline ?? this.#compile(program), this.#lost]);
      this.check(program.name);
      this.#dispatch(ready, program);
    })();
  }

  /** Copies bytes between tensors' buffers, in order with the dispatches around it. */
  copy(
    src: DeviceTensor,
    srcOffset: number,
    dst: DeviceTensor,
    dstOffset: number,
    bytes: number,
  ): void {
    if (bytes === 0) return;
    const s = this.#gpu(src, 'copy');
    const d = this.#gpu(dst, 'copy');
    this.#endPass();
    this.#encoderNow().copyBufferToBuffer(s.buffer, srcOffset, d.buffer, dstOffset, bytes);
    this.#afterEncode();
  }

  async synchronize(): Promise<void> {
    this.check();
    this.#submit();
    await Promise.race([this.gpuDevice.queue.onSubmittedWorkDone(), this.#lost]);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#encoder = null;
    this.#pass = null;
    for (const s of this.#storages)
      if (s instanceof GpuStorage) this.#pool.destroy(s.capacity, s.buffer);
    this.#storages.clear();
    this.#pool.clear();
    this.#pipelines.clear();
    this.#fatal ??= new UnavailableError(
      null,
      null,
      `Device ${this.attributes.name} has been disposed`,
    );
    try {
      this.gpuDevice.destroy();
    } catch {
      // Already lost.
    }
  }

  #tensor(dtype: DType, shape: readonly number[], handle: GpuHandle): DeviceTensor<GpuHandle> {
    return Object.freeze({
      dtype,
      shape: Object.freeze([...shape]),
      device: this.attributes.name,
      handle,
    });
  }

  #own(tensor: DeviceTensor, what: string): GpuHandle {
    const handle = tensor.handle as GpuHandle | undefined;
    if (
      tensor.device !== this.attributes.name ||
      handle?.storage === undefined ||
      !this.#storages.has(handle.storage)
    ) {
      this.check();
      throw new InternalError(
        null,
        null,
        `Cannot ${what} a tensor that ${this.attributes.name} does not hold (freed, or another device's)`,
      );
    }
    return handle;
  }

  /** The GPU buffer behind a tensor; host-resident dtypes have none. */
  #gpu(tensor: DeviceTensor, what: string): GpuStorage {
    const storage = this.#own(tensor, what).storage;
    if (storage instanceof GpuStorage) return storage;
    throw new InternalError(
      null,
      null,
      `Cannot ${what}: ${tensor.dtype} tensors stay in host memory on WEBGPU`,
    );
  }

  async #compile(program: GpuProgram): Promise<GPUComputePipeline> {
    const { pipe } = this.#layout(program.inputs.length, program.outputs.length);
    // Compile errors belong to this kernel, not to whatever runs next.
    this.gpuDevice.pushErrorScope('validation');
    const module = this.gpuDevice.createShaderModule({ code: program.code, label: program.name });
    const scope = this.gpuDevice.popErrorScope();
    const promise = this.gpuDevice
      .createComputePipelineAsync({
        layout: pipe,
        compute: { module, entryPoint: 'main' },
        label: program.name,
      })
      .catch(async (e: unknown) => {
        this.#pipelines.delete(program.code);
        let detail = (e as Error).message;
        const scoped = await scope.catch(() => null);
        if (scoped) detail = scoped.message;
        try {
          const info = await module.getCompilationInfo();
          const errors = info.messages.filter((m) => m.type === 'error');
          if (errors.length > 0) {
            detail = errors.map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
          }
        } catch {
          // Keep the pipeline error's own message.
        }
        throw new InternalError(
          null,
          null,
          `WEBGPU kernel ${program.name}: WGSL shader failed to compile: ${detail}`,
        );
      });
    this.#pipelines.set(program.code, promise);
    const pipeline = await promise;
    this.#pipelines.set(program.code, pipeline);
    return pipeline;
  }

  #layout(inputs: number, outputs: number): { bind: GPUBindGroupLayout; pipe: GPUPipelineLayout } {
    const key = `${inputs}:${outputs}`;
    let entry = this.#layouts.get(key);
    if (entry === undefined) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < inputs + outputs; i++) {
        entries.push({
          binding: i,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: i < inputs ? 'read-only-storage' : 'storage' },
        });
      }
      const bind = this.gpuDevice.createBindGroupLayout({ entries });
      const pipe = this.gpuDevice.createPipelineLayout({ bindGroupLayouts: [bind] });
      this.#layouts.set(key, (entry = { bind, pipe }));
    }
    return entry;
  }

  #dispatch(pipeline: GPUComputePipeline, program: GpuProgram): void {
    const [x, y, z] = program.workgroups;
    if (x * y * z === 0) return;
    const { bind } = this.#layout(program.inputs.length, program.outputs.length);
    const tensors = [...program.inputs, ...program.outputs];
    const bindGroup = this.gpuDevice.createBindGroup({
      layout: bind,
      entries: tensors.map((t, i) => {
        return { binding: i, resource: { buffer: this.#gpu(t, `bind to ${program.name}`).buffer } };
      }),
    });
    this.#pass ??= this.#encoderNow().beginComputePass();
    this.#pass.setPipeline(pipeline);
    this.#pass.setBindGroup(0, bindGroup);
    this.#pass.dispatchWorkgroups(x, y, z);
    this.#stats.dispatches++;
    this.#afterEncode();
  }

  #encoderNow(): GPUCommandEncoder {
    this.#encoder ??= this.gpuDevice.createCommandEncoder();
    return this.#encoder;
  }

  #endPass(): void {
    this.#pass?.end();
    this.#pass = null;
  }

  #afterEncode(): void {
    if (++this.#encoded >= this.#options.maxDispatchesPerSubmit) {
      this.#submit();
      return;
    }
    // Work nobody reads back still reaches the GPU soon, without a submit per op.
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = null;
      if (!this.#disposed && this.#fatal === null) this.#submit();
    }, 0);
  }

  /** Submits in a microtask, so every readback asked for in this turn shares it. */
  #flushSoon(): Promise<void> {
    this.#flushed ??= Promise.resolve().then(() => {
      this.#flushed = null;
      this.#submit();
    });
    return this.#flushed;
  }

  #submit(): void {
    if (this.#encoder === null) return;
    this.#endPass();
    const commands = this.#encoder.finish();
    this.#encoder = null;
    this.#encoded = 0;
    this.gpuDevice.queue.submit([commands]);
    this.#stats.submits++;
    this.#pool.submitted();
  }
}
