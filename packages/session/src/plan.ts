import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  BUILTIN_OPS,
  expandArgs,
  type AttrValue,
  type Device,
  type KernelCompute,
  type KernelIndex,
  type NDArray,
} from '@tensorgraph/core';
import { isRefTensor, summarizeAttrValue, type Operation, type Tensor } from '@tensorgraph/graph';
import { CONTROL_FLOW_OPS, controlFlowCompute, flowKind, type FlowKind } from './control-flow.js';
import type { SessionDevice } from './devices.js';
import { analyzeFrames, type FrameInfo } from './frames.js';
import type { Slot } from './node-context.js';
import type { PlacementDecision } from './placer.js';
import { findMulFolds } from './optimize/fold-mul-into-conv.js';
import { findContractionFusions } from './optimize/fuse-contraction.js';
import { findPadFolds } from './optimize/fold-pad-into-conv.js';
import type { RewriteScope } from './optimize/plan-readers.js';
import { hostConstant } from './optimize/host-constant.js';

/** One op of a plan, with everything the executor needs resolved ahead of time. */
/** An input made on another device, copied to this node's device before it runs. */
export const TRANSFER_TO_DEVICE = 1;
/** A host-memory input made in an accelerator's memory, read back to the host first. */
export const TRANSFER_TO_HOST = 2;

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
  /** Per input: 0, `TRANSFER_TO_DEVICE` or `TRANSFER_TO_HOST`. */
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
  /** How outputs move between frames: Enter, Exit, NextIteration or within the frame. */
  readonly flow: FlowKind;
  /** An `Enter` with `is_constant`: its value reaches every iteration (a loop invariant). */
  readonly isConstantEnter: boolean;
  /** `ControlTrigger` runs even when its inputs are dead. */
  readonly isControlTrigger: boolean;
  /** Data edges out, as flat triples (consumer plan index, consumer input, this output). */
  readonly outEdges: Int32Array;
  /** Plan indices of the nodes with a control edge from this one. */
  readonly controlOut: Int32Array;
  /** The static frame the node runs in (0: the root), and its index there. */
  readonly frame: number;
  readonly frameLocal: number;
  /** Where the node's inputs start in its frame's per-iteration input array. */
  readonly frameInputBase: number;
  /** Its inputs' positions in that array (`frameInputBase + i`). */
  readonly frameInputIndex: Int32Array;
  /** For `Enter`: the frame its output enters. */
  readonly enterFrame: number;
  /**
   * Values it touches may be kept past the step (variables, queues, constants a kernel
   * caches, function calls): the executor never frees its inputs or outputs.
   */
  readonly escapes: boolean;
  /** A function call: it says which inputs and outputs to keep (`keepInputs`, `keepOutput`). */
  readonly isCall: boolean;
  /** A constant `Mul` folded into this conv (whose output this node writes), if any. */
  readonly foldedMul?: Operation;
  /**
   * The contraction runs as a fused op (`optimize/fuse-contraction.ts`): its type, and the
   * ops it absorbed (bias add, activation), whose last one's output this node writes.
   */
  readonly fused?: { readonly opType: string; readonly absorbed: readonly Operation[] };
  /**
   * 1 where input `i` has the same value every step: a `Const`'s output or a value constant
   * folding keeps (`KernelContext.inputIsConstant`).
   */
  readonly constantInputs?: Uint8Array;
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
  /** Each node's `pending`, ready to copy per step. */
  readonly pendingCounts: Int32Array;
  /** How many node inputs read each slot (a slot's value is freed after the last read). */
  readonly slotUses: Int32Array;
  /** 1 for fetched slots: kept to the end of the step. */
  readonly slotFetched: Uint8Array;
  /** The devices of the plan by full name (whose `free` a finished value goes back to). */
  readonly deviceByName: ReadonlyMap<string, Device>;
  /** TF1 loop frames (`frames[0]` is the root), or `null` when the plan has no `Enter`. */
  readonly frames: readonly FrameInfo[] | null;
  /** Constant folding: what a step skips once the constant-only part has run. */
  readonly folding: ConstantFolding | null;
  /**
   * The per-step arrays of the last step that succeeded, for the next step to reuse (a
   * cached plan's step allocates none of them); taken while a step runs.
   */
  scratch: StepScratch | null;
}

/** Per-step state of a frame-free step, sized by the plan. */
export interface StepScratch {
  readonly slots: Slot[];
  readonly pending: Int32Array;
  readonly dead: Uint8Array;
}

/**
 * The constant-only part of a plan (nodes computed from constants by stateless kernels):
 * the first successful step keeps the values it leaves to the rest of the plan, and later
 * steps start from them without running it, as TF's constant folding. The same kernels on
 * the same devices computed them, so results are identical.
 */
export interface ConstantFolding {
  /** 1 for each folded node. */
  readonly folded: Uint8Array;
  /** Slots of folded outputs that the rest of the plan reads or that are fetched. */
  readonly slots: Int32Array;
  /** 1 for those slots (their values are kept, never freed). */
  readonly isFoldSlot: Uint8Array;
  /** `pendingCounts`, `roots` and the node count of the steps that skip the folded part. */
  readonly pendingCounts: Int32Array;
  readonly roots: Int32Array;
  readonly remaining: number;
  /** The kept values, by `slots`, once a step has made them. */
  values: Slot[] | null;
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
  /**
   * Plan-time rewrites (off unless set): a constant `Mul` after a conv with a constant
   * filter is folded into the filter (`optimize/fold-mul-into-conv.ts`).
   */
  readonly foldMulIntoConv?: boolean;
  /**
   * A CPU contraction followed by its bias add (and activation) runs as one fused node
   * (`optimize/fuse-contraction.ts`); an Add of a constant vector only with `foldMulIntoConv`.
   */
  readonly fuseContractions?: boolean;
  /**
   * A zero spatial Pad read only by a VALID CPU conv is folded into the conv's EXPLICIT
   * padding (`optimize/fold-pad-into-conv.ts`).
   */
  readonly foldPads?: boolean;
}

/** The compute of a function-call node placed on `device`, or `undefined` for other ops. */
export type FunctionCallCompiler = (
  op: Operation,
  device: SessionDevice,
) => KernelCompute | undefined;

export function compilePlan(input: PlanInput): Plan {
  const fedIndex = new Map<Tensor, number>();
  input.feeds.forEach((t, i) => fedIndex.set(t, i));

  // Folded Muls: their output is read from the conv (`source`), the filter's Const computes
  // the scaled filter, and what only the Mul read is pruned.
  const alias = new Map<Tensor, Tensor>();
  const source = (t: Tensor): Tensor => alias.get(t) ?? t;
  const foldedValue = new Map<Operation, NDArray>();
  const foldedMul = new Map<Operation, Operation>();
  // Fused contractions: the node's op type and attrs, its extra (bias) input, what it absorbed.
  const fusedAs = new Map<Operation, ReturnType<typeof findContractionFusions>[number]>();
  // Convs with a folded Pad: their padding attrs, and the Pad's input they read instead.
  const paddedAs = new Map<Operation, { attrs: Record<string, AttrValue>; input: Tensor }>();
  const inputsOf = (op: Operation): readonly Tensor[] => {
    const f = fusedAs.get(op);
    const p = paddedAs.get(op);
    const inputs = p === undefined ? op.inputs : [p.input, ...op.inputs.slice(1)];
    return f === undefined ? inputs : [...inputs, f.bias];
  };
  let ops = neededOps(input, fedIndex, source, inputsOf);
  const frameFree = !ops.some((op) => flowKind(op.type) !== 0);
  const isFed = (t: Tensor) => fedIndex.has(t);
  // What every rewrite sees of the plan as it stands after the earlier ones.
  const rewriteScope = (): RewriteScope => ({
    ops,
    source,
    isFed,
    fetched: new Set(input.fetches),
    targets: new Set(input.targets),
    deviceOf: (op) => input.placement.get(op)?.assigned,
    onCpu: (op) => input.placement.get(op)?.assigned.deviceType === 'CPU',
  });
  if (input.foldMulIntoConv === true && frameFree) {
    const folds = findMulFolds(rewriteScope());
    for (const f of folds) {
      alias.set(f.mul.outputs[0] as Tensor, f.conv.outputs[0] as Tensor);
      foldedValue.set(f.weight, f.value);
      foldedMul.set(f.conv, f.mul);
    }
    if (folds.length > 0) ops = neededOps(input, fedIndex, source, inputsOf);
  }
  if (input.fuseContractions === true && frameFree) {
    const fusions = findContractionFusions({
      ...rewriteScope(),
      constantBias: input.foldMulIntoConv === true,
    });
    for (const f of fusions) {
      const device = input.placement.get(f.contraction)?.assigned;
      if (device === undefined || !input.kernels.find(f.opType, device.deviceType, f.attrs)) {
        continue;
      }
      fusedAs.set(f.contraction, f);
      for (const op of f.absorbed) {
        alias.set(op.outputs[0] as Tensor, f.contraction.outputs[0] as Tensor);
      }
    }
    if (fusedAs.size > 0) ops = neededOps(input, fedIndex, source, inputsOf);
  }
  // Folded Pads: the conv reads the Pad's input, with the Pad's amounts as EXPLICIT padding.
  if (input.foldPads === true && frameFree) {
    const memo = new Map<Tensor, NDArray | null>();
    const folds = findPadFolds({
      ...rewriteScope(),
      typeOf: (op) => fusedAs.get(op)?.opType ?? op.type,
      attrOf: (op, name) => {
        const f = fusedAs.get(op);
        if (f !== undefined) return f.attrs[name];
        return op.hasAttr(name) ? op.getAttr(name) : undefined;
      },
      filterValue: (t) => foldedValue.get(t.op) ?? hostConstant(t, isFed, memo),
    });
    for (const f of folds) {
      paddedAs.set(f.conv, {
        attrs: { padding: 'EXPLICIT', explicit_paddings: [...f.explicitPaddings] },
        input: f.pad.inputs[0] as Tensor,
      });
    }
    if (folds.length > 0) ops = neededOps(input, fedIndex, source, inputsOf);
  }
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
    const fusion = fusedAs.get(op);
    const opType = fusion?.opType ?? op.type;
    const opDef = fusion === undefined ? op.opDef : BUILTIN_OPS.get(fusion.opType);
    const opInputs = inputsOf(op);
    const padded = paddedAs.get(op)?.attrs;
    const unpadded = fusion?.attrs ?? attrRecord(op);
    const attrs = padded === undefined ? unpadded : { ...unpadded, ...padded };
    const folded = foldedValue.get(op);
    if (folded !== undefined) attrs['value'] = folded;
    const call = CONTROL_FLOW_OPS.has(op.type)
      ? controlFlowCompute(op.type)
      : input.functionCalls?.(op, device);
    const kernel =
      call === undefined ? input.kernels.find(opType, device.deviceType, attrs) : undefined;
    if (call === undefined && kernel === undefined) throw noKernelError(op, attrs, input);
    const host = new Set(kernel?.hostMemory ?? []);
    const ins = expandArgs(opDef, opDef.inputs, attrs);
    const outs = expandArgs(opDef, opDef.outputs, attrs);
    const hostInputs = new Uint8Array(opInputs.length);
    for (const e of ins) if (host.has(e.arg.name)) hostInputs.fill(1, e.start, e.end);
    const hostOutputs = new Uint8Array(op.outputs.length);
    for (const e of outs) if (host.has(e.arg.name)) hostOutputs.fill(1, e.start, e.end);

    let pending = 0;
    const inputSlots = new Int32Array(opInputs.length);
    const inputTransfers = new Uint8Array(opInputs.length);
    const refReads = Uint8Array.from(opInputs, (t, i) =>
      isRefTensor(t) && ins.find((e) => i >= e.start && i < e.end)?.arg.isRef !== true ? 1 : 0,
    );
    const inputSources: (SessionDevice | null)[] = opInputs.map(() => null);
    opInputs.forEach((input0, i) => {
      const feed = fedIndex.get(input0);
      if (feed !== undefined) {
        inputSlots[i] = feedSlotFor(feed, hostInputs[i] ? null : device);
        return;
      }
      const t = source(input0);
      const producer = indexOf.get(t.op) as number;
      inputSlots[i] = (outputBase[producer] as number) + t.valueIndex;
      const producerDevice = input.placement.get(t.op)?.assigned;
      if (producerDevice !== undefined && producerDevice !== device && !hostInputs[i]) {
        inputTransfers[i] = TRANSFER_TO_DEVICE;
        inputSources[i] = producerDevice;
      } else if (
        hostInputs[i] &&
        producerDevice !== undefined &&
        producerDevice.deviceType !== 'CPU'
      ) {
        // A host-memory argument (a shape, an axis) made in an accelerator's memory is read
        // back first, as TF copies it to host memory for the kernel.
        inputTransfers[i] = TRANSFER_TO_HOST;
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
        opType,
        attrs,
        device: device.device,
        inputDTypes: opInputs.map((t) => t.dtype),
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
      flow: flowKind(op.type),
      isConstantEnter: flowKind(op.type) === 1 && op.getAttr('is_constant') === true,
      isControlTrigger: op.type === 'ControlTrigger',
      outEdges: new Int32Array(0),
      controlOut: new Int32Array(0),
      frame: 0,
      frameLocal: index,
      frameInputBase: 0,
      frameInputIndex: new Int32Array(0),
      enterFrame: -1,
      escapes: escapes(op, refReads),
      isCall: call !== undefined && !CONTROL_FLOW_OPS.has(op.type),
      ...(foldedMul.has(op) ? { foldedMul: foldedMul.get(op) as Operation } : {}),
      ...(fusion === undefined ? {} : { fused: { opType, absorbed: fusion.absorbed } }),
    };
  });
  // Edges out of each node, for the frame executor's push of values to consumers.
  const outEdges: number[][] = ops.map(() => []);
  const controlOut: number[][] = ops.map(() => []);
  nodes.forEach((n) => {
    inputsOf(n.op).forEach((input0, i) => {
      if (fedIndex.has(input0)) return;
      const t = source(input0);
      (outEdges[indexOf.get(t.op) as number] as number[]).push(n.index, i, t.valueIndex);
    });
    for (const c of n.controlInputs) (controlOut[c] as number[]).push(n.index);
  });
  const slotUses = new Int32Array(numSlots);
  for (const n of nodes) for (const s of n.inputSlots) (slotUses[s] as number)++;
  const withEdges = nodes.map((n, i) => ({
    ...n,
    consumers: Int32Array.from(consumers[i] as number[]),
    outEdges: Int32Array.from(outEdges[i] as number[]),
    controlOut: Int32Array.from(controlOut[i] as number[]),
  }));
  const hasFrames = withEdges.some((n) => n.flow === 1);
  const analysis = hasFrames ? analyzeFrames(withEdges) : null;
  const withConsumers: PlanNode[] =
    analysis === null ? withEdges : withEdges.map((n, i) => ({ ...n, ...analysis.placeOf[i] }));

  const fetchSlots = Int32Array.from(input.fetches, (fetched) => {
    const feed = fedIndex.get(fetched);
    if (feed !== undefined) return feedSlotFor(feed, null);
    const t = source(fetched);
    return (outputBase[indexOf.get(t.op) as number] as number) + t.valueIndex;
  });
  const fetchDevices = input.fetches.map((t) =>
    fedIndex.has(t) ? null : (input.placement.get(source(t).op)?.assigned ?? null),
  );
  const slotFetched = new Uint8Array(numSlots);
  for (const s of fetchSlots) slotFetched[s] = 1;
  const frames = analysis?.frames ?? null;
  if (frames !== null) {
    // Fed inputs are filled in when a frame's iteration starts.
    for (const n of withConsumers) {
      n.op.inputs.forEach((t, i) => {
        if (fedIndex.has(t)) {
          (frames[n.frame] as FrameInfo).feedInputs.push(
            n.frameInputBase + i,
            n.inputSlots[i] as number,
          );
        }
      });
    }
  }
  const folding = analysis === null ? constantFolding(withConsumers, numSlots, slotFetched) : null;
  return {
    folding,
    scratch: null,
    nodes: withConstantInputs(withConsumers, folding),
    numSlots,
    feedSlots,
    fetchSlots,
    fetchDevices,
    roots: Int32Array.from(
      withConsumers.filter((n) => n.pending === 0 && n.frame === 0).map((n) => n.index),
    ),
    pendingCounts: Int32Array.from(withConsumers, (n) => n.pending),
    slotUses,
    slotFetched,
    deviceByName: new Map(input.devices.map((d) => [d.name, d.device])),
    frames,
  };
}

/**
 * Everything the fetches and targets need, stopping at fed tensors, in graph order; inputs
 * are read through `source` (folded Muls, fused contractions), a fused node's bias included.
 */
function neededOps(
  input: PlanInput,
  fedIndex: ReadonlyMap<Tensor, number>,
  source: (t: Tensor) => Tensor,
  inputsOf: (op: Operation) => readonly Tensor[],
): Operation[] {
  const needed = new Set<Operation>();
  const stack: Operation[] = [...input.targets];
  for (const t of input.fetches) if (!fedIndex.has(t)) stack.push(source(t).op);
  while (stack.length > 0) {
    const op = stack.pop() as Operation;
    if (needed.has(op)) continue;
    needed.add(op);
    for (const t of inputsOf(op))
      if (!fedIndex.has(t) && !needed.has(source(t).op)) stack.push(source(t).op);
    for (const c of op.controlInputs) if (!needed.has(c)) stack.push(c);
  }
  return [...needed].sort((a, b) => a.id - b.id);
}

/** The constant-only part of a frame-free plan, or `null` when there is none worth skipping. */
function constantFolding(
  nodes: readonly PlanNode[],
  numSlots: number,
  slotFetched: Uint8Array,
): ConstantFolding | null {
  const folded = new Uint8Array(nodes.length);
  let count = 0;
  // Plan nodes are in graph order: producers come first.
  for (const n of nodes) {
    const op = n.op;
    if (
      op.opDef.isStateful === true ||
      n.isCall ||
      CONTROL_FLOW_OPS.has(op.type) ||
      (n.escapes && op.type !== 'Const' && op.type !== 'HostConst') ||
      op.type === 'Placeholder' ||
      op.type === 'PlaceholderWithDefault' ||
      n.pending !== n.inputSlots.length + n.controlInputs.length
    ) {
      continue; // a fed input makes pending smaller than the input count
    }
    let ok = true;
    for (const c of n.controlInputs) if (!folded[c]) ok = false;
    for (let i = 0; i < n.inputSlots.length && ok; i++) {
      const producer = nodeOfSlot(nodes, n.inputSlots[i] as number);
      if (producer === undefined || !folded[producer.index]) ok = false;
    }
    if (ok) {
      folded[n.index] = 1;
      count++;
    }
  }
  if (count === 0) return null;
  const isFoldSlot = new Uint8Array(numSlots);
  const pendingCounts = Int32Array.from(nodes, (n) => n.pending);
  for (const n of nodes) {
    if (!folded[n.index]) continue;
    for (let i = 0; i < n.numOutputs; i++)
      if (slotFetched[n.outputBase + i]) isFoldSlot[n.outputBase + i] = 1;
    for (let k = 0; k < n.outEdges.length; k += 3) {
      const c = n.outEdges[k] as number;
      if (folded[c]) continue;
      isFoldSlot[n.outputBase + (n.outEdges[k + 2] as number)] = 1;
      (pendingCounts[c] as number)--;
    }
    for (const c of n.controlOut) if (!folded[c]) (pendingCounts[c] as number)--;
  }
  const slots: number[] = [];
  isFoldSlot.forEach((f, s) => {
    if (f) slots.push(s);
  });
  const roots: number[] = [];
  for (const n of nodes) if (!folded[n.index] && pendingCounts[n.index] === 0) roots.push(n.index);
  return {
    folded,
    slots: Int32Array.from(slots),
    isFoldSlot,
    pendingCounts,
    roots: Int32Array.from(roots),
    remaining: nodes.length - count,
    values: null,
  };
}

/** The nodes with `constantInputs` set where any input is constant. */
function withConstantInputs(
  nodes: readonly PlanNode[],
  folding: ConstantFolding | null,
): PlanNode[] {
  return nodes.map((n) => {
    let constant: Uint8Array | null = null;
    for (let i = 0; i < n.inputSlots.length; i++) {
      // A feed's slot comes after every node's: it has no producer.
      const producer = nodeOfSlot(nodes, n.inputSlots[i] as number);
      if (producer === undefined) continue;
      const type = producer.op.type;
      // A folded value counts where it is kept for later steps (read by a node that runs
      // every step): within the folded part, a value may still be written over in place.
      const kept =
        folding !== null &&
        folding.folded[n.index] !== 1 &&
        folding.isFoldSlot[n.inputSlots[i] as number] === 1;
      if (type === 'Const' || type === 'HostConst' || kept) {
        (constant ??= new Uint8Array(n.inputSlots.length))[i] = 1;
      }
    }
    return constant === null ? n : { ...n, constantInputs: constant };
  });
}

function nodeOfSlot(nodes: readonly PlanNode[], slot: number): PlanNode | undefined {
  // Slots of node outputs are laid out in node order (feed slots come after them all).
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = nodes[mid] as PlanNode;
    if (slot < n.outputBase) hi = mid - 1;
    else if (slot >= n.outputBase + n.numOutputs) lo = mid + 1;
    else return n;
  }
  return undefined;
}

/**
 * Whether a node's values may outlive the step: constants (kernels may cache them) and
 * anything touching a variable, queue, list or resource (it may keep or hand out stored
 * tensors). The executor leaves these alone.
 */
function escapes(op: Operation, refReads: Uint8Array): boolean {
  if (op.type === 'Const' || op.type === 'HostConst') return true;
  if (refReads.includes(1)) return true;
  const kept = (t: Tensor) => t.dtype === 'resource' || t.dtype === 'variant' || isRefTensor(t);
  return op.inputs.some(kept) || op.outputs.some(kept);
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
  const deviceTypes = [...new Set(input.devices.map((d) => d.deviceType))];
  return new InvalidArgumentError(null, op, noKernelMessage(op, attrs, deviceTypes, input.kernels));
}

/** TF's message for an op no registered kernel supports, naming what is registered. */
export function noKernelMessage(
  op: Operation,
  attrs: Record<string, AttrValue>,
  deviceTypes: readonly string[],
  kernels: KernelIndex,
): string {
  const typeOf = (n: string) => op.opDef.attrs.find((a) => a.name === n)?.type;
  const attrText = Object.keys(attrs)
    .filter((k) => !k.startsWith('_'))
    .map((k) => `${k}=${summarizeAttrValue(attrs[k] as AttrValue, typeOf(k))}`)
    .join(', ');
  return (
    `No OpKernel was registered to support Op '${op.type}' used by {{node ${op.name}}} with these attrs: [${attrText}]\n` +
    `Registered devices: [${deviceTypes.join(', ')}]\n` +
    `Registered kernels:\n${kernels.describe(op.type)}`
  );
}
