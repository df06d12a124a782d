import { ValueError } from '@tensorgraph/errors';
import { convertToNDArray } from './convert-to-ndarray.js';
import type { NDArray } from './ndarray.js';
import { tupleRepr } from './py-repr.js';

/**
 * The value of a SparseTensor (what `Session.run` gives for one, and what may be fed to
 * one): `indices` int64 [N, rank], `values` [N], `denseShape` int64 [rank].
 *
 * Arguments may be NDArrays or anything {@link convertToNDArray} takes; they are checked
 * as `tf.SparseTensor` checks them: indices and denseShape converted to int64
 * ("Expected int64, but got 0.5 of type 'float'." is a TypeError), values with no dtype
 * (numbers are float32), then ranks and agreeing sizes (ValueError "Shape (2,) must have
 * rank 2", "Dimensions 1 and 2 are not compatible").
 */
export class SparseTensorValue {
  readonly indices: NDArray;
  readonly values: NDArray;
  readonly denseShape: NDArray;

  constructor(indices: unknown, values: unknown, denseShape: unknown) {
    this.indices = convertToNDArray(indices, 'int64');
    this.values = convertToNDArray(values);
    this.denseShape = convertToNDArray(denseShape, 'int64');
    if (this.denseShape.rank === 0) {
      // TF reads dense_shape as a shape first; a scalar one is only allowed as -1 (unknown).
      throw new ValueError(
        `Received a scalar value '${String(this.denseShape.item())}' as shape; require a ` +
          "statically known scalar with value '-1' to describe an unknown shape.",
      );
    }
    withRank(this.indices, 2);
    withRank(this.values, 1);
    withRank(this.denseShape, 1);
    compatible(this.indices.shape[0] as number, this.values.shape[0] as number);
    compatible(this.indices.shape[1] as number, this.denseShape.shape[0] as number);
  }
}

function withRank(array: NDArray, rank: number): void {
  if (array.rank !== rank) {
    throw new ValueError(`Shape ${tupleRepr(array.shape)} must have rank ${rank}`);
  }
}

function compatible(a: number, b: number): void {
  if (a !== b) throw new ValueError(`Dimensions ${a} and ${b} are not compatible`);
}
