import type { Operation, Tensor } from '@tensorgraph/graph';

/** What a plan-time rewrite sees of the plan, and what it must leave alone. */
export interface RewriteScope {
  /** The ops the plan runs, with earlier rewrites applied. */
  readonly ops: readonly Operation[];
  /** Where an input is read from once earlier rewrites applied (a folded Mul reads the conv). */
  readonly source: (t: Tensor) => Tensor;
  readonly isFed: (t: Tensor) => boolean;
  readonly fetched: ReadonlySet<Tensor>;
  readonly targets: ReadonlySet<Operation>;
  /** The device an op was placed on; the ops one rewrite merges must share one. */
  readonly deviceOf: (op: Operation) => unknown;
  /** Whether the op runs on a CPU device. */
  readonly onCpu: (op: Operation) => boolean;
}

/**
 * Who reads what in a plan: the safety rules every rewrite that merges two ops shares. A
 * value may disappear into its reader only when that reader is its one reader and nothing
 * else sees it (no fetch, feed or target), and an op may be merged away only when no
 * control edge, target or device boundary would be lost with it.
 */
export class PlanReaders {
  readonly #scope: RewriteScope;
  readonly #readers = new Map<Tensor, Operation[]>();
  readonly #controlUses = new Set<Operation>();
  readonly #fetched: ReadonlySet<Tensor>;

  constructor(scope: RewriteScope) {
    this.#scope = scope;
    for (const op of scope.ops) {
      for (const t of op.inputs) {
        const s = scope.source(t);
        const list = this.#readers.get(s);
        if (list === undefined) this.#readers.set(s, [op]);
        else list.push(op);
      }
      for (const c of op.controlInputs) this.#controlUses.add(c);
    }
    this.#fetched = new Set([...scope.fetched].map(scope.source));
  }

  /** The one op reading `t` (once), when nothing else sees it: no fetch, feed or target. */
  onlyReader(t: Tensor): Operation | null {
    const list = this.#readers.get(t);
    if (list === undefined || list.length !== 1) return null;
    if (this.#fetched.has(t) || this.#scope.isFed(t)) return null;
    const reader = list[0] as Operation;
    const source = this.#scope.source;
    return reader.inputs.filter((i) => source(i) === t).length === 1 ? reader : null;
  }

  /** Whether `op` may merge into `into`: no control edges in or out, not a target, same device. */
  mergeable(op: Operation, into: Operation): boolean {
    return (
      op.controlInputs.length === 0 &&
      !this.#controlUses.has(op) &&
      !this.#scope.targets.has(op) &&
      this.#scope.deviceOf(op) === this.#scope.deviceOf(into)
    );
  }
}
