import { InvalidArgumentError } from '@tensorgraph/errors';
import { NDArray, defineKernel, ops } from '@tensorgraph/core';
import { setOutputArray } from '../../kernel-helpers.js';
import type { FIFOQueue, QueueTuple } from './fifo-queue.js';
import { readWholeFile } from './file-system.js';
import { liveNodeHandle, privateResourceName, rememberNodeResource } from './private-names.js';
import {
  containerOf,
  handleInput,
  lookupOrCreateResource,
  lookupResource,
  setHandleOutput,
  type StateResource,
} from './resource-handle.js';

/**
 * TF's `WholeFileReader`: each read takes a filename from a queue and produces
 * (filename, contents). A file that fails to read stays the current work item, so the
 * next read retries it instead of taking another name (TF's `ReaderBase`). Reads of one
 * reader run one at a time, as under TF's reader lock.
 */
export class WholeFileReader implements StateResource {
  readonly kind = 'reader' as const;
  readonly name: string;
  /** The filename being read, between a successful dequeue and a successful read. */
  work: Uint8Array | null = null;
  recordsProduced = 0;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(name: string) {
    this.name = name;
  }

  get debugString(): string {
    return `WholeFileReader '${this.name}'`;
  }

  /** Runs `task` after the reads already running on this reader. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => undefined);
    return run;
  }
}

export const wholeFileReaderV2Cpu = defineKernel(ops.WholeFileReaderV2, {
  deviceType: 'CPU',
  create: ({ attrs, nodeName }) => {
    const container = containerOf(attrs.container);
    return (ctx) => {
      let handle = liveNodeHandle(ctx.resources, nodeName);
      if (handle === undefined) {
        const name =
          attrs.shared_name === ''
            ? privateResourceName(ctx.resources, nodeName)
            : attrs.shared_name;
        const reader = lookupOrCreateResource(
          ctx.resources,
          container,
          name,
          'reader',
          () => new WholeFileReader(name),
        );
        handle = { container, name, kind: 'reader' };
        rememberNodeResource(ctx.resources, nodeName, handle, reader);
      }
      setHandleOutput(ctx, 0, handle);
    };
  },
});

/** The filename in a dequeued tuple, with TF's checks of the queue's shape. */
function workOf(tuple: QueueTuple): Uint8Array {
  const only = tuple[0];
  if (tuple.length !== 1 || only === undefined) {
    throw new InvalidArgumentError(null, null, 'Expected single component queue');
  }
  if (only.dtype !== 'string') {
    throw new InvalidArgumentError(null, null, 'Expected queue with single string component');
  }
  if (only.size !== 1) {
    throw new InvalidArgumentError(null, null, 'Expected to dequeue a one-element string tensor');
  }
  return (only.data as Uint8Array[])[0] as Uint8Array;
}

/** `ReaderReadV2`: (key, value) = (filename, contents) of the next file. */
export const readerReadV2Cpu = defineKernel(ops.ReaderReadV2, {
  deviceType: 'CPU',
  create:
    ({ opType }) =>
    (ctx) => {
      const reader = lookupResource<WholeFileReader>(ctx.resources, handleInput(ctx, 0), 'reader');
      const queue = lookupResource<FIFOQueue>(ctx.resources, handleInput(ctx, 1), 'queue');
      return reader.exclusive(async () => {
        if (reader.work === null) reader.work = workOf(await queue.dequeue(ctx.signal));
        const key = reader.work;
        const contents = await readWholeFile(new TextDecoder().decode(key), opType);
        reader.work = null;
        reader.recordsProduced++;
        setOutputArray(ctx, 0, new NDArray('string', [], [key]));
        setOutputArray(ctx, 1, new NDArray('string', [], [contents]));
      });
    },
});
