export { Session, InteractiveSession, type SessionOptions, type SessionLogger } from './session.js';
export { getDefaultSession } from '@tensorgraph/graph';
export type { PlacementDecision } from './placer.js';
export type { UnavailableBackend } from './devices.js';
