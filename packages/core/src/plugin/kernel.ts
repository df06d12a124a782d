import type { DType } from '../dtype/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Device, DeviceTensor } from './device.js';
import type { AttrsOf, AttrValue, OpDefinition } from './op-def.js';
import type { ResourceManager } from './resource-manager.js';

/** What a kernel is told once, when it is built for one node on one device. */
export interface KernelConstruction<Attrs = Readonly<Record<string, AttrValue>>> {
  readonly nodeName: string;
  readonly opType: string;
  /** Every attr of the node, defaults filled in, typed from the op definition. */
  readonly attrs: Attrs;
  readonly device: Device;
  /** The dtype of each flat input / output (list args expanded). */
  readonly inputDTypes: readonly DType[];
  readonly outputDTypes: readonly DType[];
}

/**
 * What a kernel sees when it runs one step. Inputs and outputs are numbered flat, as in
 * a NodeDef (a list arg of N tensors takes N indices); `inputList` gives a list arg by name.
 * An output the kernel does not set is dead (how `Switch` routes).
 */
export interface KernelContext {
  readonly nodeName: string;
  readonly opType: string;
  readonly device: Device;
  readonly numInputs: number;
  readonly numOutputs: number;
  input(index: number): DeviceTensor;
  /** The tensors of a list input arg (`values` of `ConcatV2`), by its name in the op definition. */
  inputList(argName: string): readonly DeviceTensor[];
  /**
   * Whether device input `index` has the same value every step of this plan: a `Const` or
   * a value the session folded from constants (never a variable, a feed, a host-memory input
   * or anything computed per step). A kernel may cache work derived from it (a packed filter), keyed by the tensor's
   * handle.
   */
  inputIsConstant(index: number): boolean;
  /** The host value of an input declared in `hostMemory` (shapes, axes, sizes). */
  hostInput(index: number): NDArray;
  /** A new device tensor that becomes output `index`. */
  allocateOutput(index: number, shape: readonly number[]): DeviceTensor;
  /**
   * Output `outputIndex` written over input `inputIndex`'s buffer when the step allows it
   * (TF's `forward_input_or_allocate_output`): this node is the input's last reader, the step
   * allocated it and nothing else shares, fetches or keeps it, and dtype and shape match.
   * Otherwise a new tensor, as `allocateOutput`. Either way it becomes the output. The kernel
   * must read each input element before it writes the output element at the same index.
   */
  forwardInputOrAllocate(
    inputIndex: number,
    outputIndex: number,
    shape: readonly number[],
  ): DeviceTensor;
  /** Makes an existing tensor (an input forwarded, a view) output `index`. */
  setOutput(index: number, tensor: DeviceTensor): void;
  /** Sets an output declared in `hostMemory` from a host value. */
  setHostOutput(index: number, value: NDArray): void;
  /** The session's resources (variables, queues, readers), by container and name. */
  readonly resources: ResourceManager;
  /** Aborted when the step is cancelled (session closed, timeout); long kernels check it. */
  readonly signal: AbortSignal;
  readonly stepId: number;
}

/**
 * Runs one step. Synchronous kernels return nothing; a kernel that waits (GPU readback,
 * a blocking queue, a data-dependent shape) returns a Promise, and only those are awaited.
 */
export type KernelCompute = (ctx: KernelContext) => void | Promise<void>;

/**
 * A kernel: one op type on one device type, for the dtypes its constraints allow
 * (TF's `REGISTER_KERNEL_BUILDER` as a plain record). `create` runs once per node (parse and
 * validate attrs there) and returns the per-step compute function.
 */
export interface KernelDef<D extends OpDefinition = OpDefinition> {
  readonly opType: D['name'];
  readonly deviceType: string;
  /** Allowed dtypes per type attr (`{ T: ['float32', 'float64'] }`); unlisted attrs allow all. */
  readonly typeConstraints?: Readonly<Record<string, readonly DType[]>>;
  /** Input and output arg names whose tensors live in host memory as `NDArray`s. */
  readonly hostMemory?: readonly string[];
  /** Among several kernels matching one node, the highest priority wins (default 0). */
  readonly priority?: number;
  create(construction: KernelConstruction<AttrsOf<D>>): KernelCompute;
}

/**
 * Declares a kernel for the op definition `op`, with its attrs typed from that definition.
 *
 * ```ts
 * export const matMulCpu = defineKernel(MatMul, {
 *   deviceType: 'CPU',
 *   typeConstraints: { T: ['float32', 'float64'] },
 *   create: ({ attrs }) => (ctx) => { ... attrs.transpose_a ... },
 * });
 * ```
 */
export function defineKernel<const D extends OpDefinition>(
  op: D,
  kernel: Omit<KernelDef<D>, 'opType'>,
): KernelDef<D> {
  return Object.freeze({ ...kernel, opType: op.name });
}
