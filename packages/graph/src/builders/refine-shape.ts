import {
  expandArgs,
  TensorShape,
  type AttrValue,
  type NDArray,
  type ShapeContext,
  type ShapeValue,
} from '@tensorgraph/core';
import { constantValue, constantValueAsShape } from '../constant-value.js';
import type { Operation } from '../operation.js';
import type { Tensor } from '../tensor.js';

/**
 * Reruns `op`'s shape function knowing the values of some inputs that the graph cannot
 * read (TF's shape refiner folds small constant subgraphs such as `Fill` of Consts, which
 * a builder knows the value of) and narrows the outputs' static shapes accordingly.
 */
export function refineShapes(op: Operation, known: ReadonlyMap<number, NDArray>): void {
  const fn = op.opDef.shapeFn;
  if (fn === undefined) return;
  const attrs = new Map(op.attrNames.map((n) => [n, op.getAttr(n)] as const));
  const inputs = op.inputs;
  const valueOf = (i: number): NDArray | null => {
    const k = known.get(i);
    if (k !== undefined) return k;
    const t = inputs[i] as Tensor | undefined;
    return t === undefined ? null : constantValue(t);
  };
  const ctx: ShapeContext = {
    opType: op.type,
    nodeName: op.name,
    inputShapes: inputs.map((t) => t.shape.dims as ShapeValue),
    inputDTypes: inputs.map((t) => t.dtype),
    numOutputs: op.outputs.length,
    attr: <T extends AttrValue>(name: string) => attrs.get(name) as T,
    inputValue: valueOf,
    inputAsShape: (i) => {
      const k = known.get(i);
      if (k !== undefined && k.rank === 1) {
        return Array.from(k.data as ArrayLike<number | bigint>, (d) =>
          Number(d) >= 0 ? Number(d) : null,
        );
      }
      const t = inputs[i] as Tensor | undefined;
      return t === undefined ? null : constantValueAsShape(t);
    },
    inputRange: (argName) => {
      const e = expandArgs(op.opDef, op.opDef.inputs, attrs).find((x) => x.arg.name === argName);
      return e === undefined ? ([0, 0] as const) : ([e.start, e.end] as const);
    },
  };
  let shapes: readonly ShapeValue[];
  try {
    shapes = fn(ctx);
  } catch {
    // The graph accepted the op; a refinement that fails tells nothing more.
    return;
  }
  op.outputs.forEach((t, i) => {
    const s = shapes[i];
    if (s !== undefined && t.shape.isCompatibleWith(new TensorShape(s))) t.setShape(s);
  });
}
