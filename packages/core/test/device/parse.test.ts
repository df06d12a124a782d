import { describe, expect, it } from 'vitest';
import { ValueError } from '@tensorgraph/errors';
import { DeviceSpec, SHORT_FORM_DEVICE_TYPES, type DeviceSpecFields } from '@tensorgraph/core';
import { expectOutcome, loadFixture, type Outcome } from '../shape/fixtures.js';

interface ParseFixture {
  tf_version: string;
  cases: { spec: string | null; result: Outcome }[];
  non_string: { spec: unknown; result: Outcome }[];
}

interface ConstructFixture {
  cases: { kwargs: Record<string, unknown>; result: Outcome }[];
  replace: { spec: string; kwargs: Record<string, unknown>; result: Outcome }[];
}

const parse = loadFixture<ParseFixture>('device/parse.json');
const construct = loadFixture<ConstructFixture>('device/construct.json');

/** TF's keyword arguments under our camelCase names. */
function fields(kwargs: Record<string, unknown>): DeviceSpecFields {
  const names: Record<string, string> = { device_type: 'deviceType', device_index: 'deviceIndex' };
  return Object.fromEntries(
    Object.entries(kwargs).map(([k, v]) => [names[k] ?? k, v]),
  ) as DeviceSpecFields;
}

/**
 * Where we knowingly differ. WEBGPU is our device type and takes the short form the
 * way a registered pluggable device type does in TF. Python reads the falsy
 * non-strings 0 and False as the empty spec (`spec or ""`); any non-string is a
 * TypeError here. TF's message for [] comes from its cache (`unhashable type`).
 */
const PARSE_DEVIATIONS = new Map<string, Outcome>([
  [
    JSON.stringify('/webgpu:0'),
    {
      value: {
        job: null,
        replica: null,
        task: null,
        device_type: 'WEBGPU',
        device_index: 0,
        string: '/device:WEBGPU:0',
      },
    },
  ],
  [JSON.stringify(0), { error: 'TypeError', message: "'int' object has no attribute 'split'" }],
  [
    JSON.stringify(false),
    { error: 'TypeError', message: "'bool' object has no attribute 'split'" },
  ],
  [JSON.stringify([]), { error: 'TypeError', message: "'list' object has no attribute 'split'" }],
]);

describe('DeviceSpec.fromString (TF fixtures)', () => {
  it('was recorded from TF 2.21 over a broad table', () => {
    expect(parse.tf_version).toBe('2.21.0');
    expect(parse.cases.length).toBeGreaterThan(80);
    expect(SHORT_FORM_DEVICE_TYPES).toEqual(['CPU', 'GPU', 'TPU', 'CUSTOM', 'EPU', 'WEBGPU']);
  });

  for (const c of [...parse.cases, ...parse.non_string]) {
    const key = JSON.stringify(c.spec);
    const deviation = PARSE_DEVIATIONS.get(key);
    it(`fromString(${key})${deviation ? ' (deviates on purpose)' : ''}`, () => {
      if (deviation !== undefined) expect(c.result).not.toEqual(deviation);
      const expected = deviation ?? c.result;
      expectOutcome(() => DeviceSpec.fromString(c.spec as string), expected);
      if ('value' in expected) {
        const spec = DeviceSpec.fromString(c.spec as string);
        // The string form parses back to the same spec.
        expect(DeviceSpec.fromString(spec.toString()).equals(spec)).toBe(true);
        expect(spec.parseFromString(spec.toString()).toString()).toBe(spec.toString());
      }
    });
  }
});

describe('new DeviceSpec(fields) and replace (TF fixtures)', () => {
  for (const c of construct.cases) {
    it(`DeviceSpec(${JSON.stringify(c.kwargs)})`, () => {
      expectOutcome(() => new DeviceSpec(fields(c.kwargs)), c.result);
    });
  }

  for (const c of construct.replace) {
    it(`fromString(${JSON.stringify(c.spec)}).replace(${JSON.stringify(c.kwargs)})`, () => {
      const expected: Outcome =
        'error' in c.result
          ? // TF names its class DeviceSpecV2 in the message; ours is DeviceSpec.
            {
              error: c.result.error,
              message: c.result.message.replace('DeviceSpecV2.__init__()', 'DeviceSpec()'),
            }
          : c.result;
      expectOutcome(() => DeviceSpec.fromString(c.spec).replace(fields(c.kwargs)), expected);
    });
  }
});

describe('DeviceSpec beyond the fixtures', () => {
  it('is immutable', () => {
    const spec = DeviceSpec.fromString('/job:a/device:GPU:1');
    expect(() => {
      (spec as { job: string | null }).job = 'b';
    }).toThrow(TypeError);
    expect(spec.replace({ job: undefined }).toString()).toBe('/job:a/device:GPU:1');
    expect(spec.replace({ job: null }).toString()).toBe('/device:GPU:1');
  });

  it('prints like TF repr', () => {
    expect(DeviceSpec.fromString('/job:a/gpu:1').toRepr()).toBe(
      '<DeviceSpec(job=a, replica=None, task=None, device_type=GPU, device_index=1)>',
    );
  });

  it('refuses what Python would turn into wrong values', () => {
    expect(() => new DeviceSpec({ replica: Number.NaN })).toThrow(ValueError);
    expect(() => new DeviceSpec({ replica: Number.NaN })).toThrow(
      'cannot convert float NaN to integer',
    );
    // Python's OverflowError.
    expect(() => new DeviceSpec({ task: Infinity })).toThrow(RangeError);
    // Python's ints are unbounded; ours must be exact doubles.
    expect(() => DeviceSpec.fromString('/task:99999999999999999999')).toThrow(ValueError);
    expect(() => new DeviceSpec({ deviceIndex: 2n ** 60n })).toThrow(ValueError);
    expect(() => new DeviceSpec({ job: { name: 'x' } as never })).toThrow(TypeError);
    expect(() => new DeviceSpec({ device_type: 'GPU' } as never)).toThrow(
      "DeviceSpec() got an unexpected keyword argument 'device_type'",
    );
    expect(() => new DeviceSpec(null as never)).toThrow(TypeError);
    expect(() => new DeviceSpec({ replica: [1] as never })).toThrow(
      "int() argument must be a string, a bytes-like object or a real number, not 'list'",
    );
  });

  it('accepts the short form for WEBGPU, our pluggable-like device type', () => {
    expect(DeviceSpec.fromString('/webgpu:1').toString()).toBe('/device:WEBGPU:1');
    expect(DeviceSpec.fromString('/device:WEBGPU:0').deviceType).toBe('WEBGPU');
  });
});
