import { BUILTIN_OPS } from '../ops/builtin-registry.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Backend } from '../plugin/backend.js';
import type { AttrValue } from '../plugin/op-def.js';
import type { OpRegistry } from '../plugin/op-registry.js';
import {
  arrayFromJson,
  compareToJson,
  jsonDType,
  type JsonArray,
  type Tolerance,
} from './json-array.js';
import { attrsFromJson } from './json-attrs.js';
import { runKernel } from './run-kernel.js';

/** One case of a kernel fixture: an op run by real TensorFlow, and what it gave. */
export interface KernelCase {
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Input args by name, in op-definition order; a list arg holds an array of arrays. */
  readonly inputs: readonly (readonly [string, JsonArray | readonly JsonArray[]])[];
  readonly outputs?: readonly JsonArray[];
  /** TF's runtime error: its class and its own message (no node trailer). */
  readonly error?: { readonly class: string; readonly message: string };
  /** TF refused to build the node at all; such cases are not kernel cases. */
  readonly build_error?: { readonly class: string; readonly message: string };
  readonly note?: string;
}

/**
 * The flat host inputs of `kcase` and its attrs, with the number and type attrs of its
 * input args filled in from the arrays given (as TF infers them when it builds the node).
 */
export function kernelCaseArgs(
  kcase: KernelCase,
  registry: OpRegistry = BUILTIN_OPS,
): { attrs: Record<string, AttrValue>; inputs: NDArray[] } {
  const opDef = registry.get(kcase.op);
  const attrs: Record<string, AttrValue> = attrsFromJson(opDef, kcase.attrs);
  const flat: JsonArray[] = [];
  for (const [name, spec] of kcase.inputs) {
    const arg = opDef.inputs.find((a) => a.name === name);
    if (Array.isArray(spec)) {
      const list = spec as readonly JsonArray[];
      if (arg?.numberAttr !== undefined) attrs[arg.numberAttr] ??= list.length;
      if (arg?.typeAttr !== undefined && list[0] !== undefined) {
        attrs[arg.typeAttr] ??= jsonDType(list[0]);
      }
      if (arg?.typeListAttr !== undefined) attrs[arg.typeListAttr] ??= list.map(jsonDType);
      flat.push(...list);
    } else {
      const one = spec as JsonArray;
      if (arg?.typeAttr !== undefined) attrs[arg.typeAttr] ??= jsonDType(one);
      flat.push(one);
    }
  }
  return { attrs, inputs: flat.map(arrayFromJson) };
}

/**
 * How a run of `kcase` that did not throw differs from TensorFlow's answer, or `null`
 * when its outputs are TF's within `tolerance`.
 */
export function diffKernelOutputs(
  kcase: KernelCase,
  outputs: readonly (NDArray | null)[],
  tolerance: Tolerance = {},
): string | null {
  if (kcase.error !== undefined) {
    return `succeeded; TF threw ${kcase.error.class}: ${kcase.error.message}`;
  }
  const expected = kcase.outputs ?? [];
  if (outputs.length !== expected.length) {
    return `${outputs.length} outputs, TF gave ${expected.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    const out = outputs[i];
    if (out === null || out === undefined) return `output ${i} is dead`;
    const diff = compareToJson(out, expected[i] as JsonArray, tolerance);
    if (diff !== null) return `output ${i}: ${diff}`;
  }
  return null;
}

/**
 * Runs `kcase` on `backend` and says how it differs from TensorFlow's answer, or `null`
 * when it agrees (outputs within `tolerance`, or the same error class and message).
 */
export async function checkKernelCase(
  backend: Backend,
  kcase: KernelCase,
  tolerance: Tolerance = {},
  registry: OpRegistry = BUILTIN_OPS,
): Promise<string | null> {
  let outputs;
  try {
    outputs = await runKernel({
      op: kcase.op,
      ...kernelCaseArgs(kcase, registry),
      backend,
      registry,
    });
  } catch (e) {
    const err = e as Error;
    if (kcase.error === undefined) return `threw ${err.name}: ${err.message}`;
    if (err.name !== kcase.error.class || err.message !== kcase.error.message) {
      return `threw ${err.name}: ${JSON.stringify(err.message)}; TF: ${kcase.error.class}: ${JSON.stringify(kcase.error.message)}`;
    }
    return null;
  }
  return diffKernelOutputs(kcase, outputs, tolerance);
}
