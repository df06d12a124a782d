import { InvalidArgumentError } from '@tensorgraph/errors';
import { FlowKind } from './control-flow.js';
import type { PlanNode } from './plan.js';

/** A TF1 loop frame of a plan, as the frame executor instantiates it per parent iteration. */
export interface FrameInfo {
  /** TF's `frame_name` (`''` for the root). */
  readonly name: string;
  /** The enclosing frame (-1 for the root). */
  readonly parent: number;
  /** How many iterations may be in flight at once (`parallel_iterations`). */
  readonly parallelIterations: number;
  /** How many `Enter` nodes feed the frame: iteration 0 is open until all have arrived. */
  readonly enterCount: number;
  /** Plan indices of the frame's nodes, by their index in the frame. */
  readonly nodes: Int32Array;
  /** Size of an iteration's input array (every input of every node of the frame). */
  readonly numInputs: number;
  /** What each node waits for in a new iteration (Merge: 1 + 2 per control input). */
  readonly initialPending: Int32Array;
  /** Fed inputs as flat pairs (input position in the frame, feed slot). */
  readonly feedInputs: number[];
}

type FramePlace = Pick<
  PlanNode,
  'frame' | 'frameLocal' | 'frameInputBase' | 'frameInputIndex' | 'enterFrame'
>;

/**
 * Assigns every node of a plan with loops to its frame, as TF's control-flow analysis does:
 * walking from the roots, an `Enter`'s consumers are in the frame it names (a child of the
 * Enter's own frame), an `Exit`'s consumers in its frame's parent, everyone else's in the
 * producer's frame.
 */
export function analyzeFrames(nodes: readonly PlanNode[]): {
  frames: FrameInfo[];
  placeOf: FramePlace[];
} {
  interface Building {
    name: string;
    parent: number;
    parallelIterations: number;
    enterCount: number;
    nodes: number[];
  }
  const frames: Building[] = [
    { name: '', parent: -1, parallelIterations: 1, enterCount: 0, nodes: [] },
  ];
  const byName = new Map<string, number>();
  const frameOf = new Int32Array(nodes.length).fill(-1);
  const enterFrame = new Int32Array(nodes.length).fill(-1);
  const queue: number[] = [];
  for (const n of nodes) {
    if (n.pending === 0) {
      frameOf[n.index] = 0;
      queue.push(n.index);
    }
  }
  const childOf = (node: PlanNode, frame: number): number => {
    const name = String(node.op.getAttr('frame_name'));
    let child = byName.get(name);
    if (child === undefined) {
      child = frames.length;
      byName.set(name, child);
      frames.push({
        name,
        parent: frame,
        parallelIterations: Math.max(1, Number(node.op.getAttr('parallel_iterations'))),
        enterCount: 0,
        nodes: [],
      });
    }
    return child;
  };
  for (let q = 0; q < queue.length; q++) {
    const node = nodes[queue[q] as number] as PlanNode;
    const frame = frameOf[node.index] as number;
    let out = frame;
    if (node.flow === FlowKind.Enter) {
      out = childOf(node, frame);
      enterFrame[node.index] = out;
      (frames[out] as Building).enterCount++;
    } else if (node.flow === FlowKind.Exit) {
      out = (frames[frame] as Building).parent;
      if (out < 0) {
        throw new InvalidArgumentError(
          null,
          node.op,
          `Exit node ${node.op.name} is not inside a while loop frame`,
        );
      }
    }
    const visit = (c: number) => {
      if (frameOf[c] !== -1) return;
      frameOf[c] = out;
      queue.push(c);
    };
    for (let i = 0; i < node.outEdges.length; i += 3) visit(node.outEdges[i] as number);
    for (const c of node.controlOut) visit(c);
  }
  const unreached = nodes.find((n) => frameOf[n.index] === -1);
  if (unreached !== undefined) {
    throw new InvalidArgumentError(
      null,
      unreached.op,
      `Node ${unreached.op.name} is on a cycle that no Enter starts: the graph is not a valid while loop`,
    );
  }
  const placeOf: FramePlace[] = new Array<FramePlace>(nodes.length);
  const infos = frames.map((f, index): FrameInfo => {
    const members = nodes.filter((n) => frameOf[n.index] === index);
    let numInputs = 0;
    const initialPending = new Int32Array(members.length);
    members.forEach((n, local) => {
      placeOf[n.index] = {
        frame: index,
        frameLocal: local,
        frameInputBase: numInputs,
        frameInputIndex: Int32Array.from(n.inputSlots, (_s, i) => numInputs + i),
        enterFrame: enterFrame[n.index] as number,
      };
      numInputs += n.inputSlots.length;
      initialPending[local] = n.isMerge ? 1 + 2 * n.controlInputs.length : n.pending;
    });
    return {
      name: f.name,
      parent: f.parent,
      parallelIterations: f.parallelIterations,
      enterCount: f.enterCount,
      nodes: Int32Array.from(members, (n) => n.index),
      numInputs,
      initialPending,
      feedInputs: [],
    };
  });
  return { frames: infos, placeOf };
}
