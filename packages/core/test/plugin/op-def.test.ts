import { AlreadyExistsError, NotFoundError } from '@tensorgraph/errors';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  OpRegistry,
  defineKernel,
  defineOp,
  type AttrsOf,
  type DType,
  type InputNamesOf,
  type ShapeValue,
} from '../../src/index.js';

const Conv = defineOp({
  name: 'Conv2D',
  inputs: [
    { name: 'input', typeAttr: 'T' },
    { name: 'filter', typeAttr: 'T' },
  ],
  outputs: [{ name: 'output', typeAttr: 'T' }],
  attrs: [
    { name: 'T', type: 'type', allowedValues: ['float32', 'float64'] },
    { name: 'strides', type: 'list(int)' },
    { name: 'padding', type: 'string', allowedValues: ['SAME', 'VALID'] },
    { name: 'use_cudnn_on_gpu', type: 'bool', defaultValue: true },
    { name: 'explicit_paddings', type: 'list(int)', defaultValue: [] },
    { name: 'data_format', type: 'string', defaultValue: 'NHWC' },
  ],
  shapeFn: (ctx) => [ctx.inputShapes[0] ?? null],
});

describe('op definitions', () => {
  it('defineOp freezes the definition and keeps its facts', () => {
    expect(Object.isFrozen(Conv)).toBe(true);
    expect(Conv.attrs.find((a) => a.name === 'padding')?.allowedValues).toEqual(['SAME', 'VALID']);
  });

  it('kernels get attrs typed from the op definition', () => {
    expectTypeOf<AttrsOf<typeof Conv>>().toEqualTypeOf<{
      readonly T: DType;
      readonly strides: readonly number[];
      readonly padding: string;
      readonly use_cudnn_on_gpu: boolean;
      readonly explicit_paddings: readonly number[];
      readonly data_format: string;
    }>();
    expectTypeOf<InputNamesOf<typeof Conv>>().toEqualTypeOf<'input' | 'filter'>();
    const k = defineKernel(Conv, {
      deviceType: 'CPU',
      create: ({ attrs }) => {
        expectTypeOf(attrs.strides).toEqualTypeOf<readonly number[]>();
        return () => {};
      },
    });
    expect(k.opType).toBe('Conv2D');
    expect(Object.isFrozen(k)).toBe(true);
  });

  it('shape functions see dims with null for unknown', () => {
    const shape: ShapeValue = [null, 3];
    const out = Conv.shapeFn({
      opType: 'Conv2D',
      nodeName: 'c',
      inputShapes: [shape, [1, 1, 3, 3]],
      inputDTypes: ['float32', 'float32'],
      attr: () => {
        throw new Error('unused');
      },
      inputValue: () => null,
      inputAsShape: () => null,
      inputRange: () => [0, 1],
      numOutputs: 1,
    });
    expect(out).toEqual([[null, 3]]);
  });
});

describe('OpRegistry', () => {
  const registry = new OpRegistry([Conv]);

  it('looks ops up by type', () => {
    expect(registry.get('Conv2D')).toBe(Conv);
    expect(registry.find('Nope')).toBeUndefined();
    expect(registry.has('Conv2D')).toBe(true);
    expect(registry.size).toBe(1);
    expect(registry.opTypes()).toEqual(['Conv2D']);
  });

  it("an unknown op type is TF's NotFoundError wording", () => {
    expect(() => registry.get('Frobnicate')).toThrow(NotFoundError);
    expect(() => registry.get('Frobnicate')).toThrow("Op type not registered 'Frobnicate'");
  });

  it('refuses two different definitions of one op', () => {
    const other = defineOp({ ...Conv, attrs: [] });
    expect(() => registry.with([other])).toThrow(AlreadyExistsError);
    expect(registry.with([Conv]).size).toBe(1);
    const custom = defineOp({ name: 'Custom', inputs: [], outputs: [], attrs: [] });
    const extended = registry.with([custom]);
    expect(extended.opTypes()).toEqual(['Conv2D', 'Custom']);
    expect(registry.has('Custom')).toBe(false);
  });
});
