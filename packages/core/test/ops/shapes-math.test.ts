import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@tensorgraph/errors';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPS, type ShapeValue } from '../../src/index.js';
import { makeShapeContext, type ShapeCase } from './shape-context.js';

// TF's shape inference for the math/nn ops, recorded by tools/oracle/gen_shape_cases_math.py.
const fixture = JSON.parse(
  readFileSync(
    new URL('../../../../tools/oracle/fixtures/ops/shapes-math.json', import.meta.url),
    'utf8',
  ),
) as { cases: ShapeCase[] };

const fmt = (s: ShapeValue): string => (s === null ? '?' : `[${s.map((d) => d ?? '?').join(',')}]`);

function title(c: ShapeCase, i: number): string {
  const attrs = Object.entries(c.attrs ?? {})
    .filter(([k]) => !/^T[a-z_]*$|^N$/.test(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `#${i} ${c.op}(${c.inputs.map((x) => fmt(x.shape)).join(', ')}) ${attrs}`;
}

describe('shape functions of the math/nn ops match TensorFlow', () => {
  it('has several hundred cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(500);
  });

  it.each(fixture.cases.map((c, i) => [title(c, i), c] as const))('%s', (_, c) => {
    const def = BUILTIN_OPS.get(c.op);
    expect(def.shapeFn, `${c.op} has a shape function`).toBeDefined();
    const run = () => def.shapeFn!(makeShapeContext(def, c));
    if (c.error !== undefined) {
      // TF's graph construction reports a shape function's InvalidArgument as ValueError.
      expect(c.error.class).toBe('ValueError');
      let thrown: unknown;
      try {
        run();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InvalidArgumentError);
      expect((thrown as Error).message).toBe(c.error.message);
    } else {
      expect(run()).toEqual(c.outputs);
    }
  });
});
