import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, ops } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readInts, readReals, realsToArray, shapeString } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);

/** LinSpace: start, start + step * i in T arithmetic, and exactly stop at the end. */
export const linSpaceCpu = defineKernel(ops.LinSpace, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32', 'float64'] },
  create: () => (ctx) => {
    const names = ['start', 'stop', 'num'];
    [0, 1, 2].forEach((i) => {
      const t = inputArray(ctx, i);
      if (t.rank !== 0) throw ia(`${names[i]} must be a scalar, not shape ${shapeString(t.shape)}`);
    });
    const startT = inputArray(ctx, 0);
    const start = readReals(startT)[0] as number;
    const stop = readReals(inputArray(ctx, 1))[0] as number;
    const num = readInts(inputArray(ctx, 2))[0] as number;
    if (!(num > 0)) throw ia(`Requires num > 0: ${num}`);
    const round = startT.dtype === 'float32' ? Math.fround : (v: number) => v;
    const out = new Float64Array(num);
    out[0] = start;
    if (num > 1) {
      const step = round(round(stop - start) / (num - 1));
      for (let i = 1; i < num - 1; i++) out[i] = round(start + round(step * i));
      out[num - 1] = stop;
    }
    setOutputArray(ctx, 0, realsToArray(startT.dtype, [num], out));
  },
});
