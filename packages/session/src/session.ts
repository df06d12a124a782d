import {
  makeOpError,
  OpError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  NotFoundError,
  RuntimeError,
  ValueError,
} from '@tensorgraph/errors';
import {
  ConfigProto,
  RewriterConfig,
  int64ToNumber,
  KernelIndex,
  NDArray,
  ResourceManager,
  RunMetadata,
  RunOptions,
  type Backend,
  type DeviceAttributes,
  type DeviceTensor,
} from '@tensorgraph/core';
import {
  getDefaultGraph,
  installDefaultSession,
  uninstallDefaultSession,
  withDefaultSession,
  type Graph,
  type Operation,
  type SessionLike,
  type Tensor,
} from '@tensorgraph/graph';
import { createSessionDevices, type SessionDevice, type UnavailableBackend } from './devices.js';
import { DEAD, executePlan, isDeviceTensor, type NodeTrace } from './executor.js';
import { resolveFeeds } from './feeds.js';
import { FetchStructure } from './fetches.js';
import { FunctionRuntime } from './functions/function-runtime.js';
import { compilePlan, type Plan } from './plan.js';
import { placeOps, placementLogLine, type PlacementDecision } from './placer.js';
import { fillRunMetadata } from './run-metadata.js';
import { StepCancellation } from './step-cancellation.js';

/** Where placement logs go (`logDevicePlacement`); default: standard error. */
export type SessionLogger = (line: string) => void;

export interface SessionOptions {
  /** The execution engine: `''` (default) is in-process. */
  readonly target?: string;
  /** The graph to launch (default: the default graph when the session is created). */
  readonly graph?: Graph;
  /** Session configuration: a `ConfigProto` or its fields as a plain object. */
  readonly config?: ConfigProto | ConfigProto.$Properties;
  /** The backends whose devices the session uses (the `tensorgraph` package supplies defaults). */
  readonly backends?: readonly Backend[];
  /** Receives placement log lines (`logDevicePlacement`). */
  readonly logger?: SessionLogger;
}

const LIVE_LOCAL_SESSIONS = new Set<Session>();
const REGISTERED_FACTORIES = 'DIRECT_SESSION';

/**
 * A TensorFlow session (`tf.compat.v1.Session`): launches a graph on the devices of its
 * backends and runs parts of it. `run` resolves to values of the same structure as its
 * fetches. Close it with `close()` or `await using`.
 */
export class Session implements SessionLike {
  readonly #graph: Graph;
  readonly #config: ConfigProto;
  readonly #backends: readonly Backend[];
  readonly #logger: SessionLogger;
  readonly #resources = new ResourceManager();
  readonly #plans = new Map<string, Plan>();
  readonly #inFlight = new Set<StepCancellation>();
  readonly #configTimeoutMs: number;
  /** `graphOptions.rewriteOptions.constantFolding` is not OFF: plan-time folds are on. */
  readonly #foldConstants: boolean;
  /**
   * `graphOptions.rewriteOptions.remapping` is not OFF: contractions fuse with their bias, and
   * zero spatial Pads fold into the VALID conv that reads them.
   */
  readonly #remap: boolean;
  #placement = new Map<Operation, PlacementDecision>();
  #placedVersion = -1;
  #init: Promise<{
    devices: SessionDevice[];
    kernels: KernelIndex;
    unavailable: UnavailableBackend[];
  }> | null = null;
  #ready: { devices: SessionDevice[]; kernels: KernelIndex } | null = null;
  #closed = false;
  /** Closed underneath by `Session.reset`: the object is open, the session is not. */
  #resetClosed = false;
  #stepId = 0;
  #functions: FunctionRuntime | null = null;

  constructor(options?: SessionOptions);
  constructor(
    target?: string,
    graph?: Graph | null,
    config?: ConfigProto | ConfigProto.$Properties | null,
  );
  constructor(
    first: SessionOptions | string = {},
    graph?: Graph | null,
    config?: ConfigProto | ConfigProto.$Properties | null,
  ) {
    const options: SessionOptions =
      typeof first === 'string'
        ? { target: first, ...(graph ? { graph } : {}), ...(config ? { config } : {}) }
        : first;
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `Session options must be an object or a target string, got ${String(options)}`,
      );
    }
    const target = options.target ?? '';
    if (typeof target !== 'string') {
      throw new TypeError(`target must be a string, but got ${typeof target}`);
    }
    this.#config = toConfig(options.config);
    this.#foldConstants = constantFoldingOn(this.#config);
    this.#remap = toggleOn(this.#config.graphOptions?.rewriteOptions?.remapping);
    this.#configTimeoutMs = this.#config.operationTimeoutInMs
      ? int64ToNumber(this.#config.operationTimeoutInMs)
      : 0;
    if (target !== '') {
      throw new NotFoundError(
        null,
        null,
        `No session factory registered for the given session options: {target: "${target}"} Registered factories are {${REGISTERED_FACTORIES}}.`,
      );
    }
    this.#graph = options.graph ?? getDefaultGraph();
    this.#backends = options.backends ?? [];
    this.#logger = options.logger ?? ((line) => console.error(line));
    LIVE_LOCAL_SESSIONS.add(this);
  }

  /** The graph launched in this session. */
  get graph(): Graph {
    return this.#graph;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The session's resources (variables, queues, readers). */
  get resources(): ResourceManager {
    return this.#resources;
  }

  /** Whether placement covers each run's pruned graph only (`InteractiveSession`). */
  protected get placesPrunedGraph(): boolean {
    return false;
  }

  /**
   * Runs one step: computes every tensor and runs every op in `fetches` (a Tensor, an
   * Operation, a SparseTensor, a name, or arrays/objects/Maps of those, nested), with the
   * tensors in `feedDict` replaced by the given values. Resolves to the same structure with
   * NDArrays for tensors, `null` for ops and SparseTensorValues for sparse tensors.
   */
  async run(
    fetches: unknown,
    feedDict?: unknown,
    options?: RunOptions | RunOptions.$Properties | null,
    runMetadata?: RunMetadata | null,
    // The result mirrors `fetches`, whose structure only the caller knows.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<any> {
    if (this.#closed) throw new RuntimeError('Attempted to use a closed Session.');
    const runOptions = toRunOptions(options);
    if (
      runMetadata !== undefined &&
      runMetadata !== null &&
      !(runMetadata instanceof RunMetadata)
    ) {
      throw new TypeError(`run_metadata must be a RunMetadata, got ${typeof runMetadata}`);
    }
    if (this.#graph.version === 0) {
      throw new RuntimeError(
        'The Session graph is empty. Add operations to the graph before calling run().',
      );
    }
    const structure = new FetchStructure(this.#graph, fetches);
    if (this.#resetClosed) throw new CancelledError(null, null, 'Session has been closed.');
    const feeds = resolveFeeds(this.#graph, feedDict);
    // After the first run the devices are known: skip the await (a microtask per run).
    const { devices, kernels } = this.#ready ?? (await this.#initialize());
    if (this.#closed) throw new RuntimeError('Attempted to use a closed Session.');

    const key = planKey(
      feeds.map((f) => f.tensor),
      structure.tensors,
      structure.targets,
    );
    let plan = this.#plans.get(key);
    if (plan === undefined || this.#placedVersion !== this.#graph.version) {
      if (!this.placesPrunedGraph) this.#placeGraph(devices, kernels, this.#graph.getOperations());
      else
        this.#placeGraph(
          devices,
          kernels,
          neededOps(
            feeds.map((f) => f.tensor),
            structure,
          ),
        );
      if (this.#placedVersion !== this.#graph.version) this.#plans.clear();
      this.#placedVersion = this.#graph.version;
      plan = compilePlan({
        feeds: feeds.map((f) => f.tensor),
        fetches: structure.tensors,
        targets: structure.targets,
        placement: this.#placement,
        kernels,
        devices,
        functionCalls: (this.#functions ??= new FunctionRuntime(this.#graph, devices, kernels))
          .compile,
        foldMulIntoConv: this.#foldConstants,
        fuseContractions: this.#remap,
        foldPads: this.#remap,
      });
      this.#plans.set(key, plan);
    }

    const feedSlots = plan.feedSlots;
    const feedValues: (DeviceTensor | NDArray)[] = new Array(feedSlots.length);
    for (let i = 0; i < feedSlots.length; i++) {
      const f = feedSlots[i] as Plan['feedSlots'][number];
      const value = (feeds[f.feedIndex] as { value: NDArray }).value;
      const uploaded = f.device === null ? value : f.device.device.upload(value);
      feedValues[i] = uploaded instanceof Promise ? await uploaded : uploaded;
    }

    const cancellation = new StepCancellation();
    this.#inFlight.add(cancellation);
    const timeoutMs = runTimeout(runOptions, this.#configTimeoutMs);
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () =>
              cancellation.abort(
                new DeadlineExceededError(null, null, 'Timed out waiting for notification'),
              ),
            timeoutMs,
          )
        : undefined;
    const fullTrace = runOptions?.traceLevel === RunOptions.TraceLevel.FULL_TRACE;
    const trace: NodeTrace[] | undefined = fullTrace ? [] : undefined;
    const stepId = ++this.#stepId;
    try {
      const { values: outputs, owned } = await executePlan(plan, feedValues, {
        resources: this.#resources,
        cancellation,
        stepId,
        ownsFeeds: true,
        ...(trace ? { trace } : {}),
      });
      const values: NDArray[] = new Array(outputs.length);
      for (let i = 0; i < outputs.length; i++) {
        const host = fetchValue(
          outputs[i],
          (plan as Plan).fetchDevices[i] ?? null,
          i,
          structure.tensors[i] as Tensor,
        );
        values[i] = host instanceof Promise ? await host : host;
      }
      freeFetched(plan, outputs, owned);
      if (runMetadata) {
        fillRunMetadata(runMetadata, {
          trace,
          plan,
          partitionGraphs: runOptions?.outputPartitionGraphs === true,
        });
      }
      return structure.build(values);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.#inFlight.delete(cancellation);
    }
  }

  /**
   * Closes the session: cancels runs in flight (`CancelledError`), frees its resources and
   * devices. Closing twice does nothing.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    LIVE_LOCAL_SESSIONS.delete(this);
    for (const c of this.#inFlight)
      c.abort(new CancelledError(null, null, 'Run call was cancelled'), { kernelsFirst: true });
    this.#plans.clear();
    await this.#resources.clear();
    if (this.#init !== null) {
      const { devices } = await this.#init.catch(() => ({ devices: [] as SessionDevice[] }));
      for (const d of devices) await d.device.dispose();
    }
  }

  /** `await using sess = new Session()` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Runs `fn` with this session as the default session of its async context (for
   * `Tensor.eval()` and `Operation.run()`); it does not close the session.
   */
  asDefault<R>(fn: () => R): R {
    return withDefaultSession(this, fn);
  }

  /** The devices this session runs on, as TF's `list_devices()`. */
  async listDevices(): Promise<DeviceAttributes[]> {
    if (this.#closed) throw new RuntimeError('Attempted to use a closed Session.');
    const { devices } = await this.#initialize();
    return devices.map((d) => ({ ...d.device.attributes }));
  }

  /** Backends that could not create devices here, and why. */
  async unavailableBackends(): Promise<UnavailableBackend[]> {
    return (await this.#initialize()).unavailable;
  }

  /**
   * Resets resource containers on `target` (TF's `Session.reset`): for the in-process
   * target, every open session's containers are cleared (all of them, or those named), so
   * variables lose their values. Other targets are not registered.
   */
  static async reset(
    target: string,
    containers?: readonly string[] | null,
    config?: ConfigProto | ConfigProto.$Properties | null,
  ): Promise<void> {
    toConfig(config ?? undefined);
    if (target !== '') {
      throw new NotFoundError(
        null,
        null,
        `No session factory registered for the given session options: {target: "${target}"} Registered factories are {${REGISTERED_FACTORIES}}.`,
      );
    }
    // TF's in-process factory resets by closing every session of the target: their
    // resources go, and a later run is TF's CancelledError "Session has been closed.".
    for (const s of [...LIVE_LOCAL_SESSIONS]) {
      LIVE_LOCAL_SESSIONS.delete(s);
      s.#resetClosed = true;
      for (const c of s.#inFlight) {
        c.abort(new CancelledError(null, null, 'Session has been closed.'), { kernelsFirst: true });
      }
      await s.#resources.clear(containers ?? undefined);
    }
  }

  #initialize() {
    this.#init ??= (async () => {
      const config = this.#config.toJSON() as Record<string, unknown>;
      const { devices, unavailable } = await createSessionDevices(this.#backends, config);
      if (devices.length === 0) {
        throw new InvalidArgumentError(
          null,
          null,
          this.#backends.length === 0
            ? 'The session has no backends: pass `backends` (e.g. [cpu()]) or use the `tensorgraph` package, which supplies the default ones.'
            : `No devices are available: ${unavailable.map((u) => `${u.backend.name}: ${u.reason}`).join('; ')}`,
        );
      }
      if (this.#config.logDevicePlacement) {
        const accelerators = devices.filter((d) => d.deviceType !== 'CPU');
        this.#logger(
          accelerators.length === 0
            ? 'Device mapping: no known devices.'
            : `Device mapping:\n${accelerators
                .map(
                  (d) => `${d.name} -> ${d.device.attributes.physicalDeviceDesc ?? d.deviceType}`,
                )
                .join('\n')}`,
        );
      }
      const kernels = KernelIndex.fromBackends(devices.map((d) => d.backend).filter(unique));
      this.#ready = { devices, kernels };
      return { devices, unavailable, kernels };
    })();
    return this.#init;
  }

  #placeGraph(devices: SessionDevice[], kernels: KernelIndex, ops: readonly Operation[]): void {
    const todo = ops.filter((op) => !this.#placement.has(op));
    if (todo.length === 0) return;
    // Already placed ops keep their devices; their colocation peers must agree.
    const decisions = placeOps(todo, devices, kernels, {
      allowSoftPlacement: this.#config.allowSoftPlacement,
      placed: this.#placement,
    });
    for (const [op, d] of decisions) this.#placement.set(op, d);
    if (this.#config.logDevicePlacement) {
      for (const op of todo) this.#logger(placementLogLine(decisions.get(op) as PlacementDecision));
    }
  }
}

/**
 * A session that installs itself as the default session on construction and removes
 * itself on close, for shells and notebooks (`tf.compat.v1.InteractiveSession`).
 */
export class InteractiveSession extends Session {
  constructor(options?: SessionOptions);
  constructor(
    target?: string,
    graph?: Graph | null,
    config?: ConfigProto | ConfigProto.$Properties | null,
  );
  constructor(
    first: SessionOptions | string = {},
    graph?: Graph | null,
    config?: ConfigProto | ConfigProto.$Properties | null,
  ) {
    super(first as string, graph, config);
    installDefaultSession(this);
  }

  protected override get placesPrunedGraph(): boolean {
    return true;
  }

  override async close(): Promise<void> {
    uninstallDefaultSession(this);
    await super.close();
  }
}

function unique<T>(value: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(value) === index;
}

function toConfig(config: ConfigProto | ConfigProto.$Properties | undefined | null): ConfigProto {
  if (config === undefined || config === null) return new ConfigProto();
  if (config instanceof ConfigProto) return config;
  if (typeof config !== 'object')
    throw new TypeError(`config must be a ConfigProto, got ${typeof config}`);
  return ConfigProto.fromObject(config);
}

/** TF's switch for constant folding: `RewriterConfig.Toggle.OFF` (2) turns it off. */
function constantFoldingOn(config: ConfigProto): boolean {
  return toggleOn(config.graphOptions?.rewriteOptions?.constantFolding);
}

/** A grappler `RewriterConfig.Toggle` is on unless OFF (2, or the enum's name). */
function toggleOn(toggle: unknown): boolean {
  return toggle !== RewriterConfig.Toggle.OFF && toggle !== 'OFF';
}

function toRunOptions(
  options: RunOptions | RunOptions.$Properties | null | undefined,
): RunOptions | null {
  if (options === undefined || options === null) return null;
  if (options instanceof RunOptions) return options;
  if (typeof options !== 'object')
    throw new TypeError(`options must be a RunOptions, got ${typeof options}`);
  return RunOptions.fromObject(options);
}

function runTimeout(options: RunOptions | null, configTimeoutMs: number): number {
  const fromOptions = options?.timeoutInMs ? int64ToNumber(options.timeoutInMs) : 0;
  return fromOptions > 0 ? fromOptions : configTimeoutMs;
}

function planKey(
  feeds: readonly Tensor[],
  fetches: readonly Tensor[],
  targets: readonly Operation[],
): string {
  return `${feeds.map((t) => t.name).join(',')}|${fetches.map((t) => t.name).join(',')}|${targets.map((o) => o.name).join(',')}`;
}

function neededOps(feeds: readonly Tensor[], structure: FetchStructure): Operation[] {
  const fed = new Set(feeds);
  const seen = new Set<Operation>();
  const stack = [
    ...structure.targets,
    ...structure.tensors.filter((t) => !fed.has(t)).map((t) => t.op),
  ];
  while (stack.length > 0) {
    const op = stack.pop() as Operation;
    if (seen.has(op)) continue;
    seen.add(op);
    for (const t of op.inputs) if (!fed.has(t)) stack.push(t.op);
    stack.push(...op.controlInputs);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}

function fetchValue(
  value: DeviceTensor | NDArray | typeof DEAD | undefined,
  device: SessionDevice | null,
  index: number,
  tensor: Tensor,
): NDArray | Promise<NDArray> {
  if (value === DEAD || value === undefined) {
    throw new InvalidArgumentError(null, null, `Retval[${index}] does not have value`);
  }
  if (!isDeviceTensor(value)) return copy(value);
  // A fetched ref (TF1 variable) gives the variable's value at the end of the step; TF
  // reads it in a synthetic `_retval` node, which its errors name.
  let current: DeviceTensor;
  try {
    current = device?.device.readRef?.(value) ?? value;
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    const retval = `_retval_${tensor.op.name}_${tensor.valueIndex}_${index}`;
    throw makeOpError(e.errorCode, `${e.message}\n\t [[{{node ${retval}}}]]`);
  }
  const host = device === null ? (current.handle as NDArray) : device.device.download(current);
  // The caller owns what run() returns: never hand out an array the graph still uses.
  return host instanceof Promise ? host.then(copy) : copy(host);
}

/** The fetched device tensors the step made go back to their devices once copied out. */
function freeFetched(
  plan: Plan,
  outputs: readonly (DeviceTensor | NDArray | typeof DEAD | undefined)[],
  owned: Uint8Array,
): void {
  for (let i = 0; i < outputs.length; i++) {
    const v = outputs[i];
    if (!owned[i] || !isDeviceTensor(v) || outputs.indexOf(v) !== i) continue;
    plan.deviceByName.get(v.device)?.free(v);
  }
}

function copy(a: NDArray): NDArray {
  return new NDArray(a.dtype, a.shape, (a.data as { slice(): typeof a.data }).slice());
}

export { ValueError };
