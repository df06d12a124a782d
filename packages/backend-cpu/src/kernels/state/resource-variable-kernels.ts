import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@tensorgraph/errors';
import { NDArray, defineKernel, ops, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { addOrSubtract, NUMBER_TYPES } from './elementwise.js';
import {
  containerOf,
  findResource,
  handleArray,
  handleInput,
  lookupOrCreateResource,
  lookupResource,
  type ResourceHandle,
} from './resource-handle.js';
import { dtypeString, sameShape, shapeString } from './tf-text.js';
import { VariableResource } from './variable-resource.js';

/**
 * `VarHandleOp`: only a handle; the variable is made by its first `AssignVariableOp`. An
 * empty `shared_name` names the variable `''` (TF's raw op does exactly this: two such
 * handles share one variable; Python passes a unique name in graph mode).
 */
export const varHandleOpCpu = defineKernel(ops.VarHandleOp, {
  deviceType: 'CPU',
  create: ({ attrs }) => {
    const handle = handleArray({
      container: containerOf(attrs.container),
      name: attrs.shared_name,
      kind: 'variable',
      dtype: attrs.dtype,
      shape: attrs.shape,
    });
    return (ctx) => setOutputArray(ctx, 0, handle);
  },
});

/** The resource variable behind input 0, its value, and the handle. */
function existingVariable(ctx: KernelContext): {
  readonly handle: ResourceHandle;
  readonly variable: VariableResource;
  readonly value: NDArray;
} {
  const handle = handleInput(ctx, 0);
  const variable = lookupResource<VariableResource>(ctx.resources, handle, 'variable');
  const value = variable.value;
  if (value === null) {
    throw new FailedPreconditionError(
      null,
      null,
      `Attempting to use uninitialized variables: ${handle.name}`,
    );
  }
  return { handle, variable, value };
}

export const readVariableOpCpu = defineKernel(ops.ReadVariableOp, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const handle = handleInput(ctx, 0);
      const found = findResource<VariableResource>(ctx.resources, handle, 'variable');
      if ('missing' in found || found.resource.value === null) {
        const why =
          'missing' in found ? found.missing : `Variable ${handle.name} is uninitialized.`;
        throw new FailedPreconditionError(
          null,
          null,
          `Could not find variable ${handle.name}. This could mean that the variable has been deleted. In TF1, it can also mean the variable is uninitialized. Debug info: container=${containerOf(handle.container)}, status error message=${why}`,
        );
      }
      const variable = found.resource;
      if (variable.dtype !== attrs.dtype) {
        throw new InvalidArgumentError(
          null,
          null,
          `Trying to read variable with wrong dtype. Expected ${dtypeString(attrs.dtype)} got ${dtypeString(variable.dtype)}`,
        );
      }
      setOutputArray(ctx, 0, found.resource.value);
    },
});

/** `AssignVariableOp`: creates the variable on first use; `validate_shape` checks later ones. */
export const assignVariableOpCpu = defineKernel(ops.AssignVariableOp, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const handle = handleInput(ctx, 0);
      const value = inputArray(ctx, 1);
      const variable = lookupOrCreateResource(
        ctx.resources,
        containerOf(handle.container),
        handle.name,
        'variable',
        () => new VariableResource('variable', attrs.dtype, handle.shape ?? null),
      );
      const current = variable.value;
      if (current !== null) {
        if (variable.dtype !== attrs.dtype) {
          throw new InvalidArgumentError(
            null,
            null,
            `Trying to assign variable with wrong dtype. Expected ${dtypeString(variable.dtype)} got ${dtypeString(attrs.dtype)}`,
          );
        }
        if (attrs.validate_shape && !sameShape(current.shape, value.shape)) {
          throw new InvalidArgumentError(
            null,
            null,
            `Trying to assign to variable with tensor with wrong shape. Expected ${shapeString(current.shape)} got ${shapeString(value.shape)}`,
          );
        }
      }
      variable.set(value);
    },
});

function assignUpdateVariable(subtract: boolean) {
  return () => (ctx: KernelContext) => {
    const { variable, value } = existingVariable(ctx);
    const update = inputArray(ctx, 1);
    if (variable.dtype !== update.dtype) {
      throw new InvalidArgumentError(
        null,
        null,
        'DType of variable handle and value does not match.',
      );
    }
    if (!sameShape(value.shape, update.shape)) {
      throw new InvalidArgumentError(
        null,
        null,
        `Cannot update variable with shape ${shapeString(value.shape)} using a Tensor with shape ${shapeString(update.shape)}, shapes must be equal.`,
      );
    }
    variable.set(addOrSubtract(value, update, subtract));
  };
}

export const assignAddVariableOpCpu = defineKernel(ops.AssignAddVariableOp, {
  deviceType: 'CPU',
  typeConstraints: { dtype: NUMBER_TYPES },
  create: assignUpdateVariable(false),
});

export const assignSubVariableOpCpu = defineKernel(ops.AssignSubVariableOp, {
  deviceType: 'CPU',
  typeConstraints: { dtype: NUMBER_TYPES },
  create: assignUpdateVariable(true),
});

export const varIsInitializedOpCpu = defineKernel(ops.VarIsInitializedOp, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const found = findResource<VariableResource>(ctx.resources, handleInput(ctx, 0), 'variable');
    const initialized = 'resource' in found && found.resource.initialized;
    setOutputArray(ctx, 0, new NDArray('bool', [], Uint8Array.of(initialized ? 1 : 0)));
  },
});

/**
 * `DestroyResourceOp`: removes the resource of the handle's kind from the session. A
 * missing one is ignored, or with `ignore_lookup_error=false` TF's `NotFoundError` (whose
 * type name TF cannot tell here: `<unknown>`).
 */
export const destroyResourceOpCpu = defineKernel(ops.DestroyResourceOp, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const handle = handleInput(ctx, 0);
      const container = containerOf(handle.container);
      const found = findResource(ctx.resources, handle);
      if ('resource' in found) return ctx.resources.delete(container, handle.name);
      if (attrs.ignore_lookup_error) return;
      throw new NotFoundError(
        null,
        null,
        ctx.resources.containers().includes(container)
          ? `Resource ${container}/${handle.name}/<unknown> does not exist.`
          : `Container ${container} does not exist.`,
      );
    },
});
