/**
 * The code every pool worker runs, as source text: a worker made from a string needs no
 * file next to the bundle, works under test runners that compile TypeScript, and keeps
 * `node:worker_threads` out of browser bundles. It instantiates the kernels over the
 * shared memory, says it is ready, then sleeps on its slot of the control block until the
 * calling thread posts a task (or -1: exit).
 *
 * Slot layout (Int32 words, see pool.ts): 0 sequence, 1 done sequence, 2 function, 3-6
 * arguments, 7 error flag, 8 ready flag.
 */
const BODY = `
function run(d) {
  const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const fns = [ex.gemm_rows, ex.depthwise_rows, ex.pool_rows];
  const c = new Int32Array(d.control);
  const b = d.slot * ${16};
  let seen = 0;
  Atomics.store(c, b + 8, 1);
  Atomics.notify(c, b + 8);
  for (;;) {
    Atomics.wait(c, b, seen);
    const seq = Atomics.load(c, b);
    if (seq === seen) continue;
    if (seq < 0) return;
    seen = seq;
    try {
      fns[c[b + 2]](c[b + 3], c[b + 4], c[b + 5], c[b + 6]);
      c[b + 7] = 0;
    } catch (e) {
      c[b + 7] = 1;
    }
    Atomics.store(c, b + 1, seq);
    Atomics.notify(c, b + 1);
  }
}
`;

/** For `new Worker(src, { eval: true, workerData })` in Node. */
export const NODE_WORKER_SOURCE = `${BODY}\nrun(require('node:worker_threads').workerData);\n`;

/** For a Web Worker made from a Blob URL; the data comes in the first message. */
export const WEB_WORKER_SOURCE = `${BODY}\nself.onmessage = (e) => run(e.data);\n`;
