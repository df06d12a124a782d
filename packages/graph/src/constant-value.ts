import { NDArray, type ShapeValue } from '@tensorgraph/core';
import type { Tensor } from './tensor.js';

/**
 * The value of `tensor` if the graph alone determines it (TF's `tensor_util.constant_value`,
 * the cases shape inference needs): a Const, an Identity of one, or the Shape, Size or Rank
 * of a tensor whose static shape is fully known. Otherwise `null`.
 */
export function constantValue(tensor: Tensor): NDArray | null {
  const op = tensor.op;
  switch (op.type) {
    case 'Const':
      return op.getAttr<NDArray>('value');
    case 'Identity':
    case 'StopGradient':
    case 'Snapshot':
      return op.inputs[0] === undefined ? null : constantValue(op.inputs[0]);
    case 'Shape': {
      const dims = op.inputs[0]?.shape.dims;
      if (dims == null || dims.some((d) => d === null)) return null;
      return intVector(tensor, dims as number[]);
    }
    case 'Size': {
      const n = op.inputs[0]?.shape.numElements();
      return n == null ? null : intScalar(tensor, n);
    }
    case 'Rank': {
      const r = op.inputs[0]?.shape.rank;
      return r == null ? null : intScalar(tensor, r);
    }
    default:
      return null;
  }
}

/**
 * `tensor`, a 1-D shape tensor, read as a partial shape (TF's
 * `constant_value_as_shape` / `InferenceContext::MakeShapeFromShapeTensor`): Const values
 * with -1 as unknown, `Shape` of a tensor, `Pack` of scalars, `ConcatV2` of such parts,
 * `Cast` of one; otherwise as many unknown dims as the tensor's static length, or `null`.
 */
export function constantValueAsShape(tensor: Tensor): ShapeValue {
  const rank = tensor.shape.rank;
  // A scalar stands for an unknown rank (TF accepts only -1 there; the shape function
  // reports anything else).
  if (rank === 0) return null;
  const op = tensor.op;
  switch (op.type) {
    case 'Shape': {
      const dims = op.inputs[0]?.shape.dims;
      return dims == null ? null : [...dims];
    }
    case 'Pack': {
      if (op.getAttr<number>('axis') !== 0) break;
      return op.inputs.map((t) => {
        const v = constantValue(t);
        if (v === null || v.size !== 1) return null;
        const d = Number(v.data[0]);
        return d >= 0 ? d : null;
      });
    }
    case 'ConcatV2': {
      const parts = op.inputs.slice(0, -1).map(constantValueAsShape);
      if (parts.some((p) => p === null)) break;
      return parts.flatMap((p) => p as (number | null)[]);
    }
    case 'Cast':
    case 'Identity':
      if (op.inputs[0] !== undefined) return constantValueAsShape(op.inputs[0]);
      break;
    default: {
      const v = constantValue(tensor);
      if (v !== null && v.rank === 1) {
        return Array.from(v.data as ArrayLike<number | bigint>, (d) =>
          Number(d) >= 0 ? Number(d) : null,
        );
      }
    }
  }
  const length = tensor.shape.dims?.[0];
  return length === undefined || length === null ? null : new Array<null>(length).fill(null);
}

function intVector(tensor: Tensor, values: readonly number[]): NDArray {
  return tensor.dtype === 'int64'
    ? new NDArray('int64', [values.length], BigInt64Array.from(values, BigInt))
    : new NDArray('int32', [values.length], Int32Array.from(values));
}

function intScalar(tensor: Tensor, value: number): NDArray {
  return tensor.dtype === 'int64'
    ? new NDArray('int64', [], BigInt64Array.of(BigInt(value)))
    : new NDArray('int32', [], Int32Array.of(value));
}
