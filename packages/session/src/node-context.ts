import { InternalError, OpError, makeOpError } from '@tensorgraph/errors';
import type { DeviceTensor, NDArray, ResourceManager } from '@tensorgraph/core';
import type { FlowContext } from './control-flow.js';
import { TRANSFER_TO_HOST, type PlanNode } from './plan.js';
import type { StepCancellation } from './step-cancellation.js';
import type { StepMemory } from './step-memory.js';

/** The value of a dead tensor: produced on an untaken branch of a `Switch`. */
export const DEAD = Symbol('dead');
export type Slot = DeviceTensor | NDArray | typeof DEAD | undefined;

/** What every node of a step shares. */
export interface StepContext {
  readonly resources: ResourceManager;
  readonly cancellation: StepCancellation;
  readonly stepId: number;
}

export function now(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

function needsTransfer(node: PlanNode, ctx: NodeContext): boolean {
  for (let i = 0; i < node.inputTransfers.length; i++) {
    if (node.inputTransfers[i] && ctx.isLive(i)) return true;
  }
  return false;
}

/** Copies inputs produced on other devices to this node's device, through host memory. */
async function transferInputs(node: PlanNode, ctx: NodeContext): Promise<void> {
  const target = node.device.device;
  for (let i = 0; i < node.inputTransfers.length; i++) {
    if (!node.inputTransfers[i]) continue;
    const v = ctx.rawInput(i);
    if (v === DEAD || v === undefined) continue;
    const source = node.inputSources[i];
    const host = isDeviceTensor(v) ? await (source as PlanNode['device']).device.download(v) : v;
    if (node.inputTransfers[i] === TRANSFER_TO_HOST) ctx.setHostCopy(i, host);
    else ctx.setTransferred(i, await target.upload(host));
  }
}

/** Runs the node's kernel, first copying in any inputs that live on other devices. */
export function computeNode(node: PlanNode, ctx: NodeContext): void | Promise<void> {
  return needsTransfer(node, ctx)
    ? transferInputs(node, ctx).then(() => node.compute(ctx))
    : node.compute(ctx);
}

/** The kernel's view of one node in one step. */
export class NodeContext implements FlowContext {
  readonly #node: PlanNode;
  readonly #inputs: Slot[];
  readonly #inputIndex: ArrayLike<number>;
  readonly #outputs: Slot[];
  readonly #outputBase: number;
  #transferred: (DeviceTensor | undefined)[] | null = null;
  #hostCopies: (NDArray | undefined)[] | null = null;
  #kept: number[] | null = null;
  readonly #options: StepContext;
  readonly #memory: StepMemory | null;
  /** Per output: the tensor this context allocated or forwarded for it (never a view). */
  #made: DeviceTensor[] | null = null;

  /**
   * Inputs are `inputs[inputIndex[i]]`; outputs go to `outputs[outputBase + i]` (the plan's
   * slots in a frame-free step, a node's own array in a frame).
   */
  constructor(
    node: PlanNode,
    inputs: Slot[],
    inputIndex: ArrayLike<number>,
    outputs: Slot[],
    outputBase: number,
    options: StepContext,
    /** The step's memory when it may forward input buffers (frame-free steps). */
    memory: StepMemory | null = null,
  ) {
    this.#memory = memory;
    this.#node = node;
    this.#inputs = inputs;
    this.#inputIndex = inputIndex;
    this.#outputs = outputs;
    this.#outputBase = outputBase;
    this.#options = options;
  }

  /** Input `i` as it is in the step (dead, host or device value). */
  rawInput(index: number): Slot {
    return this.#inputs[this.#inputIndex[index] as number];
  }

  isLive(index: number): boolean {
    const v = this.#inputs[this.#inputIndex[index] as number];
    return v !== undefined && v !== DEAD;
  }

  #keepsInputs = false;

  keepInputs(): void {
    this.#keepsInputs = true;
  }

  get inputsKept(): boolean {
    return this.#keepsInputs;
  }

  keepOutput(index: number): void {
    (this.#kept ??= []).push(index);
  }

  /** Outputs marked by `keepOutput`, or `null`. */
  get keptOutputs(): readonly number[] | null {
    return this.#kept;
  }

  /** The copies made for cross-device inputs (freed once the node is done). */
  get transferred(): readonly (DeviceTensor | undefined)[] | null {
    return this.#transferred;
  }

  get resources(): ResourceManager {
    return this.#options.resources;
  }
  get signal(): AbortSignal {
    return this.#options.cancellation.signal;
  }
  get stepId(): number {
    return this.#options.stepId;
  }

  get nodeName(): string {
    return this.#node.op.name;
  }
  get opType(): string {
    return this.#node.op.type;
  }
  get device() {
    return this.#node.device.device;
  }
  get numInputs(): number {
    return this.#node.inputSlots.length;
  }
  get numOutputs(): number {
    return this.#node.numOutputs;
  }

  /** Host-memory input `index` as read back from the accelerator that made it. */
  setHostCopy(index: number, value: NDArray): void {
    (this.#hostCopies ??= [])[index] = value;
  }

  /** Input `index` as copied onto this node's device. */
  setTransferred(index: number, tensor: DeviceTensor): void {
    (this.#transferred ??= [])[index] = tensor;
  }

  input(index: number): DeviceTensor {
    const v = this.#transferred?.[index] ?? this.#inputs[this.#inputIndex[index] as number];
    if (v === undefined || v === DEAD || this.#node.hostInputs[index]) {
      throw new InternalError(
        null,
        null,
        `${this.nodeName}: input ${index} is not available on the device`,
      );
    }
    // A ref (TF1 variable) read by a value input sees the variable as it is now.
    const device = this.#node.device.device;
    if (this.#node.refReads[index] && device.readRef !== undefined) {
      return device.readRef(v as DeviceTensor);
    }
    return v as DeviceTensor;
  }

  inputList(argName: string): readonly DeviceTensor[] {
    const range = this.#node.inputRanges.get(argName);
    if (range === undefined)
      throw new InternalError(null, null, `${this.opType} has no input arg ${argName}`);
    const out: DeviceTensor[] = [];
    for (let i = range[0]; i < range[1]; i++) out.push(this.input(i));
    return out;
  }

  inputIsConstant(index: number): boolean {
    // A copy from another device, or a TF1 ref read, is made anew each step.
    return (
      this.#node.constantInputs?.[index] === 1 &&
      this.#node.refReads[index] !== 1 &&
      this.#node.hostInputs[index] !== 1 &&
      this.#transferred?.[index] === undefined
    );
  }

  hostInput(index: number): NDArray {
    const copy = this.#hostCopies?.[index];
    if (copy !== undefined) return copy;
    const v = this.#inputs[this.#inputIndex[index] as number];
    if (v === undefined || v === DEAD) {
      throw new InternalError(null, null, `${this.nodeName}: input ${index} is not available`);
    }
    // A value produced on a device and read in host memory: CPU tensors hold their NDArray.
    return isDeviceTensor(v) ? (v.handle as NDArray) : v;
  }

  allocateOutput(index: number, shape: readonly number[]): DeviceTensor {
    const t = this.device.allocate(this.#node.op.outputs[index]?.dtype ?? 'float32', shape);
    this.setOutput(index, t);
    this.#memory?.fresh(t);
    (this.#made ??= [])[index] = t;
    return t;
  }

  forwardInputOrAllocate(
    inputIndex: number,
    outputIndex: number,
    shape: readonly number[],
  ): DeviceTensor {
    const t = this.#forwardable(inputIndex, outputIndex, shape);
    if (t === null) return this.allocateOutput(outputIndex, shape);
    this.setOutput(outputIndex, t);
    (this.#made ??= [])[outputIndex] = t;
    return t;
  }

  /** Whether `v`, output `index`, is a tensor this context allocated or forwarded. */
  made(index: number, v: Slot): boolean {
    return this.#made !== null && this.#made[index] === v;
  }

  #forwardable(inputIndex: number, outputIndex: number, shape: readonly number[]) {
    const memory = this.#memory;
    const node = this.#node;
    if (memory === null || !memory.hasFresh) return null;
    if (node.escapes || node.refReads[inputIndex] || node.hostInputs[inputIndex]) return null;
    if (this.#transferred?.[inputIndex] !== undefined) return null;
    const v = this.#inputs[this.#inputIndex[inputIndex] as number];
    if (!isDeviceTensor(v) || v.dtype !== node.op.outputs[outputIndex]?.dtype) return null;
    if (v.device !== node.device.device.attributes.name) return null;
    const own = v.shape;
    if (own.length !== shape.length) return null;
    for (let d = 0; d < own.length; d++) if (own[d] !== shape[d]) return null;
    // This node's own reads of it (x * x reads one tensor twice) must be all that is left.
    let reads = 0;
    for (let i = 0; i < node.inputSlots.length; i++) {
      if (this.#inputs[this.#inputIndex[i] as number] === v) reads++;
    }
    return memory.canForward(v, reads) ? v : null;
  }

  setOutput(index: number, tensor: DeviceTensor): void {
    this.#checkOutput(index);
    this.#outputs[this.#outputBase + index] = tensor;
  }

  setHostOutput(index: number, value: NDArray): void {
    this.#checkOutput(index);
    this.#outputs[this.#outputBase + index] = value;
  }

  #checkOutput(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.#node.numOutputs) {
      throw new InternalError(null, null, `${this.nodeName}: output index ${index} out of range`);
    }
  }
}

export function isDeviceTensor(v: unknown): v is DeviceTensor {
  return typeof v === 'object' && v !== null && 'handle' in v && 'device' in v;
}

/**
 * A kernel's failure as TF reports it: the same error class, the node and its NodeDef
 * attached, and the message ending in `[[{{node name}}]]`.
 */
export function nodeError(node: PlanNode, error: unknown): Error {
  // A fused node is named after the last op it absorbed, as TF's remapper names it.
  const op = node.fused?.absorbed.at(-1) ?? node.op;
  if (error instanceof OpError) {
    if (error.op !== null) return error;
    return makeOpError(
      error.errorCode,
      `${error.message}\n\t [[{{node ${op.name}}}]]`,
      nodeDefOf(op),
      op,
    );
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new InternalError(nodeDefOf(op), op, `${message}\n\t [[{{node ${op.name}}}]]`);
}

function nodeDefOf(op: PlanNode['op']): { name: string; op: string } {
  const withNodeDef = op as unknown as { nodeDef?: { name: string; op: string } };
  try {
    return withNodeDef.nodeDef ?? { name: op.name, op: op.type };
  } catch {
    return { name: op.name, op: op.type };
  }
}
