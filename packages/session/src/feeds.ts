import { ValueError } from '@tensorgraph/errors';
import { castForFeed, python, SparseTensorValue, type NDArray } from '@tensorgraph/core';
import { Tensor, type Graph } from '@tensorgraph/graph';
import { isSparseTensorLike } from './fetches.js';

/** One fed tensor and its value, converted to the tensor's dtype. */
export interface Feed {
  readonly tensor: Tensor;
  readonly value: NDArray;
}

/**
 * Resolves a `feedDict` (a Map keyed by Tensors, names, SparseTensors or arrays of those,
 * or a plain object keyed by tensor names) into checked feeds, as TF's `Session._run`:
 * each value converted with numpy's rules and checked against the tensor's static shape,
 * with TF's errors and wording.
 */
export function resolveFeeds(graph: Graph, feedDict: unknown): Feed[] {
  if (feedDict === null || feedDict === undefined) return [];
  let entries: [unknown, unknown][];
  if (feedDict instanceof Map) entries = [...feedDict];
  else if (typeof feedDict === 'object' && !Array.isArray(feedDict)) {
    entries = Object.entries(feedDict as Record<string, unknown>);
  } else {
    throw new TypeError(
      `feed_dict must be a Map or a plain object keyed by tensor names, got ${python.pyStr(feedDict)}`,
    );
  }
  const feeds = new Map<Tensor, NDArray>();
  for (const [key, value] of entries) {
    for (const [subKey, subValue] of flattenFeed(key, value)) {
      const tensor = feedTensor(graph, subKey);
      feeds.set(tensor, convertFeed(tensor, subValue, key));
    }
  }
  return [...feeds].map(([tensor, value]) => ({ tensor, value }));
}

/** A nested key with a value of the same structure, or a SparseTensor, as flat pairs. */
function flattenFeed(key: unknown, value: unknown): [unknown, unknown][] {
  if (isSparseTensorLike(key)) {
    let parts: unknown[];
    if (value instanceof SparseTensorValue) parts = [value.indices, value.values, value.denseShape];
    else if (Array.isArray(value) && value.length === 3) parts = value;
    else {
      throw new TypeError(
        `The value of a SparseTensor feed must be a SparseTensorValue or [indices, values, denseShape], got ${python.pyStr(value)}`,
      );
    }
    return [
      [key.indices, parts[0]],
      [key.values, parts[1]],
      [key.denseShape, parts[2]],
    ];
  }
  if (Array.isArray(key)) {
    if (!Array.isArray(value) || value.length !== key.length) {
      throw new ValueError(
        `Could not flatten dictionary. Key had ${key.length} elements, but value had ${
          Array.isArray(value) ? value.length : 1
        } elements. Key: [${key.map((k) => python.pyStr(k)).join(', ')}], value: ${python.pyStr(value)}.`,
      );
    }
    return key.flatMap((k, i) => flattenFeed(k, value[i]));
  }
  return [[key, value]];
}

function feedTensor(graph: Graph, key: unknown): Tensor {
  try {
    return graph.asGraphElement(key, { allowTensor: true, allowOperation: false }) as Tensor;
  } catch (e) {
    throw new TypeError(`Cannot interpret feed_dict key as Tensor: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function convertFeed(tensor: Tensor, value: unknown, key: unknown): NDArray {
  if (value instanceof Tensor) {
    throw new TypeError(
      `The value of a feed cannot be a tf.Tensor object. Acceptable feed values include Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, the tensor object was ${String(value)} which was passed to the argument \`feed_dict\` with key ${key instanceof Tensor ? key.name : python.pyStr(key)}.`,
    );
  }
  const array = castForFeed(value, tensor.dtype);
  if (!tensor.shape.isCompatibleWith(array.shape)) {
    throw new ValueError(
      `Cannot feed value of shape ${pyTuple(array.shape)} for Tensor ${tensor.name}, which has shape ${tensor.shape.toString()}`,
    );
  }
  if (!tensor.graph.isFeedable(tensor))
    throw new ValueError(`Tensor ${tensor.name} may not be fed.`);
  return array;
}

function pyTuple(dims: readonly number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}
