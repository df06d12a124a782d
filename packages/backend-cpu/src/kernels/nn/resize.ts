import { InvalidArgumentError } from '@tensorgraph/errors';
import {
  allocateStorage,
  defineKernel,
  NDArray,
  ops,
  type DType,
  type KernelContext,
} from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readInts, readReals, realsToArray, shapeString } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);
const f = Math.fround;

const RESIZE_TYPES: readonly DType[] = [
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'int64',
  'bfloat16',
  'float16',
  'float32',
  'float64',
];

interface ResizeAttrs {
  readonly align_corners: boolean;
  readonly half_pixel_centers: boolean;
}

/** TF's `CalculateResizeScale`, in float32 as TF computes it. */
function resizeScale(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? f((inSize - 1) / (outSize - 1)) : f(inSize / outSize);
}

function checkCenters(attrs: ResizeAttrs): void {
  if (attrs.half_pixel_centers && attrs.align_corners) {
    throw ia('If half_pixel_centers is True, align_corners must be False.');
  }
}

interface ResizeState {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly heightScale: number;
  readonly widthScale: number;
}

/** TF's `ImageResizerState::ValidateAndCalculateOutputSize`. */
function resizerState(ctx: KernelContext, attrs: ResizeAttrs): ResizeState {
  checkCenters(attrs);
  const images = inputArray(ctx, 0);
  if (images.rank !== 4) throw ia(`input must be 4-dimensional${shapeString(images.shape)}`);
  const [batch, inHeight, inWidth, channels] = images.shape as [number, number, number, number];
  if (!(channels > 0)) throw ia('image must have at least one channel');
  if (!(inHeight > 0 && inWidth > 0)) throw ia('input image must be of non-zero size');
  const size = inputArray(ctx, 1);
  if (size.rank !== 1) throw ia(`shape_t must be 1-dimensional${shapeString(size.shape)}`);
  if (size.size !== 2) throw ia(`shape_t must have two elements${shapeString(size.shape)}`);
  const [outHeight, outWidth] = readInts(size) as [number, number];
  if (!(outHeight > 0 && outWidth > 0)) throw ia('output dimensions must be positive');
  return {
    batch,
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    heightScale: resizeScale(inHeight, outHeight, attrs.align_corners),
    widthScale: resizeScale(inWidth, outWidth, attrs.align_corners),
  };
}

interface Interpolation {
  readonly lower: number;
  readonly upper: number;
  readonly lerp: number;
}

/** Source coordinate of output index `i` for bilinear sampling, in float32. */
function bilinearSource(i: number, scale: number, halfPixel: boolean): number {
  return halfPixel ? f(f(f(i + 0.5) * scale) - 0.5) : f(i * scale);
}

function interpolationWeights(
  outSize: number,
  inSize: number,
  scale: number,
  halfPixel: boolean,
): Interpolation[] {
  const out: Interpolation[] = [];
  for (let i = 0; i < outSize; i++) {
    const src = bilinearSource(i, scale, halfPixel);
    const lo = Math.floor(src);
    out.push({
      lower: Math.max(lo, 0),
      upper: Math.min(Math.ceil(src), inSize - 1),
      lerp: f(src - lo),
    });
  }
  return out;
}

/** ResizeBilinear: float32 output, every step in float32 as TF's CPU kernel. */
export const resizeBilinearCpu = defineKernel(ops.ResizeBilinear, {
  deviceType: 'CPU',
  typeConstraints: { T: RESIZE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const st = resizerState(ctx, attrs);
      const x = readReals(inputArray(ctx, 0));
      const ys = interpolationWeights(
        st.outHeight,
        st.inHeight,
        st.heightScale,
        attrs.half_pixel_centers,
      );
      const xs = interpolationWeights(
        st.outWidth,
        st.inWidth,
        st.widthScale,
        attrs.half_pixel_centers,
      );
      const C = st.channels;
      const out = new Float32Array(st.batch * st.outHeight * st.outWidth * C);
      const at = (b: number, r: number, c: number, ch: number) =>
        f(x[((b * st.inHeight + r) * st.inWidth + c) * C + ch] as number);
      let o = 0;
      for (let b = 0; b < st.batch; b++) {
        for (const yw of ys) {
          for (const xw of xs) {
            for (let ch = 0; ch < C; ch++) {
              const tl = at(b, yw.lower, xw.lower, ch);
              const tr = at(b, yw.lower, xw.upper, ch);
              const bl = at(b, yw.upper, xw.lower, ch);
              const br = at(b, yw.upper, xw.upper, ch);
              const top = f(tl + f(f(tr - tl) * xw.lerp));
              const bottom = f(bl + f(f(br - bl) * xw.lerp));
              out[o++] = f(top + f(f(bottom - top) * yw.lerp));
            }
          }
        }
      }
      setOutputArray(ctx, 0, new NDArray('float32', [st.batch, st.outHeight, st.outWidth, C], out));
    },
});

/** The nearest source index of output index `i`. */
function nearestSource(i: number, scale: number, inSize: number, attrs: ResizeAttrs): number {
  const src = attrs.half_pixel_centers ? f(f(i + 0.5) * scale) : f(i * scale);
  // C's roundf: halves away from zero (the coordinate is never negative here).
  let k = Math.min(attrs.align_corners ? Math.floor(src + 0.5) : Math.floor(src), inSize - 1);
  if (attrs.half_pixel_centers) k = Math.max(0, k);
  return k;
}

export const resizeNearestNeighborCpu = defineKernel(ops.ResizeNearestNeighbor, {
  deviceType: 'CPU',
  typeConstraints: { T: RESIZE_TYPES },
  create:
    ({ attrs }) =>
    (ctx) => {
      const st = resizerState(ctx, attrs);
      if (!(st.inHeight < 2 ** 24 && st.inWidth < 2 ** 24)) {
        throw ia('nearest neighbor requires max height & width of 2^24');
      }
      const images = inputArray(ctx, 0);
      const src = images.data as unknown as ArrayLike<unknown>;
      const C = st.channels;
      const shape = [st.batch, st.outHeight, st.outWidth, C];
      const out = allocateStorage(
        images.dtype,
        shape.reduce((a, b) => a * b, 1),
      ) as unknown as {
        [i: number]: unknown;
      };
      const rows = Array.from({ length: st.outHeight }, (_, y) =>
        nearestSource(y, st.heightScale, st.inHeight, attrs),
      );
      const cols = Array.from({ length: st.outWidth }, (_, x) =>
        nearestSource(x, st.widthScale, st.inWidth, attrs),
      );
      let o = 0;
      for (let b = 0; b < st.batch; b++) {
        for (const r of rows) {
          for (const c of cols) {
            const base = ((b * st.inHeight + r) * st.inWidth + c) * C;
            for (let ch = 0; ch < C; ch++) out[o++] = src[base + ch];
          }
        }
      }
      setOutputArray(ctx, 0, new NDArray(images.dtype, shape, out as never));
    },
});

/**
 * ResizeBilinearGrad: each incoming gradient, weighted in float32, is cast to T and added
 * into its four source pixels in T.
 */
export const resizeBilinearGradCpu = defineKernel(ops.ResizeBilinearGrad, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float32', 'bfloat16', 'float16', 'float64'] },
  create:
    ({ attrs }) =>
    (ctx) => {
      checkCenters(attrs);
      const grads = inputArray(ctx, 0);
      const image = inputArray(ctx, 1);
      if (grads.rank !== 4) throw ia(`input_grad must be 4-dimensional${shapeString(grads.shape)}`);
      if (image.rank !== 4) {
        throw ia(`original_image must be 4-dimensional${shapeString(image.shape)}`);
      }
      const [batch, outHeight, outWidth, C] = grads.shape as [number, number, number, number];
      const inHeight = image.shape[1] as number;
      const inWidth = image.shape[2] as number;
      if (!(outHeight > 0 && outWidth > 0)) throw ia('resized dimensions must be positive');
      const hs = resizeScale(inHeight, outHeight, attrs.align_corners);
      const wsc = resizeScale(inWidth, outWidth, attrs.align_corners);
      const dtype = image.dtype;
      // float64 sums in double; float32 and the narrow types sum in float32 (TF's half and
      // bfloat16 kernels accumulate in float and cast once).
      const round = dtype === 'float64' ? (v: number) => v : f;
      const g = grads.data as Float32Array;
      const out = new Float64Array(batch * inHeight * inWidth * C);
      const add = (b: number, r: number, c: number, ch: number, v: number) => {
        const k = ((b * inHeight + r) * inWidth + c) * C + ch;
        out[k] = round((out[k] as number) + round(v));
      };
      let o = 0;
      for (let b = 0; b < batch; b++) {
        for (let y = 0; y < outHeight; y++) {
          const inY = bilinearSource(y, hs, attrs.half_pixel_centers);
          const top = Math.max(Math.floor(inY), 0);
          const bottom = Math.min(Math.ceil(inY), inHeight - 1);
          const yl = f(inY - Math.floor(inY));
          const iyl = f(1 - yl);
          for (let x = 0; x < outWidth; x++) {
            const inX = bilinearSource(x, wsc, attrs.half_pixel_centers);
            const left = Math.max(Math.floor(inX), 0);
            const right = Math.min(Math.ceil(inX), inWidth - 1);
            const xl = f(inX - Math.floor(inX));
            const ixl = f(1 - xl);
            for (let ch = 0; ch < C; ch++) {
              const gv = g[o++] as number;
              add(b, top, left, ch, f(f(gv * iyl) * ixl));
              add(b, top, right, ch, f(f(gv * iyl) * xl));
              add(b, bottom, left, ch, f(f(gv * yl) * ixl));
              add(b, bottom, right, ch, f(f(gv * yl) * xl));
            }
          }
        }
      }
      setOutputArray(ctx, 0, realsToArray(dtype, [batch, inHeight, inWidth, C], out));
    },
});
