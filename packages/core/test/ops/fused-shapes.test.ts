import { describe, expect, it } from 'vitest';
import { BUILTIN_OPS, type ShapeFn, type ShapeValue } from '../../src/index.js';
import { makeShapeContext, type ShapeCase } from './shape-context.js';

// Grappler's fused contractions take the unfused op's shape function, as TF registers them.

function infer(c: ShapeCase): ShapeValue[] {
  const def = BUILTIN_OPS.get(c.op);
  return (def.shapeFn as ShapeFn)(makeShapeContext(def, c)) as ShapeValue[];
}

const f32 = (shape: ShapeValue, arg: string) => ({ arg, dtype: 'float32', shape });

describe('fused contraction shapes', () => {
  it('_FusedConv2D: a strided SAME convolution', () => {
    const c: ShapeCase = {
      op: '_FusedConv2D',
      attrs: { strides: [1, 2, 2, 1], padding: 'SAME', num_args: 1, fused_ops: ['BiasAdd'] },
      inputs: [f32([1, 7, 6, 5], 'input'), f32([3, 3, 5, 11], 'filter'), f32([11], 'args')],
    };
    expect(infer(c)).toEqual([[1, 4, 3, 11]]);
  });

  it('_FusedDepthwiseConv2dNative: channels times the multiplier', () => {
    const c: ShapeCase = {
      op: '_FusedDepthwiseConv2dNative',
      attrs: { strides: [1, 1, 1, 1], padding: 'VALID', num_args: 1 },
      inputs: [f32([2, 6, 7, 4], 'input'), f32([3, 3, 4, 2], 'filter'), f32([8], 'args')],
    };
    expect(infer(c)).toEqual([[2, 4, 5, 8]]);
  });

  it('_FusedMatMul: transposes, and an unknown dimension', () => {
    const c: ShapeCase = {
      op: '_FusedMatMul',
      attrs: { transpose_a: true, num_args: 1 },
      inputs: [f32([13, null], 'a'), f32([13, 10], 'b'), f32([10], 'args')],
    };
    expect(infer(c)).toEqual([[null, 10]]);
  });
});
