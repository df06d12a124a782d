import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import { NDArray, type DType, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { bindRef, initializedRefInput } from './ref-variables.js';
import { findResource, handleInput } from './resource-handle.js';
import { shapeString, sameShape } from './tf-text.js';
import type { VariableResource } from './variable-resource.js';

/** The dtypes the training ops run in here (TF's CPU kernels also take half and complex). */
export const TRAINING_TYPES: readonly DType[] = ['float32', 'float64'];

export type FloatData = Float32Array | Float64Array;

/** One variable a training op updates (`var`, `accum`, `m`, ...), ref or resource. */
export interface TrainingSlot {
  readonly name: string;
  readonly value: NDArray;
  readonly data: FloatData;
  /** Stores new values (a new array: earlier reads keep theirs). */
  store(data: FloatData): void;
  /** The variable's value now. */
  current(): NDArray;
}

/**
 * The ref inputs `0..names.length-1` of an `Apply*` op. TF's executor rejects an
 * uninitialized ref before the kernel runs, in input order.
 */
export function refSlots(ctx: KernelContext, names: readonly string[]): TrainingSlot[] {
  return names.map((name, i) => {
    const { binding, value } = initializedRefInput(ctx, i);
    return {
      name,
      value,
      data: value.data as FloatData,
      store: (data) => {
        bindRef(binding.variable.set(new NDArray(value.dtype, value.shape, data)), binding);
      },
      current: () => binding.variable.value ?? value,
    };
  });
}

/** The resource inputs `0..names.length-1` of a `ResourceApply*` op, with TF's errors. */
export function resourceSlots(
  ctx: KernelContext,
  names: readonly string[],
  dtype: DType,
): TrainingSlot[] {
  return names.map((name, i) => {
    const handle = handleInput(ctx, i);
    const found = findResource<VariableResource>(ctx.resources, handle, 'variable');
    if ('missing' in found) throw new InternalError(null, null, 'Invalid variable reference.');
    const variable = found.resource;
    const value = variable.value;
    if (value === null || variable.dtype !== dtype) {
      throw new InvalidArgumentError(
        null,
        null,
        `Trying to access variable ${handle.name} using wrong dtype or an uninitialized value`,
      );
    }
    return {
      name,
      value,
      data: value.data as FloatData,
      store: (data) => {
        variable.set(new NDArray(value.dtype, value.shape, data));
      },
      current: () => variable.value ?? value,
    };
  });
}

/**
 * Scalar input `i` as a number. `spaced` gives the variant spelling TF uses in some
 * kernels ("lr is not a scalar : [1]").
 */
export function scalarInput(ctx: KernelContext, i: number, name: string, spaced = false): number {
  const value = inputArray(ctx, i);
  if (value.rank !== 0) {
    throw new InvalidArgumentError(
      null,
      null,
      `${name} is not a scalar${spaced ? ' ' : ''}: ${shapeString(value.shape)}`,
    );
  }
  return (value.data as FloatData)[0] as number;
}

/** Input `i` (`grad`, `delta`), which must have the shape of `var`. */
export function sameShapeInput(
  ctx: KernelContext,
  i: number,
  name: string,
  variable: TrainingSlot,
): FloatData {
  const value = inputArray(ctx, i);
  checkSameShape(variable, name, value.shape);
  return value.data as FloatData;
}

/** TF's check that a slot or gradient has the shape of `var`. */
export function checkSameShape(
  variable: TrainingSlot,
  name: string,
  shape: readonly number[],
): void {
  if (!sameShape(variable.value.shape, shape)) {
    throw new InvalidArgumentError(
      null,
      null,
      `var and ${name} do not have the same shape${shapeString(variable.value.shape)} ${shapeString(shape)}`,
    );
  }
}

/**
 * Rounding after each operation, so float32 updates give TF's float32 results exactly
 * (one double operation then a round to float32 equals the float32 operation).
 */
export function rounding(dtype: DType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

/** New storage like `data`. */
export function like(data: FloatData): FloatData {
  return data instanceof Float32Array
    ? new Float32Array(data.length)
    : new Float64Array(data.length);
}

/** Sets a ref `Apply*` op's output `out`: a ref to the updated `var` (slot 0). */
export function setRefOutput(ctx: KernelContext, slots: readonly TrainingSlot[]): void {
  setOutputArray(ctx, 0, (slots[0] as TrainingSlot).current());
}
