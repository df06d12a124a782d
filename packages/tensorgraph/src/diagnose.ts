import type { Backend } from '@tensorgraph/core';
import { getBackends } from './backends.js';
import { LazyBackend } from './lazy-backend.js';
import { detectRuntime, type Runtime } from './runtime.js';

/** One backend's state, as `diagnose()` found it. */
export interface BackendDiagnosis {
  readonly name: string;
  readonly deviceType: string;
  readonly priority: number;
  /** The package it comes from, or `'registered'` for another one given with `registerBackend`. */
  readonly source: string;
  /**
   * `available`: it made devices. `unavailable`: loaded, but says it cannot run here.
   * `not loaded`: not tried in this runtime (why in `reason`). `failed`: loading threw.
   */
  readonly status: 'available' | 'unavailable' | 'not loaded' | 'failed';
  /** Why it is not available (absent when it is). */
  readonly reason?: string;
  /** What the backend says of itself when available (driver, adapter, ...). */
  readonly detail?: string;
  /** The devices it created, by TF name. */
  readonly devices: readonly { readonly name: string; readonly memoryLimitBytes: number }[];
}

/** What `diagnose()` returns: the runtime and every default backend's state. */
export interface Diagnosis {
  readonly runtime: Runtime;
  readonly backends: readonly BackendDiagnosis[];
}

export interface DiagnoseOptions {
  /** The backends to check (default: the current defaults, `getBackends()`). */
  readonly backends?: readonly Backend[];
  /** Print the report: `true` (default) to the console, a function to receive the text, `false` not at all. */
  readonly print?: boolean | ((text: string) => void);
}

/**
 * Which backends loaded, which did not, and why; the devices each one makes here.
 * Resolves to a structured report and (unless `print: false`) prints it as a table.
 */
export async function diagnose(options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const backends = options.backends ?? getBackends();
  const report: Diagnosis = {
    runtime: detectRuntime(),
    backends: await Promise.all(backends.map(diagnoseBackend)),
  };
  const print = options.print ?? true;
  if (print !== false) {
    const text = formatDiagnosis(report);
    if (print === true) console.log(text);
    else print(text);
  }
  return report;
}

async function diagnoseBackend(backend: Backend): Promise<BackendDiagnosis> {
  const source =
    backend instanceof LazyBackend
      ? backend.source
      : backend.name === 'cpu' && backend.deviceType === 'CPU'
        ? '@tensorgraph/backend-cpu'
        : 'registered';
  const base = { name: backend.name, deviceType: backend.deviceType, source };
  let availability;
  try {
    availability = await backend.isAvailable();
  } catch (e) {
    return {
      ...base,
      priority: backend.priority,
      status: 'failed',
      reason: `isAvailable() threw: ${e instanceof Error ? e.message : String(e)}`,
      devices: [],
    };
  }
  if (!availability.available) {
    const load = backend instanceof LazyBackend ? backend.loadState.state : 'loaded';
    const status = load === 'skipped' ? 'not loaded' : load === 'failed' ? 'failed' : 'unavailable';
    return {
      ...base,
      priority: backend.priority,
      status,
      reason: availability.reason,
      devices: [],
    };
  }
  const devices = await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' });
  const found = devices.map((d) => ({
    name: d.attributes.name,
    memoryLimitBytes: d.attributes.memoryLimitBytes,
  }));
  await Promise.all(devices.map((d) => d.dispose()));
  return {
    ...base,
    priority: backend.priority,
    status: 'available',
    ...(availability.detail === undefined ? {} : { detail: availability.detail }),
    devices: found,
  };
}

/** The report as aligned text: one line per backend, then its devices or its reason. */
export function formatDiagnosis(report: Diagnosis): string {
  const lines = [`tensorgraph backends (runtime: ${report.runtime})`];
  const width = Math.max(...report.backends.map((b) => b.name.length), 4);
  for (const b of report.backends) {
    const mark = b.status === 'available' ? '✓' : '✗';
    const head = `${mark} ${b.name.padEnd(width)}  ${b.deviceType.padEnd(6)}  ${b.status}`;
    lines.push(`${head}  (${b.source}, priority ${b.priority})`);
    if (b.detail !== undefined) lines.push(`    ${b.detail}`);
    if (b.reason !== undefined) lines.push(`    why: ${b.reason}`);
    for (const d of b.devices) lines.push(`    ${d.name}`);
  }
  return lines.join('\n');
}
