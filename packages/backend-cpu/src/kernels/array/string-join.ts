import { defineKernel, ops, type NDArray } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { invalidArgument, output, shapeString } from './buffers.js';

const encoder = new TextEncoder();

/** StringJoin: element-wise join; scalars broadcast, other inputs must share one shape. */
export const stringJoinCpu = defineKernel(ops.StringJoin, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const separator = encoder.encode(attrs.separator);
    return (ctx) => {
      const inputs: NDArray[] = [];
      let shape: readonly number[] = [];
      for (let i = 0; i < ctx.numInputs; i++) {
        const x = inputArray(ctx, i);
        inputs.push(x);
        if (x.rank === 0) continue;
        if (shape.length === 0) shape = x.shape;
        else if (shape.length !== x.rank || shape.some((d, k) => d !== x.shape[k])) {
          throw invalidArgument(
            `Input shapes do not match: ${shapeString(shape)} vs. ${shapeString(x.shape)}`,
          );
        }
      }
      const size = shape.reduce((a, b) => a * b, 1);
      const out = new Array<Uint8Array>(size);
      for (let e = 0; e < size; e++) {
        const parts = inputs.map(
          (x) => (x.data as Uint8Array[])[x.rank === 0 ? 0 : e] as Uint8Array,
        );
        let length = separator.length * Math.max(parts.length - 1, 0);
        for (const p of parts) length += p.length;
        const bytes = new Uint8Array(length);
        let at = 0;
        parts.forEach((p, k) => {
          if (k > 0) {
            bytes.set(separator, at);
            at += separator.length;
          }
          bytes.set(p, at);
          at += p.length;
        });
        out[e] = bytes;
      }
      output(ctx, 0, 'string', shape, out);
    };
  },
});
