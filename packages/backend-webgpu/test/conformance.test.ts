import { cpu } from '@tensorgraph/backend-cpu';
import { describeConformance } from '@tensorgraph/conformance';
import { backend, UNAVAILABLE } from './gpu-env.js';
import { describe, it } from 'vitest';

import { WEBGPU_TOLERANCES } from './webgpu-tolerances.js';

// The conformance suite (TF golden vectors, model zoo, session semantics) on WEBGPU, with
// CPU for ops that have no WEBGPU kernel, at the GPU's per-op-family float tolerances.
if (UNAVAILABLE === null) {
  describeConformance({
    backend,
    deviceType: 'WEBGPU',
    fallbackBackends: [cpu()],
    groups: ['ops', 'zoo', 'session'],
    tolerances: WEBGPU_TOLERANCES,
    name: 'conformance: webgpu (WEBGPU, Dawn)',
  });
} else {
  describe('conformance: webgpu (WEBGPU)', () => {
    it.skip(`skipped: ${UNAVAILABLE}`, () => {});
  });
}
