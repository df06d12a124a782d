import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { invalidArgument, output, shapeString } from './buffers.js';
import { summarizeValue, summaryBytes, textToBinary } from './summarize.js';

const decoder = new TextDecoder();

/** StringFormat: the template with each placeholder replaced by an input's v2 summary. */
export const stringFormatCpu = defineKernel(ops.StringFormat, {
  deviceType: 'CPU',
  create: ({ attrs, inputDTypes }) => {
    const template = textToBinary(attrs.template);
    const placeholder = textToBinary(attrs.placeholder);
    // absl::StrSplit on an empty delimiter splits between every character.
    const parts = placeholder === '' ? [...template] : template.split(placeholder);
    if (parts.length - 1 !== inputDTypes.length) {
      throw invalidArgument(
        `num placeholders in template and num inputs must match: ${parts.length - 1} vs. ${inputDTypes.length}`,
      );
    }
    return (ctx) => {
      let msg = parts[0] as string;
      for (let i = 0; i < ctx.numInputs; i++) {
        msg += summarizeValue(inputArray(ctx, i), attrs.summarize, true) + (parts[i + 1] as string);
      }
      output(ctx, 0, 'string', [], [summaryBytes(msg)]);
    };
  },
});

/** Assert: nothing when the condition holds, else TF's message with each input summarised. */
export const assertCpu = defineKernel(ops.Assert, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const cond = inputArray(ctx, 0);
      if (cond.rank !== 0) {
        throw invalidArgument(`In[0] should be a scalar: ${shapeString(cond.shape)}`);
      }
      if ((cond.data as Uint8Array)[0] !== 0) return;
      const parts: string[] = [];
      for (let i = 1; i < ctx.numInputs; i++) {
        parts.push(`[${summarizeValue(inputArray(ctx, i), attrs.summarize, false)}]`);
      }
      const message = decoder.decode(summaryBytes(`assertion failed: ${parts.join(' ')}`));
      throw new InvalidArgumentError(null, null, message);
    },
});
