import type {
  Backend,
  BackendAvailability,
  DeviceFactoryOptions,
  Device,
  KernelDef,
  OpDefinition,
} from '@tensorgraph/core';

/** How a default backend that lives in another package is found and checked. */
export interface LazyBackendSpec {
  /** The name the real backend has (`'cuda'`), so `registerBackend(cuda())` replaces this one. */
  readonly name: string;
  readonly deviceType: string;
  /** The priority until the real backend is loaded (placement reads it after loading). */
  readonly priority: number;
  /** Where it comes from, for `diagnose()`: `'@tensorgraph/backend-cuda'`. */
  readonly source: string;
  /**
   * Loads the real backend, or says why it is not used here (a wrong runtime, no adapter):
   * a string reason means "not loaded", a thrown error means "failed to load".
   */
  load(): Promise<Backend | string>;
}

/** What became of a lazy backend's load. */
export type LoadState =
  | { readonly state: 'pending' }
  | { readonly state: 'loaded'; readonly backend: Backend }
  | { readonly state: 'skipped'; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string };

/**
 * A default backend from an optional package, loaded on the first `isAvailable()` (the
 * session asks that before anything else). A missing package, a wrong runtime or a failed
 * load is "unavailable" with the reason, never an error: CPU is always there to fall back on.
 */
export class LazyBackend implements Backend {
  readonly name: string;
  readonly deviceType: string;
  readonly source: string;
  readonly #spec: LazyBackendSpec;
  #loading: Promise<LoadState> | null = null;
  #state: LoadState = { state: 'pending' };

  constructor(spec: LazyBackendSpec) {
    this.#spec = spec;
    this.name = spec.name;
    this.deviceType = spec.deviceType;
    this.source = spec.source;
  }

  get priority(): number {
    return this.#loaded()?.priority ?? this.#spec.priority;
  }

  get kernels(): readonly KernelDef[] {
    return this.#loaded()?.kernels ?? [];
  }

  get opDefinitions(): readonly OpDefinition[] | undefined {
    return this.#loaded()?.opDefinitions;
  }

  /** The load's outcome so far (`pending` until something asked for availability). */
  get loadState(): LoadState {
    return this.#state;
  }

  /** Loads the real backend once; later calls share the first attempt. */
  load(): Promise<LoadState> {
    this.#loading ??= this.#spec.load().then(
      (result): LoadState =>
        typeof result === 'string'
          ? { state: 'skipped', reason: result }
          : { state: 'loaded', backend: result },
      (error: unknown): LoadState => ({
        state: 'failed',
        reason: `${this.#spec.source} did not load: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
    return this.#loading.then((state) => (this.#state = state));
  }

  async isAvailable(): Promise<BackendAvailability> {
    const state = await this.load();
    if (state.state === 'loaded') return state.backend.isAvailable();
    if (state.state === 'pending') return { available: false, reason: 'still loading' };
    return { available: false, reason: state.reason };
  }

  async createDevices(options: DeviceFactoryOptions): Promise<readonly Device[]> {
    const state = await this.load();
    return state.state === 'loaded' ? state.backend.createDevices(options) : [];
  }

  #loaded(): Backend | undefined {
    return this.#state.state === 'loaded' ? this.#state.backend : undefined;
  }
}
