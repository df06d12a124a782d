import { readFileSync } from 'node:fs';
import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPS, type ShapeFn, type ShapeValue } from '../../src/index.js';
import { makeShapeContext, type ShapeCase } from './shape-context.js';

/**
 * Runs the cases `tools/oracle/gen_shape_cases_array.py` recorded from TensorFlow through a
 * table of our shape functions. A case marked `approx` depends on data a `ShapeContext`
 * does not carry (resource handle data, function bodies): ours must only be compatible there.
 */

export interface ArrayShapeCase extends ShapeCase {
  readonly label: string;
  readonly num_outputs: number;
  readonly approx?: 'handle_data' | 'function_body';
}

export function loadShapeCases(name: string): ArrayShapeCase[] {
  const url = new URL(`../../../../tools/oracle/fixtures/ops/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: ArrayShapeCase[] }).cases;
}

const fmt = (s: ShapeValue): string => (s === null ? '?' : `[${s.map((d) => d ?? '?').join(',')}]`);

function title(c: ArrayShapeCase, i: number): string {
  return `#${i} ${c.op} ${c.label} (${c.inputs.map((x) => fmt(x.shape)).join(', ')})`;
}

const ERROR_CLASSES = { InvalidArgumentError, InternalError } as const;

function compatible(a: ShapeValue, b: ShapeValue): boolean {
  if (a === null || b === null) return true;
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** One `describe` block running every case of `fixture` through `table`. */
export function describeShapeCases(
  what: string,
  fixture: string,
  table: Readonly<Record<string, ShapeFn>>,
  minCases: number,
): void {
  const cases = loadShapeCases(fixture);
  describe(`shape functions of the ${what} ops match TensorFlow`, () => {
    it(`has at least ${minCases} cases`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(minCases);
    });

    it.each(cases.map((c, i) => [title(c, i), c] as const))('%s', (_, c) => {
      const fn = table[c.op];
      expect(fn, `${c.op} has a shape function`).toBeDefined();
      const ctx = makeShapeContext(BUILTIN_OPS.get(c.op), c);
      expect(ctx.numOutputs).toBe(c.num_outputs);
      const run = (): readonly ShapeValue[] => (fn as ShapeFn)(ctx);
      if (c.approx !== undefined) {
        // TF read data we cannot see: anything we infer must agree with what TF inferred.
        let ours: readonly ShapeValue[];
        try {
          ours = run();
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidArgumentError);
          expect(c.error, 'we fail only where TF does').toBeDefined();
          return;
        }
        expect(ours).toHaveLength(c.num_outputs);
        c.outputs?.forEach((tf, i) => expect(compatible(ours[i] ?? null, tf)).toBe(true));
        return;
      }
      if (c.error !== undefined) {
        const cls = ERROR_CLASSES[c.error.class as keyof typeof ERROR_CLASSES];
        expect(cls, `known error class ${c.error.class}`).toBeDefined();
        expect(run).toThrow(cls);
        expect(run).toThrow(c.error.message);
        try {
          run();
        } catch (err) {
          expect((err as Error).message).toBe(c.error.message);
        }
        return;
      }
      expect(run()).toEqual(c.outputs);
    });
  });
}
