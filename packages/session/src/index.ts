export { Session, InteractiveSession, type SessionOptions, type SessionLogger } from './session.js';
export { getDefaultSession } from '@tensorgraph/graph';
export type { PlacementDecision } from './placer.js';
// The ops the session runs itself, so no backend needs (or has) kernels for them.
export { CONTROL_FLOW_OPS } from './control-flow.js';
export { FUNCTION_CALL_OPS } from './functions/function-runtime.js';
export type { UnavailableBackend } from './devices.js';
