import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from 'tensorgraph';
import { CliError } from './cli-error.js';
import { errorText } from './error-text.js';

/** A GraphDef read from disk and imported (unprefixed) into a graph of its own. */
export interface LoadedModel {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly graphDef: tf.GraphDef;
  readonly graph: tf.Graph;
}

/** Reads a file, with errors that say what is wrong with the path. */
export function readFileChecked(path: string, what: string, shown = path): Uint8Array {
  if (!existsSync(path)) throw new CliError(`${what} not found: ${shown}`);
  const st = statSync(path);
  if (st.isDirectory()) {
    const hint = existsSync(join(path, 'saved_model.pb'))
      ? ' (it looks like a SavedModel: freeze it to a GraphDef first, e.g. with convert_variables_to_constants_v2)'
      : '';
    throw new CliError(`${what} is a directory, not a file: ${shown}${hint}`);
  }
  return new Uint8Array(readFileSync(path));
}

/** Parses GraphDef bytes; bytes that are not one give an error naming the file. */
export function decodeGraphDef(bytes: Uint8Array, path: string): tf.GraphDef {
  let graphDef: tf.GraphDef;
  try {
    graphDef = tf.decodeProto(tf.GraphDef, bytes);
  } catch (e) {
    throw new CliError(`${path}: not a binary GraphDef (.pb): ${errorText(e)}`);
  }
  if (graphDef.node.length === 0 && graphDef.library === null && bytes.length > 0) {
    throw new CliError(`${path}: not a binary GraphDef (.pb): it parses to a graph with no nodes`);
  }
  return graphDef;
}

export interface LoadOptions {
  /** A device every node without one is placed on (`/device:GPU:0`), as a `tf.device` scope. */
  readonly device?: string | undefined;
  /** The path as the user wrote it, for messages (default: `path`). */
  readonly shown?: string | undefined;
}

/** Reads, parses and imports a frozen GraphDef (`.pb`) into a new graph, names unprefixed. */
export function loadModel(path: string, options: LoadOptions = {}): LoadedModel {
  const shown = options.shown ?? path;
  const bytes = readFileChecked(path, 'model file', shown);
  const graphDef = decodeGraphDef(bytes, shown);
  const graph = new tf.Graph();
  try {
    const load = () => tf.importGraphDef(graphDef, { name: '', graph });
    if (options.device !== undefined) graph.device(options.device, load);
    else load();
  } catch (e) {
    throw new CliError(`${shown}: the GraphDef does not import into tensorgraph: ${errorText(e)}`);
  }
  return { path, bytes, graphDef, graph };
}
