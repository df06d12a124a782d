import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphDef, KernelIndex, type NDArray } from '@tensorgraph/core';
import { CONTROL_FLOW_OPS, FUNCTION_CALL_OPS, Session } from '@tensorgraph/session';
import { pinnedGraph } from './pinned-graph.js';
import { compareArrays, DEFAULT_FLOAT_TOLERANCE } from './compare.js';
import { toleranceOverride } from './options.js';
import { missingKernel, type SuiteContext } from './suite-context.js';
import { errorProblem } from './tf-error.js';
import {
  loadZoo,
  zooArray,
  type ZooArray,
  type ZooCase,
  type ZooErrorCase,
  type ZooErrors,
  type ZooModel,
} from './zoo-fixtures.js';

/**
 * Ops the executor runs itself (control flow, function calls, and the argument and return
 * nodes of function bodies): no backend kernel needed.
 */
const EXECUTOR_OPS: ReadonlySet<string> = new Set([
  ...CONTROL_FLOW_OPS,
  ...FUNCTION_CALL_OPS,
  '_Arg',
  '_Retval',
]);

type Outcome = { status: 'pass' } | { status: 'fail' | 'unsupported'; detail: string };

/** Why the backends cannot run the model (an op no backend has a kernel for), or null. */
function missingOps(ctx: SuiteContext, zcase: ZooCase): string | null {
  const kernels = KernelIndex.fromBackends(backendsOf(ctx));
  const missing = (zcase.ops ?? []).filter((op) => !EXECUTOR_OPS.has(op) && !kernels.has(op));
  return missing.length === 0 ? null : `no kernel on any backend for ${missing.join(', ')}`;
}

const backendsOf = (ctx: SuiteContext) => [ctx.backend, ...(ctx.options.fallbackBackends ?? [])];

/** A session on the model's graph, pinned to the device under test, soft placement on. */
function openSession(ctx: SuiteContext, zcase: ZooCase, bytes: Uint8Array) {
  return new Session({
    graph: pinnedGraph(bytes, ctx.deviceType),
    backends: backendsOf(ctx),
    config: { ...zcase.config, allowSoftPlacement: true },
  });
}

const feedsOf = (model: ZooModel, feeds: Readonly<Record<string, ZooArray>> | undefined) =>
  Object.fromEntries(
    Object.entries(feeds ?? {}).map(([name, spec]) => [name, zooArray(spec, model.dir)]),
  );

async function runModel(ctx: SuiteContext, model: ZooModel, zcase: ZooCase): Promise<Outcome> {
  const missing = missingOps(ctx, zcase);
  if (missing !== null) return { status: 'unsupported', detail: missing };
  const bytes = new Uint8Array(readFileSync(join(model.dir, zcase.graph)));
  const session = openSession(ctx, zcase, bytes);
  const problems: string[] = [];
  try {
    for (const [s, step] of zcase.steps.entries()) {
      const [values] = (await session.run(
        [[...step.fetches], [...(step.targets ?? [])]],
        feedsOf(model, step.feeds),
      )) as [NDArray[], null[]];
      step.fetches.forEach((name, i) => {
        const spec = step.expected[name];
        if (spec === undefined) return;
        const tol =
          toleranceOverride(ctx.options, [`zoo:${zcase.name}:${name}`, `zoo:${zcase.name}`]) ??
          step.tolerance?.[name] ??
          DEFAULT_FLOAT_TOLERANCE;
        const problem = compareArrays(values[i] as NDArray, zooArray(spec, model.dir), tol);
        if (problem !== null) problems.push(`step ${s} ${name}: ${problem}`);
      });
    }
  } catch (e) {
    const err = e as Error;
    const detail = `threw ${err.name}: ${err.message}`;
    return { status: missingKernel(err.message) ? 'unsupported' : 'fail', detail };
  } finally {
    await session.close();
  }
  return problems.length === 0
    ? { status: 'pass' }
    : { status: 'fail', detail: problems.join('\n') };
}

/**
 * One run of errors.json in a fresh session: it must fail with TF's class, message and node.
 * A failing node whose op the backend under test has no kernel for would only test the
 * fallback backend, so that case is unsupported.
 */
async function runErrorCase(
  ctx: SuiteContext,
  model: ZooModel,
  zcase: ZooCase,
  errors: ZooErrors,
  c: ZooErrorCase,
): Promise<Outcome> {
  const missing = missingOps(ctx, zcase);
  if (missing !== null) return { status: 'unsupported', detail: missing };
  const bytes = new Uint8Array(readFileSync(join(model.dir, errors.graph)));
  if (c.error.node !== null) {
    const op = GraphDef.decode(bytes).node.find((n) => n.name === c.error.node)?.op;
    if (op === undefined) {
      return { status: 'fail', detail: `errors.json names node ${c.error.node}, not in the graph` };
    }
    if (!KernelIndex.fromBackends([ctx.backend]).has(op)) {
      return {
        status: 'unsupported',
        detail: `the failing node ${c.error.node} is a ${op}, which ${ctx.backend.name} has no kernel for`,
      };
    }
  }
  const session = openSession(ctx, zcase, bytes);
  try {
    if (c.setup !== undefined && c.setup.length > 0) await session.run([...c.setup]);
    await session.run([...c.fetches, ...(c.targets ?? [])], feedsOf(model, c.feeds));
  } catch (e) {
    const problem = errorProblem(e, c.error, true);
    if (problem === null) return { status: 'pass' };
    const err = e as Error;
    return { status: missingKernel(err.message) ? 'unsupported' : 'fail', detail: problem };
  } finally {
    await session.close();
  }
  return { status: 'fail', detail: `succeeded; TF threw ${c.error.class}: ${c.error.message}` };
}

/** One test per model-zoo folder: every step of case.json in one session, as TF ran it. */
export function registerZoo(ctx: SuiteContext): void {
  const { options } = ctx;
  const only = options.models === undefined ? null : new Set(options.models);
  const skip = new Set(options.skipModels ?? []);
  const models = loadZoo(join(ctx.fixturesDir, 'zoo')).filter(
    (m) => (only === null || only.has(m.folder)) && !skip.has(m.folder),
  );
  describe('model zoo', () => {
    for (const model of models) {
      it(
        model.folder,
        async (t) => {
          const zcase = model.case;
          const outcome: Outcome =
            'error' in zcase
              ? { status: 'fail', detail: zcase.error }
              : await runModel(ctx, model, zcase);
          const detail = outcome.status === 'pass' ? '' : outcome.detail;
          ctx.report.record('zoo', model.folder, '-', outcome.status, model.folder, detail);
          if (outcome.status === 'unsupported' && options.unsupported !== 'fail') {
            t.skip(`unsupported on ${ctx.deviceType}: ${detail}`);
          }
          expect(detail, model.folder).toBe('');
        },
        options.zooTimeoutMs ?? 300_000,
      );
    }
    const withErrors = models.filter((m) => m.errors !== null);
    describe.runIf(withErrors.length > 0)('bad runtime values', () => {
      for (const model of withErrors) registerErrorCases(ctx, model);
    });
  });
}

/** One test per errors.json case (or one failing test where errors.json does not parse). */
function registerErrorCases(ctx: SuiteContext, model: ZooModel): void {
  const { errors, case: zcase } = model;
  const key = `${model.folder}:errors`;
  const report = (name: string, outcome: Outcome, t: { skip(note?: string): void }) => {
    const detail = outcome.status === 'pass' ? '' : outcome.detail;
    ctx.report.record('zoo', key, '-', outcome.status, name, detail);
    if (outcome.status === 'unsupported' && ctx.options.unsupported !== 'fail') {
      t.skip(`unsupported on ${ctx.deviceType}: ${detail}`);
    }
    expect(detail, name).toBe('');
  };
  if (errors === null) return;
  if ('error' in errors || 'error' in zcase) {
    const name = `${model.folder}: errors.json`;
    const detail = 'error' in errors ? errors.error : (zcase as { error: string }).error;
    it(name, (t) => report(name, { status: 'fail', detail }, t));
    return;
  }
  for (const c of errors.cases) {
    const name = `${model.folder}: ${c.what}`;
    it(
      name,
      async (t) => report(name, await runErrorCase(ctx, model, zcase, errors, c), t),
      60_000,
    );
  }
}
