import { OpError } from 'tensorgraph';

/**
 * An error as one readable line (or a few): TF's class name and message for tf.errors
 * (`InvalidArgumentError: ...`), the message for others.
 */
export function errorText(error: unknown): string {
  if (error instanceof OpError) return `${error.constructor.name}: ${error.message}`;
  if (error instanceof Error) {
    const kind = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${kind}${error.message}`;
  }
  return String(error);
}
