import { describe, expect, it } from 'vitest';
import { DeviceSpec, canonicalDeviceName, deviceSpecMatches } from '@tensorgraph/core';
import { expectOutcome, loadFixture, type Outcome } from '../shape/fixtures.js';

interface CanonicalizeFixture {
  cases: { spec: string; default: string | null; result: Outcome }[];
}

interface PlacementFixture {
  devices: string[];
  cases: { request: string; placed?: string; error?: string; kind?: string }[];
}

const canonical = loadFixture<CanonicalizeFixture>('device/canonicalize.json');
const placement = loadFixture<PlacementFixture>('device/placement.json');

describe('canonicalDeviceName (TF device_util.canonicalize fixtures)', () => {
  for (const c of canonical.cases) {
    it(`canonicalize(${JSON.stringify(c.spec)}, default=${JSON.stringify(c.default)})`, () => {
      expectOutcome(() => canonicalDeviceName(c.spec, c.default), c.result);
      if ('value' in c.result) {
        expect(canonicalDeviceName(DeviceSpec.fromString(c.spec), c.default)).toBe(c.result.value);
      }
    });
  }
});

describe('deviceSpecMatches (where TF graph placement put an op, 4 local CPUs)', () => {
  it('was recorded on four CPUs', () => {
    expect(placement.devices).toHaveLength(4);
    expect(placement.cases.some((c) => c.error !== undefined)).toBe(true);
    expect(placement.cases.some((c) => c.placed !== undefined)).toBe(true);
  });

  for (const c of placement.cases) {
    it(`request ${JSON.stringify(c.request)}`, () => {
      const matching = placement.devices.filter((d) => deviceSpecMatches(c.request, d));
      if (c.placed !== undefined) {
        // TF picks the first matching device in its list.
        expect(matching[0]).toBe(c.placed);
      } else {
        expect(c.error).toBe('InvalidArgumentError');
        expect(matching).toEqual([]);
      }
    });
  }
});

describe('deviceSpecMatches beyond the fixtures', () => {
  it('matches by every field the request sets', () => {
    const gpu = '/job:worker/replica:1/task:2/device:GPU:3';
    expect(deviceSpecMatches('', gpu)).toBe(true);
    expect(deviceSpecMatches('/job:worker/gpu:*', gpu)).toBe(true);
    expect(deviceSpecMatches('/replica:1/task:2', gpu)).toBe(true);
    expect(deviceSpecMatches('/task:3', gpu)).toBe(false);
    expect(deviceSpecMatches('/device:GPU:2', gpu)).toBe(false);
    expect(deviceSpecMatches(DeviceSpec.fromString('/gpu:3'), DeviceSpec.fromString(gpu))).toBe(
      true,
    );
    // A partial concrete name lacks what the request asks for.
    expect(deviceSpecMatches('/job:worker', '/device:GPU:3')).toBe(false);
  });

  it('ignores an index with no device type, which no device string can carry', () => {
    expect(deviceSpecMatches(new DeviceSpec({ deviceIndex: 7 }), '/device:CPU:0')).toBe(true);
  });

  it('rejects malformed requests with TF errors', () => {
    expect(() => deviceSpecMatches('/bogus:1', '/cpu:0')).toThrow("Unknown attribute 'bogus'");
  });
});
