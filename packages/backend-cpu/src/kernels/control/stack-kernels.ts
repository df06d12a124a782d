import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, dtypeToEnum, ops } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { dtypeString, shapeString } from '../state/tf-text.js';
import { setStackOutput, Stack, stackInput } from './stack.js';

export const stackV2Cpu = defineKernel(ops.StackV2, {
  deviceType: 'CPU',
  create:
    ({ attrs, nodeName }) =>
    (ctx) => {
      const maxSize = inputArray(ctx, 0);
      if (maxSize.rank !== 0) {
        throw new InvalidArgumentError(
          null,
          null,
          `Stack size must be a scalar, but had shape: ${shapeString(maxSize.shape)}`,
        );
      }
      const name = attrs.stack_name === '' ? nodeName : attrs.stack_name;
      const size = Number((maxSize.data as ArrayLike<number>)[0]);
      setStackOutput(ctx, 0, new Stack(name, attrs.elem_type, size));
    },
});

/** Pushes `elem` and passes it on (`swap_memory` moves GPU values to the host: moot here). */
export const stackPushV2Cpu = defineKernel(ops.StackPushV2, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const stack = stackInput(ctx, 0);
    const elem = inputArray(ctx, 1);
    if (elem.dtype !== stack.dtype) {
      // TF prints the two DataType enum numbers here.
      throw new InvalidArgumentError(
        null,
        null,
        `Must have type ${dtypeToEnum(stack.dtype)} but got ${dtypeToEnum(elem.dtype)}`,
      );
    }
    stack.push(elem);
    setOutputArray(ctx, 0, elem);
  },
});

export const stackPopV2Cpu = defineKernel(ops.StackPopV2, {
  deviceType: 'CPU',
  create:
    ({ attrs, nodeName }) =>
    (ctx) => {
      const stack = stackInput(ctx, 0);
      if (stack.dtype !== attrs.elem_type) {
        // TF's pop does not check; its executor then rejects the output's type.
        throw new InternalError(
          null,
          null,
          `Output 0 of type ${dtypeString(stack.dtype)} does not match declared output type ${dtypeString(attrs.elem_type)} for node {{node ${nodeName}}}`,
        );
      }
      setOutputArray(ctx, 0, stack.pop());
    },
});

export const stackCloseV2Cpu = defineKernel(ops.StackCloseV2, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    stackInput(ctx, 0).close();
  },
});

export const STACK_KERNELS = [stackV2Cpu, stackPushV2Cpu, stackPopV2Cpu, stackCloseV2Cpu] as const;
