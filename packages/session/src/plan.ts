import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  expandArgs,
  type AttrValue,
  type KernelCompute,
  type KernelIndex,
} from '@tensorgraph/core';
import { isRefTensor, summarizeAttrValue, type Operation, type Tensor } from '@tensorgraph/graph';
import type { SessionDevice } from './devices.js';
import type { PlacementDecision } from './placer.js';

/** One op of a plan, with everything the executor needs resolved ahead of time. */
export interface PlanNode {
  readonly index: number;
  readonly op: Operation;
  readonly device: SessionDevice;
  readonly compute: KernelCompute;
  /** The value slot each flat data input reads. */
  readonly inputSlots: Int32Array;
  /** 1 where input `i` is a TF1 ref read by a value input: the executor dereferences it. */
  readonly refReads: Uint8Array;
  /** 1 where input `i` must move from another device first. */
  readonly inputTransfers: Uint8Array;
  /** The device that produced input `i`, where it must be moved. */
  readonly inputSources: readonly (SessionDevice | null)[];
  /** 1 where input / output `i` lives in host memory (an `NDArray`, not a device tensor). */
  readonly hostInputs: Uint8Array;
  readonly hostOutputs: Uint8Array;
  readonly outputBase: number;
  readonly numOutputs: number;
  /** Plan indices of the nodes that wait for this one (data and control), with repeats. */
  readonly consumers: Int32Array;
  /** Plan indices of this node's control inputs (a dead one makes this node dead). */
  readonly controlInputs: Int32Array;
  /** How many data and control inputs from plan nodes must complete before it runs. */
  readonly pending: number;
  /** Flat input ranges of list args, by arg name. */
  readonly inputRanges: ReadonlyMap<string, readonly [number, number]>;
  /** `Merge` runs with whichever input is alive. */
  readonly isMerge: boolean;
}

/** A fed value's slot: one per (fed tensor, device that reads it). */
export interface FeedSlot {
  readonly feedIndex: number;
  readonly slot: number;
  readonly device: SessionDevice | null;
}

/**
 * What a `run` with one set of feeds, fetches and targets executes, compiled once and cached:
 * the ops the fetches need (pruned at fed tensors), with kernels built, in dependency order.
 */
export interface Plan {
  readonly nodes: readonly PlanNode[];
  readonly numSlots: number;
  readonly feedSlots: readonly FeedSlot[];
  /** The slot each fetched tensor is read from. */
  readonly fetchSlots: Int32Array;
  /** The device holding each fetched tensor (`null`: a host value, such as a feed). */
  readonly fetchDevices: readonly (SessionDevice | null)[];
  /** Nodes with nothing to wait for. */
  readonly roots: Int32Array;
}

export interface PlanInput {
  readonly feeds: readonly Tensor[];
  readonly fetches: readonly Tensor[];
  readonly targets: readonly Operation[];
  readonly placement: ReadonlyMap<Operation, PlacementDecision>;
  readonly kernels: KernelIndex;
  readonly devices: readonly SessionDevice[];
  /** Computes for ops no backend implements: function calls (If, While, PartitionedCall...). */
  readonly functionCalls?: FunctionCallCompiler;
}

/** The compute of a function-call node placed on `device`, or `undefined` for other ops. */
export type FunctionCallCompiler = (
  op: Operation,
  device: SessionDevice,
) => KernelCompute | undefined;

export function compilePlan(input: PlanInput): Plan {
  const fedIndex = new Map<Tensor, number>();
  input.feeds.forEach((t, i) => fedIndex.set(t, i));

  // Prune: everything the fetches and targets need, stopping at fed tensors.
  const needed = new Set<Operation>();
  const stack: Operation[] = [...input.targets];
  for (const t of input.fetches) if (!fedIndex.has(t)) stack.push(t.op);
  while (stack.length > 0) {
    const op = stack.pop() as Operation;
    if (needed.has(op)) continue;
    needed.add(op);
    for (const t of op.inputs) if (!fedIndex.has(t) && !needed.has(t.op)) stack.push(t.op);
    for (const c of op.controlInputs) if (!needed.has(c)) stack.push(c);
  }
  const ops = [...needed].sort((a, b) => a.id - b.id);
  const indexOf = new Map<Operation, number>();
  ops.forEach((op, i) => indexOf.set(op, i));

  let numSlots = 0;
  const outputBase = ops.map((op) => {
    const base = numSlots;
    numSlots += op.outputs.length;
    return base;
  });
  const feedSlots: FeedSlot[] = [];
  const feedSlotFor = (feed: number, device: SessionDevice | null): number => {
    const found = feedSlots.find((f) => f.feedIndex === feed && f.device === device);
    if (found !== undefined) return found.slot;
    const slot = numSlots++;
    feedSlots.push({ feedIndex: feed, slot, device });
    return slot;
  };

  const consumers: number[][] = ops.map(() => []);
  const nodes: PlanNode[] = ops.map((op, index) => {
    const decision = input.placement.get(op);
    if (decision === undefined) {
      throw new InvalidArgumentError(null, op, `Operation ${op.name} has not been placed`);
    }
    const device = decision.assigned;
    const attrs = attrRecord(op);
    const call = input.functionCalls?.(op, device);
    const kernel =
      call === undefined ? input.kernels.find(op.type, device.deviceType, attrs) : undefined;
    if (call === undefined && kernel === undefined) throw noKernelError(op, attrs, input);
    const host = new Set(kernel?.hostMemory ?? []);
    const ins = expandArgs(op.opDef, op.opDef.inputs, attrs);
    const outs = expandArgs(op.opDef, op.opDef.outputs, attrs);
    const hostInputs = new Uint8Array(op.inputs.length);
    for (const e of ins) if (host.has(e.arg.name)) hostInputs.fill(1, e.start, e.end);
    const hostOutputs = new Uint8Array(op.outputs.length);
    for (const e of outs) if (host.has(e.arg.name)) hostOutputs.fill(1, e.start, e.end);

    let pending = 0;
    const inputSlots = new Int32Array(op.inputs.length);
    const inputTransfers = new Uint8Array(op.inputs.length);
    const refReads = Uint8Array.from(op.inputs, (t, i) =>
      isRefTensor(t) && ins.find((e) => i >= e.start && i < e.end)?.arg.isRef !== true ? 1 : 0,
    );
    const inputSources: (SessionDevice | null)[] = op.inputs.map(() => null);
    op.inputs.forEach((t, i) => {
      const feed = fedIndex.get(t);
      if (feed !== undefined) {
        inputSlots[i] = feedSlotFor(feed, hostInputs[i] ? null : device);
        return;
      }
      const producer = indexOf.get(t.op) as number;
      inputSlots[i] = (outputBase[producer] as number) + t.valueIndex;
      const producerDevice = input.placement.get(t.op)?.assigned;
      if (producerDevice !== undefined && producerDevice !== device && !hostInputs[i]) {
        inputTransfers[i] = 1;
        inputSources[i] = producerDevice;
      }
      (consumers[producer] as number[]).push(index);
      pending++;
    });
    const controlInputs = op.controlInputs.map((c) => indexOf.get(c) as number);
    for (const c of controlInputs) {
      (consumers[c] as number[]).push(index);
      pending++;
    }
    const compute =
      call ??
      (kernel as NonNullable<typeof kernel>).create({
        nodeName: op.name,
        opType: op.type,
        attrs,
        device: device.device,
        inputDTypes: op.inputs.map((t) => t.dtype),
        outputDTypes: op.outputs.map((t) => t.dtype),
      });
    return {
      index,
      op,
      device,
      compute,
      inputSlots,
      refReads,
      inputTransfers,
      inputSources,
      hostInputs,
      hostOutputs,
      outputBase: outputBase[index] as number,
      numOutputs: op.outputs.length,
      consumers: new Int32Array(0),
      controlInputs: Int32Array.from(controlInputs),
      pending,
      inputRanges: new Map(ins.map((e) => [e.arg.name, [e.start, e.end] as const])),
      isMerge: op.type === 'Merge' || op.type === 'RefMerge',
    };
  });
  const withConsumers = nodes.map((n, i) => ({
    ...n,
    consumers: Int32Array.from(consumers[i] as number[]),
  }));

  const fetchSlots = Int32Array.from(input.fetches, (t) => {
    const feed = fedIndex.get(t);
    if (feed !== undefined) return feedSlotFor(feed, null);
    return (outputBase[indexOf.get(t.op) as number] as number) + t.valueIndex;
  });
  const fetchDevices = input.fetches.map((t) =>
    fedIndex.has(t) ? null : (input.placement.get(t.op)?.assigned ?? null),
  );
  return {
    nodes: withConsumers,
    numSlots,
    feedSlots,
    fetchSlots,
    fetchDevices,
    roots: Int32Array.from(withConsumers.filter((n) => n.pending === 0).map((n) => n.index)),
  };
}

function attrRecord(op: Operation): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const name of op.attrNames) out[name] = op.getAttr(name);
  return out;
}

function noKernelError(
  op: Operation,
  attrs: Record<string, AttrValue>,
  input: PlanInput,
): InvalidArgumentError {
  const typeOf = (n: string) => op.opDef.attrs.find((a) => a.name === n)?.type;
  const attrText = Object.keys(attrs)
    .filter((k) => !k.startsWith('_'))
    .map((k) => `${k}=${summarizeAttrValue(attrs[k] as AttrValue, typeOf(k))}`)
    .join(', ');
  const deviceTypes = [...new Set(input.devices.map((d) => d.deviceType))];
  return new InvalidArgumentError(
    null,
    op,
    `No OpKernel was registered to support Op '${op.type}' used by {{node ${op.name}}} with these attrs: [${attrText}]\n` +
      `Registered devices: [${deviceTypes.join(', ')}]\n` +
      `Registered kernels:\n${input.kernels.describe(op.type)}`,
  );
}
