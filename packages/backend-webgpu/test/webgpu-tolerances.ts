import type { Tolerance } from '@tensorgraph/core/testing';

// The float tolerances per op family WEBGPU is held to, in Node (Dawn, conformance.test.ts)
// and in Chromium (browser-conformance.test.ts) alike.
const transcendental: Tolerance = { rtol: 2e-5, atol: 1e-6 };
const accumulate: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** Overrides keyed `Op:dtype`, as ConformanceOptions.tolerances. */
export const WEBGPU_TOLERANCES: Readonly<Record<string, Tolerance>> = Object.fromEntries([
  ...'Exp Log Sqrt Rsqrt Tanh Sigmoid Elu Softplus Log1p Expm1 Pow Reciprocal RealDiv Div DivNoNan'
    .split(' ')
    .map((op) => [`${op}:float32`, transcendental] as const),
  ...'MatMul BatchMatMulV2 Conv2D DepthwiseConv2dNative Sum Mean Prod Softmax LogSoftmax FusedBatchNormV3 AvgPool BiasAdd ResizeBilinear'
    .split(' ')
    .map((op) => [`${op}:float32`, accumulate] as const),
]);
