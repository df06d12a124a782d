import { describe, expect, it } from 'vitest';
import { bytesRepr, complexRepr, floatRepr, strRepr } from '../../src/ndarray/py-repr.js';
import { fromJsonFloat, type JsonFloat } from '../dtype/value-fixtures.js';
import { hexToBytes, loadValueFixture } from './value-cases.js';

interface ReprFixture {
  repr: {
    float: [JsonFloat, string][];
    complex: [[JsonFloat, JsonFloat], string][];
    str: [string, string][];
    bytes: [string, string][];
  };
}

const { repr } = loadValueFixture<ReprFixture>('numpy.json');

// TF's messages print Python values; these must read as Python's repr() does.
describe("Python's repr of the scalars in TF's messages", () => {
  it.each(repr.float)('float %s', (x, want) => {
    expect(floatRepr(fromJsonFloat(x))).toBe(want);
  });
  it.each(repr.complex)('complex %j', ([re, im], want) => {
    expect(complexRepr(fromJsonFloat(re), fromJsonFloat(im))).toBe(want);
  });
  it.each(repr.str)('str %j', (text, want) => {
    expect(strRepr(text)).toBe(want);
  });
  it.each(repr.bytes)('bytes %s', (hex, want) => {
    expect(bytesRepr(hexToBytes(hex))).toBe(want);
  });
});
