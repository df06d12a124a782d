import {
  defineKernel,
  ops,
  type DeviceTensor,
  type KernelCompute,
  type KernelConstruction,
  type KernelContext,
  type KernelDef,
  type NDArray,
} from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { wasmOf } from '../../wasm/context.js';
import {
  conv2dF32,
  depthwiseF32,
  matMulF32,
  type Conv2dShape,
  type Epilogue,
} from '../../wasm/f32-kernels.js';
import { matMulCpu } from '../math/mat-mul.js';
import { conv2dCpu } from './conv2d.js';
import { depthwiseConv2dNativeCpu } from './depthwise-conv2d.js';
import { applyEpilogue, channelArgs, parseFusedOps, type FusedOps } from './fused-epilogue.js';
import { wasmWindow, windowedOutputSize, type Padding } from './nn-util.js';

// Grappler's fused contractions (_FusedConv2D, _FusedDepthwiseConv2dNative, _FusedMatMul):
// the contraction with its bias (or batch norm) and activation in one node. float32 with
// WebAssembly runs the bias and Relu/Relu6/LeakyRelu inside the GEMM's tile store; anything
// else runs the plain contraction kernel (same checks, same errors) and then the epilogue.

type Float = Float32Array | Float64Array;

/** The activations the WebAssembly epilogue applies itself. */
const WASM_ACTIVATIONS = new Set(['Relu', 'Relu6', 'LeakyRelu']);

/** The contraction's own output tensor, whatever way its kernel sets it. */
function capturing(ctx: KernelContext): { inner: KernelContext; output: () => DeviceTensor } {
  let out: DeviceTensor | null = null;
  const inner: KernelContext = {
    nodeName: ctx.nodeName,
    opType: ctx.opType,
    device: ctx.device,
    numInputs: 2,
    numOutputs: 1,
    input: (i) => ctx.input(i),
    inputList: (name) => ctx.inputList(name),
    hostInput: (i) => ctx.hostInput(i),
    inputIsConstant: (i) => ctx.inputIsConstant(i),
    allocateOutput: (i, shape) => (out = ctx.allocateOutput(i, shape)),
    forwardInputOrAllocate: (i, o, shape) => (out = ctx.forwardInputOrAllocate(i, o, shape)),
    setOutput: (i, t) => {
      out = t;
      ctx.setOutput(i, t);
    },
    setHostOutput: (i, v) => ctx.setHostOutput(i, v),
    resources: ctx.resources,
    signal: ctx.signal,
    stepId: ctx.stepId,
  };
  return { inner, output: () => out as DeviceTensor };
}

interface FusedSetup {
  readonly fused: FusedOps;
  readonly epsilon: number;
  readonly alpha: number;
  /** The plain contraction's compute (its construction already checked the attrs). */
  readonly plain: KernelCompute;
}

/** The fused args (inputs 2..), per output channel. */
function argsOf(ctx: KernelContext, s: FusedSetup, channels: number, outShape: readonly number[]) {
  const n = s.fused.base === 'BiasAdd' ? 1 : 4;
  const args = Array.from({ length: n }, (_, i) => inputArray(ctx, 2 + i));
  return channelArgs(args, channels, outShape);
}

/** The WebAssembly epilogue for a BiasAdd-based list with a float32 bias. */
function wasmEpilogue(s: FusedSetup, bias: Float): Epilogue | null {
  if (s.fused.base !== 'BiasAdd' || !(bias instanceof Float32Array)) return null;
  const act = s.fused.activation;
  if (act === null) return { bias };
  if (!WASM_ACTIVATIONS.has(act)) return { bias };
  return { bias, activation: act as Epilogue['activation'], alpha: s.alpha };
}

/** After the WebAssembly epilogue: the activation it could not apply, if any. */
function finish(out: Float32Array, channels: number, s: FusedSetup, e: Epilogue, args: Float[]) {
  if (s.fused.activation !== null && e.activation === undefined) {
    applyEpilogue(out, channels, s.fused, args, s.epsilon, s.alpha, true);
  }
}

/** The plain contraction, then the epilogue over its output in place. */
function plainThenEpilogue(ctx: KernelContext, s: FusedSetup): void | Promise<void> {
  const { inner, output } = capturing(ctx);
  const done = s.plain(inner);
  const rest = () => {
    const out = output().handle as NDArray;
    const channels = out.shape[out.rank - 1] as number;
    const args = argsOf(ctx, s, channels, out.shape);
    applyEpilogue(out.data as Float, channels, s.fused, args, s.epsilon, s.alpha);
  };
  if (done instanceof Promise) return done.then(rest);
  rest();
}

function setup(
  c: KernelConstruction<Readonly<Record<string, unknown>>>,
  label: 'Conv2D' | 'MatMul',
  plain: KernelDef,
  plainAttrs: Readonly<Record<string, unknown>>,
): FusedSetup {
  const a = c.attrs as { fused_ops: readonly string[]; num_args: number };
  const fused = parseFusedOps(label, a.fused_ops, a.num_args);
  return {
    fused,
    epsilon: c.attrs['epsilon'] as number,
    alpha: c.attrs['leakyrelu_alpha'] as number,
    plain: plain.create({ ...c, attrs: plainAttrs } as Parameters<KernelDef['create']>[0]),
  };
}

/** A 2-D NHWC window's geometry, or null when the plain kernel should decide (and throw). */
function nhwcShape(
  input: NDArray,
  filter: NDArray,
  outDepth: number,
  strides: readonly number[],
  dilations: readonly number[],
  padding: Padding,
  explicit: readonly number[],
): Conv2dShape | null {
  if (input.rank !== 4 || filter.rank !== 4) return null;
  const [batch, inRows, inCols, inDepth] = input.shape as [number, number, number, number];
  const [fRows, fCols, fDepth] = filter.shape as [number, number, number, number];
  if (fDepth !== inDepth) return null;
  const rows = windowedOutputSize(
    inRows,
    fRows,
    dilations[1] as number,
    strides[1] as number,
    padding,
    explicit[2] ?? 0,
    explicit[3] ?? 0,
  );
  const cols = windowedOutputSize(
    inCols,
    fCols,
    dilations[2] as number,
    strides[2] as number,
    padding,
    explicit[4] ?? 0,
    explicit[5] ?? 0,
  );
  // Empty outputs and empty reductions are left to the plain kernel.
  if (batch * rows.outSize * cols.outSize * outDepth * fRows * fCols * inDepth === 0) return null;
  return wasmWindow(
    { batch, inRows, inCols, inDepth, fRows, fCols, outDepth },
    rows,
    cols,
    [strides[1] as number, strides[2] as number],
    [dilations[1] as number, dilations[2] as number],
  );
}

const f32 = (x: NDArray) => x.data as Float32Array;

/**
 * The contraction `run` writes `out` ([..., channels]) with the epilogue applied in the
 * WebAssembly tile store; the plain path when the epilogue can't be.
 */
function contractInWasm(
  ctx: KernelContext,
  s: FusedSetup,
  outShape: readonly number[],
  run: (e: Epilogue, out: Float32Array) => void,
): void | Promise<void> {
  const channels = outShape[outShape.length - 1] as number;
  const args = argsOf(ctx, s, channels, outShape);
  const e = wasmEpilogue(s, args[0] as Float);
  if (e === null) return plainThenEpilogue(ctx, s);
  const out = f32(ctx.allocateOutput(0, outShape).handle as NDArray);
  run(e, out);
  finish(out, channels, s, e, args);
}

const outShapeOf = (s: Conv2dShape) => [s.batch, s.outRows, s.outCols, s.outDepth];

export const fusedConv2dCpu = defineKernel(ops._FusedConv2D, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32', 'float64'] },
  create: (c) => {
    const { attrs } = c;
    const s = setup(c, 'Conv2D', conv2dCpu, attrs);
    const nhwc = attrs.data_format === 'NHWC';
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const filter = inputArray(ctx, 1);
      const wasm = nhwc && input.dtype === 'float32' ? wasmOf(ctx) : null;
      const shape =
        wasm === null
          ? null
          : nhwcShape(
              input,
              filter,
              filter.shape[3] as number,
              attrs.strides,
              attrs.dilations,
              attrs.padding as Padding,
              attrs.explicit_paddings,
            );
      if (wasm === null || shape === null) return plainThenEpilogue(ctx, s);
      return contractInWasm(ctx, s, outShapeOf(shape), (e, out) =>
        conv2dF32(wasm.rt, f32(input), f32(filter), shape, wasm.threads, out, e),
      );
    };
  },
});

export const fusedDepthwiseConv2dNativeCpu = defineKernel(ops._FusedDepthwiseConv2dNative, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32', 'float64'] },
  create: (c) => {
    const { attrs } = c;
    // TF's fused op has no explicit_paddings; the plan adds them (with padding EXPLICIT)
    // where it folds a Pad into the conv (session's optimize/fold-pad-into-conv.ts).
    const explicit = (attrs as { explicit_paddings?: number[] }).explicit_paddings ?? [];
    const s = setup(c, 'Conv2D', depthwiseConv2dNativeCpu, {
      ...attrs,
      explicit_paddings: explicit,
    });
    const nhwc = attrs.data_format === 'NHWC';
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const filter = inputArray(ctx, 1);
      const single = filter.rank === 4 && filter.shape[3] === 1;
      const wasm = nhwc && single && input.dtype === 'float32' ? wasmOf(ctx) : null;
      // A depthwise filter [KH, KW, C, 1] has the Conv2D filter's layout for this purpose.
      const shape =
        wasm === null || attrs.strides[1] !== attrs.strides[2]
          ? null
          : nhwcShape(
              input,
              filter,
              filter.shape[2] as number,
              attrs.strides,
              attrs.dilations,
              attrs.padding as Padding,
              explicit,
            );
      if (wasm === null || shape === null) return plainThenEpilogue(ctx, s);
      return contractInWasm(ctx, s, outShapeOf(shape), (e, out) =>
        depthwiseF32(wasm.rt, f32(input), f32(filter), shape, wasm.threads, out, e),
      );
    };
  },
});

export const fusedMatMulCpu = defineKernel(ops._FusedMatMul, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32'] },
  create: (c) => {
    const { attrs } = c;
    const s = setup(c, 'MatMul', matMulCpu, attrs);
    const ta = attrs.transpose_a;
    const tb = attrs.transpose_b;
    return (ctx) => {
      const x = inputArray(ctx, 0);
      const y = inputArray(ctx, 1);
      const wasm = wasmOf(ctx);
      if (wasm === null || x.rank !== 2 || y.rank !== 2) return plainThenEpilogue(ctx, s);
      const [r0, c0] = x.shape as [number, number];
      const [r1, c1] = y.shape as [number, number];
      const m = ta ? c0 : r0;
      const k = ta ? r0 : c0;
      const n = tb ? r1 : c1;
      if (k !== (tb ? c1 : r1) || m * n * k === 0) return plainThenEpilogue(ctx, s);
      const one = [0];
      return contractInWasm(ctx, s, [m, n], (e, out) =>
        matMulF32(wasm.rt, f32(x), f32(y), m, k, n, ta, tb, one, one, wasm.threads, out, e),
      );
    };
  },
});
