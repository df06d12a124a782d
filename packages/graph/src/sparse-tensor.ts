import { ValueError } from '@tensorgraph/errors';
import { TensorShape, type DType } from '@tensorgraph/core';
import { constantValueAsShape } from './constant-value.js';
import type { TensorLike } from './convert-to-tensor.js';
import type { Graph } from './graph.js';
import type { Operation } from './operation.js';
import { Tensor } from './tensor.js';
import { toTensorLater } from './builders/gen-op.js';
import { graphOf } from './builders/graph-of.js';

function dimText(d: number | null | undefined): string {
  return d === null || d === undefined ? 'None' : String(d);
}

/** TF's `Dimension.assert_is_compatible_with`. */
function assertDimsCompatible(a: number | null | undefined, b: number | null | undefined): void {
  if (a !== null && a !== undefined && b !== null && b !== undefined && a !== b) {
    throw new ValueError(`Dimensions ${dimText(a)} and ${dimText(b)} are not compatible`);
  }
}

/**
 * A sparse tensor in a graph (`tf.SparseTensor`): `indices` (int64, `[N, ndims]`), `values`
 * (`[N]`) and `denseShape` (int64, `[ndims]`). JS values become Consts named
 * `SparseTensor/indices`, `SparseTensor/values`, `SparseTensor/dense_shape`, as in TF.
 */
export class SparseTensor {
  readonly indices: Tensor;
  readonly values: Tensor;
  readonly denseShape: Tensor;
  /** The static shape of the dense tensor, as far as a constant `denseShape` tells. */
  readonly shape: TensorShape;

  constructor(indices: TensorLike, values: TensorLike, denseShape: TensorLike) {
    const graph = graphOf(indices, values, denseShape);
    const made = graph.asDefault(() =>
      graph.nameScope('SparseTensor', () => {
        const i = toTensorLater(indices, 'indices', { dtype: 'int64' });
        const v = toTensorLater(values, 'values');
        const d = toTensorLater(denseShape, 'dense_shape', { dtype: 'int64' });
        // TF checks ranks after converting; checking first leaves no Const behind on error.
        const indicesShape = i.shape.withRank(2);
        const valuesShape = v.shape.withRank(1);
        const denseShapeShape = d.shape.withRank(1);
        assertDimsCompatible(indicesShape.dims?.[0], valuesShape.dims?.[0]);
        assertDimsCompatible(indicesShape.dims?.[1], denseShapeShape.dims?.[0]);
        const real = (t: ReturnType<typeof toTensorLater>): Tensor =>
          t instanceof Tensor ? t : t.realize(graph);
        return [real(i), real(v), real(d)] as const;
      }),
    );
    [this.indices, this.values, this.denseShape] = made;
    this.shape = new TensorShape(constantValueAsShape(this.denseShape));
  }

  get dtype(): DType {
    return this.values.dtype;
  }

  /** The op that produces `values`. */
  get op(): Operation {
    return this.values.op;
  }

  get graph(): Graph {
    return this.indices.graph;
  }

  /** TF's `get_shape()`. */
  getShape(): TensorShape {
    return this.shape;
  }

  toString(): string {
    return `SparseTensor(indices=${this.indices.toString()}, values=${this.values.toString()}, dense_shape=${this.denseShape.toString()})`;
  }
}
