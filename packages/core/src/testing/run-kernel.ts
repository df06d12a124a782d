import { InvalidArgumentError, NotFoundError } from '@tensorgraph/errors';
import type { DType } from '../dtype/dtype.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { BUILTIN_OPS } from '../ops/builtin-registry.js';
import { expandArgs } from '../plugin/arg-expansion.js';
import type { Backend } from '../plugin/backend.js';
import type { Device, DeviceTensor } from '../plugin/device.js';
import type { KernelContext } from '../plugin/kernel.js';
import { KernelIndex } from '../plugin/kernel-index.js';
import type { AttrValue, OpDefinition } from '../plugin/op-def.js';
import type { OpRegistry } from '../plugin/op-registry.js';
import { ResourceManager } from '../plugin/resource-manager.js';

export interface RunKernelOptions {
  /** The op type: `'MatMul'`. */
  readonly op: string;
  /** Flat inputs, as host values (list args expanded). */
  readonly inputs: readonly NDArray[];
  /**
   * The node's attrs; defaults come from the op definition, and a type attr of a single
   * input arg left out is taken from that input's dtype.
   */
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  readonly backend: Backend;
  /** A device of `backend` to run on (default: the first it creates). */
  readonly device?: Device;
  readonly registry?: OpRegistry;
  readonly resources?: ResourceManager;
  readonly nodeName?: string;
  /** The step's cancellation signal (default: one that never aborts). */
  readonly signal?: AbortSignal;
}

/**
 * Runs one kernel of `backend` on host inputs and returns its outputs as host values
 * (`null` for an output the kernel left dead): the way backend authors and the conformance
 * suite test a kernel without a graph or a session.
 */
export async function runKernel(options: RunKernelOptions): Promise<(NDArray | null)[]> {
  const registry = options.registry ?? BUILTIN_OPS;
  const opDef = registry.get(options.op);
  const attrs = completeAttrs(opDef, options.attrs ?? {}, options.inputs);
  const index = KernelIndex.fromBackends([options.backend]);
  const kernel = index.find(options.op, options.backend.deviceType, Object.fromEntries(attrs));
  if (kernel === undefined) {
    throw new NotFoundError(
      null,
      null,
      `No registered '${options.op}' OpKernel for '${options.backend.deviceType}' devices compatible with node {{node ${options.nodeName ?? options.op}}}\n\tRegistered:${'\n'}${index.describe(options.op)}`,
    );
  }
  const device =
    options.device ??
    (await options.backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' }))[0];
  if (device === undefined) {
    throw new NotFoundError(null, null, `Backend ${options.backend.name} created no device`);
  }
  const ins = expandArgs(opDef, opDef.inputs, attrs);
  const outs = expandArgs(opDef, opDef.outputs, attrs);
  const host = new Set(kernel.hostMemory ?? []);
  const hostInput = (i: number) =>
    host.has(ins.find((e) => i >= e.start && i < e.end)?.arg.name ?? '');
  const hostOutput = (i: number) =>
    host.has(outs.find((e) => i >= e.start && i < e.end)?.arg.name ?? '');
  const numInputs = ins.at(-1)?.end ?? 0;
  const numOutputs = outs.at(-1)?.end ?? 0;
  if (options.inputs.length !== numInputs) {
    throw new InvalidArgumentError(
      null,
      null,
      `${options.op} expects ${numInputs} inputs given its attrs, got ${options.inputs.length}`,
    );
  }
  const uploaded: (DeviceTensor | null)[] = [];
  for (let i = 0; i < numInputs; i++) {
    uploaded.push(hostInput(i) ? null : await device.upload(options.inputs[i] as NDArray));
  }
  const outputs: (DeviceTensor | NDArray | null)[] = new Array(numOutputs).fill(null);
  const nodeName = options.nodeName ?? options.op;
  const checkOut = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= numOutputs) {
      throw new InvalidArgumentError(null, null, `${nodeName}: output index ${i} out of range`);
    }
  };
  const ctx: KernelContext = {
    nodeName,
    opType: options.op,
    device,
    numInputs,
    numOutputs,
    input: (i) => {
      const t = uploaded[i];
      if (t === undefined || t === null) {
        throw new InvalidArgumentError(null, null, `${nodeName}: input ${i} is not on the device`);
      }
      return t;
    },
    inputList: (argName) => {
      const e = ins.find((x) => x.arg.name === argName);
      if (e === undefined) throw new InvalidArgumentError(null, null, `No input arg ${argName}`);
      return Array.from({ length: e.end - e.start }, (_, k) => ctx.input(e.start + k));
    },
    // One call has no steps to share work between.
    inputIsConstant: () => false,
    hostInput: (i) => {
      if (!hostInput(i)) {
        throw new InvalidArgumentError(null, null, `${nodeName}: input ${i} is not in host memory`);
      }
      return options.inputs[i] as NDArray;
    },
    allocateOutput: (i, shape) => {
      checkOut(i);
      const t = device.allocate(outs.flatMap((e) => e.dtypes)[i] as DType, shape);
      outputs[i] = t;
      return t;
    },
    // The caller's inputs are never overwritten: a kernel run alone always allocates.
    forwardInputOrAllocate: (_input, i, shape) => ctx.allocateOutput(i, shape),
    setOutput: (i, t) => {
      checkOut(i);
      outputs[i] = t;
    },
    setHostOutput: (i, v) => {
      checkOut(i);
      if (!hostOutput(i)) {
        throw new InvalidArgumentError(
          null,
          null,
          `${nodeName}: output ${i} is not in host memory`,
        );
      }
      outputs[i] = v;
    },
    resources: options.resources ?? new ResourceManager(),
    signal: options.signal ?? new AbortController().signal,
    stepId: 1,
  };
  const compute = kernel.create({
    nodeName,
    opType: options.op,
    attrs: Object.fromEntries(attrs),
    device,
    inputDTypes: ins.flatMap((e) => e.dtypes),
    outputDTypes: outs.flatMap((e) => e.dtypes),
  });
  await compute(ctx);
  const result: (NDArray | null)[] = [];
  for (let i = 0; i < numOutputs; i++) {
    const o = outputs[i];
    if (o === null || o === undefined) result.push(null);
    else if (hostOutput(i)) result.push(o as NDArray);
    else result.push(await device.download(o as DeviceTensor));
  }
  return result;
}

function completeAttrs(
  opDef: OpDefinition,
  given: Readonly<Record<string, AttrValue>>,
  inputs: readonly NDArray[],
): Map<string, AttrValue> {
  const attrs = new Map<string, AttrValue>(Object.entries(given));
  // Infer the type attr of single-tensor input args from the inputs, in order.
  let i = 0;
  for (const arg of opDef.inputs) {
    if (arg.numberAttr === undefined && arg.typeListAttr === undefined) {
      if (arg.typeAttr !== undefined && !attrs.has(arg.typeAttr) && inputs[i] !== undefined) {
        attrs.set(arg.typeAttr, (inputs[i] as NDArray).dtype);
      }
      i += 1;
    } else {
      // A list arg: its length comes from the attrs, so inference stops here.
      break;
    }
  }
  for (const def of opDef.attrs) {
    if (!attrs.has(def.name) && def.defaultValue !== undefined)
      attrs.set(def.name, def.defaultValue);
  }
  return attrs;
}
