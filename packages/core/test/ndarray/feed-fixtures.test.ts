import { describe, it } from 'vitest';
import { castForFeed, type DType } from '@tensorgraph/core';
import {
  expectAnswer,
  hasObject,
  jsValue,
  label,
  loadValueFixture,
  type Case,
} from './value-cases.js';

const CASES = loadValueFixture<Case[]>('feed.json');

describe('castForFeed follows Session.run feeds case by case', () => {
  for (const c of CASES) {
    const want = c.ours ?? c;
    const title = `${label(c)}${c.why === undefined ? '' : ` (ours: ${c.why})`}`;
    it(title, () => {
      expectAnswer(() => castForFeed(jsValue(c.value), c.to as DType), want, !hasObject(c.value));
    });
  }
});
