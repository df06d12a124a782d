/** Where this code runs, as far as choosing default backends is concerned. */
export type Runtime = 'node' | 'browser' | 'worker' | 'other';

interface RuntimeGlobals {
  process?: { versions?: { node?: string } };
  window?: unknown;
  document?: unknown;
  importScripts?: unknown;
}

/** Node (and Node-compatible runtimes), a browser page, a web worker, or something else. */
export function detectRuntime(): Runtime {
  const g = globalThis as RuntimeGlobals;
  if (typeof g.process?.versions?.node === 'string') return 'node';
  if (g.window !== undefined && g.document !== undefined) return 'browser';
  if (typeof g.importScripts === 'function') return 'worker';
  return 'other';
}
