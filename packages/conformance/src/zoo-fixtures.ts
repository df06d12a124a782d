import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allocateStorage, checkDType, NDArray } from '@tensorgraph/core';
import { arrayFromJson, type JsonScalar, type Tolerance } from '@tensorgraph/core/testing';

/**
 * An array of a zoo case: inline values (oracle_util's encode_array), or a file beside
 * case.json of raw little-endian row-major bytes.
 */
export interface ZooArray {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values?: readonly JsonScalar[];
  readonly file?: string;
}

export interface ZooStep {
  readonly feeds?: Readonly<Record<string, ZooArray>>;
  readonly fetches: readonly string[];
  readonly targets?: readonly string[];
  readonly expected: Readonly<Record<string, ZooArray>>;
  readonly tolerance?: Readonly<Record<string, Tolerance>>;
}

/** case.json of one model-zoo folder (see the package README). */
export interface ZooCase {
  readonly name: string;
  readonly description?: string;
  readonly generator?: string;
  readonly graph: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly steps: readonly ZooStep[];
  readonly ops?: readonly string[];
}

/** The error TF raised: class, its own message, and the node its trailer names (if any). */
export interface ZooError {
  readonly class: string;
  readonly message: string;
  /** `null` where the failing node is inside a function and TF names no graph node. */
  readonly node: string | null;
}

/** One run of errors.json: bad runtime values in a fresh session, after `setup`. */
export interface ZooErrorCase {
  readonly what: string;
  /** Targets run once before the failing run (initializers). */
  readonly setup?: readonly string[];
  readonly feeds?: Readonly<Record<string, ZooArray>>;
  readonly fetches: readonly string[];
  readonly targets?: readonly string[];
  readonly error: ZooError;
}

/** errors.json beside case.json (some models): runs TF rejected, with its error. */
export interface ZooErrors {
  readonly name: string;
  readonly generator?: string;
  readonly graph: string;
  readonly cases: readonly ZooErrorCase[];
}

export interface ZooModel {
  /** The folder name. */
  readonly folder: string;
  readonly dir: string;
  /** The parsed case, or why case.json could not be read. */
  readonly case: ZooCase | { readonly error: string };
  /** The parsed errors.json, why it could not be read, or `null` where there is none. */
  readonly errors: ZooErrors | { readonly error: string } | null;
}

/**
 * The models under `dir` (sorted by folder). A missing `dir` is an empty zoo, and a folder
 * with no case.json yet (a generator still writing it) is not a model.
 */
export function loadZoo(dir: string): ZooModel[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isDirectory() && existsSync(join(dir, f, 'case.json')))
    .sort()
    .map((folder) => {
      const at = join(dir, folder);
      const errors = existsSync(join(at, 'errors.json'))
        ? readJson<ZooErrors>(join(at, 'errors.json'), 'errors.json')
        : null;
      return {
        folder,
        dir: at,
        case: readJson<ZooCase>(join(at, 'case.json'), 'case.json'),
        errors,
      };
    });
}

function readJson<T>(path: string, label: string): T | { readonly error: string } {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    return { error: `${label}: ${(e as Error).message}` };
  }
}

/** The host value of a zoo array. */
export function zooArray(spec: ZooArray, dir: string): NDArray {
  if (spec.file === undefined) {
    return arrayFromJson({ dtype: spec.dtype, shape: spec.shape, values: spec.values ?? [] });
  }
  const dtype = checkDType(spec.dtype);
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const data = allocateStorage(dtype, size);
  if (!ArrayBuffer.isView(data)) {
    throw new TypeError(`${spec.file}: ${dtype} arrays cannot be read from raw bytes`);
  }
  const bytes = readFileSync(join(dir, spec.file));
  if (bytes.byteLength !== data.byteLength) {
    throw new RangeError(
      `${spec.file}: ${bytes.byteLength} bytes, but ${dtype}[${spec.shape.join(',')}] needs ${data.byteLength}`,
    );
  }
  // Typed arrays are little-endian on every platform tensorgraph runs on.
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
  return new NDArray(dtype, spec.shape, data as never);
}
