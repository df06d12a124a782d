import { FailedPreconditionError, InternalError } from '@tensorgraph/errors';
import type { KernelContext, NDArray } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import type { VariableResource } from './variable-resource.js';

/** Which ref variable a value stands for, and the node that produced it. */
export interface RefBinding {
  readonly variable: VariableResource;
  /** The `VariableV2` node, named in TF's "Attempting to use uninitialized value" error. */
  readonly nodeName: string;
}

/**
 * A ref edge carries no handle in our executor: `VariableV2` outputs the variable's
 * current value (or a stand-in before initialization), and this table maps that value, by
 * object identity, back to its variable. Ref-consuming kernels (`Assign`, `ApplyAdam`,
 * ...) look their `ref` inputs up here; the executor passes tensors through untouched, so
 * the identity survives. A `WeakMap` keeps no value alive.
 */
const BINDINGS = new WeakMap<NDArray, RefBinding>();

/** Tags `value` as standing for `binding.variable`. */
export function bindRef(value: NDArray, binding: RefBinding): NDArray {
  BINDINGS.set(value, binding);
  return value;
}

/** The ref variable a value stands for, if it came out of a ref-variable kernel. */
export function refVariableOf(value: NDArray): RefBinding | undefined {
  return BINDINGS.get(value);
}

/**
 * What a non-ref input reads over a ref edge (TF dereferences a ref when its consumer
 * runs, not when the variable op ran): the variable's value now, or TF's
 * `FailedPreconditionError("Attempting to use uninitialized value v")`. A value that is
 * not a ref comes back unchanged. Executors call this on every ref-edge value delivered
 * to a non-ref input arg (`Identity(v)`), so `Identity` under a control dependency on
 * `Assign` sees the assigned value, as in TF.
 */
export function readRef(value: NDArray): NDArray {
  const binding = BINDINGS.get(value);
  if (binding === undefined) return value;
  const current = binding.variable.value;
  if (current === null) {
    throw new FailedPreconditionError(
      null,
      null,
      `Attempting to use uninitialized value ${binding.nodeName}`,
    );
  }
  return current;
}

/** The ref variable behind input `i`, or an `InternalError` if the input is not a ref. */
export function refInput(ctx: KernelContext, i: number): RefBinding {
  const binding = BINDINGS.get(inputArray(ctx, i));
  if (binding === undefined) {
    throw new InternalError(
      null,
      null,
      `${ctx.nodeName}: input ${i} must be a reference to a variable (an output of VariableV2), but its value came from elsewhere`,
    );
  }
  return binding;
}

/** The ref variable behind input `i` and its value, which must be initialized. */
export function initializedRefInput(
  ctx: KernelContext,
  i: number,
): { readonly binding: RefBinding; readonly value: NDArray } {
  const binding = refInput(ctx, i);
  return { binding, value: readRef(inputArray(ctx, i)) };
}
