import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { summarizeValue, summaryBytes } from '../array/summarize.js';

const decoder = new TextDecoder();

/** Writes `text` to the process's stdout/stderr where there is one (Node), else the console. */
function emit(stream: 'stdout' | 'stderr', text: string): void {
  const proc = (
    globalThis as unknown as { process?: Record<string, { write?: (s: string) => unknown }> }
  ).process;
  const out = proc?.[stream];
  if (typeof out?.write === 'function') out.write(text);
  else if (stream === 'stderr') console.error(text.replace(/\n$/, ''));
  else console.log(text.replace(/\n$/, ''));
}

/**
 * TF1's Print: passes `input` through and writes `message` followed by each `data` tensor
 * summarised in brackets to stderr, for the first `first_n` runs of the node when set.
 */
export const printCpu = defineKernel(ops.Print, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    let printed = 0;
    return (ctx) => {
      setOutputArray(ctx, 0, inputArray(ctx, 0));
      if (attrs.first_n >= 0 && printed >= attrs.first_n) return;
      printed++;
      let msg = attrs.message;
      for (let i = 1; i < ctx.numInputs; i++) {
        const summary = summarizeValue(inputArray(ctx, i), attrs.summarize, false);
        msg += `[${decoder.decode(summaryBytes(summary))}]`;
      }
      emit('stderr', `${msg}\n`);
    };
  },
});

const STREAMS = ['stdout', 'stderr', 'log(info)', 'log(warning)', 'log(error)'];

/**
 * tf.print's op: writes its string scalar and `end` to `output_stream` (TF's `log(...)`
 * streams go to stderr, as its logging does).
 */
export const printV2Cpu = defineKernel(ops.PrintV2, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const stream = attrs.output_stream;
    if (!STREAMS.includes(stream)) {
      throw new InvalidArgumentError(
        null,
        null,
        `${stream} is not a valid output_stream. Valid streams are: ${STREAMS.join(', ')}${stream.startsWith('file://') ? ' (file:// streams are not supported by the CPU backend)' : ''}`,
      );
    }
    return (ctx) => {
      const input = inputArray(ctx, 0);
      if (input.rank !== 0) {
        throw new InvalidArgumentError(
          null,
          null,
          `Input is expected to be scalar, but got ${`[${input.shape.join(',')}]`}`,
        );
      }
      const text = decoder.decode((input.data as Uint8Array[])[0]);
      emit(stream === 'stdout' ? 'stdout' : 'stderr', text + attrs.end);
    };
  },
});
