import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from './display-path.js';
import type { NDArray } from 'tensorgraph';
import { shapeText, writeNpy } from './npy.js';

/** `dense/BiasAdd:0` → `dense_BiasAdd.npy`; outputs other than 0 keep their index. */
export function npyFileName(tensorName: string): string {
  const base = tensorName.replace(/:0$/, '').replace(/[/:\\]/g, '_');
  return `${base}.npy`;
}

/** An output as numpy prints it, under a line with its name, dtype and shape. */
export function formatOutput(name: string, value: NDArray): string {
  return `${name}  ${value.dtype} ${shapeText(value.shape)}\n${value.toString()}\n`;
}

/** Writes each output to `dir` as .npy; returns the paths written, relative to `cwd`. */
export function saveOutputs(
  outputs: readonly { readonly name: string; readonly value: NDArray }[],
  dir: string,
  cwd: string,
): string[] {
  const abs = resolve(cwd, dir);
  mkdirSync(abs, { recursive: true });
  return outputs.map(({ name, value }) => {
    const path = join(abs, npyFileName(name));
    writeFileSync(path, writeNpy(value));
    return displayPath(cwd, path);
  });
}
