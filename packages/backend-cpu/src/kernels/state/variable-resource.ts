import { NDArray, type DType, type ShapeValue } from '@tensorgraph/core';
import type { StateResource } from './resource-handle.js';

/**
 * A variable owned by the session: a ref variable (`VariableV2`) or a resource variable
 * (`VarHandleOp`). Its value is never written in place: every update stores a new
 * `NDArray`, so a value read or fetched earlier never changes behind its reader's back
 * (TF gets the same effect from copy-on-write buffers).
 */
export class VariableResource implements StateResource {
  readonly kind: 'variable' | 'ref-variable';
  readonly dtype: DType;
  /** The shape the creating op declared (`null`: unknown rank). */
  readonly declaredShape: ShapeValue;
  #value: NDArray | null = null;

  constructor(kind: 'variable' | 'ref-variable', dtype: DType, declaredShape: ShapeValue) {
    this.kind = kind;
    this.dtype = dtype;
    this.declaredShape = declaredShape;
  }

  get debugString(): string {
    return `${this.kind} ${this.dtype}${this.#value ? ` [${this.#value.shape.join(',')}]` : ' (uninitialized)'}`;
  }

  /** The current value, or `null` before the first assignment. */
  get value(): NDArray | null {
    return this.#value;
  }

  get initialized(): boolean {
    return this.#value !== null;
  }

  /**
   * Stores `value` as the new value. The stored array is a new object over the same
   * storage (nothing writes storage in place), so each variable's value has its own
   * identity, which is what the ref-variable tags rely on.
   */
  set(value: NDArray): NDArray {
    this.#value = new NDArray(value.dtype, value.shape, value.data);
    return this.#value;
  }

  dispose(): void {
    this.#value = null;
  }
}
