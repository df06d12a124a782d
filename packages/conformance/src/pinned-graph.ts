import { GraphDef } from '@tensorgraph/core';
import { Graph, importGraphDef } from '@tensorgraph/graph';

/**
 * The GraphDef imported with every node that names no device pinned to `deviceType`
 * (nodes TF itself pinned keep their device), so placement puts the graph on the backend
 * under test and soft placement only moves what it has no kernel for.
 */
export function pinnedGraph(bytes: Uint8Array, deviceType: string): Graph {
  const gdef = GraphDef.decode(bytes);
  for (const node of gdef.node) {
    if (!node.device) node.device = `/device:${deviceType}:0`;
  }
  const graph = new Graph();
  importGraphDef(gdef, { graph, name: '' });
  return graph;
}
