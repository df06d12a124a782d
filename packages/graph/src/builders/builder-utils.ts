import { NDArray, type DType } from '@tensorgraph/core';
import type { PendingTensor } from '../convert-to-tensor.js';
import { Tensor } from '../tensor.js';
import { isOptions, nameArg } from './args.js';
import { toTensorLater } from './gen-op.js';
import { graphOf } from './graph-of.js';
import { withOpScope } from './op-name-scope.js';

// What the builders share: TF's Python idioms (name scopes, Python ints, eager conversion).

/** A builder's trailing name argument: a string, or `{ name }`. */
export function nameOf(arg: unknown): string | null {
  return isOptions(arg) ? nameArg(arg['name']) : nameArg(arg);
}

/** Runs `fn` in the builder's own name scope (TF's `with ops.name_scope(name, default, values)`). */
export function scoped<R>(
  values: readonly unknown[],
  name: string | null,
  defaultName: string,
  fn: (scope: string) => R,
): R {
  const graph = graphOf(...values);
  return graph.asDefault(() => withOpScope(graph, name, defaultName, (full) => fn(`${full}/`)));
}

/** A Python int as a tensor value (TF's builders pass ints; a JS number would be a float). */
export function pyInt(v: number | readonly number[]): NDArray {
  return Array.isArray(v)
    ? new NDArray('int32', [v.length], Int32Array.from(v as number[]))
    : new NDArray('int32', [], Int32Array.of(v as number));
}

/** TF's `repr(dtype)`: `tf.float32`. */
export function dtypeRepr(d: DType): string {
  return `tf.${d}`;
}

/** A builder's converted value made now (TF converts eagerly; builders defer until needed). */
export function realize(t: Tensor | PendingTensor): Tensor {
  return t instanceof Tensor ? t : t.realize();
}

/** `ops.convert_to_tensor(x, name=name)` made now, in the current scope. */
export function convertNow(x: unknown, name: string | null, dtype?: DType | null): Tensor {
  return realize(toTensorLater(x, name, { dtype: dtype ?? null }));
}
