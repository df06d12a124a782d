import { InternalError, InvalidArgumentError, OpError, makeOpError } from '@tensorgraph/errors';
import type { DeviceTensor, KernelContext, NDArray, ResourceManager } from '@tensorgraph/core';
import type { Plan, PlanNode } from './plan.js';
import type { StepCancellation } from './step-cancellation.js';

/** The value of a dead tensor: produced on an untaken branch of a `Switch`. */
export const DEAD = Symbol('dead');
type Slot = DeviceTensor | NDArray | typeof DEAD | undefined;

/** Per-node timing of a traced step (FULL_TRACE). */
export interface NodeTrace {
  readonly node: PlanNode;
  readonly startMicros: number;
  readonly endMicros: number;
  readonly outputs: readonly (DeviceTensor | NDArray | null)[];
}

export interface StepOptions {
  readonly resources: ResourceManager;
  readonly cancellation: StepCancellation;
  readonly stepId: number;
  /** Collects per-node timings when set. */
  readonly trace?: NodeTrace[];
}

/**
 * Runs a plan once: a dataflow loop that starts every node whose inputs are ready, runs
 * synchronous kernels inline and lets asynchronous ones (queues, readbacks) finish while
 * independent nodes go on. Resolves to the fetched slots' values (device tensors or host
 * arrays); the first failure rejects, named after its node as TF names it.
 */
export function executePlan(
  plan: Plan,
  feedValues: readonly Slot[],
  options: StepOptions,
): Promise<Slot[]> {
  const slots: Slot[] = new Array(plan.numSlots);
  for (const f of plan.feedSlots) slots[f.slot] = feedValues[f.slot];
  const nodes = plan.nodes;
  const pending = Int32Array.from(nodes, (n) => n.pending);
  const dead = new Uint8Array(nodes.length);
  let remaining = nodes.length;
  let failed = false;

  return new Promise<Slot[]>((resolve, reject) => {
    const ready: number[] = Array.from(plan.roots);
    const fail = (node: PlanNode, error: unknown) => {
      if (failed) return;
      failed = true;
      reject(nodeError(node, error));
    };
    const finish = (node: PlanNode) => {
      remaining--;
      for (const c of node.consumers) if (--(pending[c] as number) === 0) ready.push(c);
    };
    const pump = () => {
      while (ready.length > 0 && !failed) {
        if (options.cancellation.aborted) {
          failed = true;
          reject(options.cancellation.reason);
          return;
        }
        const node = nodes[ready.pop() as number] as PlanNode;
        if (isDead(node, slots, dead)) {
          dead[node.index] = 1;
          slots.fill(DEAD, node.outputBase, node.outputBase + node.numOutputs);
          finish(node);
          continue;
        }
        let result: void | Promise<void>;
        const start = options.trace ? now() : 0;
        const ctx = new NodeContext(node, slots, options);
        try {
          result = needsTransfer(node, slots)
            ? transferInputs(node, slots, ctx).then(() => node.compute(ctx))
            : node.compute(ctx);
        } catch (e) {
          fail(node, e);
          return;
        }
        if (result instanceof Promise) {
          result.then(
            () => {
              if (failed) return;
              complete(node, start);
              pump();
            },
            (e) => fail(node, e),
          );
        } else {
          complete(node, start);
        }
      }
      if (!failed && remaining === 0) {
        resolve(Array.from(plan.fetchSlots, (s) => slots[s]));
      }
    };
    const complete = (node: PlanNode, start: number) => {
      // Outputs a kernel left unset are dead (how Switch routes).
      for (let i = 0; i < node.numOutputs; i++) {
        const s = node.outputBase + i;
        if (slots[s] === undefined) slots[s] = DEAD;
      }
      if (options.trace) {
        options.trace.push({
          node,
          startMicros: start,
          endMicros: now(),
          outputs: slots
            .slice(node.outputBase, node.outputBase + node.numOutputs)
            .map((v) => (v === DEAD || v === undefined ? null : v)),
        });
      }
      finish(node);
    };
    if (nodes.length === 0) {
      resolve(Array.from(plan.fetchSlots, (s) => slots[s]));
      return;
    }
    options.cancellation.onAbort((reason) => {
      if (!failed) {
        failed = true;
        reject(reason);
      }
    });
    pump();
  });
}

function now(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

function isDead(node: PlanNode, slots: Slot[], dead: Uint8Array): boolean {
  for (const c of node.controlInputs) if (dead[c]) return true;
  const inputs = node.inputSlots;
  if (node.isMerge) {
    for (let i = 0; i < inputs.length; i++) if (slots[inputs[i] as number] !== DEAD) return false;
    return inputs.length > 0;
  }
  for (let i = 0; i < inputs.length; i++) if (slots[inputs[i] as number] === DEAD) return true;
  return false;
}

function needsTransfer(node: PlanNode, slots: Slot[]): boolean {
  for (let i = 0; i < node.inputTransfers.length; i++) {
    if (node.inputTransfers[i] && slots[node.inputSlots[i] as number] !== DEAD) return true;
  }
  return false;
}

/** Copies inputs produced on other devices to this node's device, through host memory. */
async function transferInputs(node: PlanNode, slots: Slot[], ctx: NodeContext): Promise<void> {
  const target = node.device.device;
  for (let i = 0; i < node.inputTransfers.length; i++) {
    if (!node.inputTransfers[i]) continue;
    const v = slots[node.inputSlots[i] as number];
    if (v === DEAD || v === undefined) continue;
    const source = node.inputSources[i];
    const host = isDeviceTensor(v) ? await (source as PlanNode['device']).device.download(v) : v;
    ctx.setTransferred(i, await target.upload(host));
  }
}

/** The kernel's view of one node in one step. */
class NodeContext implements KernelContext {
  readonly #node: PlanNode;
  readonly #slots: Slot[];
  #transferred: (DeviceTensor | undefined)[] | null = null;
  readonly #options: StepOptions;

  constructor(node: PlanNode, slots: Slot[], options: StepOptions) {
    this.#node = node;
    this.#slots = slots;
    this.#options = options;
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

  /** Input `index` as copied onto this node's device. */
  setTransferred(index: number, tensor: DeviceTensor): void {
    (this.#transferred ??= [])[index] = tensor;
  }

  input(index: number): DeviceTensor {
    const v = this.#transferred?.[index] ?? this.#slots[this.#node.inputSlots[index] as number];
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

  hostInput(index: number): NDArray {
    const v = this.#slots[this.#node.inputSlots[index] as number];
    if (v === undefined || v === DEAD) {
      throw new InternalError(null, null, `${this.nodeName}: input ${index} is not available`);
    }
    // A value produced on a device and read in host memory: CPU tensors hold their NDArray.
    return isDeviceTensor(v) ? (v.handle as NDArray) : v;
  }

  allocateOutput(index: number, shape: readonly number[]): DeviceTensor {
    const t = this.device.allocate(this.#node.op.outputs[index]?.dtype ?? 'float32', shape);
    this.setOutput(index, t);
    return t;
  }

  setOutput(index: number, tensor: DeviceTensor): void {
    this.#checkOutput(index);
    this.#slots[this.#node.outputBase + index] = tensor;
  }

  setHostOutput(index: number, value: NDArray): void {
    this.#checkOutput(index);
    this.#slots[this.#node.outputBase + index] = value;
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
function nodeError(node: PlanNode, error: unknown): Error {
  const op = node.op;
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

export { InvalidArgumentError };
