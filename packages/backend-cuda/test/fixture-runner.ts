// Runs TF's golden kernel cases (the oracle's fixture JSON) on one GPU device: the
// emulated one in CI, a real one on the device machine (tools/gpu/gpu-check.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, Device } from '@tensorgraph/core';
import {
  diffKernelOutputs,
  kernelCaseArgs,
  runKernel,
  type KernelCase,
  type Tolerance,
} from '@tensorgraph/core/testing';

/** The kernel vectors TF wrote (tools/oracle), kept in the conformance package. */
export function fixtureDir(repoRoot: string): string {
  return join(repoRoot, 'packages/conformance/fixtures/ops');
}

export interface CaseOutcome {
  readonly file: string;
  readonly index: number;
  readonly op: string;
  readonly note: string;
  /** pass: TF's values (or error class); skip: no GPU kernel for these dtypes/ops; fail. */
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail?: string;
  /** TF's error message, for error cases. */
  readonly tfError?: string;
  readonly attrs: Readonly<Record<string, unknown>>;
}

interface FixtureFile {
  readonly tolerance?: Record<string, Tolerance>;
  readonly cases: readonly KernelCase[];
}

/** Every case of every fixture file whose op has a GPU kernel. */
export async function runFixtures(
  dir: string,
  backend: Backend,
  device: Device,
  options: {
    files?: (name: string) => boolean;
    /**
     * The least tolerance for float outputs: CUDA's expf/tanhf/powf are within 1-4 ulp of
     * the host's, as TF's own GPU kernels are (the device check uses a few ulp).
     */
    floor?: Tolerance;
  } = {},
): Promise<CaseOutcome[]> {
  const gpuOps = new Set(backend.kernels.map((k) => k.opType));
  const out: CaseOutcome[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    if (options.files !== undefined && !options.files(file)) continue;
    const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FixtureFile;
    if (!Array.isArray(fixture.cases)) continue;
    for (const [index, kcase] of fixture.cases.entries()) {
      if (!gpuOps.has(kcase.op) || kcase.build_error !== undefined) continue;
      const base = {
        file,
        index,
        op: kcase.op,
        note: kcase.note ?? '',
        attrs: kcase.attrs,
        ...(kcase.error === undefined ? {} : { tfError: kcase.error.message }),
      };
      const given =
        (kcase as { tolerance?: Tolerance }).tolerance ??
        fixture.tolerance?.[kcase.outputs?.[0]?.dtype ?? ''] ??
        {};
      const floor = options.floor ?? {};
      const tolerance: Tolerance = {
        rtol: Math.max(given.rtol ?? 0, floor.rtol ?? 0),
        atol: Math.max(given.atol ?? 0, floor.atol ?? 0),
      };
      out.push({ ...base, ...(await runCase(kcase, backend, device, tolerance)) });
    }
  }
  return out;
}

async function runCase(
  kcase: KernelCase,
  backend: Backend,
  device: Device,
  tolerance: Tolerance,
): Promise<{ status: CaseOutcome['status']; detail?: string }> {
  let outputs;
  try {
    outputs = await runKernel({ op: kcase.op, ...kernelCaseArgs(kcase), backend, device });
  } catch (e) {
    const err = e as Error;
    if (err.name === 'NotFoundError' && err.message.startsWith('No registered')) {
      return { status: 'skip', detail: 'no GPU kernel for these dtypes' };
    }
    if (kcase.error === undefined)
      return { status: 'fail', detail: `threw ${err.name}: ${err.message}` };
    // Error cases: the class must be TF's; GPU messages may word things differently.
    return err.name === kcase.error.class
      ? { status: 'pass' }
      : {
          status: 'fail',
          detail: `threw ${err.name}; TF: ${kcase.error.class}: ${kcase.error.message}`,
        };
  }
  const detail = diffKernelOutputs(kcase, outputs, tolerance);
  return detail === null ? { status: 'pass' } : { status: 'fail', detail };
}

/**
 * Where TF's GPU kernels answer differently from the CPU kernels that wrote the fixtures;
 * ours follow the GPU. Each rule names the difference; every failure must match one.
 */
export const GPU_DIFFERS: readonly { reason: string; matches: (o: CaseOutcome) => boolean }[] = [
  {
    reason: "TF's GPU GatherV2 writes zeros for out-of-range indices (there is no host check)",
    matches: (o) => o.op === 'GatherV2' && /is not in \[0, \d+\)/.test(o.tfError ?? ''),
  },
  {
    reason: 'NCHW is refused by the CPU kernels only; the GPU kernels take it',
    matches: (o) =>
      /NHWC/.test(o.tfError ?? '') && /CPU/.test(o.tfError ?? '') && o.attrs.data_format === 'NCHW',
  },
  {
    reason:
      "FusedBatchNorm's reserve spaces are unspecified in inference (TF leaves them uninitialised)",
    matches: (o) =>
      o.op.startsWith('FusedBatchNorm') &&
      o.attrs.is_training === false &&
      /^output [34]:/.test(o.detail ?? ''),
  },
  {
    // x86's truncating convert gives the lowest integer for NaN and values out of range (what
    // TF's CPU kernel wrote); the GPU's convert saturates and maps NaN to 0, as TF's GPU Cast.
    reason: 'float to integer Cast of NaN or out-of-range values saturates on the GPU',
    matches: (o) =>
      o.op === 'Cast' &&
      /^(float|half|bfloat)\w* to int(32|64)$/.test(o.note) &&
      /^output 0: values differ: /.test(o.detail ?? '') &&
      [...(o.detail ?? '').matchAll(/expected (-?\d+)/g)].every(
        (m) => m[1] === '-2147483648' || m[1] === '-9223372036854775808',
      ),
  },
  {
    reason: 'pooling across depth is CPU-only in TF (its GPU kernel is Unimplemented)',
    matches: (o) =>
      o.op === 'MaxPool' &&
      /Depthwise max pooling is currently only implemented for CPU/.test(o.detail ?? ''),
  },
];

/** Counts per status; `unexpected` counts failures no GPU_DIFFERS rule explains. */
export function summarize(outcomes: readonly CaseOutcome[]): {
  pass: number;
  fail: number;
  skip: number;
  unexpected: number;
  failures: string[];
} {
  const count = (s: CaseOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = outcomes.filter((o) => o.status === 'fail');
  return {
    pass: count('pass'),
    fail: failed.length,
    skip: count('skip'),
    unexpected: failed.filter((o) => !GPU_DIFFERS.some((r) => r.matches(o))).length,
    failures: failed.map((o) => {
      const rule = GPU_DIFFERS.find((r) => r.matches(o));
      const why = rule === undefined ? (o.detail ?? '') : `as TF's GPU kernel: ${rule.reason}`;
      return `${o.file}#${o.index} ${o.op} (${o.note}): ${why}`;
    }),
  };
}
