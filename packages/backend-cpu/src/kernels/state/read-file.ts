import { InvalidArgumentError } from '@tensorgraph/errors';
import { NDArray, defineKernel, ops } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readWholeFile } from './file-system.js';
import { shapeString } from './tf-text.js';

/** `ReadFile`: a scalar filename's whole contents (Node.js only). */
export const readFileCpu = defineKernel(ops.ReadFile, {
  deviceType: 'CPU',
  create:
    ({ opType }) =>
    async (ctx) => {
      const filename = inputArray(ctx, 0);
      if (filename.rank !== 0) {
        throw new InvalidArgumentError(
          null,
          null,
          `Input filename tensor must be scalar, but had shape: ${shapeString(filename.shape)}`,
        );
      }
      const name = new TextDecoder().decode((filename.data as Uint8Array[])[0]);
      const contents = await readWholeFile(name, opType);
      setOutputArray(ctx, 0, new NDArray('string', [], [contents]));
    },
});
