import { GraphDef, VersionDef } from '@tensorgraph/core';
import type { Graph } from './graph.js';
import { nodeDefOf } from './node-def.js';

/** The GraphDef version TF 2.21 writes (`tf.version.GRAPH_DEF_VERSION`). */
export const GRAPH_DEF_VERSION = 2474;
/** The oldest GraphDef producer version TF 2.21 reads (`GRAPH_DEF_VERSION_MIN_PRODUCER`). */
export const GRAPH_DEF_VERSION_MIN_PRODUCER = 0;
/** The `min_consumer` TF 2.21 writes for a graph (`GRAPH_DEF_VERSION_MIN_CONSUMER`). */
export const GRAPH_DEF_VERSION_MIN_CONSUMER = 0;
/** The TensorFlow release whose GraphDef versions these are, named in version errors. */
export const TF_VERSION_STRING = '2.21.0';
/** TF raises `min_consumer` to this when a graph has functions (older readers lack them). */
const MIN_CONSUMER_WITH_FUNCTIONS = 12;

/** A graph's GraphDef versions (TF keeps them on the graph and merges imported ones in). */
export interface GraphVersions {
  readonly producer: number;
  readonly minConsumer: number;
  readonly badConsumers: readonly number[];
}

/** The versions of a graph nothing was imported into. */
export const DEFAULT_VERSIONS: GraphVersions = Object.freeze({
  producer: GRAPH_DEF_VERSION,
  minConsumer: GRAPH_DEF_VERSION_MIN_CONSUMER,
  badConsumers: Object.freeze([]),
});

export interface AsGraphDefOptions {
  /** Add `_output_shapes` to every node with outputs, as TF's `add_shapes=True`. */
  readonly addShapes?: boolean;
}

/**
 * `graph` as a GraphDef, as TF's `Graph.as_graph_def()`: nodes in creation order, the
 * graph's versions (TF 2.21's producer, or those merged from imports), the function library.
 */
export function graphToGraphDef(graph: Graph, options: AsGraphDefOptions = {}): GraphDef {
  const v = graph._graphDefVersions ?? DEFAULT_VERSIONS;
  const hasFunctions = graph.library.size > 0;
  const versions = new VersionDef({
    producer: v.producer,
    minConsumer: hasFunctions
      ? Math.max(v.minConsumer, MIN_CONSUMER_WITH_FUNCTIONS)
      : v.minConsumer,
    badConsumers: [...v.badConsumers],
  });
  const library = graph.library.toProto();
  const hasLibrary =
    library.function.length > 0 ||
    library.gradient.length > 0 ||
    library.registeredGradients.length > 0;
  return new GraphDef({
    node: graph
      .getOperations()
      .map((op) => nodeDefOf(op, { addShapes: options.addShapes ?? false })),
    versions,
    ...(hasLibrary ? { library } : {}),
  });
}
