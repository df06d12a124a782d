import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { castForFeed, NDArray, type Graph, type Tensor } from 'tensorgraph';
import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';
import { readFileChecked } from './load-model.js';
import { readNpy, shapeText } from './npy.js';
import { resolveTensor } from './tensor-names.js';

/** One `--input name=value`, resolved to its tensor and its value. */
export interface Feed {
  readonly tensor: Tensor;
  readonly value: NDArray;
  /** Where the value came from, for messages: a file path or `JSON`. */
  readonly source: string;
}

/** Splits `name=value` at the first `=`. */
export function splitInputSpec(spec: string): { name: string; value: string } {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) {
    throw new CliError(
      `--input expects NAME=FILE.npy, NAME=FILE.json or NAME=JSON (e.g. x=[[1,2],[3,4]]), got '${spec}'`,
    );
  }
  return { name: spec.slice(0, at), value: spec.slice(at + 1) };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${source}: not valid JSON: ${errorText(e)}`);
  }
}

/** The value of an `--input`: a .npy file, a .json file, or inline JSON. */
export function loadInputValue(
  value: string,
  cwd: string,
): { value: NDArray | unknown; source: string } {
  const path = resolve(cwd, value);
  if (/\.npy$/i.test(value)) {
    return { value: readNpy(readFileChecked(path, 'input file', value), value), source: value };
  }
  if (/\.json$/i.test(value)) {
    const text = new TextDecoder().decode(readFileChecked(path, 'input file', value));
    return { value: parseJson(text, value), source: value };
  }
  if (existsSync(path) && !/^\s*[[{\d"tfn-]/.test(value)) {
    throw new CliError(
      `input file ${value}: only .npy and .json files are read (or give inline JSON)`,
    );
  }
  try {
    return { value: JSON.parse(value) as unknown, source: 'JSON' };
  } catch (e) {
    if (/[/\\]|\.[a-z]+$/i.test(value) && !existsSync(path)) {
      throw new CliError(`input file not found: ${value}`);
    }
    throw new CliError(`--input value '${value}' is not valid JSON: ${errorText(e)}`);
  }
}

function checkShape(tensor: Tensor, value: NDArray, source: string): void {
  const want = tensor.shape.dims;
  if (want === null) return;
  const got = value.shape;
  const fits = got.length === want.length && want.every((d, i) => d === null || d === got[i]);
  if (!fits) {
    throw new CliError(
      `input '${tensor.name}' (from ${source}): expected shape ${tensor.shape.toString()} of ${tensor.dtype}, got shape ${shapeText(got)} of ${value.dtype}`,
    );
  }
}

/**
 * Resolves `--input` specs against the graph: unknown names list close matches, values are
 * converted to the input's dtype (as TF converts a feed) and checked against its shape.
 */
export function parseFeeds(specs: readonly string[], graph: Graph, cwd: string): Feed[] {
  const feeds: Feed[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const { name, value } = splitInputSpec(spec);
    const tensor = resolveTensor(graph, name, 'input');
    if (seen.has(tensor.name)) throw new CliError(`input '${tensor.name}' is given twice`);
    seen.add(tensor.name);
    const loaded = loadInputValue(value, cwd);
    let array: NDArray;
    try {
      array = castForFeed(loaded.value, tensor.dtype);
    } catch (e) {
      const from = loaded.value instanceof NDArray ? `${loaded.value.dtype} ` : '';
      throw new CliError(
        `input '${tensor.name}' (from ${loaded.source}): cannot convert the ${from}value to ${tensor.dtype}: ${errorText(e)}`,
      );
    }
    checkShape(tensor, array, loaded.source);
    feeds.push({ tensor, value: array, source: loaded.source });
  }
  return feeds;
}
