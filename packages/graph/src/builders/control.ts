import { ValueError } from '@tensorgraph/errors';
import { getDefaultGraph } from '../graph.js';
import type { TensorLike } from '../convert-to-tensor.js';
import { Operation } from '../operation.js';
import { Tensor } from '../tensor.js';
import { isOptions, nameArg } from './args.js';
import { genOne, genOp } from './gen-op.js';
import { graphOf } from './graph-of.js';
import { withOpScope } from './op-name-scope.js';
import { pyStr, pyTypeName } from './py-repr.js';

type NameArg = string | null | { name?: string | null };

function nameOf(arg: NameArg | undefined): string | null {
  return isOptions(arg) ? nameArg(arg['name']) : nameArg(arg);
}

/** TF's `tf.identity(input, name=None)`. */
export function identity(input: TensorLike, name?: NameArg): Tensor {
  return genOne('Identity', [input], {}, nameOf(name));
}

/** TF's `tf.stop_gradient(input, name=None)`. */
export function stopGradient(input: TensorLike, name?: NameArg): Tensor {
  return genOne('StopGradient', [input], {}, nameOf(name));
}

/** TF's `tf.no_op(name=None)`: an op that does nothing, for control dependencies. */
export function noOp(name?: NameArg): Operation {
  return genOp('NoOp', [], {}, nameOf(name));
}

type Groupable = Tensor | Operation | readonly Groupable[];

function flattenGroup(inputs: readonly unknown[]): (Tensor | Operation)[] {
  return inputs.flatMap((inp): (Tensor | Operation)[] => {
    if (Array.isArray(inp)) return flattenGroup(inp);
    if (inp instanceof Tensor || inp instanceof Operation) return [inp];
    throw new TypeError(
      `'inputs' should be zero or more (nested) Tensors. Received '${pyStr(inp, 'int')}' with type '<class '${pyTypeName(inp, 'int')}'>'.`,
    );
  });
}

/**
 * TF's `tf.group(*inputs, name=None)`: a `NoOp` (named `group_deps`) that runs after all
 * `inputs`; with inputs on several devices, one NoOp per device first, as TF builds it.
 * The last argument may be `{ name }`.
 */
export function group(...args: (Groupable | { name?: string | null })[]): Operation {
  let inputs: unknown[] = args;
  let name: string | null = null;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    const { name: n, ...rest } = last as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      throw new ValueError(`Unknown keyword arguments: ${unknown.join(', ')}`);
    name = nameArg(n);
    inputs = args.slice(0, -1);
  }
  const graph = graphOf(...inputs);
  return graph.asDefault(() =>
    withOpScope(graph, name, 'group_deps', (full) => {
      const scope = `${full}/`;
      if (inputs.length === 0) return genOp('NoOp', [], {}, scope);
      const byDevice = new Map<string, (Tensor | Operation)[]>();
      for (const inp of flattenGroup(inputs)) {
        const list = byDevice.get(inp.device);
        if (list === undefined) byDevice.set(inp.device, [inp]);
        else list.push(inp);
      }
      const groupDeps = (
        dev: string,
        deps: readonly (Tensor | Operation)[],
        opName: string | null,
      ): Operation =>
        getDefaultGraph().controlDependencies(deps, () =>
          getDefaultGraph().device(dev, () => genOp('NoOp', [], {}, opName)),
        );
      if (byDevice.size === 1) {
        const [[dev, deps]] = [...byDevice] as [[string, (Tensor | Operation)[]]];
        return groupDeps(dev, deps, scope);
      }
      const perDevice = [...byDevice.keys()]
        .sort()
        .map((dev) => groupDeps(dev, byDevice.get(dev) ?? [], null));
      return getDefaultGraph().controlDependencies(perDevice, () => genOp('NoOp', [], {}, scope));
    }),
  );
}
