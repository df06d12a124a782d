/** TF's error: class, its own message, and the node its trailer names (if any). */
export interface TfError {
  readonly class: string;
  readonly message: string;
  readonly node: string | null;
}

/**
 * Where a thrown error differs from TF's: the class and the whole message, the
 * `\n\t [[{{node name}}]]` trailer included. With `nodelessTrailer`, an error TF names no
 * node for (it failed inside a function) may carry a trailer: TF's Python error only gives
 * the message for those, so only the message is compared.
 */
export function errorProblem(e: unknown, want: TfError, nodelessTrailer = false): string | null {
  const err = e as Error;
  const message =
    want.node === null ? want.message : `${want.message}\n\t [[{{node ${want.node}}}]]`;
  const same =
    err.message === message ||
    (nodelessTrailer && want.node === null && err.message.startsWith(`${message}\n\t [[`));
  if (err.name === want.class && same) return null;
  return `threw ${err.name}: ${JSON.stringify(err.message)}; TF: ${want.class}: ${JSON.stringify(message)}`;
}
