import { defineKernel, NDArray, ops, type DType } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import {
  checkDtype,
  concatParts,
  dtypeString,
  elementShapeFromInput,
  inputList,
  invalid,
  isCompatible,
  isFullyDefined,
  merge,
  partialString,
  scalarInt,
  setOutputList,
  shapeFromTensor,
  shapeString,
  slice0,
  zeros,
  type PartialShape,
  type TensorList,
} from './tensor-list.js';

const SHAPE_TYPES: readonly DType[] = ['int32', 'int64'];

function intVector(dtype: DType, values: readonly number[]): NDArray {
  return dtype === 'int64'
    ? new NDArray(
        'int64',
        [values.length],
        BigInt64Array.from(values, (v) => BigInt(v)),
      )
    : new NDArray('int32', [values.length], Int32Array.from(values));
}

/** Merges the shapes of the set elements into `shape` (TF infers unknown dims this way). */
function mergeElements(shape: PartialShape, elements: readonly (NDArray | null)[]): PartialShape {
  let merged = shape;
  for (const t of elements) if (t !== null) merged = merge(merged, t.shape);
  return merged;
}

export const emptyTensorListCpu = defineKernel(ops.EmptyTensorList, {
  deviceType: 'CPU',
  typeConstraints: { shape_type: SHAPE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const max = inputArray(ctx, 1);
      if (max.rank !== 0) {
        throw invalid(
          `max_num_elements expected to be a scalar but got shape: ${shapeString(max.shape)}`,
        );
      }
      setOutputList(ctx, 0, {
        elementDtype: attrs.element_dtype,
        elementShape: shapeFromTensor(inputArray(ctx, 0)),
        elements: [],
        maxNumElements: scalarInt(max),
      });
    },
});

export const tensorListReserveCpu = defineKernel(ops.TensorListReserve, {
  deviceType: 'CPU',
  typeConstraints: { shape_type: SHAPE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const elementShape = shapeFromTensor(inputArray(ctx, 0));
      const num = inputArray(ctx, 1);
      if (num.rank !== 0) {
        throw invalid(
          `The num_elements to reserve must be a tensor size 1, but got ${shapeString(num.shape)}`,
        );
      }
      const n = scalarInt(num);
      if (n < 0) {
        throw invalid(`The num_elements to reserve must be a non negative number, but got ${n}`);
      }
      setOutputList(ctx, 0, {
        elementDtype: attrs.element_dtype,
        elementShape,
        elements: new Array<null>(n).fill(null),
        maxNumElements: -1,
      });
    },
});

export const tensorListFromTensorCpu = defineKernel(ops.TensorListFromTensor, {
  deviceType: 'CPU',
  typeConstraints: { shape_type: SHAPE_TYPES },
  create: () => (ctx) => {
    const t = inputArray(ctx, 0);
    const elementShape = shapeFromTensor(inputArray(ctx, 1));
    if (t.rank === 0) {
      throw invalid(`Tensor must be at least a vector, but saw shape: ${shapeString(t.shape)}`);
    }
    const inner = t.shape.slice(1);
    if (!isCompatible(elementShape, inner)) {
      throw invalid(
        `Specified a list with shape ${partialString(elementShape)} from a tensor with shape ${shapeString(inner)}`,
      );
    }
    const elements = Array.from({ length: t.shape[0] as number }, (_, i) => slice0(t, i));
    setOutputList(ctx, 0, { elementDtype: t.dtype, elementShape, elements, maxNumElements: -1 });
  },
});

export const tensorListLengthCpu = defineKernel(ops.TensorListLength, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const l = inputList(ctx, 0);
    setOutputArray(ctx, 0, new NDArray('int32', [], Int32Array.of(l.elements.length)));
  },
});

export const tensorListElementShapeCpu = defineKernel(ops.TensorListElementShape, {
  deviceType: 'CPU',
  typeConstraints: { shape_type: SHAPE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const shape = inputList(ctx, 0).elementShape;
      const out =
        shape === null
          ? intVector(attrs.shape_type, [-1]).reshape([])
          : intVector(
              attrs.shape_type,
              shape.map((d) => d ?? -1),
            );
      setOutputArray(ctx, 0, out);
    },
});

/** An uninitialized element reads as zeros, its shape inferred from the set elements. */
function zerosForRead(l: TensorList, shape: PartialShape): NDArray {
  const merged = isFullyDefined(shape) ? shape : mergeElements(shape, l.elements);
  if (!isFullyDefined(merged)) {
    throw invalid(
      `Trying to read an uninitialized tensor but element_shape is not fully defined: ${partialString(merged)} and no list element is set.`,
    );
  }
  return zeros(l.elementDtype, merged);
}

export const tensorListGetItemCpu = defineKernel(ops.TensorListGetItem, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const l = inputList(ctx, 0);
      checkDtype(attrs.element_dtype, l);
      const index = scalarInt(inputArray(ctx, 1));
      if (index < 0 || index >= l.elements.length) {
        throw invalid(
          `Trying to access element ${index} in a list with ${l.elements.length} elements.`,
        );
      }
      const item = l.elements[index] as NDArray | null;
      if (item !== null) {
        setOutputArray(ctx, 0, item);
        return;
      }
      const shape = elementShapeFromInput(ctx, l, 2);
      setOutputArray(ctx, 0, zerosForRead(l, shape));
    },
});

export const tensorListSetItemCpu = defineKernel(ops.TensorListSetItem, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const l = inputList(ctx, 0);
      checkDtype(attrs.element_dtype, l);
      const index = scalarInt(inputArray(ctx, 1));
      const n = l.elements.length;
      const resize = attrs.resize_if_index_out_of_bounds;
      // TF 2.21 has no lower bound check without resize (UB); we refuse negatives always.
      if (index < 0 || (!resize && index >= n)) {
        throw invalid(`Trying to modify element ${index} in a list with ${n} elements.`);
      }
      const item = inputArray(ctx, 2);
      if (!isCompatible(l.elementShape, item.shape)) {
        throw invalid(
          `Tried to set a tensor with incompatible shape at a list index. Item element shape: ${shapeString(item.shape)} list shape: ${partialString(l.elementShape)}`,
        );
      }
      const elements = l.elements.slice();
      while (elements.length <= index) elements.push(null);
      elements[index] = item;
      setOutputList(ctx, 0, { ...l, elements });
    },
});

export const tensorListPushBackCpu = defineKernel(ops.TensorListPushBack, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const item = inputArray(ctx, 1);
      if (attrs.element_dtype !== item.dtype) {
        throw invalid(
          `Invalid data types; list elements ${dtypeString(attrs.element_dtype)} but tried to append ${dtypeString(item.dtype)}`,
        );
      }
      const l = inputList(ctx, 0);
      if (!isCompatible(l.elementShape, item.shape)) {
        throw invalid(
          `Tried to append a tensor with incompatible shape to a list. Op element shape: ${shapeString(item.shape)} list shape: ${partialString(l.elementShape)}`,
        );
      }
      checkDtype(attrs.element_dtype, l);
      if (l.maxNumElements !== -1 && l.elements.length >= l.maxNumElements) {
        throw invalid(
          `Tried to push item into a full list list size: ${l.elements.length} max_num_elements: ${l.maxNumElements}`,
        );
      }
      setOutputList(ctx, 0, { ...l, elements: [...l.elements, item] });
    },
});

export const tensorListPopBackCpu = defineKernel(ops.TensorListPopBack, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const l = inputList(ctx, 0);
      checkDtype(attrs.element_dtype, l);
      if (l.elements.length === 0) throw invalid('Trying to pop from an empty list.');
      const last = l.elements.at(-1) as NDArray | null;
      let value = last;
      if (value === null) {
        const shape = elementShapeFromInput(ctx, l, 1);
        if (!isFullyDefined(shape)) {
          throw invalid(
            `Trying to read an uninitialized tensor but element_shape is not fully defined.${partialString(shape)}`,
          );
        }
        value = zeros(l.elementDtype, shape);
      }
      setOutputList(ctx, 0, { ...l, elements: l.elements.slice(0, -1) });
      setOutputArray(ctx, 1, value);
    },
});

/** Stacks `picked` (null: zeros) into one array; `what` names the op in TF's messages. */
function stackElements(
  l: TensorList,
  shapeIn: PartialShape,
  picked: readonly (NDArray | null)[],
  merged: PartialShape,
  emptyMessage: string,
  uninitMessage: string,
): NDArray {
  if (!isFullyDefined(shapeIn) && l.elements.length === 0) {
    throw invalid(`${emptyMessage}${partialString(shapeIn)}`);
  }
  if (!isFullyDefined(merged)) throw invalid(`${uninitMessage}${partialString(merged)}`);
  const outShape = [picked.length, ...merged];
  let zero: NDArray | null = null;
  const parts = picked.map((t) => t ?? (zero ??= zeros(l.elementDtype, merged)));
  return concatParts(l.elementDtype, outShape, parts);
}

export const tensorListStackCpu = defineKernel(ops.TensorListStack, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const l = inputList(ctx, 0);
      checkDtype(attrs.element_dtype, l);
      const n = attrs.num_elements;
      if (n !== -1 && l.elements.length !== n) {
        throw invalid(
          `Operation expected a list with ${n} elements but got a list with ${l.elements.length} elements.`,
        );
      }
      const shape = elementShapeFromInput(ctx, l, 1);
      if (!isFullyDefined(shape) && l.elements.length === 0) {
        throw invalid(
          `Tried to stack elements of an empty list with non-fully-defined element_shape: ${partialString(shape)}`,
        );
      }
      const merged = isFullyDefined(l.elementShape) ? shape : mergeElements(shape, l.elements);
      const out = stackElements(
        l,
        shape,
        l.elements,
        merged,
        '',
        'Tried to stack list which only contains uninitialized tensors and has a non-fully-defined element_shape: ',
      );
      setOutputArray(ctx, 0, out);
    },
});

export const tensorListGatherCpu = defineKernel(ops.TensorListGather, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const l = inputList(ctx, 0);
      checkDtype(attrs.element_dtype, l);
      const indices = Array.from(inputArray(ctx, 1).data as Int32Array);
      const shape = elementShapeFromInput(ctx, l, 2);
      if (!isFullyDefined(shape) && l.elements.length === 0) {
        throw invalid(
          `Tried to gather elements from an empty list with non-fully-defined element_shape: ${partialString(shape)}`,
        );
      }
      const n = l.elements.length;
      const picked = indices.map((i) => {
        if (i < 0 || i >= n) {
          throw invalid(`Trying to gather element ${i} in a list with ${n} elements.`);
        }
        return l.elements[i] as NDArray | null;
      });
      const merged = isFullyDefined(l.elementShape) ? shape : mergeElements(shape, picked);
      const out = stackElements(
        l,
        shape,
        picked,
        merged,
        '',
        'Tried to gather list which only contains uninitialized tensors and has a non-fully-defined element_shape: ',
      );
      setOutputArray(ctx, 0, out);
    },
});

export const tensorListScatterIntoExistingListCpu = defineKernel(
  ops.TensorListScatterIntoExistingList,
  {
    deviceType: 'CPU',
    create:
      ({ attrs }) =>
      (ctx) => {
        const l = inputList(ctx, 0);
        const t = inputArray(ctx, 1);
        const indicesArg = inputArray(ctx, 2);
        if (indicesArg.rank !== 1) {
          throw invalid(
            `Expected indices to be a vector, but received shape: ${shapeString(indicesArg.shape)}`,
          );
        }
        checkDtype(attrs.element_dtype, l);
        if (t.rank === 0) {
          throw invalid(`Tensor must be at least a vector, but saw shape: ${shapeString(t.shape)}`);
        }
        if (indicesArg.size !== t.shape[0]) {
          throw invalid(
            `Expected len(indices) == tensor.shape[0], but saw: ${indicesArg.size} vs. ${t.shape[0]}`,
          );
        }
        const inner = t.shape.slice(1);
        if (!isCompatible(l.elementShape, inner)) {
          throw invalid(
            `Tried to scatter a tensor with incompatible shape into a list. Tensor element shape: ${shapeString(inner)} list shape: ${partialString(l.elementShape)}`,
          );
        }
        const elements = l.elements.slice();
        const indices = indicesArg.data as Int32Array;
        // TF 2.21 crashes on a negative index; we refuse it.
        indices.forEach((i, k) => {
          if (i < 0) throw invalid('Indices in TensorListScatter must all be non-negative.');
          while (elements.length <= i) elements.push(null);
          elements[i] = slice0(t, k);
        });
        setOutputList(ctx, 0, { ...l, elements });
      },
  },
);

export const tensorListConcatV2Cpu = defineKernel(ops.TensorListConcatV2, {
  deviceType: 'CPU',
  typeConstraints: { shape_type: SHAPE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const l = inputList(ctx, 0);
      checkDtype(attrs.element_dtype, l);
      const shape = elementShapeFromInput(ctx, l, 1);
      if (shape !== null && shape.length === 0) {
        throw invalid('Concat requires elements to be at least vectors, found scalars instead.');
      }
      let firstDim = shape === null ? -1 : (shape[0] ?? -1);
      let rest: PartialShape = shape === null ? null : shape.slice(1);
      if (l.elements.length === 0 && !isFullyDefined(rest)) {
        throw invalid(
          `All except the first dimension must be fully defined when concating an empty tensor list. element_shape: ${partialString(rest)}`,
        );
      }
      if (!isFullyDefined(l.elementShape)) {
        // Checks the elements against element_shape and infers a common leading dim.
        let checkDim = firstDim === -1;
        let inferred = firstDim;
        l.elements.forEach((t, i) => {
          if (t === null) return;
          if (t.rank === 0) {
            throw invalid(`Concat saw a scalar shape at index ${i} but requires at least vectors.`);
          }
          rest = merge(rest, t.shape.slice(1));
          const d0 = t.shape[0] as number;
          if (firstDim !== -1 && firstDim !== d0) {
            throw invalid(
              `First entry of element_shape input does not match the first dim of list element at index: ${i} Expected: ${firstDim} Actual: ${d0}`,
            );
          }
          if (checkDim) {
            if (inferred === -1) inferred = d0;
            else if (inferred !== d0) {
              inferred = -1;
              checkDim = false;
            }
          }
        });
        firstDim = inferred;
      }
      const restShape = rest;
      if (!isFullyDefined(restShape)) {
        throw invalid(
          `Trying to concat list with only uninitialized tensors but element_shape_except_first_dim_ is not fully defined: ${partialString(restShape)}`,
        );
      }
      const leading = inputArray(ctx, 2);
      const leadingDims = Array.from(leading.data as BigInt64Array, Number);
      const lengths = l.elements.map((t, i) => {
        if (t !== null) return t.shape[0] as number;
        if (i >= leadingDims.length && firstDim !== -1) return firstDim;
        if (i >= leadingDims.length) {
          throw invalid(
            `List contains uninitialized tensor at index ${i} but leading_dims has only ${leadingDims.length} elements.`,
          );
        }
        return leadingDims[i] as number;
      });
      const total = lengths.reduce((a, b) => a + b, 0);
      const parts = l.elements.map(
        (t, i) => t ?? zeros(l.elementDtype, [lengths[i] as number, ...restShape]),
      );
      setOutputArray(ctx, 0, concatParts(l.elementDtype, [total, ...restShape], parts));
      setOutputArray(ctx, 1, intVector('int64', lengths));
    },
});
