import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOpVector } from './op-vector-check.js';
import { vectorDType, type OpVector } from './op-fixtures.js';
import { loadOpFixtures } from './op-fixtures-files.js';
import type { SuiteContext } from './suite-context.js';

function label(i: number, v: OpVector): string {
  return `${i} ${v.op}${v.note ? ` (${v.note})` : ''}`;
}

/** One test per golden vector, a `describe` per fixture file. */
export function registerOpVectors(ctx: SuiteContext): void {
  const { options } = ctx;
  const only = options.ops === undefined ? null : new Set(options.ops);
  const skip = new Set(options.skipOps ?? []);
  const files = loadOpFixtures(join(ctx.fixturesDir, 'ops'));
  describe('golden op vectors', () => {
    for (const file of files) {
      const vectors = file.vectors
        .map((v, i) => [i, v] as const)
        .filter(([, v]) => (only === null || only.has(v.op)) && !skip.has(v.op));
      if (vectors.length === 0) continue;
      describe(file.file, () => {
        for (const [i, v] of vectors) {
          const name = label(i, v);
          it(name, async (t) => {
            const outcome = await checkOpVector(ctx, file, v);
            const detail = outcome.status === 'pass' ? '' : outcome.detail;
            ctx.report.record(
              'ops',
              v.op,
              vectorDType(v),
              outcome.status,
              `${file.file} ${name}`,
              detail,
            );
            if (outcome.status === 'unsupported' && options.unsupported !== 'fail') {
              t.skip(`unsupported on ${ctx.deviceType}: ${detail}`);
            }
            expect(detail, `${file.file} ${name}`).toBe('');
          });
        }
      });
    }
  });
}
