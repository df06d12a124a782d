import { cpu } from '@tensorgraph/backend-cpu';
import { describeConformance } from '@tensorgraph/conformance';

// How CI proves backend-cpu: every golden vector, every zoo model and the session checks.
// CPU implements every op, so a case it has no kernel for fails instead of being skipped.
describeConformance({ backend: cpu(), deviceType: 'CPU', unsupported: 'fail' });
