import { InvalidArgumentError } from '@tensorgraph/errors';
import { NDArray, type DType, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';

/** TF numbers every stack it makes in the process and names it `<name>_<n>`. */
let counter = 0;

function invalid(message: string): InvalidArgumentError {
  return new InvalidArgumentError(null, null, message);
}

/**
 * The resource behind `StackV2`: a last-in first-out list of tensors of one dtype, at most
 * `maxSize` deep. TF1's while-loop gradients push each iteration's forward value on one and
 * pop them in reverse in the backprop loop. Like a TensorArray it lives for one step: the
 * handle tensor holds the stack itself, so nothing is left in the resource manager.
 */
export class Stack {
  readonly name: string;
  readonly dtype: DType;
  /** TF treats a negative `max_size` as unbounded. */
  readonly maxSize: number;
  private readonly values: NDArray[] = [];
  private closed = false;

  constructor(name: string, dtype: DType, maxSize: number) {
    this.name = `${name}_${counter++}`;
    this.dtype = dtype;
    this.maxSize = maxSize < 0 ? Infinity : maxSize;
  }

  get size(): number {
    return this.values.length;
  }

  private checkOpen(): void {
    if (this.closed) throw invalid(`Stack[${this.name}] has already been closed.`);
  }

  push(value: NDArray): void {
    this.checkOpen();
    if (this.values.length >= this.maxSize) {
      throw invalid(`Stack[${this.name}] overflowed its max_size (${this.maxSize})`);
    }
    this.values.push(value);
  }

  pop(): NDArray {
    this.checkOpen();
    const value = this.values.pop();
    if (value === undefined) throw invalid(`Stack[${this.name}] is empty when calling Pop().`);
    return value;
  }

  /** Drops the values; later pushes and pops fail (`StackCloseV2`; closing twice is fine). */
  close(): void {
    this.values.length = 0;
    this.closed = true;
  }
}

/** The Stack in resource input `i`. */
export function stackInput(ctx: KernelContext, i: number): Stack {
  const value = inputArray(ctx, i);
  const stack = value.dtype === 'resource' ? (value.data as unknown[])[0] : undefined;
  if (value.size !== 1 || !(stack instanceof Stack)) {
    throw invalid(`${ctx.nodeName}: input ${i} is not a Stack handle`);
  }
  return stack;
}

export function setStackOutput(ctx: KernelContext, i: number, stack: Stack): void {
  setOutputArray(ctx, i, new NDArray('resource', [], [stack]));
}
