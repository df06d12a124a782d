/* global fetch, document, window */
// Browser example: the same two runs as the Node example, on the CPU backend, in a page.
// The results go into the page and into `window.tensorgraphExample` for the test to read.
import * as tf from 'tensorgraph';
import { maxAbsDiff, runBuiltGraph, runImportedGraph } from '../common/dense-example.mjs';

async function main() {
  const facts = await (await fetch('fixtures/dense.json')).json();
  const bytes = new Uint8Array(await (await fetch(`fixtures/${facts.graph}`)).arrayBuffer());
  const built = await runBuiltGraph(facts);
  const imported = await runImportedGraph(bytes, facts);
  const report = await tf.diagnose({ print: false });
  const diff = Math.max(
    maxAbsDiff(built.probs, facts.probs),
    maxAbsDiff(imported.probs, facts.probs),
  );
  const result = { built, imported, expected: facts.probs, diff, backends: report.backends };
  document.querySelector('#out').textContent = [
    `built in JS:   ${JSON.stringify(built.probs)}`,
    `from dense.pb: ${JSON.stringify(imported.probs)}`,
    `TensorFlow:    ${JSON.stringify(facts.probs)}`,
    `largest difference: ${diff.toExponential(2)}`,
    '',
    tf.formatDiagnosis(report),
  ].join('\n');
  return result;
}

main().then(
  (result) => (window.tensorgraphExample = { ok: true, ...result }),
  (error) => {
    window.tensorgraphExample = { ok: false, error: String(error?.stack ?? error) };
    document.querySelector('#out').textContent = String(error?.stack ?? error);
  },
);
