// Node example: runs a small graph built in JavaScript and a GraphDef exported from Python
// TensorFlow, and compares both with TensorFlow's own outputs.
//   npm run build && node examples/node/run.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { maxAbsDiff, runBuiltGraph, runImportedGraph } from '../common/dense-example.mjs';

const fixtures = new URL('../fixtures/', import.meta.url);

export async function main(log = console.log) {
  const facts = JSON.parse(readFileSync(new URL('dense.json', fixtures), 'utf8'));
  const bytes = new Uint8Array(readFileSync(new URL(facts.graph, fixtures)));
  const built = await runBuiltGraph(facts);
  const imported = await runImportedGraph(bytes, facts);
  log(`built in JS:   probs = ${JSON.stringify(built.probs)}`);
  log(`from dense.pb: probs = ${JSON.stringify(imported.probs)} (${imported.ops} ops)`);
  log(`TensorFlow:    probs = ${JSON.stringify(facts.probs)}`);
  const diff = Math.max(
    maxAbsDiff(built.probs, facts.probs),
    maxAbsDiff(imported.probs, facts.probs),
  );
  log(`largest difference from TensorFlow: ${diff.toExponential(2)}`);
  return { built, imported, facts, diff };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { diff } = await main();
  if (!(diff < 1e-5)) process.exitCode = 1;
}
