import { InternalError, InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  allocateStorage,
  defineKernel,
  ops,
  type DType,
  type KernelCompute,
  type KernelContext,
  type ShapeValue,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { addOrSubtract, NUMBER_TYPES } from './elementwise.js';
import { bindRef, initializedRefInput, refInput, type RefBinding } from './ref-variables.js';
import { containerOf, lookupOrCreateResource } from './resource-handle.js';
import { dtypeString, sameShape, shapeString } from './tf-text.js';
import { VariableResource } from './variable-resource.js';

/**
 * The shape of an uninitialized ref variable's tensor, as TF reports it in `Assign`'s
 * shape check: the declared shape when fully known, else a scalar.
 */
function standInShape(declared: ShapeValue): number[] {
  return declared !== null && declared.every((d) => d !== null) ? [...(declared as number[])] : [];
}

interface VariableAttrs {
  readonly shape: ShapeValue;
  readonly dtype: DType;
  readonly container: string;
  readonly shared_name: string;
}

/**
 * `VariableV2`/`Variable`: finds or creates the variable (named by `shared_name`, else by
 * the node, as TF) and outputs its current value tagged as a ref to it. Before
 * initialization it outputs a tagged stand-in of the declared shape, which only
 * ref-taking ops (`Assign`, `IsVariableInitialized`) may use.
 */
function createVariable(attrs: VariableAttrs, nodeName: string): KernelCompute {
  const container = containerOf(attrs.container);
  const name = attrs.shared_name === '' ? nodeName : attrs.shared_name;
  const standIns = new WeakMap<VariableResource, NDArray>();
  return (ctx) => {
    const variable = lookupOrCreateResource(
      ctx.resources,
      container,
      name,
      'ref-variable',
      () => new VariableResource('ref-variable', attrs.dtype, attrs.shape),
    );
    // TF shares a ref variable without checking; its executor then rejects the output type.
    if (variable.dtype !== attrs.dtype) {
      throw new InternalError(
        null,
        null,
        `Output 0 of type ${dtypeString(variable.dtype)}_ref does not match declared output type ${dtypeString(attrs.dtype)}_ref for node {{node ${nodeName}}}`,
      );
    }
    let value = variable.value ?? standIns.get(variable);
    if (value === undefined) {
      const shape = standInShape(variable.declaredShape);
      const size = shape.reduce((a, b) => a * b, 1);
      value = new NDArray(variable.dtype, shape, allocateStorage(variable.dtype, size));
      standIns.set(variable, value);
    }
    setOutputArray(ctx, 0, bindRef(value, { variable, nodeName }));
  };
}

export const variableV2Cpu = defineKernel(ops.VariableV2, {
  deviceType: 'CPU',
  create: ({ attrs, nodeName }) => createVariable(attrs, nodeName),
});

export const variableCpu = defineKernel(ops.Variable, {
  deviceType: 'CPU',
  create: ({ attrs, nodeName }) => createVariable(attrs, nodeName),
});

/** Stores `value` in the variable and outputs it as the op's ref output. */
function storeAndOutput(ctx: KernelContext, binding: RefBinding, value: NDArray): void {
  setOutputArray(ctx, 0, bindRef(binding.variable.set(value), binding));
}

/** `Assign`: may initialize; with `validate_shape` the shapes must match (TF's message). */
export const assignCpu = defineKernel(ops.Assign, {
  deviceType: 'CPU',
  create:
    ({ attrs }) =>
    (ctx) => {
      const binding = refInput(ctx, 0);
      const rhs = inputArray(ctx, 1);
      if (attrs.validate_shape) {
        const variable = binding.variable;
        const lhs = variable.value?.shape ?? standInShape(variable.declaredShape);
        if (!sameShape(lhs, rhs.shape)) {
          throw new InvalidArgumentError(
            null,
            null,
            `Assign requires shapes of both tensors to match. lhs shape= ${shapeString(lhs)} rhs shape= ${shapeString(rhs.shape)}`,
          );
        }
      }
      storeAndOutput(ctx, binding, rhs);
    },
});

function assignUpdate(subtract: boolean) {
  return (): KernelCompute => (ctx) => {
    const { binding, value } = initializedRefInput(ctx, 0);
    const update = inputArray(ctx, 1);
    if (!sameShape(value.shape, update.shape)) {
      throw new InvalidArgumentError(null, null, 'Parameters and update must be the same size');
    }
    storeAndOutput(ctx, binding, addOrSubtract(value, update, subtract));
  };
}

export const assignAddCpu = defineKernel(ops.AssignAdd, {
  deviceType: 'CPU',
  typeConstraints: { T: NUMBER_TYPES },
  create: assignUpdate(false),
});

export const assignSubCpu = defineKernel(ops.AssignSub, {
  deviceType: 'CPU',
  typeConstraints: { T: NUMBER_TYPES },
  create: assignUpdate(true),
});

export const isVariableInitializedCpu = defineKernel(ops.IsVariableInitialized, {
  deviceType: 'CPU',
  create: () => (ctx) => {
    const initialized = refInput(ctx, 0).variable.initialized;
    setOutputArray(ctx, 0, new NDArray('bool', [], Uint8Array.of(initialized ? 1 : 0)));
  },
});
