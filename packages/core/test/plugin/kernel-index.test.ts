import { InvalidArgumentError } from '@tensorgraph/errors';
import { describe, expect, it } from 'vitest';
import { fakeBackend } from '@tensorgraph/core/testing';
import {
  KernelIndex,
  defineKernel,
  defineOp,
  type DType,
  type KernelDef,
} from '../../src/index.js';
import { pluginFixture } from './plugin-fixture.js';

const MatMul = defineOp({
  name: 'MatMul',
  inputs: [
    { name: 'a', typeAttr: 'T' },
    { name: 'b', typeAttr: 'T' },
  ],
  outputs: [{ name: 'product', typeAttr: 'T' }],
  attrs: [
    { name: 'transpose_a', type: 'bool', defaultValue: false },
    { name: 'transpose_b', type: 'bool', defaultValue: false },
    { name: 'T', type: 'type' },
  ],
});

const kernel = (deviceType: string, T: DType[], priority?: number): KernelDef =>
  defineKernel(MatMul, {
    deviceType,
    typeConstraints: { T },
    ...(priority === undefined ? {} : { priority }),
    create: () => () => {},
  });

describe('KernelIndex', () => {
  it('finds a kernel by op, device type and dtype constraints', () => {
    const cpu = kernel('CPU', ['float32', 'float64']);
    const gpu = kernel('GPU', ['float32']);
    const index = new KernelIndex([cpu, gpu]);
    expect(index.find('MatMul', 'CPU', { T: 'float64' })).toBe(cpu);
    expect(index.find('MatMul', 'GPU', { T: 'float32' })).toBe(gpu);
    expect(index.find('MatMul', 'GPU', { T: 'float64' })).toBeUndefined();
    expect(index.find('Conv2D', 'CPU', { T: 'float32' })).toBeUndefined();
    expect(index.deviceTypesFor('MatMul', { T: 'float32' })).toEqual(['CPU', 'GPU']);
    expect(index.deviceTypesFor('MatMul', { T: 'float64' })).toEqual(['CPU']);
    expect(index.has('MatMul', 'GPU')).toBe(true);
    expect(index.has('MatMul', 'WEBGPU')).toBe(false);
    expect(index.opTypes()).toEqual(['MatMul']);
  });

  it('list(type) attrs must have every dtype allowed', () => {
    const k = {
      ...kernel('CPU', ['int32', 'float32']),
      typeConstraints: { Tlist: ['int32', 'float32'] as DType[] },
    };
    const index = new KernelIndex([k]);
    expect(index.find('MatMul', 'CPU', { Tlist: ['int32', 'float32'] })).toBe(k);
    expect(index.find('MatMul', 'CPU', { Tlist: ['int32', 'int64'] })).toBeUndefined();
  });

  it('prefers the kernel of highest priority', () => {
    const low = kernel('CPU', ['float32']);
    const high = kernel('CPU', ['float32'], 5);
    expect(new KernelIndex([low, high]).find('MatMul', 'CPU', { T: 'float32' })).toBe(high);
  });

  it("describes registered kernels in TF's format", () => {
    // The CPU MatMul kernels TF listed, in TF's order, one dtype each.
    const lines = pluginFixture.no_kernel.message
      .split('\n')
      .filter((l) => l.startsWith("  device='"));
    expect(lines.length).toBeGreaterThan(3);
    const wireToDType = new Map(
      Object.entries(pluginFixture.wire_names).map(([d, w]) => [w, d as DType]),
    );
    const kernels = lines.map((l) => kernel('CPU', [wireToDType.get(/\[(\w+)\]/.exec(l)![1]!)!]));
    expect(new KernelIndex(kernels).describe('MatMul')).toBe(lines.map((l) => `${l}\n`).join(''));
    expect(new KernelIndex([]).describe('MatMul')).toBe('  <no registered kernels>\n');
  });

  it('builds from backends and refuses a kernel of the wrong device type', () => {
    const good = fakeBackend({ kernels: [kernel('FAKE', ['float32'])] });
    expect(KernelIndex.fromBackends([good]).has('MatMul', 'FAKE')).toBe(true);
    const bad = fakeBackend({ kernels: [kernel('CPU', ['float32'])] });
    expect(() => KernelIndex.fromBackends([bad])).toThrow(InvalidArgumentError);
    expect(() => KernelIndex.fromBackends([bad])).toThrow(/fake-fake.*'MatMul' on device type CPU/);
  });
});
