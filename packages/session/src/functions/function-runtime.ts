import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  type AttrValue,
  type DeviceTensor,
  type FuncValue,
  type KernelCompute,
  type KernelContext,
  type KernelIndex,
} from '@tensorgraph/core';
import type { Graph, Operation, Tensor } from '@tensorgraph/graph';
import type { SessionDevice } from '../devices.js';
import { DEAD, executePlan, isDeviceTensor } from '../executor.js';
import { compilePlan, type Plan } from '../plan.js';
import { placeOps } from '../placer.js';
import { StepCancellation } from '../step-cancellation.js';
import { instantiateFunction, type FunctionBody } from './function-body.js';

type Value = DeviceTensor | NDArray;

/** The function-call ops the session runs itself (no backend has kernels for them). */
export const FUNCTION_CALL_OPS: ReadonlySet<string> = new Set([
  'If',
  'StatelessIf',
  'Case',
  'StatelessCase',
  'While',
  'StatelessWhile',
  'PartitionedCall',
  'StatefulPartitionedCall',
]);

/** How long a While loop runs before it lets other tasks (timers, I/O) run. */
const YIELD_MS = 10;

function nextMacrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  return new Promise((resolve) => {
    if (g.setImmediate !== undefined) g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** A function instantiated for one set of attrs, its plan compiled on first call. */
interface Instance {
  readonly body: FunctionBody;
  plan: Plan | null;
  /**
   * Per return value: the argument it passes through (`arg`), or its place among the plan's
   * fetches. Passed-through values skip the step (a loop's captures would else be copied
   * through host memory every iteration).
   */
  readonly sources: readonly ({ readonly arg: number } | { readonly fetch: number })[];
  /** The return values the plan computes. */
  readonly fetches: readonly Tensor[];
}

/**
 * Runs the functions of a session's graph library: each call op (If, Case, While,
 * PartitionedCall, or a node whose op is a library function) gets a compute that
 * instantiates the functions it calls once per (function, attrs) as a graph, places and
 * compiles it on the session's devices and kernels, and runs it as a nested step with the
 * caller's resources, step id and cancellation, its inputs fed to the arguments.
 */
export class FunctionRuntime {
  readonly #graph: Graph;
  readonly #devices: readonly SessionDevice[];
  readonly #byName: ReadonlyMap<string, SessionDevice>;
  readonly #kernels: KernelIndex;
  readonly #instances = new Map<string, Instance>();

  constructor(graph: Graph, devices: readonly SessionDevice[], kernels: KernelIndex) {
    this.#graph = graph;
    this.#devices = devices;
    this.#byName = new Map(devices.map((d) => [d.name, d]));
    this.#kernels = kernels;
  }

  /** The compute of `op` if it is a function call, else `undefined` (a plan's hook). */
  readonly compile = (op: Operation, device: SessionDevice): KernelCompute | undefined => {
    if (!FUNCTION_CALL_OPS.has(op.type) && !this.#graph.library.has(op.type)) return undefined;
    const attr = <T extends AttrValue>(name: string) => op.getAttr<T>(name);
    switch (op.type) {
      case 'If':
      case 'StatelessIf': {
        const branches = [attr<FuncValue>('then_branch'), attr<FuncValue>('else_branch')];
        return (ctx) =>
          this.#branch(ctx, device, branches, async (pred) => ((await this.#toBool(pred)) ? 0 : 1));
      }
      case 'Case':
      case 'StatelessCase': {
        const branches = attr<readonly FuncValue[]>('branches');
        return (ctx) =>
          this.#branch(ctx, device, branches, async (index) => {
            const i = Number((await this.#host(index)).data[0]);
            // Out of range selects the last branch (the default), as TF's Case.
            return i < 0 || i >= branches.length ? branches.length - 1 : i;
          });
      }
      case 'While':
      case 'StatelessWhile':
        return (ctx) => this.#while(ctx, device, attr<FuncValue>('cond'), attr<FuncValue>('body'));
      case 'PartitionedCall':
      case 'StatefulPartitionedCall': {
        const f = attr<FuncValue>('f');
        return (ctx) => this.#call(ctx, device, f);
      }
      default: {
        // A node whose op is a library function: its attrs instantiate it.
        const attrs: Record<string, AttrValue> = {};
        for (const n of op.attrNames) if (!n.startsWith('_')) attrs[n] = op.getAttr(n);
        const f: FuncValue = { name: op.type, attr: attrs };
        return (ctx) => this.#call(ctx, device, f);
      }
    }
  };

  async #call(ctx: KernelContext, device: SessionDevice, f: FuncValue): Promise<void> {
    const step = linkedCancellation(ctx);
    try {
      const outputs = await this.#run(f, inputsOf(ctx, 0), ctx, step.cancellation);
      await this.#setOutputs(ctx, device, f, outputs);
    } finally {
      step.dispose();
    }
  }

  async #branch(
    ctx: KernelContext,
    device: SessionDevice,
    branches: readonly FuncValue[],
    choose: (selector: Value) => Promise<number>,
  ): Promise<void> {
    const index = await choose(ctx.input(0));
    const f = branches[index] as FuncValue;
    const step = linkedCancellation(ctx);
    try {
      const outputs = await this.#run(f, inputsOf(ctx, 1), ctx, step.cancellation);
      await this.#setOutputs(ctx, device, f, outputs);
    } finally {
      step.dispose();
    }
  }

  async #while(
    ctx: KernelContext,
    device: SessionDevice,
    cond: FuncValue,
    body: FuncValue,
  ): Promise<void> {
    let vars: Value[] = inputsOf(ctx, 0);
    const step = linkedCancellation(ctx);
    let lastYield = performance.now();
    try {
      for (;;) {
        // Nested steps settle in microtasks: let timers (a run's timeout) fire now and then.
        if (performance.now() - lastYield > YIELD_MS) {
          await nextMacrotask();
          lastYield = performance.now();
        }
        if (step.cancellation.aborted) throw step.cancellation.reason;
        const [pred] = await this.#run(cond, vars, ctx, step.cancellation);
        if (!(await this.#toBool(checkedValue(pred, cond, 0)))) break;
        const next = await this.#run(body, vars, ctx, step.cancellation);
        if (next.length !== vars.length) {
          throw new InvalidArgumentError(
            null,
            null,
            `While loop body returned ${next.length} arguments. Expected: ${vars.length}.`,
          );
        }
        vars = next.map((v, i) => checkedValue(v, body, i));
      }
    } finally {
      step.dispose();
    }
    await this.#setOutputs(ctx, device, body, vars);
  }

  /** Runs function `f` on `inputs` as a nested step; resolves to its return values. */
  async #run(
    f: FuncValue,
    inputs: readonly Value[],
    ctx: KernelContext,
    cancellation: StepCancellation,
  ): Promise<(Value | typeof DEAD | undefined)[]> {
    const instance = this.#instance(f);
    const { body } = instance;
    if (inputs.length !== body.args.length) {
      throw new InvalidArgumentError(
        null,
        null,
        `Expects ${body.args.length} arguments, but ${inputs.length} is provided`,
      );
    }
    const plan = (instance.plan ??= this.#compile(body, instance.fetches));
    const feeds: Value[] = new Array<Value>(plan.numSlots);
    for (const f of plan.feedSlots) {
      const moved = this.#moveTo(inputs[f.feedIndex] as Value, f.device);
      feeds[f.slot] = moved instanceof Promise ? await moved : moved;
    }
    const fetched =
      plan.nodes.length === 0 && instance.fetches.length === 0
        ? []
        : await executePlan(plan, feeds, {
            resources: ctx.resources,
            cancellation,
            stepId: ctx.stepId,
          });
    return instance.sources.map((s) => ('arg' in s ? inputs[s.arg] : fetched[s.fetch]));
  }

  #instance(f: FuncValue): Instance {
    const key = `${f.name}\u0000${attrKey(f.attr)}`;
    let instance = this.#instances.get(key);
    if (instance === undefined) {
      const body = instantiateFunction(this.#graph.library, this.#graph.opRegistry, f);
      const fetches: Tensor[] = [];
      const sources = body.rets.map((t) => {
        const arg = body.args.indexOf(t);
        if (arg >= 0) return { arg };
        fetches.push(t);
        return { fetch: fetches.length - 1 };
      });
      instance = { body, plan: null, sources, fetches };
      this.#instances.set(key, instance);
    }
    return instance;
  }

  #compile(body: FunctionBody, fetches: readonly Tensor[]): Plan {
    // TF runs function bodies with soft placement.
    const placement = placeOps(body.graph.getOperations(), this.#devices, this.#kernels, {
      allowSoftPlacement: true,
    });
    return compilePlan({
      feeds: body.args,
      fetches,
      targets: body.targets,
      placement,
      kernels: this.#kernels,
      devices: this.#devices,
      functionCalls: this.compile,
    });
  }

  async #setOutputs(
    ctx: KernelContext,
    device: SessionDevice,
    f: FuncValue,
    values: readonly (Value | typeof DEAD | undefined)[],
  ): Promise<void> {
    if (values.length !== ctx.numOutputs) {
      throw new InvalidArgumentError(
        null,
        null,
        `Function ${f.name} returned ${values.length} values, the node has ${ctx.numOutputs} outputs`,
      );
    }
    for (let i = 0; i < values.length; i++) {
      const moved = this.#moveTo(checkedValue(values[i], f, i), device);
      ctx.setOutput(i, (moved instanceof Promise ? await moved : moved) as DeviceTensor);
    }
  }

  /** `value` on `device` (a device tensor), or in host memory for `null`. */
  #moveTo(value: Value, device: SessionDevice | null): Value | Promise<Value> {
    if (device === null) return this.#host(value);
    if (isDeviceTensor(value)) {
      if (value.device === device.name) return value;
      const host = this.#host(value);
      return host instanceof Promise
        ? host.then((h) => device.device.upload(h))
        : device.device.upload(host);
    }
    return device.device.upload(value);
  }

  #host(value: Value): NDArray | Promise<NDArray> {
    if (!isDeviceTensor(value)) return value;
    const owner = this.#byName.get(value.device);
    if (owner === undefined) return value.handle as NDArray;
    return owner.device.download(value);
  }

  /** TF's `ToBool` of an If or While predicate. */
  async #toBool(value: Value): Promise<boolean> {
    const host = await this.#host(value);
    if (host.shape.length > 0) return host.size > 0;
    const v = host.data[0] as unknown;
    if (v instanceof Uint8Array) return v.length > 0;
    if (typeof v === 'bigint') return v !== 0n;
    return v !== 0;
  }
}

function inputsOf(ctx: KernelContext, from: number): Value[] {
  const out: Value[] = [];
  for (let i = from; i < ctx.numInputs; i++) out.push(ctx.input(i));
  return out;
}

function checkedValue(v: Value | typeof DEAD | undefined, f: FuncValue, index: number): Value {
  if (v === DEAD || v === undefined) {
    throw new InvalidArgumentError(
      null,
      null,
      `Function ${f.name}: Retval[${index}] does not have value`,
    );
  }
  return v;
}

/** A stable key of instantiation attrs. */
function attrKey(attrs: Readonly<Record<string, AttrValue>> | undefined): string {
  if (attrs === undefined) return '';
  return JSON.stringify(
    Object.keys(attrs)
      .sort()
      .map((k) => [k, attrs[k]]),
    (_k, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : v instanceof NDArray ? `ndarray:${String(v.data)}` : v,
  );
}

/**
 * A cancellation for the nested steps of one call, aborted when the calling step is (the
 * caller's executor keeps the step's own abort callback).
 */
function linkedCancellation(ctx: KernelContext): {
  cancellation: StepCancellation;
  dispose: () => void;
} {
  const cancellation = new StepCancellation();
  const signal = ctx.signal;
  if (signal.aborted) {
    cancellation.abort(signal.reason);
    return { cancellation, dispose: () => {} };
  }
  const onAbort = () => cancellation.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return { cancellation, dispose: () => signal.removeEventListener('abort', onAbort) };
}
