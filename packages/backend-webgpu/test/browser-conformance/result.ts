/** A vector that did not match TensorFlow: `file index Op (note)` and why. */
export interface VectorFailure {
  readonly name: string;
  readonly detail: string;
}

/** Counts of one op under one dtype. */
export interface OpCounts {
  pass: number;
  fail: number;
  unsupported: number;
}

/** What the page leaves on `window.conformanceResult`. */
export type ConformancePageResult =
  | {
      readonly ok: true;
      readonly adapter: string;
      readonly files: number;
      readonly vectors: number;
      readonly pass: number;
      readonly fail: number;
      readonly unsupported: number;
      /** `Op:dtype` -> counts (the dtype as the Node report keys it). */
      readonly byOp: Record<string, OpCounts>;
      readonly failures: VectorFailure[];
      readonly ms: number;
    }
  | { readonly ok: false; readonly error: string };
