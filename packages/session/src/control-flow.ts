import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  NDArray,
  type DeviceTensor,
  type KernelCompute,
  type KernelContext,
} from '@tensorgraph/core';

/**
 * TF1 control-flow primitives. The executor runs them itself on whatever device they are
 * placed on: they only route tensors (no device kernel), so every backend gets loops and
 * conds without writing any. TF also places them with their data and runs them kernel-free.
 */
export const CONTROL_FLOW_OPS: ReadonlySet<string> = new Set([
  'Switch',
  'RefSwitch',
  'Merge',
  'RefMerge',
  'Enter',
  'RefEnter',
  'Exit',
  'RefExit',
  'NextIteration',
  'RefNextIteration',
  'LoopCond',
  'ControlTrigger',
]);

/** How the executor moves a node's outputs between frames and iterations. */
export const FlowKind = { Normal: 0, Enter: 1, Exit: 2, NextIteration: 3 } as const;
export type FlowKind = (typeof FlowKind)[keyof typeof FlowKind];

export function flowKind(opType: string): FlowKind {
  switch (opType) {
    case 'Enter':
    case 'RefEnter':
      return FlowKind.Enter;
    case 'Exit':
    case 'RefExit':
      return FlowKind.Exit;
    case 'NextIteration':
    case 'RefNextIteration':
      return FlowKind.NextIteration;
    default:
      return FlowKind.Normal;
  }
}

/** The executor's context with what routing needs beyond a kernel's view. */
export interface FlowContext extends KernelContext {
  /** Whether data input `index` carries a value (not dead, not absent). */
  isLive(index: number): boolean;
  /** Output `index` is not the step's to free (a function call's borrowed return value). */
  keepOutput(index: number): void;
  /** The node may keep its inputs past the step (a function body storing them). */
  keepInputs(): void;
}

const forward: KernelCompute = (ctx) => ctx.setOutput(0, ctx.input(0));

/** The executor's compute of a control-flow op, or `undefined` for other ops. */
export function controlFlowCompute(opType: string): KernelCompute | undefined {
  switch (opType) {
    case 'Enter':
    case 'RefEnter':
    case 'Exit':
    case 'RefExit':
    case 'NextIteration':
    case 'RefNextIteration':
    case 'LoopCond':
      return forward;
    case 'Switch':
    case 'RefSwitch':
      return switchCompute;
    case 'Merge':
    case 'RefMerge':
      return mergeCompute as KernelCompute;
    case 'ControlTrigger':
      return () => {};
    default:
      return undefined;
  }
}

/** Switch: the data goes to output 1 when `pred` is true, else to output 0; the other is dead. */
function switchCompute(ctx: KernelContext): void | Promise<void> {
  const pred = ctx.input(1);
  const host = ctx.device.download(pred);
  if (host instanceof Promise) return host.then((h) => route(ctx, h));
  route(ctx, host);
}

function route(ctx: KernelContext, pred: NDArray): void {
  if (pred.shape.length !== 0) {
    throw new InvalidArgumentError(
      null,
      null,
      `The second input must be a scalar, but it has shape [${pred.shape.join(',')}]`,
    );
  }
  ctx.setOutput(pred.data[0] ? 1 : 0, ctx.input(0));
}

/** Merge: forwards the first live input and its index (an int32 scalar). */
function mergeCompute(ctx: FlowContext): void | Promise<void> {
  for (let i = 0; i < ctx.numInputs; i++) {
    if (!ctx.isLive(i)) continue;
    ctx.setOutput(0, ctx.input(i));
    const index = ctx.device.upload(new NDArray('int32', [], Int32Array.of(i)));
    if (index instanceof Promise) return index.then((t: DeviceTensor) => ctx.setOutput(1, t));
    ctx.setOutput(1, index);
    return;
  }
}
