import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, in `cwd` (default: a fresh temp dir). */
export async function runCli(args: readonly string[], cwd = freshDir()): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'tensorgraph-cli-'));
}

/** Files of the package (the embedded model, fixtures) by path from the package root. */
export function packagePath(rel: string): string {
  return fileURLToPath(new URL(`../${rel}`, import.meta.url));
}

export const MODEL = packagePath('models/digits/model.pb');
export const PIXELS = packagePath('models/digits/samples/pixels.npy');
