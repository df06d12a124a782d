export * from './op-def.js';
export * from './op-registry.js';
export * from './device.js';
export * from './backend.js';
export * from './kernel.js';
export * from './kernel-index.js';
export * from './resource-manager.js';
export * from './arg-expansion.js';
