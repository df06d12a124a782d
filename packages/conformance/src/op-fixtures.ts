import type { JsonArray, KernelCase, Tolerance } from '@tensorgraph/core/testing';

/** One golden vector: a kernel case real TensorFlow ran (tools/oracle/gen_kernel_fixtures_*.py). */
export interface OpVector extends KernelCase {
  /** The case's own tolerance (ops whose float results cannot match TF bit for bit). */
  readonly tolerance?: Tolerance;
  /** Only these outputs are compared by value (TF leaves the others uninitialized). */
  readonly compare_outputs?: readonly number[];
  /** A stateful op run several times in one session: what each run gave. */
  readonly runs?: readonly JsonArray[];
}

/** One `fixtures/ops/*.json` file. */
export interface OpFixtureFile {
  readonly file: string;
  readonly tf_version: string;
  /** Tolerance per output dtype; unlisted dtypes compare exactly. */
  readonly tolerance: Readonly<Record<string, Tolerance>>;
  /** Every case, the partial ones (compare_outputs, runs) included. */
  readonly vectors: readonly OpVector[];
}

interface RawFile {
  tf_version: string;
  tolerance?: Record<string, Tolerance>;
  cases: OpVector[];
  partial_cases?: OpVector[];
}

/**
 * One fixture file's vectors, parsed from its JSON text (no file system: a browser page
 * fetches the text). Cases TF refused to build (`build_error`) are graph-construction
 * facts, not kernel cases, and are left out.
 */
export function parseOpFixture(file: string, text: string): OpFixtureFile {
  const raw = JSON.parse(text) as RawFile;
  const vectors = [...raw.cases, ...(raw.partial_cases ?? [])].filter(
    (c) => c.build_error === undefined,
  );
  return { file, tf_version: raw.tf_version, tolerance: raw.tolerance ?? {}, vectors };
}

/**
 * The dtype a vector is reported under: its `T` or `dtype` attr, else its first input's
 * (the op's data type, as kernels are registered), else its first output's.
 */
export function vectorDType(v: OpVector): string {
  for (const name of ['T', 'dtype']) {
    const attr = v.attrs[name];
    if (typeof attr === 'string') return attr;
  }
  const first = v.inputs[0]?.[1];
  const spec = Array.isArray(first) ? (first as readonly JsonArray[])[0] : (first as JsonArray);
  return spec?.dtype ?? v.outputs?.[0]?.dtype ?? v.runs?.[0]?.dtype ?? '-';
}
