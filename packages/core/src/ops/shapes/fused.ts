import type { ShapeFn } from '../../plugin/op-def.js';
import { mathShapeFns } from './math.js';
import { nnShapeFns } from './nn.js';

/**
 * Grappler's fused contractions (a Conv2D/DepthwiseConv2dNative/MatMul with its bias,
 * batch norm and activation folded in) have the shape of the contraction alone: TF
 * registers them with the unfused op's shape function, and so do we.
 */
export const fusedShapeFns: Readonly<Record<string, ShapeFn>> = {
  _FusedConv2D: nnShapeFns['Conv2D'] as ShapeFn,
  _FusedDepthwiseConv2dNative: nnShapeFns['DepthwiseConv2dNative'] as ShapeFn,
  _FusedMatMul: mathShapeFns['MatMul'] as ShapeFn,
};
