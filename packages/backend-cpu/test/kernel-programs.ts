import { readFileSync } from 'node:fs';
import type { Backend, NDArray } from '@tensorgraph/core';
import { BUILTIN_OPS } from '@tensorgraph/core';
import { arrayFromJson, attrsFromJson, runKernel, type JsonArray } from '@tensorgraph/core/testing';

// Kernel programs as TF 2.21 ran them (tools/oracle: lists, TensorArrays, stacks): each step
// is one kernel call, run after the one before, its outputs (a handle, a variant, a flow)
// feeding later steps by reference, as edges do in a graph.

/** An input: a literal array, or output `[step, index]` of an earlier step. */
export type Spec = JsonArray | { ref: [number, number] };

export interface ProgramStep {
  readonly op: string;
  readonly attrs: Record<string, unknown>;
  readonly inputs: readonly [string, Spec][];
}

export interface Program {
  readonly name: string;
  readonly steps?: readonly ProgramStep[];
  /** The `[step, index]` outputs TF fetched, compared with `outputs`. */
  readonly fetch?: readonly [number, number][];
  readonly outputs?: readonly JsonArray[];
  readonly error?: { class: string; message: string; step: number | null };
  readonly build_error?: unknown;
}

/** The programs of a fixture file. */
export function loadPrograms(url: URL): Program[] {
  return (JSON.parse(readFileSync(url, 'utf8')) as { programs: Program[] }).programs;
}

/**
 * Runs a program's steps on `backend`; every step's outputs, in order. A failing step's
 * error carries `step` (its index), as TF's fixtures name the failing step.
 */
export async function replay(program: Program, backend: Backend): Promise<(NDArray | null)[][]> {
  const results: (NDArray | null)[][] = [];
  for (const [k, step] of (program.steps ?? []).entries()) {
    const inputs = step.inputs.map(([, spec]) =>
      'ref' in spec
        ? (results[spec.ref[0]]?.[spec.ref[1]] as NDArray)
        : arrayFromJson(spec as JsonArray),
    );
    const attrs = attrsFromJson(BUILTIN_OPS.get(step.op), step.attrs);
    try {
      results.push(await runKernel({ op: step.op, inputs, attrs, backend, nodeName: `s${k}` }));
    } catch (e) {
      (e as { step?: number }).step = k;
      throw e;
    }
  }
  return results;
}
