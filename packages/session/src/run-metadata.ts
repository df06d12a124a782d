import {
  AllocationDescription,
  AllocatorMemoryUsed,
  DeviceStepStats,
  dtypeToEnum,
  GraphDef,
  NodeDef,
  NodeExecStats,
  NodeOutput,
  StepStats,
  TensorDescription,
  TensorShapeProto,
  toLong,
  type RunMetadata,
} from '@tensorgraph/core';
import type { Operation } from '@tensorgraph/graph';
import type { NodeTrace } from './executor.js';
import type { Plan, PlanNode } from './plan.js';

export interface MetadataInput {
  readonly trace: readonly NodeTrace[] | undefined;
  readonly plan: Plan;
  readonly partitionGraphs: boolean;
}

/**
 * Fills `RunMetadata` after a step: FULL_TRACE step stats per device (start, duration,
 * output dtypes and shapes per node) and, when asked, the graph each device ran.
 */
export function fillRunMetadata(metadata: RunMetadata, input: MetadataInput): void {
  if (input.trace !== undefined) {
    const byDevice = new Map<string, NodeExecStats[]>();
    for (const t of input.trace) {
      const start = Math.floor(t.startMicros);
      const duration = Math.max(0, Math.round(t.endMicros - t.startMicros));
      const stats = new NodeExecStats({
        nodeName: t.node.op.name,
        allStartMicros: toLong(start),
        opStartRelMicros: toLong(0),
        opEndRelMicros: toLong(duration),
        allEndRelMicros: toLong(duration),
        timelineLabel: timelineLabel(t.node),
        output: t.outputs.flatMap((o, slot) =>
          o === null
            ? []
            : [
                new NodeOutput({
                  slot,
                  tensorDescription: new TensorDescription({
                    dtype: dtypeToEnum(o.dtype),
                    shape: new TensorShapeProto({
                      dim: o.shape.map((size) => new TensorShapeProto.Dim({ size: toLong(size) })),
                    }),
                    allocationDescription: new AllocationDescription({ allocatorName: 'cpu' }),
                  }),
                }),
              ],
        ),
      });
      const device = t.node.device.name;
      if (t.memory !== undefined) {
        // TF's per-node allocator record: what the node allocated, and the device's live
        // and peak bytes of the step so far.
        stats.memory = [
          new AllocatorMemoryUsed({
            allocatorName: allocatorName(device),
            totalBytes: toLong(t.memory.allocated),
            peakBytes: toLong(t.memory.peak),
            liveBytes: toLong(t.memory.live),
          }),
        ];
      }
      const list = byDevice.get(device);
      if (list === undefined) byDevice.set(device, [stats]);
      else list.push(stats);
    }
    metadata.stepStats = new StepStats({
      devStats: [...byDevice].map(
        ([device, nodeStats]) => new DeviceStepStats({ device, nodeStats }),
      ),
    });
  }
  if (input.partitionGraphs) {
    const byDevice = new Map<string, Operation[]>();
    for (const n of input.plan.nodes) {
      const list = byDevice.get(n.device.name);
      if (list === undefined) byDevice.set(n.device.name, [n.op]);
      else list.push(n.op);
    }
    metadata.partitionGraphs = [...byDevice].map(
      ([device, ops]) => new GraphDef({ node: ops.map((op) => partitionNode(op, device)) }),
    );
  }
}

/**
 * `name = Op(inputs)`; a conv that absorbed a constant Mul also names the Mul, whose output
 * it writes (TF's timeline shows its rewritten node the same way).
 */
function timelineLabel(node: PlanNode): string {
  const op = node.op;
  const own = `${op.name} = ${op.type}(${op.inputs.map((i) => i.name).join(', ')})`;
  const mul = node.foldedMul;
  const folded =
    mul === undefined
      ? own
      : `${own} [folded ${mul.name} = ${mul.type}(${mul.inputs.map((i) => i.name).join(', ')})]`;
  const fused = node.fused;
  return fused === undefined
    ? folded
    : `${folded} [fused as ${fused.opType} with ${fused.absorbed.map((o) => `${o.name} = ${o.type}`).join(', ')}]`;
}

/** TF's allocator names: `cpu` for the CPU, `GPU_0_bfc` for `.../device:GPU:0`. */
function allocatorName(device: string): string {
  const m = /device:([A-Za-z_]+):(\d+)$/.exec(device);
  if (m === null) return device;
  const type = m[1] as string;
  return type === 'CPU' ? 'cpu' : `${type}_${m[2] as string}_bfc`;
}

function partitionNode(op: Operation, device: string): NodeDef {
  const own = (op as unknown as { nodeDef?: NodeDef }).nodeDef;
  const node =
    own instanceof NodeDef
      ? NodeDef.fromObject(NodeDef.toObject(own))
      : new NodeDef({
          name: op.name,
          op: op.type,
          input: [
            ...op.inputs.map((t) => (t.valueIndex === 0 ? t.op.name : t.name)),
            ...op.controlInputs.map((c) => `^${c.name}`),
          ],
        });
  node.device = device;
  return node;
}
