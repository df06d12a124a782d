import {
  CancelledError,
  InvalidArgumentError,
  OutOfRangeError,
  type OpError,
} from '@tensorgraph/errors';
import type { DType, NDArray } from '@tensorgraph/core';
import { rowOf, stackRows } from './batch.js';
import type { StateResource } from './resource-handle.js';
import { dtypeString, sameShape, shapeString } from './tf-text.js';

/** TF's capacity of an unbounded queue (`capacity: -1`): INT32_MAX. */
export const UNBOUNDED_CAPACITY = 2147483647;

/** One queue element: a tensor per component. */
export type QueueTuple = readonly NDArray[];

type RunResult = 'no-progress' | 'progress' | 'complete';
type Outcome<T> = { readonly value: T } | { readonly error: OpError };

/**
 * A pending enqueue or dequeue (TF's `QueueBase::Attempt`). Attempts wait in FIFO order
 * per direction; only the front one of each list is tried, so a blocked dequeue_many
 * holds back the dequeues behind it, as in TF.
 */
interface Attempt {
  /** Elements still wanted (dequeue_many) or still to add (enqueue_many). */
  elementsRequested: number;
  cancelled: boolean;
  /** Set when the attempt completes or is cancelled. */
  outcome: Outcome<unknown> | undefined;
  run(): RunResult;
  /** Delivers the outcome to the waiting kernel (if it is waiting). */
  finish(): void;
}

const ENQUEUE_CANCELLED = 'Enqueue operation was cancelled';
const DEQUEUE_CANCELLED = 'Dequeue operation was cancelled';

/**
 * TF's `FIFOQueue`: a bounded FIFO of tuples whose enqueues and dequeues wait (as
 * Promises, never blocking the event loop) until they can proceed, the queue closes, or
 * their step is cancelled through its `AbortSignal`. Operations that can finish at once
 * return their result synchronously.
 */
export class FIFOQueue implements StateResource {
  readonly kind = 'queue' as const;
  readonly name: string;
  readonly componentTypes: readonly DType[];
  /** One fully defined shape per component, or none: shapes unspecified. */
  readonly componentShapes: readonly (readonly number[])[];
  readonly capacity: number;
  #elements: QueueTuple[] = [];
  #closed = false;
  readonly #enqueueAttempts: Attempt[] = [];
  readonly #dequeueAttempts: Attempt[] = [];

  constructor(
    name: string,
    componentTypes: readonly DType[],
    componentShapes: readonly (readonly number[])[],
    capacity: number,
  ) {
    this.name = name;
    this.componentTypes = componentTypes;
    this.componentShapes = componentShapes;
    this.capacity = capacity < 0 ? UNBOUNDED_CAPACITY : capacity;
  }

  get debugString(): string {
    return `FIFOQueue '${this.name}' (${this.#elements.length} of ${this.capacity})`;
  }

  get size(): number {
    return this.#elements.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get specifiedShapes(): boolean {
    return this.componentShapes.length > 0;
  }

  // ------------------------------------------------------------------ validation

  /** TF's check of one tuple for `enqueue`. */
  validateTuple(tuple: QueueTuple): void {
    this.#validateCommon(tuple);
    if (!this.specifiedShapes) return;
    tuple.forEach((t, i) => {
      const expected = this.componentShapes[i] as readonly number[];
      if (!sameShape(expected, t.shape)) {
        throw new InvalidArgumentError(
          null,
          null,
          `Shape mismatch in tuple component ${i}. Expected ${shapeString(expected)}, got ${shapeString(t.shape)}`,
        );
      }
    });
  }

  /** TF's check of a batch of tuples for `enqueue_many`. */
  validateManyTuple(batch: QueueTuple): void {
    this.#validateCommon(batch);
    // Where TF would read a batch size out of a scalar (an undefined dim), say what is wrong.
    const scalar = batch.findIndex((t, i) => t.rank === 0 && (i === 0 || !this.specifiedShapes));
    if (scalar >= 0) {
      throw new InvalidArgumentError(
        null,
        null,
        `EnqueueMany requires every component to have a batch dimension, but component ${scalar} is a scalar`,
      );
    }
    const batchSize = (batch[0] as NDArray).shape[0] as number;
    batch.forEach((t, i) => {
      if (this.specifiedShapes) {
        const expected = [batchSize, ...(this.componentShapes[i] as readonly number[])];
        if (!sameShape(expected, t.shape)) {
          throw new InvalidArgumentError(
            null,
            null,
            `Shape mismatch in tuple component ${i}. Expected ${shapeString(expected)}, got ${shapeString(t.shape)}`,
          );
        }
      } else if (i > 0 && t.shape[0] !== batchSize) {
        throw new InvalidArgumentError(
          null,
          null,
          `All input tensors must have the same size in the 0th dimension. Component ${i} has ${t.shape[0]}, and should have ${batchSize}`,
        );
      }
    });
  }

  #validateCommon(tuple: QueueTuple): void {
    if (tuple.length !== this.componentTypes.length) {
      throw new InvalidArgumentError(
        null,
        null,
        `Wrong number of components in tuple. Expected ${this.componentTypes.length}, got ${tuple.length}`,
      );
    }
    tuple.forEach((t, i) => {
      const want = this.componentTypes[i] as DType;
      if (t.dtype !== want) {
        throw new InvalidArgumentError(
          null,
          null,
          `Type mismatch in tuple component ${i}. Expected ${dtypeString(want)}, got ${dtypeString(t.dtype)}`,
        );
      }
    });
  }

  // ------------------------------------------------------------------ operations

  /** Adds one tuple, waiting while the queue is full. */
  enqueue(tuple: QueueTuple, signal: AbortSignal): void | Promise<void> {
    return this.#submit<void>(this.#enqueueAttempts, signal, ENQUEUE_CANCELLED, 1, (a) => {
      if (this.#closed) return this.#fail(a, new CancelledError(null, null, this.#closedMessage()));
      if (this.#elements.length >= this.capacity) return 'no-progress';
      this.#elements.push(tuple);
      return this.#succeed(a, undefined);
    });
  }

  /** Adds the rows of a batch one by one as room appears (a cancelled one keeps those added). */
  enqueueMany(batch: QueueTuple, signal: AbortSignal): void | Promise<void> {
    const batchSize = (batch[0] as NDArray).shape[0] as number;
    if (batchSize === 0) return;
    return this.#submit<void>(this.#enqueueAttempts, signal, ENQUEUE_CANCELLED, batchSize, (a) => {
      if (this.#closed) return this.#fail(a, new CancelledError(null, null, this.#closedMessage()));
      let result: RunResult = 'no-progress';
      while (this.#elements.length < this.capacity) {
        result = 'progress';
        const index = batchSize - a.elementsRequested;
        this.#elements.push(batch.map((component) => rowOf(component, index)));
        if (--a.elementsRequested === 0) return this.#succeed(a, undefined);
      }
      return result;
    });
  }

  /** Removes one tuple, waiting while the queue is empty and open. */
  dequeue(signal: AbortSignal): QueueTuple | Promise<QueueTuple> {
    return this.#submit<QueueTuple>(this.#dequeueAttempts, signal, DEQUEUE_CANCELLED, 1, (a) => {
      const tuple = this.#elements[0];
      if (tuple !== undefined) {
        this.#elements.shift();
        return this.#succeed(a, tuple);
      }
      if (this.#closed) return this.#fail(a, this.#insufficient(1, 0));
      return 'no-progress';
    });
  }

  /**
   * Removes `n` tuples as a batch, waiting for them; TF's `DequeueMany`, or with
   * `allowSmallBatch` its `DequeueUpTo`, which returns what is left once the queue closes.
   * Tuples taken while waiting go back to the front if the queue closes first.
   */
  dequeueMany(
    n: number,
    allowSmallBatch: boolean,
    signal: AbortSignal,
  ): QueueTuple | Promise<QueueTuple> {
    if (!this.specifiedShapes) {
      throw new InvalidArgumentError(
        null,
        null,
        "FIFOQueue's DequeueMany and DequeueUpTo require the components to have specified shapes.",
      );
    }
    if (n === 0) return this.#batch([]);
    let taken: QueueTuple[] = [];
    return this.#submit<QueueTuple>(this.#dequeueAttempts, signal, DEQUEUE_CANCELLED, n, (a) => {
      let available = this.#elements.length;
      if (this.#closed && available < a.elementsRequested) {
        this.#elements.unshift(...taken);
        taken = [];
        if (allowSmallBatch && this.#elements.length > 0) {
          available = this.#elements.length;
          a.elementsRequested = available;
        } else {
          // Enqueues queued before the close may still add elements: let them run first.
          if (allowSmallBatch && this.#enqueueAttempts.length > 0) return 'progress';
          return this.#fail(a, this.#insufficient(a.elementsRequested, available));
        }
      }
      let result: RunResult = 'no-progress';
      for (; available > 0; available--) {
        result = 'progress';
        taken.push(this.#elements.shift() as QueueTuple);
        if (--a.elementsRequested === 0) return this.#succeed(a, this.#batch(taken));
      }
      return result;
    });
  }

  /**
   * Closes the queue. With `cancelPendingEnqueues`, at once, failing blocked enqueues;
   * otherwise as an enqueue of its own, after the enqueues already waiting (TF's order).
   */
  close(cancelPendingEnqueues: boolean, signal: AbortSignal): void | Promise<void> {
    if (cancelPendingEnqueues) {
      this.#closed = true;
      const cancelled: Attempt[] = [];
      for (const a of this.#enqueueAttempts) {
        if (a.cancelled) continue;
        a.cancelled = true;
        a.outcome = { error: new CancelledError(null, null, ENQUEUE_CANCELLED) };
        cancelled.push(a);
      }
      for (const a of cancelled) a.finish();
      this.#flush();
      return;
    }
    return this.#submit<void>(this.#enqueueAttempts, signal, ENQUEUE_CANCELLED, 0, (a) => {
      if (this.#closed) {
        return this.#fail(
          a,
          new CancelledError(null, null, `Queue '${this.name}' is already closed.`),
        );
      }
      this.#closed = true;
      return this.#succeed(a, undefined);
    });
  }

  /** Fails everything waiting (the queue left its session). */
  dispose(): void {
    for (const [list, message] of [
      [this.#enqueueAttempts, ENQUEUE_CANCELLED],
      [this.#dequeueAttempts, DEQUEUE_CANCELLED],
    ] as const) {
      for (const a of list.splice(0)) {
        if (a.cancelled) continue;
        a.cancelled = true;
        a.outcome = { error: new CancelledError(null, null, message) };
        a.finish();
      }
    }
  }

  // ------------------------------------------------------------------ machinery

  #closedMessage(): string {
    return `FIFOQueue '${this.name}' is closed.`;
  }

  #insufficient(requested: number, size: number): OutOfRangeError {
    return new OutOfRangeError(
      null,
      null,
      `FIFOQueue '${this.name}' is closed and has insufficient elements (requested ${requested}, current size ${size})`,
    );
  }

  #batch(tuples: readonly QueueTuple[]): QueueTuple {
    return this.componentTypes.map((dtype, j) =>
      stackRows(
        dtype,
        this.componentShapes[j] as readonly number[],
        tuples.map((t) => t[j] as NDArray),
      ),
    );
  }

  #succeed(a: Attempt, value: unknown): RunResult {
    a.outcome = { value };
    return 'complete';
  }

  #fail(a: Attempt, error: OpError): RunResult {
    a.outcome = { error };
    return 'complete';
  }

  /**
   * Queues an attempt and runs what can run. Returns (or throws) at once when the attempt
   * completed; otherwise a Promise settled by a later flush, or rejected with TF's
   * cancellation error when `signal` aborts.
   */
  #submit<T>(
    list: Attempt[],
    signal: AbortSignal,
    cancelMessage: string,
    elementsRequested: number,
    run: (a: Attempt) => RunResult,
  ): T | Promise<T> {
    if (signal.aborted) throw new CancelledError(null, null, cancelMessage);
    let settle: ((outcome: Outcome<unknown>) => void) | undefined;
    const onAbort = (): void => {
      if (attempt.cancelled || attempt.outcome !== undefined) return;
      attempt.cancelled = true;
      attempt.outcome = { error: new CancelledError(null, null, cancelMessage) };
      attempt.finish();
      this.#flush();
    };
    const attempt: Attempt = {
      elementsRequested,
      cancelled: false,
      outcome: undefined,
      run: () => run(attempt),
      finish: () => {
        signal.removeEventListener('abort', onAbort);
        if (attempt.outcome !== undefined) settle?.(attempt.outcome);
      },
    };
    list.push(attempt);
    this.#flush();
    const now = attempt.outcome as Outcome<T> | undefined;
    if (now !== undefined) {
      if ('error' in now) throw now.error;
      return now.value;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    return new Promise<T>((resolve, reject) => {
      settle = (outcome) =>
        'error' in outcome ? reject(outcome.error) : resolve(outcome.value as T);
    });
  }

  /** TF's `FlushUnlocked`: try the front attempts of both lists until nothing moves. */
  #flush(): void {
    const done: Attempt[] = [];
    let changed: boolean;
    do {
      changed = this.#tryAttempts(this.#enqueueAttempts, done);
      changed = this.#tryAttempts(this.#dequeueAttempts, done) || changed;
    } while (changed);
    for (const a of done) a.finish();
  }

  #tryAttempts(list: Attempt[], done: Attempt[]): boolean {
    let progress = false;
    for (;;) {
      const front = list[0];
      if (front === undefined) return progress;
      if (front.cancelled) {
        list.shift();
        continue;
      }
      const result = front.run();
      if (result === 'no-progress') return progress;
      progress = true;
      if (result === 'progress') return progress;
      list.shift();
      done.push(front);
    }
  }
}
