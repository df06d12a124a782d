/**
 * The pool's control block (Int32 words in a SharedArrayBuffer), shared by pool.ts and the
 * worker source. A header describes the current job; each worker then has a state word
 * (0 idle, s > 0: job s posted to it, -s: it claimed job s, EXIT: stop) and a ready flag, in
 * slots 64 bytes apart so that workers polling their state do not share a cache line.
 */
export const JOB = {
  /** Index of the function in the workers' table. */
  FN: 0,
  /** Address of the kernel's parameter block. */
  PARAMS: 1,
  /** The range [0, TOTAL) split at multiples of UNIT into CHUNKS chunks. */
  TOTAL: 2,
  UNIT: 3,
  CHUNKS: 4,
  /** Scratch of the thread with index t: SCRATCH + t * SCRATCH_STRIDE (t = 0: the caller). */
  SCRATCH: 5,
  SCRATCH_STRIDE: 6,
  /** The next chunk to take (Atomics.add). */
  NEXT: 7,
  /** Set when a worker's chunk trapped. */
  ERROR: 8,
  /** How long an idle worker polls for the next job before it sleeps, in microseconds. */
  SPIN_US: 9,
  /** Words before the first worker's slot. */
  HEADER: 16,
} as const;

export const SLOT = { WORDS: 16, READY: 1 } as const;

/** A worker's state word asking it to exit. */
export const EXIT = 0x7fffffff;

/**
 * How long an idle worker polls for the next job before it sleeps (microseconds). Within a
 * step kernels come ~30 us apart (median; 90% within ~55 us), and a sleeping worker takes
 * tens of us to wake, by which time the caller has done much of the job alone. MobileNetV2
 * 224 at 2 threads: 17.1 ms with no poll, 17.0 with 5 us, 15.1 with 20, 13.9 with 50, 13.7
 * with 100. After this long without a job the worker sleeps (no CPU while idle).
 */
export const WORKER_SPIN_US = 50;

/** Chunk i of [0, total) split at multiples of `unit` into `chunks` (workers do the same). */
export function chunkStart(total: number, unit: number, chunks: number, i: number): number {
  const units = Math.ceil(total / unit);
  return Math.min(total, Math.floor((units * i) / chunks) * unit);
}

/**
 * How long the calling thread polls for a worker's last chunk before it sleeps (us): it
 * has nothing else to do, and a futex wake costs tens of us.
 */
export const CALLER_SPIN_US = 50;
