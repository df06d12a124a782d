export { describeConformance, REPORT_ENV } from './describe-conformance.js';
export type { ConformanceGroup, ConformanceOptions, UnsupportedPolicy } from './options.js';
export {
  ConformanceReport,
  type CaseStatus,
  type ConformanceReportJson,
  type ReportCounts,
  type ReportFailure,
} from './report.js';
export { FIXTURES_DIR } from './fixtures-dir.js';
export { parseOpFixture, vectorDType, type OpFixtureFile, type OpVector } from './op-fixtures.js';
export { loadOpFixtures } from './op-fixtures-files.js';
export { checkOpVector, toleranceFor, type Outcome, type VectorTarget } from './op-vector-check.js';
export {
  loadZoo,
  zooArray,
  type ZooArray,
  type ZooCase,
  type ZooError,
  type ZooErrorCase,
  type ZooErrors,
  type ZooModel,
  type ZooStep,
} from './zoo-fixtures.js';
export { compareArrays, DEFAULT_FLOAT_TOLERANCE } from './compare.js';
