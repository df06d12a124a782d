import { cpu } from '@tensorgraph/backend-cpu';
import { describeConformance } from '@tensorgraph/conformance';
import type { Tolerance } from '@tensorgraph/core/testing';
import { backend, UNAVAILABLE } from './gpu-env.js';
import { describe, it } from 'vitest';

// The conformance suite (TF golden vectors, model zoo, session semantics) on WEBGPU, with
// CPU for ops that have no WEBGPU kernel. Float tolerances per op family on the GPU:
const transcendental: Tolerance = { rtol: 2e-5, atol: 1e-6 };
const accumulate: Tolerance = { rtol: 1e-4, atol: 1e-5 };
const tolerances: Record<string, Tolerance> = {};
for (const op of 'Exp Log Sqrt Rsqrt Tanh Sigmoid Elu Softplus Log1p Expm1 Pow Reciprocal RealDiv Div DivNoNan'.split(
  ' ',
))
  tolerances[`${op}:float32`] = transcendental;
for (const op of 'MatMul BatchMatMulV2 Conv2D DepthwiseConv2dNative Sum Mean Prod Softmax LogSoftmax FusedBatchNormV3 AvgPool BiasAdd ResizeBilinear'.split(
  ' ',
))
  tolerances[`${op}:float32`] = accumulate;

if (UNAVAILABLE === null) {
  describeConformance({
    backend,
    deviceType: 'WEBGPU',
    fallbackBackends: [cpu()],
    groups: ['ops', 'zoo', 'session'],
    tolerances,
    name: 'conformance: webgpu (WEBGPU, Dawn)',
  });
} else {
  describe('conformance: webgpu (WEBGPU)', () => {
    it.skip(`skipped: ${UNAVAILABLE}`, () => {});
  });
}
