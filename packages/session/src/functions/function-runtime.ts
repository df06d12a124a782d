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
import type { FlowContext } from '../control-flow.js';
import type { SessionDevice } from '../devices.js';
import { DEAD, executePlan, isDeviceTensor } from '../executor.js';
import { compilePlan, type Plan } from '../plan.js';
import { placeOps } from '../placer.js';
import { StepCancellation } from '../step-cancellation.js';
import { instantiateFunction, type FunctionBody } from './function-body.js';

type Value = DeviceTensor | NDArray;

/** A nested step's return values; `owned[i]`: the step made value `i` (its caller frees it). */
interface Ran {
  readonly values: readonly (Value | typeof DEAD | undefined)[];
  readonly owned: Uint8Array;
}

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
  /** Whether the body may keep its arguments (it stores values or calls functions). */
  keepsArgs: boolean;
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
      const inputs = inputsOf(ctx, 0);
      const ran = await this.#run(f, inputs, ctx, step.cancellation);
      await this.#setOutputs(ctx, device, f, ran, inputs);
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
      const inputs = inputsOf(ctx, 1);
      const ran = await this.#run(f, inputs, ctx, step.cancellation);
      await this.#setOutputs(ctx, device, f, ran, inputs);
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
    const inputs = inputsOf(ctx, 0);
    let vars: Value[] = inputs;
    // Which loop values this call made (the caller's inputs are not ours to free).
    let owned: Uint8Array = new Uint8Array(vars.length);
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
        const tested = await this.#run(cond, vars, ctx, step.cancellation);
        const pred = checkedValue(tested.values[0], cond, 0);
        const go = await this.#toBool(pred);
        if (tested.owned[0] && !vars.includes(pred)) this.#free(pred);
        if (!go) break;
        const ran = await this.#run(body, vars, ctx, step.cancellation);
        if (ran.values.length !== vars.length) {
          throw new InvalidArgumentError(
            null,
            null,
            `While loop body returned ${ran.values.length} arguments. Expected: ${vars.length}.`,
          );
        }
        const next = ran.values.map((v, i) => checkedValue(v, body, i));
        // Last iteration's values the body did not pass on are done with.
        for (let i = 0; i < vars.length; i++) {
          const old = vars[i] as Value;
          if (owned[i] && !next.includes(old) && vars.indexOf(old) === i) this.#free(old);
        }
        // A value passed through from the last iteration stays ours.
        const nextOwned = ran.owned.slice();
        next.forEach((v, i) => {
          const j = vars.indexOf(v);
          if (j >= 0 && owned[j]) nextOwned[i] = 1;
        });
        vars = next;
        owned = nextOwned;
      }
    } finally {
      step.dispose();
    }
    await this.#setOutputs(ctx, device, body, { values: vars, owned }, inputs);
  }

  /**
   * Runs function `f` on `inputs` as a nested step; resolves to its return values and which
   * of them the step made (the caller frees those when done).
   */
  async #run(
    f: FuncValue,
    inputs: readonly Value[],
    ctx: KernelContext,
    cancellation: StepCancellation,
  ): Promise<Ran> {
    const instance = this.#instance(f);
    const { body } = instance;
    if (inputs.length !== body.args.length) {
      throw new InvalidArgumentError(
        null,
        null,
        `Expects ${body.args.length} arguments, but ${inputs.length} is provided`,
      );
    }
    let plan = instance.plan;
    if (plan === null) {
      plan = instance.plan = this.#compile(body, instance.fetches);
      instance.keepsArgs = plan.nodes.some(
        (n) => n.isCall || (n.escapes && n.op.type !== 'Const' && n.op.type !== 'HostConst'),
      );
    }
    if (instance.keepsArgs) (ctx as FlowContext).keepInputs();
    const feeds: Value[] = new Array<Value>(plan.feedSlots.length);
    for (let i = 0; i < plan.feedSlots.length; i++) {
      const f = plan.feedSlots[i] as Plan['feedSlots'][number];
      const moved = this.#moveTo(inputs[f.feedIndex] as Value, f.device);
      feeds[i] = moved instanceof Promise ? await moved : moved;
    }
    const result =
      plan.nodes.length === 0 && instance.fetches.length === 0
        ? { values: [], owned: new Uint8Array(0) }
        : await executePlan(plan, feeds, {
            resources: ctx.resources,
            cancellation,
            stepId: ctx.stepId,
          });
    // Arguments copied to another device for the body are done with.
    for (let i = 0; i < plan.feedSlots.length; i++) {
      const f = plan.feedSlots[i] as Plan['feedSlots'][number];
      const copy = feeds[i];
      if (copy !== inputs[f.feedIndex] && isDeviceTensor(copy) && !result.values.includes(copy)) {
        this.#free(copy);
      }
    }
    const sources = instance.sources;
    const values: (Value | typeof DEAD | undefined)[] = new Array(sources.length);
    const owned = new Uint8Array(sources.length);
    sources.forEach((s, i) => {
      if ('arg' in s) {
        values[i] = inputs[s.arg];
      } else {
        values[i] = result.values[s.fetch];
        owned[i] = result.owned[s.fetch] as number;
      }
    });
    return { values, owned };
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
      instance = { body, plan: null, sources, fetches, keepsArgs: true };
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
    { values, owned }: Ran,
    callInputs: readonly Value[],
  ): Promise<void> {
    if (values.length !== ctx.numOutputs) {
      throw new InvalidArgumentError(
        null,
        null,
        `Function ${f.name} returned ${values.length} values, the node has ${ctx.numOutputs} outputs`,
      );
    }
    for (let i = 0; i < values.length; i++) {
      const value = checkedValue(values[i], f, i);
      const moving = this.#moveTo(value, device);
      const moved = (moving instanceof Promise ? await moving : moving) as DeviceTensor;
      ctx.setOutput(i, moved);
      if (moved !== value) {
        if (owned[i] && !values.includes(value, i + 1)) this.#free(value);
      } else if (!owned[i] && !callInputs.includes(value)) {
        // Not made by the call (a body constant, a stored value): the calling step must not
        // free it. Arguments passed through are the caller's own values: it counts them.
        (ctx as FlowContext).keepOutput(i);
      }
    }
  }

  #free(value: Value): void {
    if (isDeviceTensor(value)) this.#byName.get(value.device)?.device.free(value);
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
