import { InvalidArgumentError, UnimplementedError } from '@tensorgraph/errors';
import {
  allocateStorage,
  defineKernel,
  floatBitsToNumber,
  isFloatBitsDType,
  NDArray,
  ops,
  type DType,
  type KernelContext,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { wasmOf } from '../../wasm/context.js';
import { poolF32 } from '../../wasm/f32-kernels.js';
import {
  narrowRound,
  readInts,
  readReals,
  realsToArray,
  shapeString,
  windowedOutputSize,
  type Padding,
} from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);
const unimplemented = (m: string) => new UnimplementedError(null, null, m);

const MAX_TYPES: readonly DType[] = [
  'float16',
  'bfloat16',
  'float32',
  'float64',
  'int32',
  'int64',
  'uint8',
  'int16',
  'int8',
  'uint16',
  'uint32',
  'uint64',
];
const FLOAT_TYPES: readonly DType[] = ['float16', 'bfloat16', 'float32', 'float64'];

/** Rounds a running sum to `dtype` as TF's CPU arithmetic in that type does. */
function rounding(dtype: DType): (v: number) => number {
  if (dtype === 'float32') return Math.fround;
  return narrowRound(dtype) ?? ((v) => v);
}

/** TF's `PoolParameters` (NHWC): the pooled geometry, or TF's error. */
interface Pool {
  readonly batch: number;
  readonly rows: number;
  readonly cols: number;
  readonly depth: number;
  readonly windowRows: number;
  readonly windowCols: number;
  readonly depthWindow: number;
  readonly rowStride: number;
  readonly colStride: number;
  readonly outRows: number;
  readonly outCols: number;
  readonly outDepth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

function poolParameters(
  shape: readonly number[],
  ksize: readonly number[],
  strides: readonly number[],
  padding: Padding,
  explicit: readonly number[],
): Pool {
  if (shape.length - 2 !== 2) {
    throw ia(`tensor_in_shape must have 2 spatial dimensions. ${shape.length} 0`);
  }
  const [batch, rows, cols, depth] = shape as [number, number, number, number];
  const [, windowRows, windowCols, depthWindow] = ksize as [number, number, number, number];
  const [, rowStride, colStride, depthStride] = strides as [number, number, number, number];
  if (padding === 'EXPLICIT') {
    const names = ['Top', 'Bottom', 'Left', 'Right'];
    const windows = [windowRows, windowRows, windowCols, windowCols];
    for (let i = 0; i < 4; i++) {
      const pad = explicit[2 + i] as number;
      if (!(pad < (windows[i] as number))) {
        throw ia(
          `${names[i]} padding ${pad} needs to be smaller than the window size ${windows[i]}`,
        );
      }
    }
  }
  if (!(depthWindow === 1 || (windowRows === 1 && windowCols === 1))) {
    throw unimplemented(
      'MaxPooling supports exactly one of pooling across depth or pooling across width/height.',
    );
  }
  if (depthWindow === 1) {
    const r = windowedOutputSize(rows, windowRows, 1, rowStride, padding, explicit[2], explicit[3]);
    const c = windowedOutputSize(cols, windowCols, 1, colStride, padding, explicit[4], explicit[5]);
    return {
      batch,
      rows,
      cols,
      depth,
      windowRows,
      windowCols,
      depthWindow,
      rowStride,
      colStride,
      outRows: r.outSize,
      outCols: c.outSize,
      outDepth: depth,
      padTop: r.padBefore,
      padLeft: c.padBefore,
    };
  }
  if (depthWindow <= 0) throw ia('depth_window must not be 0');
  if (depth % depthWindow !== 0) {
    throw unimplemented(
      'Depthwise max pooling requires the depth window to evenly divide the input depth',
    );
  }
  if (depthStride !== depthWindow) {
    throw unimplemented(
      'Depthwise max pooling requires the depth window to equal the depth stride',
    );
  }
  return {
    batch,
    rows,
    cols,
    depth,
    windowRows,
    windowCols,
    depthWindow,
    rowStride,
    colStride,
    outRows: rows,
    outCols: cols,
    outDepth: depth / depthWindow,
    padTop: 0,
    padLeft: 0,
  };
}

const outShape = (p: Pool) => [p.batch, p.outRows, p.outCols, p.outDepth];

/** Values that compare like the elements (narrow floats decoded; ints and bigints as stored). */
function comparable(a: NDArray): ArrayLike<number | bigint> {
  if (isFloatBitsDType(a.dtype)) {
    const bits = a.data as Uint16Array;
    const out = new Float32Array(a.size);
    for (let i = 0; i < a.size; i++) out[i] = floatBitsToNumber(a.dtype, bits[i] as number);
    return out;
  }
  return a.data as ArrayLike<number | bigint>;
}

/**
 * For each output element, the flat input index of its window's maximum: the first one in
 * row-major window order (TF scans with a strict `>`). With `floor` (TF's forward float
 * MaxPool), the scan starts from the type's lowest finite value, so NaN and -inf never win
 * and a window without a winner gets -1 (its output is that lowest value).
 */
function argMaxes(a: NDArray, p: Pool, floor = false): Int32Array {
  const v = comparable(a);
  const out = new Int32Array(p.batch * p.outRows * p.outCols * p.outDepth);
  let o = 0;
  for (let n = 0; n < p.batch; n++) {
    for (let r = 0; r < p.outRows; r++) {
      for (let c = 0; c < p.outCols; c++) {
        for (let d = 0; d < p.outDepth; d++) {
          let best = -1;
          if (floor) {
            let top = -Infinity;
            const see = (k: number) => {
              const x = v[k] as number;
              if (x > top) {
                top = x;
                best = k;
              }
            };
            if (p.depthWindow > 1) {
              const base = ((n * p.rows + r) * p.cols + c) * p.depth + d * p.depthWindow;
              for (let k = 0; k < p.depthWindow; k++) see(base + k);
            } else {
              const r0 = r * p.rowStride - p.padTop;
              const c0 = c * p.colStride - p.padLeft;
              for (let i = Math.max(r0, 0); i < Math.min(r0 + p.windowRows, p.rows); i++) {
                for (let j = Math.max(c0, 0); j < Math.min(c0 + p.windowCols, p.cols); j++) {
                  see(((n * p.rows + i) * p.cols + j) * p.depth + d);
                }
              }
            }
            // -inf and the type's lowest finite value both give the lowest value.
            if (best >= 0 && top <= LOWEST[a.dtype as keyof typeof LOWEST]) best = -1;
          } else if (p.depthWindow > 1) {
            const base = ((n * p.rows + r) * p.cols + c) * p.depth + d * p.depthWindow;
            best = base;
            for (let k = 1; k < p.depthWindow; k++) {
              if ((v[base + k] as number) > (v[best] as number)) best = base + k;
            }
          } else {
            const r0 = r * p.rowStride - p.padTop;
            const c0 = c * p.colStride - p.padLeft;
            for (let i = Math.max(r0, 0); i < Math.min(r0 + p.windowRows, p.rows); i++) {
              for (let j = Math.max(c0, 0); j < Math.min(c0 + p.windowCols, p.cols); j++) {
                const k = ((n * p.rows + i) * p.cols + j) * p.depth + d;
                if (best < 0 || (v[k] as number) > (v[best] as number)) best = k;
              }
            }
          }
          out[o++] = best;
        }
      }
    }
  }
  return out;
}

/** The lowest finite value of each float type, as a number. */
const LOWEST = {
  float16: -65504,
  bfloat16: -3.3895313892515355e38,
  float32: -3.4028234663852886e38,
  float64: -Number.MAX_VALUE,
} as const;

/** The stored form of LOWEST (float16/bfloat16 as bits). */
const LOWEST_STORED: Partial<Record<DType, number>> = {
  float16: 0xfbff,
  bfloat16: 0xff7f,
  float32: LOWEST.float32,
  float64: LOWEST.float64,
};

const isFloat = (t: DType) => t in LOWEST;

/** The input elements at `indices`, copied bit for bit; -1 stands for the lowest value. */
function gather(a: NDArray, indices: Int32Array, shape: readonly number[]): NDArray {
  const out = allocateStorage(a.dtype, indices.length) as unknown as { [i: number]: unknown };
  const src = a.data as unknown as ArrayLike<unknown>;
  const lowest = LOWEST_STORED[a.dtype];
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i] as number;
    out[i] = k < 0 ? lowest : src[k];
  }
  return new NDArray(a.dtype, shape, out as never);
}

interface PoolAttrs {
  readonly ksize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: string;
  readonly data_format: string;
  readonly explicit_paddings?: readonly number[];
}

/** TF's window rank checks; the gradient kernels spell the field `strides`, the rest `stride`. */
function checkWindowRank(
  ksize: readonly number[],
  strides: readonly number[],
  strideField: 'stride' | 'strides' = 'stride',
): void {
  if (ksize.length !== 4) throw ia('Sliding window ksize field must specify 4 dimensions');
  if (strides.length !== 4) {
    throw ia(`Sliding window ${strideField} field must specify 4 dimensions`);
  }
}

function checkBatch(ksize: readonly number[], strides: readonly number[]): void {
  if (ksize[0] !== 1 || strides[0] !== 1) {
    throw unimplemented('Pooling is not yet supported on the batch dimension.');
  }
}

function maxPool(
  ctx: KernelContext,
  ksize: readonly number[],
  strides: readonly number[],
  attrs: PoolAttrs,
): void {
  const input = inputArray(ctx, 0);
  const p = poolParameters(
    input.shape,
    ksize,
    strides,
    attrs.padding as Padding,
    attrs.explicit_paddings ?? [],
  );
  if (pooledInWasm(ctx, input, p, false)) return;
  const floor = isFloat(input.dtype);
  setOutputArray(ctx, 0, gather(input, argMaxes(input, p, floor), outShape(p)));
}

export const maxPoolCpu = defineKernel(ops.MaxPool, {
  deviceType: 'CPU',
  typeConstraints: { T: MAX_TYPES },
  create: ({ attrs }) => {
    if (attrs.data_format !== 'NHWC') {
      throw ia('Default MaxPoolingOp only supports NHWC on device type CPU');
    }
    const { ksize, strides } = attrs;
    checkWindowRank(ksize, strides);
    checkBatch(ksize, strides);
    return (ctx) => {
      if (ksize.some((k) => k <= 0)) {
        throw ia(
          `Sliding window ksize must be positive. The specified or inferred ksize is: ${ksize.join(',')}`,
        );
      }
      maxPool(ctx, ksize, strides, attrs);
    };
  },
});

export const maxPoolV2Cpu = defineKernel(ops.MaxPoolV2, {
  deviceType: 'CPU',
  typeConstraints: { T: MAX_TYPES },
  create: ({ attrs }) => {
    if (attrs.data_format !== 'NHWC') {
      throw ia(`MaxPoolingV2Op only supports NHWC or NCHW_VECT_C. Got: ${attrs.data_format}`);
    }
    return (ctx) => {
      const ksize = readInts(inputArray(ctx, 1));
      const strides = readInts(inputArray(ctx, 2));
      checkWindowRank(ksize, strides);
      checkBatch(ksize, strides);
      if (ksize.some((k) => k <= 0)) throw ia('Sliding window ksize must be positive.');
      maxPool(ctx, ksize, strides, { ...attrs, ksize, strides });
    };
  },
});

function maxPoolGrad(
  ctx: KernelContext,
  ksize: readonly number[],
  strides: readonly number[],
  attrs: PoolAttrs,
): void {
  const input = inputArray(ctx, 0);
  const output = inputArray(ctx, 1);
  const grad = inputArray(ctx, 2);
  if (input.rank !== 4) throw ia('tensor_in must be 4-dimensional');
  if (output.rank !== 4) throw ia('tensor_out must be 4-dimensional');
  if (grad.rank !== 4) throw ia('out_backprop must be 4-dimensional');
  const p = poolParameters(
    input.shape,
    ksize,
    strides,
    attrs.padding as Padding,
    attrs.explicit_paddings ?? [],
  );
  const expected = shapeString(outShape(p));
  if (shapeString(output.shape) !== expected) {
    throw ia(`Expected orig_output shape to be ${expected}, but got ${shapeString(output.shape)}`);
  }
  if (shapeString(grad.shape) !== expected) {
    throw ia(`Expected grad shape to be ${expected}, but got ${shapeString(grad.shape)}`);
  }
  const arg = argMaxes(input, p);
  if (isFloatBitsDType(input.dtype) || input.dtype === 'float32' || input.dtype === 'float64') {
    // Gradients meet at a shared maximum in output order, each sum rounded to T.
    const round = rounding(input.dtype);
    const g = readReals(grad);
    const dx = new Float64Array(input.size);
    for (let i = 0; i < arg.length; i++) {
      const k = arg[i] as number;
      dx[k] = round((dx[k] as number) + (g[i] as number));
    }
    setOutputArray(ctx, 0, realsToArray(input.dtype, input.shape, dx));
    return;
  }
  // Integer gradients wrap in their own width.
  const out = allocateStorage(input.dtype, input.size) as unknown as {
    [i: number]: number | bigint;
  };
  const g = grad.data as unknown as ArrayLike<number | bigint>;
  const big = typeof g[0] === 'bigint' || input.dtype === 'int64' || input.dtype === 'uint64';
  for (let i = 0; i < arg.length; i++) {
    const k = arg[i] as number;
    if (big) out[k] = (out[k] as bigint) + (g[i] as bigint);
    else out[k] = (out[k] as number) + (g[i] as number);
  }
  setOutputArray(ctx, 0, new NDArray(input.dtype, input.shape, out as never));
}

export const maxPoolGradCpu = defineKernel(ops.MaxPoolGrad, {
  deviceType: 'CPU',
  typeConstraints: { T: MAX_TYPES },
  create: ({ attrs }) => {
    if (attrs.data_format !== 'NHWC') {
      throw ia('Default MaxPoolingGradOp only supports NHWC on device type CPU');
    }
    const { ksize, strides } = attrs;
    checkWindowRank(ksize, strides, 'strides');
    checkBatch(ksize, strides);
    if (ksize[3] !== 1 || strides[3] !== 1) {
      throw unimplemented('MaxPoolingGrad is not yet supported on the depth dimension.');
    }
    return (ctx) => maxPoolGrad(ctx, ksize, strides, attrs);
  },
});

export const maxPoolGradV2Cpu = defineKernel(ops.MaxPoolGradV2, {
  deviceType: 'CPU',
  typeConstraints: { T: MAX_TYPES },
  create: ({ attrs }) => {
    if (attrs.data_format !== 'NHWC') {
      throw ia('Default MaxPoolingGradOp only supports NHWC on device type CPU');
    }
    return (ctx) => {
      const ksize = readInts(inputArray(ctx, 3));
      const strides = readInts(inputArray(ctx, 4));
      checkWindowRank(ksize, strides, 'strides');
      checkBatch(ksize, strides);
      if (ksize[3] !== 1 || strides[3] !== 1) {
        throw unimplemented('MaxPoolingGrad is not yet supported on the depth dimension.');
      }
      maxPoolGrad(ctx, ksize, strides, { ...attrs, ksize, strides });
    };
  },
});

function avgPoolAttrs(attrs: PoolAttrs, op: string): void {
  if (attrs.data_format !== 'NHWC') {
    throw ia(`Default ${op} only supports NHWC on device type CPU`);
  }
  checkWindowRank(attrs.ksize, attrs.strides);
  for (const k of attrs.ksize) {
    if (k <= 0) throw ia(`ksize must be a positive int32 value, got:${k}`);
  }
  checkBatch(attrs.ksize, attrs.strides);
}

/** The window of output (r, c) clipped to the input: [r0, r1) x [c0, c1). */
function clippedWindow(p: Pool, r: number, c: number): [number, number, number, number] {
  const r0 = r * p.rowStride - p.padTop;
  const c0 = c * p.colStride - p.padLeft;
  return [
    Math.max(r0, 0),
    Math.min(r0 + p.windowRows, p.rows),
    Math.max(c0, 0),
    Math.min(c0 + p.windowCols, p.cols),
  ];
}

/**
 * float32 spatial max/average pooling by the WebAssembly kernels, which reproduce the
 * loops here bit for bit (same comparison, same float32 summation order). False: not
 * applicable, the caller computes.
 */
function pooledInWasm(ctx: KernelContext, input: NDArray, p: Pool, average: boolean): boolean {
  if (input.dtype !== 'float32' || p.depthWindow !== 1) return false;
  const wasm = wasmOf(ctx);
  if (wasm === null) return false;
  const shape = {
    batch: p.batch,
    inRows: p.rows,
    inCols: p.cols,
    depth: p.depth,
    windowRows: p.windowRows,
    windowCols: p.windowCols,
    outRows: p.outRows,
    outCols: p.outCols,
    strides: [p.rowStride, p.colStride],
    padBefore: [p.padTop, p.padLeft],
  } as const;
  const into = (ctx.allocateOutput(0, outShape(p)).handle as NDArray).data as Float32Array;
  poolF32(wasm.rt, input.data as Float32Array, shape, average, wasm.threads, into);
  return true;
}

/** AvgPool: the mean of each window's in-bounds elements, summed in row-major order in T. */
export const avgPoolCpu = defineKernel(ops.AvgPool, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOAT_TYPES },
  create: ({ attrs }) => {
    avgPoolAttrs(attrs, 'AvgPoolingOp');
    return (ctx) => {
      const input = inputArray(ctx, 0);
      const p = poolParameters(
        input.shape,
        attrs.ksize,
        attrs.strides,
        attrs.padding as Padding,
        [],
      );
      if (p.depthWindow !== 1) {
        throw unimplemented('Non-spatial pooling is not yet supported. Volunteers? :)');
      }
      if (input.rank !== 4) throw ia('tensor_in must be 4-dimensional');
      if (pooledInWasm(ctx, input, p, true)) return;
      const round = rounding(input.dtype);
      const x = readReals(input);
      const out = new Float64Array(p.batch * p.outRows * p.outCols * p.depth);
      let o = 0;
      for (let n = 0; n < p.batch; n++) {
        for (let r = 0; r < p.outRows; r++) {
          for (let c = 0; c < p.outCols; c++) {
            const [r0, r1, c0, c1] = clippedWindow(p, r, c);
            const count = (r1 - r0) * (c1 - c0);
            for (let d = 0; d < p.depth; d++) {
              let s = 0;
              for (let i = r0; i < r1; i++) {
                for (let j = c0; j < c1; j++) {
                  s = round(s + (x[((n * p.rows + i) * p.cols + j) * p.depth + d] as number));
                }
              }
              out[o++] = round(s / count);
            }
          }
        }
      }
      setOutputArray(ctx, 0, realsToArray(input.dtype, outShape(p), out));
    };
  },
});

/** AvgPoolGrad: each output gradient, times 1/count in T, added to its window in T. */
export const avgPoolGradCpu = defineKernel(ops.AvgPoolGrad, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOAT_TYPES },
  create: ({ attrs }) => {
    avgPoolAttrs(attrs, 'AvgPoolingGradOp');
    const [, windowRows, windowCols, depthWindow] = attrs.ksize as [number, number, number, number];
    const [, rowStride, colStride] = attrs.strides as [number, number, number, number];
    const padding = attrs.padding as Padding;
    return (ctx) => {
      const sizes = inputArray(ctx, 0);
      const grad = inputArray(ctx, 1);
      if (sizes.rank !== 1 || sizes.size !== 4) {
        throw ia('out_backprop must be 1-dimensional and 4 elements');
      }
      if (grad.rank !== 4) throw ia('out_backprop must be 4-dimensional');
      const shape = readInts(sizes);
      for (const d of shape) if (d < 0) throw ia(`Expected a non-negative size, got ${d}`);
      const [batch, rows, cols, depth] = shape as [number, number, number, number];
      if (depthWindow !== 1) {
        throw unimplemented('Non-spatial pooling is not yet supported. Volunteers? :)');
      }
      const rw = windowedOutputSize(rows, windowRows, 1, rowStride, padding);
      const cw = windowedOutputSize(cols, windowCols, 1, colStride, padding);
      const p: Pool = {
        batch,
        rows,
        cols,
        depth,
        windowRows,
        windowCols,
        depthWindow,
        rowStride,
        colStride,
        outRows: rw.outSize,
        outCols: cw.outSize,
        outDepth: depth,
        padTop: rw.padBefore,
        padLeft: cw.padBefore,
      };
      const round = rounding(grad.dtype);
      const g = readReals(grad);
      const dx = new Float64Array(batch * rows * cols * depth);
      let o = 0;
      for (let n = 0; n < batch; n++) {
        for (let r = 0; r < p.outRows; r++) {
          for (let c = 0; c < p.outCols; c++) {
            const [r0, r1, c0, c1] = clippedWindow(p, r, c);
            const coeff = round(1 / ((r1 - r0) * (c1 - c0)));
            for (let i = r0; i < r1; i++) {
              for (let j = c0; j < c1; j++) {
                const base = ((n * rows + i) * cols + j) * depth;
                for (let d = 0; d < depth; d++) {
                  dx[base + d] = round(
                    (dx[base + d] as number) + round((g[o + d] as number) * coeff),
                  );
                }
              }
            }
            o += depth;
          }
        }
      }
      setOutputArray(ctx, 0, realsToArray(grad.dtype, shape, dx));
    };
  },
});
