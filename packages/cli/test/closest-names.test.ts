import { expect, test } from 'vitest';
import { closestNames, editDistance } from '../src/closest-names.js';

test('editDistance counts insertions, deletions and substitutions', () => {
  expect(editDistance('pixels', 'pixels')).toBe(0);
  expect(editDistance('pixel', 'pixels')).toBe(1);
  expect(editDistance('probabilites', 'probabilities')).toBe(1);
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('', 'abc')).toBe(3);
});

test('closestNames: nearest first, within a third of the length, plus names ending alike', () => {
  const names = [
    'pixels',
    'probabilities',
    'predicted_class',
    'model/dense/Softmax',
    'Softmax_1',
    'x',
  ];
  expect(closestNames('pixel', names)).toEqual(['pixels']);
  expect(closestNames('Softmax', names)).toEqual(['Softmax_1', 'model/dense/Softmax']);
  expect(closestNames('nothing_like_it', names)).toEqual([]);
  expect(closestNames('PIXELS', names)).toEqual(['pixels']);
});
