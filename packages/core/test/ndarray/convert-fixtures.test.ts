import { describe, it } from 'vitest';
import { convertToNDArray, NDArray } from '@tensorgraph/core';
import {
  expectAnswer,
  hasObject,
  jsValue,
  label,
  loadValueFixture,
  type Case,
} from './value-cases.js';

const CASES = loadValueFixture<Case[]>('convert.json');

describe('convertToNDArray follows tf.constant (graph mode) case by case', () => {
  for (const c of CASES) {
    const want = c.ours ?? c;
    const title = `${label(c)}${c.why === undefined ? '' : ` (ours: ${c.why})`}`;
    it(title, () => {
      // TF's messages for JS-only objects name Python dicts: there only the class must match.
      expectAnswer(() => convertToNDArray(jsValue(c.value), c.to), want, !hasObject(c.value));
    });
  }

  it('NDArray.from is convertToNDArray', () => {
    for (const c of CASES.filter((x) => !('error' in (x.ours ?? x))).slice(0, 40)) {
      const want = c.ours ?? c;
      expectAnswer(() => NDArray.from(jsValue(c.value), c.to), want);
    }
  });
});
