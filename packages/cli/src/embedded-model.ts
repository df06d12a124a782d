import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What model.json (written by tools/oracle/gen_embedded_model.py) says of the model. */
export interface EmbeddedModelInfo {
  readonly name: string;
  readonly description: string;
  readonly model: string;
  readonly inputs: readonly EmbeddedTensorInfo[];
  readonly outputs: readonly EmbeddedTensorInfo[];
  readonly labels: readonly string[];
  readonly test_accuracy: number;
  readonly test_count: number;
  readonly samples: { readonly pixels: string; readonly expected: string };
  readonly dataset: { readonly name: string; readonly loader: string };
  readonly training: { readonly framework: string };
}

export interface EmbeddedTensorInfo {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly (number | null)[];
  readonly description: string;
}

/** TF's outputs for the sample digits (samples/expected.json). */
export interface EmbeddedExpected {
  readonly input: string;
  readonly labels: readonly number[];
  readonly probabilities: readonly (readonly number[])[];
  readonly predicted_class: readonly number[];
}

/**
 * The directory of the embedded digits model. `models/` sits beside `src/` and `dist/`, so
 * the same relative URL works from the sources (tests) and the build (the bin).
 */
export function embeddedModelDir(): string {
  return fileURLToPath(new URL('../models/digits/', import.meta.url));
}

/** Reads one of the embedded model's JSON files (model.json, samples/expected.json). */
export function readJsonFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
