import type { NDArray } from '@tensorgraph/core';
import { BUILTIN_OPS, KernelIndex, type AttrValue, type Backend } from '@tensorgraph/core';
import {
  arrayFromJson,
  attrsFromJson,
  checkKernelCase,
  compareToJson,
  runKernel,
  type JsonArray,
  type Tolerance,
} from '@tensorgraph/core/testing';
import { Graph, type Tensor } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';
import type { OpFixtureFile, OpVector } from './op-fixtures.js';
import { toleranceOverride } from './options.js';
import { missingKernel } from './suite-context.js';
import type { ConformanceOptions } from './options.js';

/** How one golden vector went on a backend. */
export type Outcome = { status: 'pass' } | { status: 'fail' | 'unsupported'; detail: string };

/**
 * What a vector runs on: the backend (sessions create its devices), the same backend with
 * devices created once (kernel runs), its device type and the tolerance overrides. Free of
 * vitest and the file system, so a browser page can check vectors too.
 */
export interface VectorTarget {
  readonly backend: Backend;
  readonly kernelBackend: Backend;
  readonly deviceType: string;
  readonly options: Pick<ConformanceOptions, 'tolerances'>;
}

/**
 * The tolerance a vector is compared with: an override, its own, or its file's per dtype
 * (`dtype`, else its first output's).
 */
export function toleranceFor(
  ctx: VectorTarget,
  file: OpFixtureFile,
  v: OpVector,
  dtype = v.outputs?.[0]?.dtype ?? v.runs?.[0]?.dtype ?? '',
): Tolerance {
  return (
    toleranceOverride(ctx.options, [`${v.op}:${dtype}`, v.op]) ??
    v.tolerance ??
    file.tolerance[dtype] ??
    {}
  );
}

/** A whole case: outputs within tolerance, or TF's error class and message. */
async function checkWhole(ctx: VectorTarget, v: OpVector, tol: Tolerance): Promise<Outcome> {
  let problem: string | null;
  try {
    problem = await checkKernelCase(ctx.kernelBackend, v, tol);
  } catch (e) {
    // Raised before the kernel ran: an op the registry does not define, attrs it refuses.
    problem = `threw ${(e as Error).name}: ${(e as Error).message}`;
  }
  if (problem === null) return { status: 'pass' };
  if (v.error?.class !== 'NotFoundError' && missingKernel(problem)) {
    return { status: 'unsupported', detail: problem };
  }
  return { status: 'fail', detail: problem };
}

/**
 * A case whose other outputs TF leaves uninitialized: those are checked for dtype and shape
 * only. Each compared output gets its own dtype's tolerance (FusedBatchNorm on half types
 * gives float32 statistics).
 */
async function checkPartial(ctx: VectorTarget, file: OpFixtureFile, v: OpVector): Promise<Outcome> {
  let outputs: (NDArray | null)[];
  try {
    outputs = await runKernel({
      op: v.op,
      attrs: attrsFromJson(BUILTIN_OPS.get(v.op), v.attrs),
      inputs: v.inputs.map(([, spec]) => arrayFromJson(spec as JsonArray)),
      backend: ctx.kernelBackend,
    });
  } catch (e) {
    const err = e as Error;
    const detail = `threw ${err.name}: ${err.message}`;
    return { status: missingKernel(err.message) ? 'unsupported' : 'fail', detail };
  }
  const expected = v.outputs ?? [];
  if (outputs.length !== expected.length) {
    return { status: 'fail', detail: `${outputs.length} outputs, TF: ${expected.length}` };
  }
  for (const [i, want] of expected.entries()) {
    const got = outputs[i];
    if (got === null || got === undefined) return { status: 'fail', detail: `output ${i} missing` };
    if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join()) {
      return {
        status: 'fail',
        detail: `output ${i}: ${got.dtype}[${got.shape}], TF: ${want.dtype}[${want.shape}]`,
      };
    }
    if (v.compare_outputs?.includes(i)) {
      const problem = compareToJson(got, want, toleranceFor(ctx, file, v, want.dtype));
      if (problem !== null) return { status: 'fail', detail: `output ${i}: ${problem}` };
    }
  }
  return { status: 'pass' };
}

/**
 * A stateful op (a random op with its seeds) run several times in one session: each run
 * must continue the stream as TF's kernel did. Runs in a Session, pinned to the device.
 */
async function checkRuns(ctx: VectorTarget, v: OpVector, tol: Tolerance): Promise<Outcome> {
  if (
    !BUILTIN_OPS.has(v.op) ||
    !KernelIndex.fromBackends([ctx.backend]).has(v.op, ctx.deviceType)
  ) {
    return { status: 'unsupported', detail: `no ${ctx.deviceType} kernel for ${v.op}` };
  }
  const opDef = BUILTIN_OPS.get(v.op);
  const graph = new Graph();
  const attrs: Record<string, AttrValue> = attrsFromJson(opDef, v.attrs);
  const feeds = new Map<Tensor, NDArray>();
  const inputs = v.inputs.map(([name, spec], i) => {
    const value = arrayFromJson(spec as JsonArray);
    const arg = opDef.inputs.find((a) => a.name === name) ?? opDef.inputs[i];
    if (arg?.typeAttr !== undefined) attrs[arg.typeAttr] ??= value.dtype;
    const ph = graph.createOp('Placeholder', [], { dtype: value.dtype, shape: value.shape });
    feeds.set(ph.outputs[0] as Tensor, value);
    return ph.outputs[0] as Tensor;
  });
  const op = graph.createOp(v.op, inputs, attrs, {
    name: 'node',
    device: `/device:${ctx.deviceType}:0`,
  });
  const session = new Session({ graph, backends: [ctx.backend] });
  try {
    for (const [k, want] of (v.runs ?? []).entries()) {
      const got = (await session.run(op.outputs[0], feeds)) as NDArray;
      const problem = compareToJson(got, want, tol);
      if (problem !== null) return { status: 'fail', detail: `run ${k}: ${problem}` };
    }
  } catch (e) {
    const err = e as Error;
    return { status: 'fail', detail: `threw ${err.name}: ${err.message}` };
  } finally {
    await session.close();
  }
  return { status: 'pass' };
}

/** Checks one golden vector on the target: the whole case, its compared outputs, or its runs. */
export async function checkOpVector(
  ctx: VectorTarget,
  file: OpFixtureFile,
  v: OpVector,
): Promise<Outcome> {
  const tol = toleranceFor(ctx, file, v);
  if (v.runs !== undefined) return checkRuns(ctx, v, tol);
  if (v.compare_outputs !== undefined) return checkPartial(ctx, file, v);
  return checkWhole(ctx, v, tol);
}
