/** Where the CLI writes and how it sees the terminal; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether stderr is a terminal (progress bars redraw in place only then). */
  readonly stderrIsTTY: boolean;
}

/** The real process: stdout, stderr, the current directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}
