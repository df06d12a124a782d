import { FlowKind } from './control-flow.js';
import type { StepOptions, StepResult } from './executor.js';
import { freeCopies, stepResult } from './executor.js';
import type { FrameInfo } from './frames.js';
import { DEAD, NodeContext, computeNode, nodeError, now, type Slot } from './node-context.js';
import type { Plan, PlanNode } from './plan.js';
import { StepMemory } from './step-memory.js';

/** How long the executor runs a loop before it lets timers (a run's timeout) fire. */
const YIELD_MS = 10;

/** Runs `fn` after pending timers and I/O (setImmediate where there is one). */
function nextMacrotask(fn: () => void): void {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (g.setImmediate !== undefined) g.setImmediate(fn);
  else setTimeout(fn, 0);
}

/** One iteration of one frame instance: the inputs its nodes have received so far. */
interface Iteration {
  readonly num: number;
  readonly pending: Int32Array;
  readonly deadCount: Int32Array;
  readonly inputs: Slot[];
  /** Nodes of the iteration ready or running. */
  outstandingOps: number;
  /** Child frames (inner loops) started in this iteration and not yet done. */
  outstandingFrames: number;
  children: Map<number, FrameState> | null;
}

/** A loop frame entered from one iteration of its parent frame. */
interface FrameState {
  readonly info: FrameInfo;
  readonly index: number;
  readonly parent: FrameState | null;
  readonly parentIter: Iteration | null;
  readonly iterations: Map<number, Iteration>;
  iterationCount: number;
  outstandingIterations: number;
  /** Enters that have not delivered yet: iteration 0 stays open until they have. */
  pendingEnters: number;
  /** Exits that saw a dead value in the last iteration: dead in the parent at frame end. */
  deadExits: PlanNode[];
  /** NextIteration values waiting for a free iteration slot (`parallel_iterations`). */
  nextIterRoots: { node: PlanNode; value: Slot }[];
  /** Loop invariants (constant Enters): given to every iteration. */
  readonly invariants: { node: PlanNode; value: Slot }[];
}

interface Task {
  readonly node: PlanNode;
  readonly frame: FrameState;
  readonly iter: Iteration;
  readonly dead: boolean;
}

/**
 * Runs a plan with TF1 loops as TF's executor does: every node runs in a (frame,
 * iteration); `Enter` moves a value into a child frame (a constant Enter into every
 * iteration), `NextIteration` into the next iteration (at most `parallel_iterations` in
 * flight), `Exit` back to the parent frame. `Merge` runs on its first live input, dead
 * values flow as in a frame-free step, and an `Exit` that ends the loop dead makes its
 * consumers dead once the frame is done.
 */
export function executeFrames(
  plan: Plan,
  feedValues: readonly Slot[],
  options: StepOptions,
): Promise<StepResult> {
  const frames = plan.frames as readonly FrameInfo[];
  const nodes = plan.nodes;
  const slots: Slot[] = new Array(plan.numSlots);
  const memory = new StepMemory(plan.deviceByName);
  for (let i = 0; i < plan.feedSlots.length; i++) {
    const f = plan.feedSlots[i] as Plan['feedSlots'][number];
    const v = feedValues[i];
    slots[f.slot] = v;
    if (options.ownsFeeds !== true) memory.escape(v);
  }
  const ready: Task[] = [];
  let running = 0;
  let failed = false;
  let lastYield = performance.now();
  let tasks = 0;

  const newIteration = (frame: FrameState, num: number): Iteration => {
    const info = frame.info;
    const it: Iteration = {
      num,
      pending: info.initialPending.slice(),
      deadCount: new Int32Array(info.initialPending.length),
      inputs: new Array<Slot>(info.numInputs),
      outstandingOps: 0,
      outstandingFrames: 0,
      children: null,
    };
    const feeds = info.feedInputs;
    for (let i = 0; i < feeds.length; i += 2) {
      const v = slots[feeds[i + 1] as number];
      it.inputs[feeds[i] as number] = v;
      if (options.ownsFeeds === true) memory.hold(v, 1);
    }
    frame.iterations.set(num, it);
    return it;
  };
  const newFrame = (index: number, parent: FrameState | null, parentIter: Iteration | null) => {
    const info = frames[index] as FrameInfo;
    const frame: FrameState = {
      info,
      index,
      parent,
      parentIter,
      iterations: new Map(),
      iterationCount: 0,
      outstandingIterations: 1,
      pendingEnters: info.enterCount,
      deadExits: [],
      nextIterRoots: [],
      invariants: [],
    };
    newIteration(frame, 0);
    return frame;
  };

  const schedule = (node: PlanNode, frame: FrameState, iter: Iteration, dead: boolean) => {
    ready.push({ node, frame, iter, dead: dead && !node.isControlTrigger });
    iter.outstandingOps++;
  };

  /** Delivers a node's outputs to its consumers in (frame, iter); starts those now ready. */
  const activate = (
    node: PlanNode,
    frame: FrameState,
    iter: Iteration,
    outs: readonly Slot[],
    dead: boolean,
  ) => {
    const edges = node.outEdges;
    for (let k = 0; k < edges.length; k += 3) {
      const dst = nodes[edges[k] as number] as PlanNode;
      const v = dead ? DEAD : outs[edges[k + 2] as number];
      const live = v !== DEAD && v !== undefined;
      const local = dst.frameLocal;
      const pos = dst.frameInputBase + (edges[k + 1] as number);
      if (dst.isMerge) {
        if (live) {
          iter.inputs[pos] = v;
          memory.hold(v, 1);
          const before = iter.pending[local] as number;
          if (before & 1) {
            iter.pending[local] = before - 1;
            if (before === 1) schedule(dst, frame, iter, false);
          }
        } else {
          const deadCount = ++(iter.deadCount[local] as number);
          // A dead Enter kills the loop's Merge: a loop on an untaken branch.
          const allDead = deadCount === dst.inputSlots.length || node.flow === FlowKind.Enter;
          if (iter.pending[local] === 1 && allDead) schedule(dst, frame, iter, true);
        }
      } else {
        iter.inputs[pos] = live ? v : DEAD;
        if (live) memory.hold(v, 1);
        else (iter.deadCount[local] as number)++;
        if (--(iter.pending[local] as number) === 0) {
          schedule(dst, frame, iter, (iter.deadCount[local] as number) > 0);
        }
      }
    }
    for (const c of node.controlOut) {
      const dst = nodes[c] as PlanNode;
      const local = dst.frameLocal;
      if (dst.isMerge) {
        const p = (iter.pending[local] = (iter.pending[local] as number) - 2);
        const allDead = iter.deadCount[local] === dst.inputSlots.length;
        if (p === 0 || (p === 1 && allDead)) schedule(dst, frame, iter, allDead);
      } else {
        if (dead) (iter.deadCount[local] as number)++;
        if (--(iter.pending[local] as number) === 0) {
          schedule(dst, frame, iter, (iter.deadCount[local] as number) > 0);
        }
      }
    }
  };

  const childFrame = (frame: FrameState, iter: Iteration, index: number): FrameState => {
    const children = (iter.children ??= new Map());
    let child = children.get(index);
    if (child === undefined) {
      child = newFrame(index, frame, iter);
      children.set(index, child);
      iter.outstandingFrames++;
    }
    return child;
  };

  const incrementIteration = (frame: FrameState): Iteration => {
    frame.iterationCount++;
    const it = newIteration(frame, frame.iterationCount);
    frame.outstandingIterations++;
    frame.deadExits = [];
    const roots = frame.nextIterRoots;
    frame.nextIterRoots = [];
    for (const r of roots) {
      activate(r.node, frame, it, [r.value], false);
      memory.release(r.value);
    }
    for (const inv of frame.invariants) {
      activate(inv.node, frame, it, [inv.value], inv.value === DEAD);
    }
    return it;
  };

  const iterationDone = (frame: FrameState, it: Iteration): boolean =>
    it.outstandingOps === 0 &&
    it.outstandingFrames === 0 &&
    (it.num === 0 ? frame.pendingEnters === 0 : !frame.iterations.has(it.num - 1));

  const cleanup = (frame: FrameState, iter: Iteration) => {
    let it: Iteration | undefined = iter;
    while (it !== undefined && it.num <= frame.iterationCount && iterationDone(frame, it)) {
      frame.iterations.delete(it.num);
      frame.outstandingIterations--;
      const next = it.num + 1;
      if (frame.nextIterRoots.length > 0) incrementIteration(frame);
      it = frame.iterations.get(next);
    }
    if (frame.pendingEnters === 0 && frame.outstandingIterations === 0) endFrame(frame);
  };

  /** A finished frame: its dead Exits reach the parent, the parent iteration may finish. */
  const endFrame = (frame: FrameState) => {
    const parent = frame.parent;
    const parentIter = frame.parentIter;
    for (const inv of frame.invariants) memory.release(inv.value);
    if (parent === null || parentIter === null) return;
    for (const exit of frame.deadExits) activate(exit, parent, parentIter, [], true);
    parentIter.children?.delete(frame.index);
    parentIter.outstandingFrames--;
    cleanup(parent, parentIter);
  };

  const done = (frame: FrameState, iter: Iteration) => {
    if (--iter.outstandingOps === 0) cleanup(frame, iter);
  };

  /** Moves a finished node's outputs on, by its kind, then closes its task. */
  const propagate = (task: Task, outs: Slot[]) => {
    const { node, frame, iter, dead } = task;
    switch (node.flow) {
      case FlowKind.Enter: {
        const child = childFrame(frame, iter, node.enterFrame);
        if (node.isConstantEnter) {
          const value = dead ? DEAD : outs[0];
          child.invariants.push({ node, value });
          memory.hold(value, 1);
          for (let i = 0; i <= child.iterationCount; i++) {
            const it = child.iterations.get(i);
            if (it !== undefined) activate(node, child, it, [value], value === DEAD);
          }
        } else {
          activate(node, child, child.iterations.get(0) as Iteration, outs, dead);
        }
        child.pendingEnters--;
        const first = child.iterations.get(0);
        if (first !== undefined && first.outstandingOps === 0) cleanup(child, first);
        break;
      }
      case FlowKind.Exit:
        if (dead) {
          if (iter.num === frame.iterationCount) frame.deadExits.push(node);
        } else {
          activate(node, frame.parent as FrameState, frame.parentIter as Iteration, outs, false);
        }
        break;
      case FlowKind.NextIteration: {
        if (dead) break; // deadness stops at the back edge
        const value = outs[0];
        if (iter.num === frame.iterationCount) {
          if (frame.outstandingIterations === frame.info.parallelIterations) {
            frame.nextIterRoots.push({ node, value });
            memory.hold(value, 1);
          } else {
            activate(node, frame, incrementIteration(frame), outs, false);
          }
        } else {
          activate(node, frame, frame.iterations.get(iter.num + 1) as Iteration, outs, false);
        }
        break;
      }
      default:
        activate(node, frame, iter, outs, dead);
    }
  };

  /** The node's reads are done: its inputs and unused outputs may go back to the device. */
  const settle = (task: Task, outs: Slot[], ctx: NodeContext | null) => {
    const { node, iter } = task;
    const inputs = iter.inputs;
    const base = node.frameInputBase;
    const n = node.inputSlots.length;
    if (node.escapes || ctx?.inputsKept === true) {
      for (let i = 0; i < n; i++) memory.escape(inputs[base + i]);
    }
    const transferred = ctx?.transferred;
    if (transferred) freeCopies(node, transferred, outs, 0);
    for (let j = 0; j < outs.length; j++) {
      const v = outs[j];
      let isInput = false;
      for (let i = 0; i < n; i++) if (inputs[base + i] === v) isInput = true;
      if (!isInput) memory.drop(v);
    }
    for (let i = 0; i < n; i++) {
      memory.release(inputs[base + i]);
      inputs[base + i] = undefined;
    }
  };

  const finishTask = (task: Task, outs: Slot[], ctx: NodeContext | null) => {
    const node = task.node;
    for (let i = 0; i < outs.length; i++) {
      const v = outs[i];
      if (node.escapes || ctx?.keptOutputs?.includes(i) === true) memory.escape(v);
      const s = node.outputBase + i;
      if (plan.slotFetched[s]) {
        slots[s] = v;
        memory.fetch(v);
      }
    }
    propagate(task, outs);
    settle(task, outs, ctx);
    done(task.frame, task.iter);
  };

  const root = newFrame(0, null, null);
  const rootIter = root.iterations.get(0) as Iteration;
  for (const r of plan.roots) schedule(nodes[r] as PlanNode, root, rootIter, false);

  return new Promise<StepResult>((resolve, reject) => {
    const fail = (node: PlanNode, error: unknown) => {
      if (failed) return;
      failed = true;
      reject(nodeError(node, error));
    };
    const complete = (task: Task, outs: Slot[], ctx: NodeContext, start: number) => {
      for (let i = 0; i < outs.length; i++) if (outs[i] === undefined) outs[i] = DEAD;
      if (options.trace) {
        options.trace.push({
          node: task.node,
          startMicros: start,
          endMicros: now(),
          outputs: outs.map((v) => (v === DEAD || v === undefined ? null : v)),
        });
      }
      finishTask(task, outs, ctx);
    };
    const pump = () => {
      while (ready.length > 0 && !failed) {
        if (options.cancellation.aborted) {
          failed = true;
          reject(options.cancellation.reason);
          return;
        }
        if ((++tasks & 63) === 0 && performance.now() - lastYield > YIELD_MS) {
          lastYield = performance.now();
          nextMacrotask(pump);
          return;
        }
        const task = ready.pop() as Task;
        const node = task.node;
        const outs = new Array<Slot>(node.numOutputs);
        if (task.dead) {
          outs.fill(DEAD);
          finishTask(task, outs, null);
          continue;
        }
        const start = options.trace ? now() : 0;
        const ctx = new NodeContext(node, task.iter.inputs, node.frameInputIndex, outs, 0, options);
        let result: void | Promise<void>;
        try {
          result = computeNode(node, ctx);
        } catch (e) {
          fail(node, e);
          return;
        }
        if (result instanceof Promise) {
          running++;
          result.then(
            () => {
              running--;
              if (failed) return;
              complete(task, outs, ctx, start);
              pump();
            },
            (e) => fail(node, e),
          );
        } else {
          complete(task, outs, ctx, start);
        }
      }
      if (!failed && ready.length === 0 && running === 0) {
        resolve(stepResult(plan, slots, memory));
      }
    };
    options.cancellation.onAbort((reason) => {
      if (!failed) {
        failed = true;
        reject(reason);
      }
    });
    pump();
  });
}
