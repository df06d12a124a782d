import type { Graph } from '../graph.js';
import { Tensor } from '../tensor.js';
import { nameOf } from '../builders/builder-utils.js';
import { genOne, genOp } from '../builders/gen-op.js';
import type { QueueBase } from './fifo-queue.js';

type NameArg = string | null | { name?: string | null };

/**
 * Python's `ReaderBase`: a reader's resource handle and `read`, which takes the next
 * work item (a filename) from a queue when the current one is done.
 */
export class ReaderBase {
  readonly readerRef: Tensor;

  constructor(readerRef: Tensor) {
    this.readerRef = readerRef;
  }

  get graph(): Graph {
    return this.readerRef.graph;
  }

  /**
   * The next record as `[key, value]` (TF's `read`: one `ReaderReadV2`, named as given);
   * `queue` is a queue or its handle tensor.
   */
  read(queue: QueueBase | Tensor, name?: NameArg): [Tensor, Tensor] {
    const queueRef = queue instanceof Tensor ? queue : queue.queueRef;
    const op = this.graph.asDefault(() =>
      genOp('ReaderReadV2', [this.readerRef, queueRef], {}, nameOf(name)),
    );
    return [op.outputs[0] as Tensor, op.outputs[1] as Tensor];
  }
}

/**
 * TF's `tf.compat.v1.WholeFileReader`: each record is a whole file, its key the filename
 * taken from the queue. `new WholeFileReader({ name })` adds a `WholeFileReaderV2`.
 */
export class WholeFileReader extends ReaderBase {
  constructor(name?: NameArg) {
    super(genOne('WholeFileReaderV2', [], {}, nameOf(name)));
  }
}
