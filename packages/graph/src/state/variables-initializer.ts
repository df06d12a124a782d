import { getDefaultGraph } from '../graph.js';
import type { Operation } from '../operation.js';
import { group, noOp } from '../builders/control.js';
import { nameOf } from '../builders/builder-utils.js';
import { GraphKeys, Variable } from './variable.js';

function variablesOf(key: string, scope?: string | null): Variable[] {
  const items = getDefaultGraph().getCollection(key, scope ?? undefined);
  return items.filter((v): v is Variable => v instanceof Variable);
}

/** TF's `tf.compat.v1.global_variables(scope=None)`: the default graph's `variables`. */
export function globalVariables(scope?: string | null): Variable[] {
  return variablesOf(GraphKeys.GLOBAL_VARIABLES, scope);
}

/** TF's `tf.compat.v1.trainable_variables(scope=None)`. */
export function trainableVariables(scope?: string | null): Variable[] {
  return variablesOf(GraphKeys.TRAINABLE_VARIABLES, scope);
}

/**
 * TF's `tf.compat.v1.variables_initializer(var_list, name='init')`: a `NoOp` that runs
 * every variable's initializer (TF's `tf.group`, so one per device first when they are on
 * several), or a plain `NoOp` for an empty list.
 */
export function variablesInitializer(
  varList: readonly Variable[],
  name?: string | null | { name?: string | null },
): Operation {
  const n = nameOf(name) ?? 'init';
  if (varList.length === 0) return noOp(n);
  return group(...varList.map((v) => v.initializer), { name: n });
}

/** TF's `tf.compat.v1.global_variables_initializer()`: initializes `globalVariables()`. */
export function globalVariablesInitializer(): Operation {
  return variablesInitializer(globalVariables());
}
