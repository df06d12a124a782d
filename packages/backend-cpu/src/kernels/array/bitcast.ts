import { defineKernel, dtypeToEnum, ops, storageOf, type DType } from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { invalidArgument, output } from './buffers.js';

/** The bytes of typed storage, copied (little-endian, as TF's memory layout). */
function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

export const bitcastCpu = defineKernel(ops.Bitcast, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const from: DType = attrs.T;
    const to: DType = attrs.type;
    const inSize = storageOf(from).byteSize;
    const outSize = storageOf(to).byteSize;
    const arrayType = storageOf(to).arrayType;
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const shape = [...input.shape];
      if (inSize < outSize) {
        if (shape.length === 0 || shape[shape.length - 1] !== outSize / inSize) {
          // TF's kernel (C API) prints the dtypes as their enum numbers.
          throw invalidArgument(`Cannot bitcast from ${dtypeToEnum(from)} to ${dtypeToEnum(to)}`);
        }
        shape.pop();
      } else if (inSize > outSize) {
        shape.push(inSize / outSize);
      }
      const bytes = bytesOf(input.data as ArrayBufferView);
      if (arrayType === null) throw invalidArgument(`Cannot bitcast to ${to}`);
      output(ctx, 0, to, shape, new arrayType(bytes.buffer as ArrayBuffer));
    };
  },
});
