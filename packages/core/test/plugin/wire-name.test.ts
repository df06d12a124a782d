import { describe, expect, it } from 'vitest';
import { ALL_DTYPES, dtypeFromWireName, dtypeWireName } from '../../src/index.js';
import { pluginFixture } from './plugin-fixture.js';

describe('dtype wire names', () => {
  it.each(Object.entries(pluginFixture.wire_names))('%s is %s', (dtype, wire) => {
    expect(dtypeWireName(dtype as never)).toBe(wire);
    expect(dtypeFromWireName(wire)).toBe(dtype);
    expect(dtypeFromWireName(`${wire}_REF`)).toBe(dtype);
  });

  it('covers every dtype TF has', () => {
    expect([...ALL_DTYPES].sort()).toEqual(Object.keys(pluginFixture.wire_names).sort());
  });

  it('unknown names give undefined', () => {
    expect(dtypeFromWireName('DT_NOPE')).toBeUndefined();
    expect(dtypeFromWireName('float32')).toBeUndefined();
  });
});
