import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The examples are plain JavaScript that users run with node; vitest runs them here against
// the workspace sources.
// @ts-expect-error: an untyped .mjs example
import { main } from '../../../examples/node/run.mjs';

interface Facts {
  hidden: number[][];
  probs: number[][];
}
interface Result {
  built: { hidden: number[][]; probs: number[][] };
  imported: { hidden: number[][]; probs: number[][]; ops: number };
  diff: number;
}

const facts = JSON.parse(
  readFileSync(new URL('../../../examples/fixtures/dense.json', import.meta.url), 'utf8'),
) as Facts;

function expectClose(got: number[][], want: number[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 5)));
}

describe('examples/node/run.mjs', () => {
  it("gives TensorFlow's numbers for the built graph and the imported GraphDef", async () => {
    const lines: string[] = [];
    const result = (await main((l: string) => lines.push(l))) as Result;
    expectClose(result.built.hidden, facts.hidden);
    expectClose(result.built.probs, facts.probs);
    expectClose(result.imported.hidden, facts.hidden);
    expectClose(result.imported.probs, facts.probs);
    expect(result.imported.ops).toBe(11);
    expect(result.diff).toBeLessThan(1e-5);
    expect(lines[3]).toMatch(/^largest difference from TensorFlow: /);
  });
});
