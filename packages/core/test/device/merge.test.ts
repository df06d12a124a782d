import { describe, expect, it } from 'vitest';
import { DeviceSpec, mergeDeviceScopes, mergeDeviceSpecs } from '@tensorgraph/core';
import { expectOutcome, loadFixture, type Outcome } from '../shape/fixtures.js';

interface MergeFixture {
  cases: { a: string; b: string; merged: Outcome; eq: boolean; hash_eq: boolean }[];
  v1_merge_from: { a: string; b: string; merged: string }[];
  scopes: { stack: (string | null)[]; device: Outcome }[];
}

const fixture = loadFixture<MergeFixture>('device/merge.json');

describe('DeviceSpec merging and equality (TF fixtures)', () => {
  it('covers every pair of a broad table', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(150);
  });

  for (const c of fixture.cases) {
    it(`${JSON.stringify(c.a)} merged with ${JSON.stringify(c.b)}`, () => {
      const a = DeviceSpec.fromString(c.a);
      const b = DeviceSpec.fromString(c.b);
      expectOutcome(() => a.makeMergedSpec(b), c.merged, 'makeMergedSpec');
      expectOutcome(() => a.mergeFrom(b), c.merged, 'mergeFrom');
      expect(a.equals(b)).toBe(c.eq);
      // toString() is the hash key.
      expect(a.toString() === b.toString()).toBe(c.hash_eq);
    });
  }

  for (const c of fixture.v1_merge_from) {
    it(`v1 merge_from: ${JSON.stringify(c.a)} <- ${JSON.stringify(c.b)}`, () => {
      expect(DeviceSpec.fromString(c.a).mergeFrom(DeviceSpec.fromString(c.b)).toString()).toBe(
        c.merged,
      );
    });
  }
});

describe('nested tf.device scopes in a graph (TF fixtures)', () => {
  for (const c of fixture.scopes) {
    it(`scopes ${JSON.stringify(c.stack)}`, () => {
      expectOutcome(() => mergeDeviceScopes(c.stack), c.device);
      // DeviceSpec objects in scopes act as their strings do.
      if ('value' in c.device) {
        const specs = c.stack.map((s) => (s === null ? null : DeviceSpec.fromString(s)));
        expect(mergeDeviceScopes(specs)).toBe(c.device.value);
      }
      if (c.stack.length === 2) {
        expectOutcome(
          () => mergeDeviceSpecs(c.stack[0] ?? null, c.stack[1] ?? null),
          c.device,
          'pair',
        );
      }
    });
  }
});

describe('device scopes beyond the fixtures', () => {
  it('merges an op that already asks for a device under the scopes', () => {
    expect(mergeDeviceScopes(['/job:w/device:GPU:0'], '/device:CPU:1')).toBe('/job:w/device:CPU:1');
    expect(mergeDeviceScopes([null], '/device:CPU:1')).toBe('/device:CPU:1');
  });

  it('refuses scopes that are not strings, DeviceSpecs or null', () => {
    expect(() => mergeDeviceScopes([5 as never])).toThrow("'int' object has no attribute 'split'");
    expect(() => mergeDeviceScopes([undefined as never])).toThrow(TypeError);
  });

  it('a DeviceSpec with only an index is an empty scope, as its string is', () => {
    expect(mergeDeviceScopes(['/gpu:1', new DeviceSpec({ deviceIndex: 3 })])).toBe('/device:GPU:1');
  });
});
