import { InvalidArgumentError } from '@tensorgraph/errors';
import { DeviceSpec, deviceSpecMatches, type AttrValue, type KernelIndex } from '@tensorgraph/core';
import type { Operation } from '@tensorgraph/graph';
import { CONTROL_FLOW_OPS } from './control-flow.js';
import type { SessionDevice } from './devices.js';
import { noKernelMessage } from './plan.js';

/** One placement decision, as data: what was asked, what was given, and why. */
export interface PlacementDecision {
  readonly op: Operation;
  readonly requested: string;
  readonly assigned: SessionDevice;
  readonly reason: 'requested' | 'colocated' | 'soft-placement' | 'default';
}

export interface PlacerOptions {
  readonly allowSoftPlacement: boolean;
  /** Ops placed earlier (control-flow ops follow their data there). */
  readonly placed?: ReadonlyMap<Operation, PlacementDecision>;
}

/**
 * Places every op of `ops` on a device, as TF's placer: ops that must be together
 * (colocation groups `loc:@x`, ref and resource edges) form one group; a group's device
 * must match every member's request and have a kernel for every member; among those the
 * device of highest priority wins. Without soft placement an impossible request is TF's
 * `InvalidArgumentError`; with it, the request is dropped.
 */
export function placeOps(
  ops: readonly Operation[],
  devices: readonly SessionDevice[],
  kernels: KernelIndex,
  { allowSoftPlacement, placed }: PlacerOptions,
): Map<Operation, PlacementDecision> {
  const groups = colocationGroups(ops);
  const decisions = new Map<Operation, PlacementDecision>();
  for (const members of groups) {
    // Merge the requests of the group's members.
    let request = new DeviceSpec();
    let requester: Operation | null = null;
    for (const op of members) {
      if (!op.device) continue;
      const spec = DeviceSpec.fromString(op.device);
      if (requester !== null && !compatible(request, spec)) {
        throw new InvalidArgumentError(
          null,
          null,
          `Cannot colocate nodes {{colocation_node ${requester.name}}} and {{colocation_node ${op.name}}}: Cannot merge devices with incompatible types: '${request.toString()}' and '${spec.toString()}'`,
        );
      }
      request = spec.makeMergedSpec(request);
      requester ??= op;
    }
    // Device types with a kernel for every member that has kernels at all.
    let types = null as Set<string> | null;
    for (const op of members) {
      // Control-flow ops run in the executor on any device, whatever kernels backends have.
      if (!kernels.has(op.type) || CONTROL_FLOW_OPS.has(op.type)) continue;
      const attrs = attrsOf(op);
      const t = new Set(kernels.deviceTypesFor(op.type, attrs));
      types = types === null ? t : new Set([...types].filter((x: string) => t.has(x)));
    }
    const supported = (d: SessionDevice) => types === null || types.has(d.deviceType);
    const requestText = request.toString();
    let chosen = devices.find((d) => supported(d) && deviceSpecMatches(request, d.name));
    let reason: PlacementDecision['reason'] = requestText ? 'requested' : 'default';
    // Unpinned control-flow ops go with their data, as TF places them.
    if (!requestText && members.every((m) => CONTROL_FLOW_OPS.has(m.type))) {
      const source = (members[0] as Operation).inputs[0]?.op;
      const followed = source && (decisions.get(source) ?? placed?.get(source));
      if (followed) {
        chosen = followed.assigned;
        reason = 'colocated';
      }
    }
    if (chosen === undefined) {
      const op = requester ?? (members[0] as Operation);
      if (requestText && allowSoftPlacement) {
        // Keep the requested type if some device of it has the kernels, else any device.
        chosen =
          devices.find((d) => supported(d) && d.deviceType === request.deviceType) ??
          devices.find(supported);
        reason = 'soft-placement';
      }
      if (chosen === undefined) throw placementError(op, request, devices, kernels, types);
    }
    for (const op of members) {
      decisions.set(op, {
        op,
        requested: op.device,
        assigned: chosen,
        reason:
          members.length > 1 && !op.device && reason !== 'soft-placement' ? 'colocated' : reason,
      });
    }
  }
  return decisions;
}

/** TF's placement log line: `c: (Mul): /job:localhost/replica:0/task:0/device:CPU:0`. */
export function placementLogLine(d: PlacementDecision): string {
  return `${d.op.name}: (${d.op.type}): ${d.assigned.name}`;
}

function compatible(a: DeviceSpec, b: DeviceSpec): boolean {
  return (
    (a.job === null || b.job === null || a.job === b.job) &&
    (a.replica === null || b.replica === null || a.replica === b.replica) &&
    (a.task === null || b.task === null || a.task === b.task) &&
    (a.deviceType === null || b.deviceType === null || a.deviceType === b.deviceType) &&
    (a.deviceIndex === null || b.deviceIndex === null || a.deviceIndex === b.deviceIndex)
  );
}

function attrsOf(op: Operation): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const name of op.attrNames) out[name] = op.getAttr(name);
  return out;
}

function placementError(
  op: Operation,
  request: DeviceSpec,
  devices: readonly SessionDevice[],
  kernels: KernelIndex,
  types: Set<string> | null,
): InvalidArgumentError {
  const requestText = op.device || request.toString();
  const matching = devices.filter((d) => deviceSpecMatches(request, d.name));
  let message: string;
  if (!requestText && types !== null) {
    // Nothing asked for: the op has no kernel on any device (TF's placer says so).
    const deviceTypes = [...new Set(devices.map((d) => d.deviceType))];
    message = noKernelMessage(op, attrsOf(op), deviceTypes, kernels);
  } else if (matching.length === 0) {
    message =
      `Cannot assign a device for operation ${op.name}: {{node ${op.name}}} was explicitly assigned to ${requestText} but available devices are [ ${devices
        .map((d) => d.name)
        .join(', ')} ]. Make sure the device specification refers to a valid device.` +
      (request.deviceType === 'GPU'
        ? ' The requested device appears to be a GPU, but CUDA is not enabled.'
        : '');
  } else {
    const type = request.deviceType ?? (matching[0] as SessionDevice).deviceType;
    message =
      `Cannot assign a device for operation ${op.name}: Could not satisfy explicit device specification '${requestText}' because no supported kernel for ${type} devices is available.\n` +
      `Registered kernels:\n${kernels.describe(op.type)}` +
      (types === null ? '' : `Supported device types: [${[...types].join(', ')}]`);
  }
  // TF names the node in its placer errors as `[[name]]`.
  return new InvalidArgumentError(null, op, `${message}\n\t [[${op.name}]]`);
}

/** Groups of ops that must share a device: `_class` groups plus ref and resource edges. */
function colocationGroups(ops: readonly Operation[]): Operation[][] {
  const parent = new Map<Operation, Operation>();
  const find = (op: Operation): Operation => {
    let root = op;
    while (parent.get(root) !== root) root = parent.get(root) as Operation;
    parent.set(op, root);
    return root;
  };
  const union = (a: Operation, b: Operation) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const op of ops) parent.set(op, op);
  const byGroup = new Map<string, Operation>();
  for (const op of ops) {
    for (const g of op.colocationGroups()) {
      const other = byGroup.get(g);
      if (other === undefined) byGroup.set(g, op);
      else union(other, op);
    }
  }
  for (const op of ops) {
    op.inputs.forEach((t, i) => {
      if (!parent.has(t.op)) return;
      const arg = argAt(op, i);
      if (t.dtype === 'resource' || arg?.isRef === true) union(op, t.op);
    });
  }
  const groups = new Map<Operation, Operation[]>();
  for (const op of ops) {
    const root = find(op);
    const list = groups.get(root);
    if (list === undefined) groups.set(root, [op]);
    else list.push(op);
  }
  return [...groups.values()];
}

function argAt(op: Operation, index: number) {
  let i = 0;
  for (const arg of op.opDef.inputs) {
    let n = 1;
    if (arg.numberAttr !== undefined) n = Number(op.getAttr(arg.numberAttr));
    else if (arg.typeListAttr !== undefined) n = (op.getAttr(arg.typeListAttr) as unknown[]).length;
    if (index < i + n) return arg;
    i += n;
  }
  return undefined;
}
