import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KernelIndex, type NDArray } from '@tensorgraph/core';
import { Session } from '@tensorgraph/session';
import { pinnedGraph } from './pinned-graph.js';
import { compareArrays, DEFAULT_FLOAT_TOLERANCE } from './compare.js';
import { toleranceOverride } from './options.js';
import { missingKernel, type SuiteContext } from './suite-context.js';
import { loadZoo, zooArray, type ZooCase, type ZooModel } from './zoo-fixtures.js';

/** Ops the executor runs itself (control flow, function calls): no backend kernel needed. */
const EXECUTOR_OPS = new Set([
  'Switch',
  'RefSwitch',
  'Merge',
  'RefMerge',
  'Enter',
  'RefEnter',
  'Exit',
  'RefExit',
  'NextIteration',
  'RefNextIteration',
  'LoopCond',
  'ControlTrigger',
  'If',
  'StatelessIf',
  'While',
  'StatelessWhile',
  'Case',
  'StatelessCase',
  'PartitionedCall',
  'StatefulPartitionedCall',
  '_Arg',
  '_Retval',
]);

type Outcome = { status: 'pass' } | { status: 'fail' | 'unsupported'; detail: string };

async function runModel(ctx: SuiteContext, model: ZooModel, zcase: ZooCase): Promise<Outcome> {
  const backends = [ctx.backend, ...(ctx.options.fallbackBackends ?? [])];
  const kernels = KernelIndex.fromBackends(backends);
  const missing = (zcase.ops ?? []).filter((op) => !EXECUTOR_OPS.has(op) && !kernels.has(op));
  if (missing.length > 0) {
    return { status: 'unsupported', detail: `no kernel on any backend for ${missing.join(', ')}` };
  }
  const graph = pinnedGraph(
    new Uint8Array(readFileSync(join(model.dir, zcase.graph))),
    ctx.deviceType,
  );
  const session = new Session({
    graph,
    backends,
    config: { ...zcase.config, allowSoftPlacement: true },
  });
  const problems: string[] = [];
  try {
    for (const [s, step] of zcase.steps.entries()) {
      const feeds = Object.fromEntries(
        Object.entries(step.feeds ?? {}).map(([name, spec]) => [name, zooArray(spec, model.dir)]),
      );
      const [values] = (await session.run(
        [[...step.fetches], [...(step.targets ?? [])]],
        feeds,
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
  });
}
