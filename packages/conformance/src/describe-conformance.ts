import { afterAll, describe } from 'vitest';
import { FIXTURES_DIR } from './fixtures-dir.js';
import { registerOpVectors } from './op-vectors.js';
import type { ConformanceOptions } from './options.js';
import { ConformanceReport } from './report.js';
import { registerSessionChecks } from './session-semantics.js';
import { withSharedDevices, type SuiteContext } from './suite-context.js';
import { registerZoo } from './zoo.js';

/** The env variable that asks for the JSON report (a file path). */
export const REPORT_ENV = 'TENSORGRAPH_CONFORMANCE_REPORT';

/**
 * Registers the conformance suite for one backend as vitest tests, inside a `describe`:
 * golden per-op vectors from real TensorFlow, the model zoo, and session semantics. Call it
 * at the top level of a test file. Returns the report that fills in as the tests run; it is
 * printed (and written to a file, if asked) when the suite ends.
 */
export function describeConformance(options: ConformanceOptions): ConformanceReport {
  const deviceType = options.deviceType ?? options.backend.deviceType;
  const groups = new Set(options.groups ?? ['ops', 'zoo', 'session']);
  const kernelBackend = withSharedDevices(options.backend);
  const report = new ConformanceReport(options.backend.name, deviceType);
  const ctx: SuiteContext = {
    options,
    backend: options.backend,
    kernelBackend,
    deviceType,
    fixturesDir: options.fixturesDir ?? FIXTURES_DIR,
    report,
  };
  describe(options.name ?? `conformance: ${options.backend.name} (${deviceType})`, () => {
    if (groups.has('ops')) registerOpVectors(ctx);
    if (groups.has('zoo')) registerZoo(ctx);
    if (groups.has('session')) registerSessionChecks(ctx);
    afterAll(async () => {
      await kernelBackend.disposeDevices();
      if (report.empty) return;
      if (options.printReport ?? true) console.log(report.toTable());
      const file = options.reportFile ?? process.env[REPORT_ENV];
      if (file) report.write(file);
    });
  });
  return report;
}
