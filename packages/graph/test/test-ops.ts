import { defineOp, NDArray, OpRegistry } from '@tensorgraph/core';

// A few op definitions, enough for the graph's own tests (facts as in TF's registry).
export const NoOp = defineOp({
  name: 'NoOp',
  inputs: [],
  outputs: [],
  attrs: [],
  shapeFn: () => [],
});
export const Const = defineOp({
  name: 'Const',
  inputs: [],
  outputs: [{ name: 'output', typeAttr: 'dtype' }],
  attrs: [
    { name: 'value', type: 'tensor' },
    { name: 'dtype', type: 'type' },
  ],
  shapeFn: (ctx) => [[...ctx.attr<NDArray>('value').shape]],
});
export const Identity = defineOp({
  name: 'Identity',
  inputs: [{ name: 'input', typeAttr: 'T' }],
  outputs: [{ name: 'output', typeAttr: 'T' }],
  attrs: [{ name: 'T', type: 'type' }],
  shapeFn: (ctx) => [ctx.inputShapes[0] ?? null],
});

export const testRegistry = new OpRegistry([NoOp, Const, Identity]);

export const scalar = (v: number) => new NDArray('float32', [], Float32Array.of(v));
