import {
  AllocationDescription,
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
import type { Plan } from './plan.js';

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
        timelineLabel: `${t.node.op.name} = ${t.node.op.type}(${t.node.op.inputs.map((i) => i.name).join(', ')})`,
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
