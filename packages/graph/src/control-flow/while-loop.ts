import { ValueError } from '@tensorgraph/errors';
import { TensorShape, type AttrValue, type DType, type ShapeValue } from '@tensorgraph/core';
import { convertToTensor, type TensorLike } from '../convert-to-tensor.js';
import { Tensor } from '../tensor.js';
import { squeeze } from '../builders/array.js';
import { constant } from '../builders/constant.js';
import { identity, stopGradient } from '../builders/control.js';
import { graphOf } from '../builders/graph-of.js';
import { add, less, logicalAnd } from '../builders/math.js';
import { createNamedOp, withOpScope } from '../builders/op-name-scope.js';
import { anyStateful, controlCaptures, readOnlyIndices } from './branches.js';
import { nameOption, type Structured } from './cond.js';
import { createFunction } from './function-def.js';
import {
  bodyName,
  buildingFunction,
  functionScope,
  traceFunction,
  uniqueFnName,
  type ArgSpec,
  type FuncGraph,
} from './func-graph.js';
import { assertSameStructure, flatten, isNested, mapUpTo, packSequenceAs } from './nest.js';

export interface WhileLoopOptions {
  /**
   * Per loop variable (same structure as `loopVars`), the shapes it may take across
   * iterations: dims with `null` unknown, `null` for an unknown rank, `undefined` for the
   * variable's own shape.
   */
  readonly shapeInvariants?: unknown;
  /** At most this many iterations (an int32 scalar). */
  readonly maximumIterations?: TensorLike | null;
  /** The While op's `parallel_iterations` (default 10). */
  readonly parallelIterations?: number;
  /** `false` puts a StopGradient on every output. */
  readonly backProp?: boolean;
  /** The While op's name, and the scope of its helpers (default `while`). */
  readonly name?: string | null;
}

/** `cond` or `body`: takes the loop variables (their structure spread), returns a result. */
type LoopFn = (...vars: never[]) => unknown;

/** TF's `_ShapeLessThanOrEqual`: `a` is at least as specific as `b`. */
function shapeLessThanOrEqual(a: TensorShape, b: TensorShape): boolean {
  if (b.dims === null) return true;
  if (a.dims === null || a.dims.length !== b.dims.length) return false;
  return b.dims.every((d, i) => d === null || a.dims?.[i] === d);
}

function invariantShape(v: Tensor, shape: unknown): TensorShape {
  if (shape === undefined) return v.shape;
  if (shape !== null && !(shape instanceof TensorShape) && !Array.isArray(shape)) {
    throw new TypeError(
      `'shape' must be one of TypeSpec, TensorShape or None. Received: ${typeof shape}`,
    );
  }
  return new TensorShape(shape as ConstructorParameters<typeof TensorShape>[0]);
}

/**
 * TF's `_duplicate_body_captures_in_cond`: the cond function takes the body's extra
 * captures too, as placeholders of unknown shape named `<cond>___redundant_placeholder<i>`.
 */
function duplicateBodyCapturesInCond(condGraph: FuncGraph, captures: readonly Tensor[]): void {
  const prefix = condGraph.uniqueName(`${condGraph.name}___redundant_placeholder`);
  const placeholders = captures.map(
    (t, i) =>
      condGraph.createOp('Placeholder', [], { dtype: t.dtype }, { name: `${prefix}${i}` })
        .outputs[0] as Tensor,
  );
  condGraph.resetCaptures(
    [...condGraph.externalCaptures, ...captures],
    [...condGraph.internalCaptures, ...placeholders],
  );
  condGraph.inputs.push(...placeholders);
}

/**
 * TF 2's `tf.while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
 * back_prop=True, swap_memory=False, maximum_iterations=None, name=None)` in a graph, as
 * `while_v2` builds it: `cond` and `body` traced into library functions taking a loop
 * counter, the iteration limit, the loop variables and every outer tensor they use; one
 * `While` op (`StatelessWhile` when neither has a stateful op) named `while`; outside a
 * function body an `Identity` per output. Returns the final loop variables in the structure
 * of `loopVars`.
 */
export function whileLoop<V extends readonly unknown[]>(
  condFn: LoopFn,
  bodyFn: LoopFn,
  loopVars: V,
  options: WhileLoopOptions = {},
): Structured<V> {
  if (typeof condFn !== 'function') throw new TypeError("'cond' must be callable.");
  if (typeof bodyFn !== 'function') throw new TypeError("'body' must be callable.");
  const parallelIterations = options.parallelIterations ?? 10;
  if (!Number.isInteger(parallelIterations) || parallelIterations < 1) {
    throw new TypeError("'parallel_iterations' must be a positive integer.");
  }
  const graph = graphOf(...flatten(loopVars));
  return graph.asDefault(() => {
    const flatVars = flatten(loopVars).map((v) => (v instanceof Tensor ? v : convertToTensor(v)));
    const invariants =
      options.shapeInvariants === undefined || options.shapeInvariants === null
        ? flatVars.map((t) => t.shape)
        : mapUpTo(loopVars, options.shapeInvariants, (_leaf, shape) => shape).map((shape, i) =>
            invariantShape(flatVars[i] as Tensor, shape),
          );
    const n = flatVars.length;
    const maximumIterations = options.maximumIterations ?? null;

    const loopOutputs = withOpScope(graph, nameOption(options) || 'while', 'while', (fullName) => {
      const scope = functionScope(graph);
      const condName = uniqueFnName(scope, 'cond');
      const bodyFnName = uniqueFnName(scope, 'body');
      const maxIter = convertToTensor(maximumIterations ?? -1, {
        dtype: 'int32',
        name: 'maximum_iterations',
      });
      const counter = constant(0, 'int32', null, 'loop_counter');
      const signature: ArgSpec[] = [
        { dtype: counter.dtype, shape: [], name: bodyName(counter.op.name) },
        { dtype: maxIter.dtype, shape: maxIter.shape.dims, name: bodyName(maxIter.op.name) },
        ...flatVars.map((t, i) => ({
          dtype: t.dtype,
          shape: (invariants[i] as TensorShape).dims as ShapeValue,
        })),
      ];
      const unpack = (args: readonly Tensor[]) => packSequenceAs(loopVars, args) as unknown[];

      const condGraph = traceFunction(
        graph,
        condName,
        (c: Tensor, m: Tensor, ...args: Tensor[]) => {
          let pred = (condFn as (...a: unknown[]) => unknown)(...unpack(args));
          if (pred instanceof Tensor) {
            const dims = pred.shape.dims;
            if (dims === null || dims.length > 0) pred = squeeze(pred);
          }
          if (maximumIterations === null) return pred;
          return logicalAnd(less(c, m), pred as TensorLike);
        },
        { args: signature },
      );

      const bodyGraph = traceFunction(
        graph,
        bodyFnName,
        (c: Tensor, m: Tensor, ...args: Tensor[]) => {
          let outputs = (bodyFn as (...a: unknown[]) => unknown)(...unpack(args));
          if (!isNested(outputs)) outputs = [outputs];
          assertSameStructure(outputs, loopVars);
          return [add(c, 1, 'add'), m, ...flatten(outputs)];
        },
        {
          args: signature,
          captureFirst: condGraph.externalCaptures,
          outputDTypes: [undefined, undefined, ...flatVars.map((t): DType => t.dtype)],
        },
      );

      const captures = bodyGraph.externalCaptures;
      const allVars = [counter, maxIter, ...flatVars, ...captures];
      bodyGraph.outputs.push(...bodyGraph.internalCaptures);
      duplicateBodyCapturesInCond(condGraph, captures.slice(condGraph.externalCaptures.length));

      bodyGraph.outputs.slice(2, 2 + n).forEach((t, i) => {
        const shape = invariants[i] as TensorShape;
        if (!shapeLessThanOrEqual(t.shape, shape)) {
          throw new ValueError(
            `Input tensor \`${(flatVars[i] as Tensor).name}\` enters the loop with shape ${shape.toString()}, but has shape ${t.shape.toString()} after one iteration. To allow the shape to vary across iterations, use the \`shape_invariants\` argument of tf.while_loop to specify a less-specific shape.`,
          );
        }
      });
      bodyGraph.inputs.forEach((inp, i) => {
        const out = bodyGraph.outputs[i] as Tensor;
        const v = allVars[i] as Tensor;
        if (inp.dtype !== out.dtype) {
          throw new TypeError(
            `Loop var ${v.name} enters the loop with type <dtype: '${inp.dtype}'> but has type <dtype: '${out.dtype}'> after 1 iteration. ${v.name} type should remain constant.`,
          );
        }
      });

      const outputShapes = bodyGraph.outputs.map((t, i) =>
        i >= 2 && i < 2 + n ? (invariants[i - 2] as TensorShape).dims : t.shape.dims,
      ) as ShapeValue[];
      const graphs = [condGraph, bodyGraph];
      const attrs: Record<string, AttrValue> = {
        T: allVars.map((t) => t.dtype),
        cond: { name: createFunction(graph, condGraph) },
        body: { name: createFunction(graph, bodyGraph) },
        output_shapes: outputShapes,
        parallel_iterations: parallelIterations,
        _lower_using_switch_merge: true,
        _read_only_resource_inputs: readOnlyIndices(graphs, allVars.length, 0),
        _num_original_outputs: bodyGraph.outputs.length,
      };
      const op = graph.controlDependencies(controlCaptures(graphs), () =>
        createNamedOp(
          graph,
          fullName,
          anyStateful(graphs) ? 'While' : 'StatelessWhile',
          allVars,
          attrs,
        ),
      );
      // In a graph (not a function body) TF returns Identities, so fetching prunes well.
      const outputs = buildingFunction(graph)
        ? [...op.outputs]
        : op.outputs.map((t) => identity(t));
      return outputs.slice(2, 2 + n);
    });
    const finals =
      options.backProp === false ? loopOutputs.map((t) => stopGradient(t)) : loopOutputs;
    return packSequenceAs(loopVars, finals);
  }) as Structured<V>;
}
