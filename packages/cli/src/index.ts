/**
 * `@tensorgraph/cli`: the `tensorgraph` command (run, inspect, bench, trace, doctor) and
 * the pieces it is made of, for programs that want them: `main(args)` runs the command
 * in-process; `readNpy`/`writeNpy` read and write numpy's .npy files.
 *
 * @packageDocumentation
 */
export { main } from './main.js';
export type { CliIo } from './io.js';
export { processIo } from './io.js';
export { CliError } from './cli-error.js';
export { readNpy, writeNpy, shapeText } from './npy.js';
export { closestNames, editDistance } from './closest-names.js';
export {
  embeddedModelDir,
  type EmbeddedModelInfo,
  type EmbeddedExpected,
} from './embedded-model.js';
export { buildGraphView, type GraphView, type ViewNode, type ViewEdge } from './graph-view.js';
export { toDot } from './dot.js';
export { toSvg } from './svg.js';
export { latencyStats, type LatencyStats } from './latency-stats.js';
