import { ValueError } from '@tensorgraph/errors';
import { TensorShape, type DType, type NDArray, type TensorShapeLike } from '@tensorgraph/core';
import { sessionFor, type SessionLike } from './default-session.js';
import type { Graph } from './graph.js';
import { formatShapeValue } from './node-summary.js';
import type { Operation } from './operation.js';

/**
 * A symbolic handle to one output of an {@link Operation} (`tf.Tensor` in graph mode):
 * it holds no value; a session computes it.
 */
export class Tensor {
  readonly op: Operation;
  /** Which output of `op` this is. */
  readonly valueIndex: number;
  readonly dtype: DType;
  #shape: TensorShape;

  /** @internal Tensors are made by their operation. */
  constructor(op: Operation, valueIndex: number, dtype: DType, shape: TensorShape) {
    this.op = op;
    this.valueIndex = valueIndex;
    this.dtype = dtype;
    this.#shape = shape;
  }

  /** `'<op name>:<index>'`. */
  get name(): string {
    return `${this.op.name}:${this.valueIndex}`;
  }

  get graph(): Graph {
    return this.op.graph;
  }

  get device(): string {
    return this.op.device;
  }

  /** The static shape inferred when the op was built, possibly partially known. */
  get shape(): TensorShape {
    return this.#shape;
  }

  /** Refines the static shape; a `ValueError` if `shape` is not compatible with it (as TF). */
  setShape(shape: TensorShapeLike): void {
    const other = shape instanceof TensorShape ? shape : new TensorShape(shape);
    const mine = this.#shape.dims;
    const theirs = other.dims;
    if (mine !== null && theirs !== null) {
      const shapes = `Shapes are ${formatShapeValue(mine)} and ${formatShapeValue(theirs)}.`;
      if (mine.length !== theirs.length) {
        throw new ValueError(
          `Shapes must be equal rank, but are ${mine.length} and ${theirs.length}. ${shapes}`,
        );
      }
      mine.forEach((d, i) => {
        const e = theirs[i] ?? null;
        if (d !== null && e !== null && d !== e) {
          throw new ValueError(
            `Dimension ${i} in both shapes must be equal, but are ${d} and ${e}. ${shapes}`,
          );
        }
      });
    }
    this.#shape = this.#shape.mergeWith(other);
  }

  /** The operations that take this tensor as an input, in creation order. */
  consumers(): Operation[] {
    return this.op.graph.consumersOf(this);
  }

  /**
   * Computes this tensor in `session`, or in the default session
   * (`sess.asDefault(fn)` or an `InteractiveSession`).
   */
  async eval(feedDict?: unknown, session?: SessionLike | null): Promise<NDArray> {
    const s = sessionFor(this.graph, session, 'evaluate tensor');
    return (await s.run(this, feedDict)) as NDArray;
  }

  toString(): string {
    return `Tensor("${this.name}", shape=${this.#shape.toString()}, dtype=${this.dtype})`;
  }
}
