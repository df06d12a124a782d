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

export interface ZooModel {
  /** The folder name. */
  readonly folder: string;
  readonly dir: string;
  /** The parsed case, or why case.json could not be read. */
  readonly case: ZooCase | { readonly error: string };
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
      try {
        const parsed = JSON.parse(readFileSync(join(at, 'case.json'), 'utf8')) as ZooCase;
        return { folder, dir: at, case: parsed };
      } catch (e) {
        return { folder, dir: at, case: { error: `case.json: ${(e as Error).message}` } };
      }
    });
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
