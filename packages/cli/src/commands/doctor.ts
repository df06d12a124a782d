import * as tf from 'tensorgraph';
import type { CliIo } from '../io.js';

/** `tensorgraph doctor`: `tf.diagnose()`'s report; exit 1 only if no backend is usable. */
export async function doctorCommand(io: CliIo): Promise<number> {
  const report = await tf.diagnose({ print: (text) => io.stdout(`${text}\n`) });
  return report.backends.some((b) => b.status === 'available') ? 0 : 1;
}
