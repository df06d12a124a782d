/**
 * How one step is cancelled (session close, timeout). An `AbortController` costs more than
 * a whole small step, so one is made only when a kernel asks for `ctx.signal`; the executor
 * is told directly.
 */
export class StepCancellation {
  #controller: AbortController | null = null;
  #reason: unknown = undefined;
  #aborted = false;
  #onAbort: ((reason: unknown) => void) | null = null;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** The signal kernels see; created on first use, aborted already if the step was. */
  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Called once, with the reason, when the step is cancelled. */
  onAbort(callback: (reason: unknown) => void): void {
    this.#onAbort = callback;
  }

  /**
   * Cancels the step. With `kernelsFirst`, kernels that watch the signal (a blocked dequeue)
   * get one turn to fail with their own error, naming their node, as TF reports a closed
   * session; otherwise (a timeout) the step fails with `reason` at once.
   */
  abort(reason: unknown, { kernelsFirst = false } = {}): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    if (kernelsFirst && this.#controller !== null) {
      setTimeout(() => this.#onAbort?.(reason), 0);
    } else {
      this.#onAbort?.(reason);
    }
  }
}
