import type { AttrValue, ShapeContext, ShapeFn } from '../../plugin/op-def.js';
import { mathShapeFns } from './math.js';
import { nnShapeFns } from './nn.js';

/** `fn` for an op without `explicit_paddings` (TF's shape function without explicit padding). */
function withoutExplicitPadding(fn: ShapeFn): ShapeFn {
  return (ctx) => {
    const inner: ShapeContext = {
      opType: ctx.opType,
      nodeName: ctx.nodeName,
      inputShapes: ctx.inputShapes,
      inputDTypes: ctx.inputDTypes,
      numOutputs: ctx.numOutputs,
      attr: <T extends AttrValue = AttrValue>(name: string): T =>
        name === 'explicit_paddings' ? ([] as unknown as T) : ctx.attr<T>(name),
      inputValue: (i) => ctx.inputValue(i),
      inputAsShape: (i) => ctx.inputAsShape(i),
      inputRange: (name) => ctx.inputRange(name),
    };
    return fn(inner);
  };
}

/**
 * Grappler's fused contractions (a Conv2D/DepthwiseConv2dNative/MatMul with its bias,
 * batch norm and activation folded in) have the shape of the contraction alone: TF
 * registers them with the unfused op's shape function, and so do we.
 */
export const fusedShapeFns: Readonly<Record<string, ShapeFn>> = {
  _FusedConv2D: nnShapeFns['Conv2D'] as ShapeFn,
  _FusedDepthwiseConv2dNative: withoutExplicitPadding(
    nnShapeFns['DepthwiseConv2dNative'] as ShapeFn,
  ),
  _FusedMatMul: mathShapeFns['MatMul'] as ShapeFn,
};
