import type { CliIo } from './io.js';

const WIDTH = 28;

/**
 * A progress bar on stderr: redrawn in place (at most ~20 times a second) on a terminal;
 * elsewhere (pipes, CI logs) one line when it starts and one when it ends.
 */
export class ProgressBar {
  readonly #io: CliIo;
  readonly #label: string;
  readonly #total: number;
  #done = 0;
  #lastDraw = 0;

  constructor(io: CliIo, label: string, total: number, plan: string) {
    this.#io = io;
    this.#label = label;
    this.#total = Math.max(1, total);
    if (!io.stderrIsTTY) io.stderr(`${label}: ${plan}\n`);
    else this.#draw('');
  }

  /** One step done; `phase` says what is running (`warm-up`, `timed`). */
  tick(phase: string): void {
    this.#done = Math.min(this.#total, this.#done + 1);
    const now = performance.now();
    if (this.#io.stderrIsTTY && (now - this.#lastDraw > 50 || this.#done === this.#total)) {
      this.#lastDraw = now;
      this.#draw(phase);
    }
  }

  /** Ends the bar with a closing message. */
  finish(message: string): void {
    if (this.#io.stderrIsTTY) this.#io.stderr(`\r\x1b[2K${this.#label}: ${message}\n`);
    else this.#io.stderr(`${this.#label}: ${message}\n`);
  }

  #draw(phase: string): void {
    const filled = Math.round((this.#done / this.#total) * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    this.#io.stderr(`\r\x1b[2K${this.#label} ${bar} ${this.#done}/${this.#total} ${phase}`);
  }
}
