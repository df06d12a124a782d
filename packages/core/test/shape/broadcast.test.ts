import { describe, expect, it } from 'vitest';
import { broadcastShape, broadcastStrides, tryBroadcastShape } from '@tensorgraph/core';
import { InvalidArgumentError } from '@tensorgraph/errors';

describe('run-time broadcasting (BCast)', () => {
  it('broadcasts trailing dims, padding the shorter shape with ones', () => {
    expect(broadcastShape([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShape([], [5])).toEqual([5]);
    expect(broadcastShape([0, 1], [1, 7])).toEqual([0, 7]);
    expect(tryBroadcastShape([3], [3])).toEqual([3]);
  });

  it('refuses dims that differ and are not 1, with BCast message', () => {
    expect(tryBroadcastShape([2], [3])).toBeNull();
    expect(() => broadcastShape([2, 3], [4])).toThrow(InvalidArgumentError);
    expect(() => broadcastShape([2, 3], [4])).toThrow('Incompatible shapes: [2,3] vs. [4]');
  });

  it('reads broadcast dims with stride 0', () => {
    expect(broadcastStrides([3, 1, 4], [2, 3, 5, 4])).toEqual([0, 4, 0, 1]);
    expect(broadcastStrides([], [2, 2])).toEqual([0, 0]);
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
  });
});
