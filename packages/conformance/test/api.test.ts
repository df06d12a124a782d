import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray } from '@tensorgraph/core';
import {
  compareArrays,
  ConformanceReport,
  describeConformance,
  loadOpFixtures,
  loadZoo,
  vectorDType,
  zooArray,
  FIXTURES_DIR,
} from '@tensorgraph/conformance';

// A backend that lacks one op's kernel: its cases must be reported unsupported (skipped,
// with the reason), while the op it has passes. Softsign has few vectors, so few skips.
const full = cpu();
const partial = {
  ...full,
  name: 'cpu-without-softsign',
  kernels: full.kernels.filter((k) => k.opType !== 'Softsign'),
};
const report = describeConformance({
  backend: partial,
  deviceType: 'CPU',
  groups: ['ops'],
  ops: ['Softsign', 'Relu6'],
  printReport: false,
  reportFile: '', // not the env variable's file: cpu.test.ts writes that one
});

afterAll(() => {
  const json = report.toJSON();
  const softsign = Object.values(json.groups['ops']?.['Softsign'] ?? {});
  const relu6 = Object.values(json.groups['ops']?.['Relu6'] ?? {});
  expect(softsign.reduce((n, c) => n + c.unsupported, 0)).toBeGreaterThan(0);
  expect(softsign.reduce((n, c) => n + c.pass + c.fail, 0)).toBe(0);
  expect(relu6.reduce((n, c) => n + c.pass, 0)).toBeGreaterThan(0);
  expect(json.totals.fail).toBe(0);
  expect(Object.keys(json.groups)).toEqual(['ops']);
});

// errors.json on a backend without GatherV2: the gather cases would only test the CPU
// fallback, so they are unsupported; the division cases run on the backend and pass. The
// backend is CPU's kernels under another device type, so that cpu() can be its fallback.
const noGather = {
  ...full,
  name: 'xpu-without-gather',
  deviceType: 'XPU',
  kernels: full.kernels
    .filter((k) => k.opType !== 'GatherV2')
    .map((k) => ({ ...k, deviceType: 'XPU' })),
  async createDevices(options: Parameters<typeof full.createDevices>[0]) {
    // A view of each CPU device under the XPU name (methods run on the device itself).
    return (await full.createDevices(options)).map((d) => {
      const attributes = {
        ...d.attributes,
        name: d.attributes.name.replace('/device:CPU:', '/device:XPU:'),
        deviceType: 'XPU',
      };
      return new Proxy(d, {
        get: (target, key) => {
          if (key === 'attributes') return attributes;
          const v: unknown = Reflect.get(target, key, target);
          return typeof v === 'function' ? (v as () => unknown).bind(target) : v;
        },
      });
    });
  },
};
const zooReport = describeConformance({
  backend: noGather,
  fallbackBackends: [full],
  groups: ['zoo'],
  models: ['everyday_ops'],
  printReport: false,
  reportFile: '',
});

afterAll(() => {
  const zoo = zooReport.toJSON().groups['zoo'];
  expect(zoo?.['everyday_ops']?.['-']).toEqual({ pass: 1, fail: 0, unsupported: 0 });
  expect(zoo?.['everyday_ops:errors']?.['-']).toEqual({ pass: 4, fail: 0, unsupported: 2 });
});

describe('fixtures', () => {
  it('ship golden vectors for every file, build errors left out', () => {
    const files = loadOpFixtures(join(FIXTURES_DIR, 'ops'));
    expect(files.length).toBeGreaterThanOrEqual(26);
    for (const f of files) {
      expect(f.vectors.length).toBeGreaterThan(0);
      expect(f.vectors.every((v) => v.build_error === undefined)).toBe(true);
    }
    const edges = files.find((f) => f.file === 'edges-elementwise.json');
    expect(
      edges?.vectors.some(
        (v) =>
          v.inputs[0]?.[1] &&
          'shape' in v.inputs[0][1] &&
          v.inputs[0][1].shape.join() === '7,13,17',
      ),
    ).toBe(true);
  });

  it('report a vector under its T/dtype attr, else its first input', () => {
    const base = { inputs: [['x', { dtype: 'int32', shape: [1], values: [2] }]] as const };
    expect(vectorDType({ op: 'RandomUniform', attrs: { dtype: 'float32' }, ...base })).toBe(
      'float32',
    );
    expect(vectorDType({ op: 'Abs', attrs: {}, ...base })).toBe('int32');
  });
});

describe('zoo loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-'));
  mkdirSync(join(dir, 'being-written'));
  writeFileSync(join(dir, 'being-written', 'model.pb'), new Uint8Array([8, 1]));
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'case.json'), '{"name": ');
  mkdirSync(join(dir, 'ok'));
  writeFileSync(
    join(dir, 'ok', 'case.json'),
    JSON.stringify({ name: 'ok', graph: 'model.pb', steps: [] }),
  );
  writeFileSync(
    join(dir, 'ok', 'x.bin'),
    new Uint8Array(new Float32Array([1.5, -2, Number.NaN]).buffer),
  );

  it('treats a missing folder as an empty zoo', () => {
    expect(loadZoo(join(dir, 'nowhere'))).toEqual([]);
  });

  it('skips folders without case.json and reports one that does not parse', () => {
    const models = loadZoo(dir);
    expect(models.map((m) => m.folder)).toEqual(['broken', 'ok']);
    expect('error' in (models[0]?.case ?? {})).toBe(true);
    expect((models[1]?.case as { name: string }).name).toBe('ok');
  });

  it('reads raw little-endian arrays and checks their size', () => {
    const a = zooArray({ dtype: 'float32', shape: [3], file: 'x.bin' }, join(dir, 'ok'));
    expect(Array.from(a.data as Float32Array)).toEqual([1.5, -2, Number.NaN]);
    expect(() =>
      zooArray({ dtype: 'float32', shape: [4], file: 'x.bin' }, join(dir, 'ok')),
    ).toThrow(/12 bytes, but float32\[4\] needs 16/);
  });
});

describe('compareArrays', () => {
  const f = (v: number[]) => NDArray.from(v, 'float32');
  it('compares floats within atol + rtol*|want|, NaN equal to NaN', () => {
    expect(compareArrays(f([1, Number.NaN]), f([1.00001, Number.NaN]), { rtol: 2e-5 })).toBeNull();
    expect(compareArrays(f([1]), f([1.001]), { rtol: 1e-5, atol: 1e-6 })).toMatch(
      /1 of 1 values differ/,
    );
  });
  it('compares integers exactly whatever the tolerance, and checks dtype and shape', () => {
    const i = (v: number[]) => NDArray.from(v, 'int32');
    expect(compareArrays(i([3]), i([4]), { atol: 5 })).toMatch(/got 3, expected 4/);
    expect(compareArrays(i([3]), f([3]), {})).toMatch(/dtype int32, expected float32/);
    expect(compareArrays(f([3, 4]), NDArray.from([[3, 4]], 'float32'), {})).toMatch(/shape \[2\]/);
  });
});

describe('ConformanceReport', () => {
  it('counts per group, op and dtype, lists failures, and prints a table', () => {
    const r = new ConformanceReport('x', 'X');
    r.record('ops', 'Add', 'float32', 'pass', 't1');
    r.record('ops', 'Add', 'int32', 'fail', 't2', 'values differ');
    r.record('ops', 'Sub', 'float32', 'unsupported', 't3', 'no kernel');
    const json = r.toJSON();
    expect(json.totals).toEqual({ pass: 1, fail: 1, unsupported: 1 });
    expect(json.groups['ops']?.['Add']?.['int32']).toEqual({ pass: 0, fail: 1, unsupported: 0 });
    expect(json.failures).toEqual([
      { group: 'ops', key: 'Add', dtype: 'int32', test: 't2', detail: 'values differ' },
    ]);
    const table = r.toTable();
    expect(table).toMatch(/ops\s+Add\s+1\s+1\s+0\s+float32 int32!/);
    expect(table).toMatch(/ops\s+Sub\s+0\s+0\s+1\s+float32\?/);
    expect(table).toMatch(/total\s+1\s+1\s+1/);
  });
});
