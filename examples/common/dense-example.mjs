// The example both runners share: one small network run two ways with tensorgraph.
//  1. built in JavaScript with the graph builders, from the weights TensorFlow used;
//  2. imported from the frozen GraphDef Python TensorFlow wrote (fixtures/dense.pb).
// `facts` is fixtures/dense.json (weights, the sample input, and TensorFlow's outputs).
import * as tf from 'tensorgraph';

/** Builds relu(x @ w1 + b1) -> softmax(. @ w2 + b2) in a fresh graph and runs it. */
export async function runBuiltGraph(facts) {
  const graph = new tf.Graph();
  const { x, hidden, probs } = graph.asDefault(() => {
    const x = tf.placeholder('float32', [null, 4], 'x');
    const w = facts.weights;
    const hidden = tf.nn.relu(tf.add(tf.matmul(x, tf.constant(w.w1)), tf.constant(w.b1)), 'hidden');
    const logits = tf.add(tf.matmul(hidden, tf.constant(w.w2)), tf.constant(w.b2), 'logits');
    return { x, hidden, probs: tf.nn.softmax(logits, { name: 'probs' }) };
  });
  const sess = new tf.Session({ graph });
  try {
    const out = await sess.run({ hidden, probs }, new Map([[x, facts.x]]));
    return { hidden: out.hidden.toArray(), probs: out.probs.toArray() };
  } finally {
    await sess.close();
  }
}

/** Imports the GraphDef bytes and runs it by tensor name, as a `.pb` from Python is used. */
export async function runImportedGraph(graphDefBytes, facts) {
  const graph = new tf.Graph();
  graph.asDefault(() => tf.importGraphDef(graphDefBytes, { name: '' }));
  const sess = new tf.Session({ graph });
  try {
    const [hidden, probs] = await sess.run(facts.outputs, { [facts.input]: facts.x });
    return { hidden: hidden.toArray(), probs: probs.toArray(), ops: graph.getOperations().length };
  } finally {
    await sess.close();
  }
}

/** The largest difference between two nested number arrays. */
export function maxAbsDiff(a, b) {
  if (Array.isArray(a)) return Math.max(...a.map((v, i) => maxAbsDiff(v, b[i])));
  return Math.abs(a - b);
}
