/** A warning like Python's `warnings.warn`: Node's process warnings where present, else the console. */
export function warn(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (m: string) => void } }).process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message);
  else console.warn(message);
}
