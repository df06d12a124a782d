import { EXIT, JOB, SLOT } from './pool-layout.js';

/**
 * The code every pool worker runs, as source text: a worker made from a string needs no
 * file next to the bundle, works under test runners that compile TypeScript, and keeps
 * `node:worker_threads` out of browser bundles. It instantiates the kernels over the
 * shared memory, says it is ready, then sleeps on its state word until the calling thread
 * posts a job (see pool-layout.ts). A posted job is claimed by swapping the state to its
 * negation; the claimed worker then takes chunks from the job's counter until none are left
 * and sets its state back to 0. A job the calling thread withdrew first is never touched.
 */
const BODY = `
function run(d) {
  const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const fns = [ex.gemm_rows, ex.depthwise_rows, ex.pool_rows, ex.gemm_cols];
  const c = new Int32Array(d.control);
  const st = ${JOB.HEADER} + d.slot * ${SLOT.WORDS};
  Atomics.store(c, st + ${SLOT.READY}, 1);
  Atomics.notify(c, st + ${SLOT.READY});
  for (;;) {
    let v = Atomics.load(c, st);
    if (v === ${EXIT}) return;
    if (v === 0) {
      // A short spin catches a job posted right after the last (no futex wake); then sleep.
      const until = performance.now() + Atomics.load(c, ${JOB.SPIN_US}) / 1000;
      while ((v = Atomics.load(c, st)) === 0 && performance.now() < until);
      if (v === 0) Atomics.wait(c, st, 0);
      continue;
    }
    if (Atomics.compareExchange(c, st, v, -v) !== v) continue;
    try {
      const fn = fns[c[${JOB.FN}]];
      const p = c[${JOB.PARAMS}];
      const total = c[${JOB.TOTAL}];
      const unit = c[${JOB.UNIT}];
      const chunks = c[${JOB.CHUNKS}];
      const scratch = c[${JOB.SCRATCH}] + (d.slot + 1) * c[${JOB.SCRATCH_STRIDE}];
      const units = Math.ceil(total / unit);
      for (let i = Atomics.add(c, ${JOB.NEXT}, 1); i < chunks; i = Atomics.add(c, ${JOB.NEXT}, 1)) {
        const s = Math.min(total, Math.floor((units * i) / chunks) * unit);
        const e = Math.min(total, Math.floor((units * (i + 1)) / chunks) * unit);
        fn(p, s, e, scratch);
      }
    } catch (e) {
      Atomics.store(c, ${JOB.ERROR}, 1);
      Atomics.store(c, ${JOB.NEXT}, 1 << 30);
    }
    Atomics.store(c, st, 0);
    Atomics.notify(c, st);
  }
}
`;

/** For `new Worker(src, { eval: true, workerData })` in Node. */
export const NODE_WORKER_SOURCE = `${BODY}\nrun(require('node:worker_threads').workerData);\n`;

/** For a Web Worker made from a Blob URL; the data comes in the first message. */
export const WEB_WORKER_SOURCE = `${BODY}\nself.onmessage = (e) => run(e.data);\n`;
