import type { Backend } from '@tensorgraph/core';
import type { Tolerance } from '@tensorgraph/core/testing';

/** The groups of checks the suite can register. */
export type ConformanceGroup = 'ops' | 'zoo' | 'session';

/** What a case the backend has no kernel for does. */
export type UnsupportedPolicy = 'skip' | 'fail';

export interface ConformanceOptions {
  /** The backend under test (a factory's result: `cpu()`, `webgpu()`). */
  readonly backend: Backend;
  /** The device type the suite pins graphs to (`'CPU'`, `'GPU'`, `'WEBGPU'`). Default: the backend's. */
  readonly deviceType?: string;
  /**
   * Backends the zoo and session groups may fall back to (soft placement) for ops the
   * backend under test has no kernel for: usually `[cpu()]`. Default none.
   */
  readonly fallbackBackends?: readonly Backend[];
  /** The groups to register (default all three). */
  readonly groups?: readonly ConformanceGroup[];
  /** Only these op types in the `ops` group (default all). */
  readonly ops?: readonly string[];
  /** Op types left out of the `ops` group. */
  readonly skipOps?: readonly string[];
  /** Only these zoo models (folder names; default all). */
  readonly models?: readonly string[];
  /** Zoo models left out. */
  readonly skipModels?: readonly string[];
  /**
   * Tolerances that replace the fixtures' for float outputs: keyed by op type (`'MatMul'`),
   * op type and dtype (`'MatMul:float32'`), zoo model (`'zoo:mobilenet_v2'`) or zoo model and
   * fetch (`'zoo:mobilenet_v2:logits:0'`). The most specific key wins.
   */
  readonly tolerances?: Readonly<Record<string, Tolerance>>;
  /**
   * `'skip'` (default): a case the backend has no kernel for is a skipped test, reported as
   * unsupported. `'fail'`: it fails (for a backend that claims every op, like CPU).
   */
  readonly unsupported?: UnsupportedPolicy;
  /** Print the per-op report table when the suite ends (default true). */
  readonly printReport?: boolean;
  /**
   * Write the report as JSON to this path when the suite ends. Default: the path in the
   * `TENSORGRAPH_CONFORMANCE_REPORT` environment variable, else no file; `''` writes none.
   */
  readonly reportFile?: string;
  /** Time limit of one zoo model's test, in ms (default 300000: big models on slow backends). */
  readonly zooTimeoutMs?: number;
  /** The fixtures folder (default: the one this package ships). */
  readonly fixturesDir?: string;
  /** Label of the top-level `describe` (default `conformance: <backend name> (<device type>)`). */
  readonly name?: string;
}

/** The most specific tolerance override among `keys` (most specific first), if any. */
export function toleranceOverride(
  options: Pick<ConformanceOptions, 'tolerances'>,
  keys: readonly string[],
): Tolerance | undefined {
  for (const key of keys) {
    const t = options.tolerances?.[key];
    if (t !== undefined) return t;
  }
  return undefined;
}
