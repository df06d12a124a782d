import { InvalidArgumentError } from '@tensorgraph/errors';
import type { DeviceTensor, NDArray, ResourceManager } from '@tensorgraph/core';
import { executeFrames } from './frame-executor.js';
import {
  DEAD,
  NodeContext,
  computeNode,
  isDeviceTensor,
  nodeError,
  now,
  type Slot,
} from './node-context.js';
import type { Plan, PlanNode } from './plan.js';
import type { StepCancellation } from './step-cancellation.js';
import { StepMemory, type DeviceMemoryUse } from './step-memory.js';

export { DEAD, isDeviceTensor, type Slot };

/** Per-node timing of a traced step (FULL_TRACE). */
export interface NodeTrace {
  readonly node: PlanNode;
  readonly startMicros: number;
  readonly endMicros: number;
  readonly outputs: readonly (DeviceTensor | NDArray | null)[];
  /** Bytes of new tensors the node made, and its device's live / peak bytes after it. */
  readonly memory?: { readonly allocated: number; readonly live: number; readonly peak: number };
}

export interface StepOptions {
  readonly resources: ResourceManager;
  readonly cancellation: StepCancellation;
  readonly stepId: number;
  /** Collects per-node timings when set. */
  readonly trace?: NodeTrace[];
  /**
   * Whether the fed device tensors belong to the step (the session uploaded them), so they
   * are freed after their last reader. A function call's arguments belong to its caller.
   */
  readonly ownsFeeds?: boolean;
}

/** What a step fetched, and which fetched device tensors the caller may free after use. */
export interface StepResult {
  readonly values: Slot[];
  /** 1 where `values[i]` is a device tensor the step made and nothing else keeps. */
  readonly owned: Uint8Array;
  /** Bytes per device (traced frame-free steps only). */
  readonly memory?: ReadonlyMap<string, DeviceMemoryUse> | undefined;
}

/**
 * Runs a plan once: a dataflow loop that starts every node whose inputs are ready, runs
 * synchronous kernels inline and lets asynchronous ones (queues, readbacks) finish while
 * independent nodes go on. Plans with TF1 loops run in the frame executor. Device tensors
 * the step made go back to their device after their last reader. Resolves to the fetched
 * slots' values (device tensors or host arrays); the first failure rejects, named after its
 * node as TF names it.
 */
export function executePlan(
  plan: Plan,
  /** One value per `plan.feedSlots` entry, in that order. */
  feedValues: readonly Slot[],
  options: StepOptions,
): Promise<StepResult> {
  if (plan.frames !== null) return executeFrames(plan, feedValues, options);
  // A cached plan's step reuses the arrays of the last step that succeeded (none while a
  // step of the plan is running: concurrent runs of one plan each get their own).
  const scratch = plan.scratch;
  plan.scratch = null;
  const slots: Slot[] = scratch?.slots ?? new Array(plan.numSlots);
  const memory = new StepMemory(plan.deviceByName, options.trace !== undefined);
  const slotUses = plan.slotUses;
  const slotFetched = plan.slotFetched;
  const feedSlots = plan.feedSlots;
  for (let i = 0; i < feedSlots.length; i++) {
    const f = feedSlots[i] as Plan['feedSlots'][number];
    const v = feedValues[i];
    slots[f.slot] = v;
    if (options.ownsFeeds === true) memory.hold(v, slotUses[f.slot] as number);
    else memory.escape(v);
  }
  const nodes = plan.nodes;
  const folding = plan.folding;
  const folded = folding?.values ?? null;
  let pending: Int32Array;
  let roots: Int32Array;
  let remaining: number;
  if (folding !== null && folded !== null) {
    // The constant-only part ran in an earlier step: start from its values.
    const foldSlots = folding.slots;
    for (let i = 0; i < foldSlots.length; i++) {
      const v = folded[i];
      slots[foldSlots[i] as number] = v;
      memory.escape(v);
    }
    pending = copyInto(scratch?.pending, folding.pendingCounts);
    roots = folding.roots;
    remaining = folding.remaining;
  } else {
    pending = copyInto(scratch?.pending, plan.pendingCounts);
    roots = plan.roots;
    remaining = nodes.length;
  }
  const isFoldSlot = folded === null ? (folding?.isFoldSlot ?? null) : null;
  const dead = scratch?.dead ?? new Uint8Array(nodes.length);
  let failed = false;

  const result = (): StepResult => {
    if (folding !== null && folding.values === null) {
      folding.values = Array.from(folding.slots, (s) => slots[s]);
    }
    const r = stepResult(plan, slots, memory);
    // Every node is done: nothing writes these arrays any more.
    slots.fill(undefined);
    dead.fill(0);
    plan.scratch = scratch ?? { slots, pending, dead };
    return r;
  };

  return new Promise<StepResult>((resolve, reject) => {
    const ready: number[] = [];
    for (const r of roots) ready.push(r);
    const fail = (node: PlanNode, error: unknown) => {
      if (failed) return;
      failed = true;
      reject(nodeError(node, error));
    };
    const finish = (node: PlanNode) => {
      remaining--;
      for (const c of node.consumers) if (--(pending[c] as number) === 0) ready.push(c);
    };
    /** The node's reads are done: its inputs and unused outputs may go back to the device. */
    const settle = (node: PlanNode, ctx: NodeContext | null) => {
      const inputs = node.inputSlots;
      const base = node.outputBase;
      if (node.escapes || ctx?.inputsKept === true) {
        for (let i = 0; i < inputs.length; i++) memory.escape(slots[inputs[i] as number]);
      }
      for (let i = 0; i < inputs.length; i++) memory.release(slots[inputs[i] as number]);
      const transferred = ctx?.transferred;
      if (transferred) freeCopies(node, transferred, slots, base);
      for (let i = 0; i < node.numOutputs; i++) {
        const s = base + i;
        if (slotUses[s] !== 0 || slotFetched[s]) continue;
        const v = slots[s];
        if (!isInputOf(v, node, slots)) memory.drop(v);
      }
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
          settle(node, null);
          finish(node);
          continue;
        }
        let result: void | Promise<void>;
        const start = options.trace ? now() : 0;
        const ctx = new NodeContext(
          node,
          slots,
          node.inputSlots,
          slots,
          node.outputBase,
          options,
          memory,
        );
        try {
          result = computeNode(node, ctx);
        } catch (e) {
          fail(node, e);
          return;
        }
        if (result instanceof Promise) {
          result.then(
            () => {
              if (failed) return;
              complete(node, ctx, start);
              pump();
            },
            (e) => fail(node, e),
          );
        } else {
          complete(node, ctx, start);
        }
      }
      if (!failed && remaining === 0) resolve(result());
    };
    const complete = (node: PlanNode, ctx: NodeContext, start: number) => {
      if (memory.hasFresh) markShared(node, ctx, slots, memory);
      let allocated = 0;
      // Outputs a kernel left unset are dead (how Switch routes).
      for (let i = 0; i < node.numOutputs; i++) {
        const s = node.outputBase + i;
        let v = slots[s];
        if (v === undefined) v = slots[s] = DEAD;
        if (node.escapes) memory.escape(v);
        else if (slotFetched[s]) memory.fetch(v);
        if (ctx.keptOutputs?.includes(i) === true) memory.escape(v);
        // Values constant folding keeps for later steps.
        if (isFoldSlot?.[s]) memory.escape(v);
        memory.hold(v, slotUses[s] as number);
        if (memory.usage !== null && !isInputOf(v, node, slots)) allocated += memory.count(v);
      }
      if (options.trace) {
        const endMicros = now();
        settle(node, ctx);
        const use = memory.usage?.get(node.device.name);
        options.trace.push({
          node,
          startMicros: start,
          endMicros,
          outputs: slots
            .slice(node.outputBase, node.outputBase + node.numOutputs)
            .map((v) => (v === DEAD || v === undefined ? null : v)),
          memory: { allocated, live: use?.liveBytes ?? 0, peak: use?.peakBytes ?? 0 },
        });
      } else {
        settle(node, ctx);
      }
      finish(node);
    };
    if (remaining === 0) {
      resolve(result());
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

function copyInto(target: Int32Array | undefined, source: Int32Array): Int32Array {
  if (target === undefined) return source.slice();
  target.set(source);
  return target;
}

/** The fetched values and which of them the caller may free (plain loops: this is hot). */
export function stepResult(plan: Plan, slots: Slot[], memory: StepMemory): StepResult {
  const fetchSlots = plan.fetchSlots;
  const n = fetchSlots.length;
  const values: Slot[] = new Array(n);
  const owned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = slots[fetchSlots[i] as number];
    values[i] = v;
    if (memory.owns(v)) owned[i] = 1;
  }
  return memory.usage === null ? { values, owned } : { values, owned, memory: memory.usage };
}

function isDead(node: PlanNode, slots: Slot[], dead: Uint8Array): boolean {
  for (const c of node.controlInputs) if (dead[c]) return !node.isControlTrigger;
  const inputs = node.inputSlots;
  if (node.isMerge) {
    for (let i = 0; i < inputs.length; i++) if (slots[inputs[i] as number] !== DEAD) return false;
    return inputs.length > 0;
  }
  for (let i = 0; i < inputs.length; i++) {
    if (slots[inputs[i] as number] === DEAD) return !node.isControlTrigger;
  }
  return false;
}

/**
 * An output the kernel neither allocated nor passed through may be a view of an input
 * (Reshape shares its input's buffer): those inputs must never be written over.
 */
function markShared(node: PlanNode, ctx: NodeContext, slots: Slot[], memory: StepMemory): void {
  for (let i = 0; i < node.numOutputs; i++) {
    const v = slots[node.outputBase + i];
    // Host outputs too: on a device whose memory is host memory they may share a buffer.
    if (v === undefined || v === DEAD || ctx.made(i, v) || isInputOf(v, node, slots)) continue;
    const inputs = node.inputSlots;
    for (let j = 0; j < inputs.length; j++) memory.shared(slots[inputs[j] as number]);
    return;
  }
}

/** Whether `v` is (the same object as) one of the node's inputs. */
function isInputOf(v: Slot, node: PlanNode, slots: Slot[]): boolean {
  const inputs = node.inputSlots;
  for (let i = 0; i < inputs.length; i++) if (slots[inputs[i] as number] === v) return true;
  return false;
}

/** Cross-device copies made for one node: freed unless the kernel kept one as an output. */
export function freeCopies(
  node: PlanNode,
  copies: readonly (DeviceTensor | undefined)[],
  outputs: Slot[],
  outputBase: number,
): void {
  if (node.escapes || node.isCall) return;
  for (const t of copies) {
    if (t === undefined) continue;
    let kept = false;
    for (let i = 0; i < node.numOutputs; i++) if (outputs[outputBase + i] === t) kept = true;
    if (!kept && isDeviceTensor(t)) node.device.device.free(t);
  }
}

export { InvalidArgumentError };
