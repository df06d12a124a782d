import type { Reals } from './nn-util.js';

/**
 * The geometry of a (grouped) convolution over up to three spatial dims, channels last:
 * input [N, D, H, W, C], filter [KD, KH, KW, C / groups, OC], output [N, OD, OH, OW, OC].
 * 2-D convolutions use D = KD = OD = 1.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly inSize: readonly [number, number, number];
  readonly inDepth: number;
  readonly filterSize: readonly [number, number, number];
  /** Input channels seen by one filter (`inDepth / groups`). */
  readonly filterDepth: number;
  readonly outDepth: number;
  readonly outSize: readonly [number, number, number];
  readonly strides: readonly [number, number, number];
  readonly dilations: readonly [number, number, number];
  readonly padBefore: readonly [number, number, number];
}

/**
 * Rounds a partial sum to the working precision. TF's CPU kernels for float16/bfloat16
 * mostly accumulate in that narrow type (each multiply-add rounded), so matching its
 * numbers means rounding at the same steps, in the same order.
 */
export type Round = (v: number) => number;

/** No rounding: accumulate in double precision (rounded once at the end). */
export const exact: Round = (v) => v;

interface Tap {
  /** Offset of the input pixel (in elements) from the image start. */
  readonly x: number;
  /** Offset of the filter tap's [filterDepth, outDepth] block. */
  readonly f: number;
}

/**
 * Calls `body` for every output pixel with the list of filter taps that land inside the
 * input (padding contributes zeros, so those taps are simply skipped).
 */
function forEachWindow(
  g: ConvGeometry,
  body: (n: number, outOffset: number, inImage: number, taps: readonly Tap[]) => void,
): void {
  const [inD, inH, inW] = g.inSize;
  const [kD, kH, kW] = g.filterSize;
  const [oD, oH, oW] = g.outSize;
  const [sD, sH, sW] = g.strides;
  const [dD, dH, dW] = g.dilations;
  const [pD, pH, pW] = g.padBefore;
  const C = g.inDepth;
  const tapBlock = g.filterDepth * g.outDepth;
  const imageSize = inD * inH * inW * C;
  const taps: Tap[] = [];
  let outOffset = 0;
  for (let n = 0; n < g.batch; n++) {
    const inImage = n * imageSize;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          taps.length = 0;
          for (let kd = 0; kd < kD; kd++) {
            const id = od * sD - pD + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * sH - pH + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * sW - pW + kw * dW;
                if (iw < 0 || iw >= inW) continue;
                taps.push({
                  x: ((id * inH + ih) * inW + iw) * C,
                  f: ((kd * kH + kh) * kW + kw) * tapBlock,
                });
              }
            }
          }
          body(n, outOffset, inImage, taps);
          outOffset += g.outDepth;
        }
      }
    }
  }
}

function outCount(g: ConvGeometry): number {
  return g.batch * g.outSize[0] * g.outSize[1] * g.outSize[2] * g.outDepth;
}

function inCount(g: ConvGeometry): number {
  return g.batch * g.inSize[0] * g.inSize[1] * g.inSize[2] * g.inDepth;
}

/**
 * The forward convolution, accumulated in double precision: each input value is spread
 * along a contiguous filter row (an axpy over output channels), which keeps the inner
 * loop on adjacent memory.
 */
export function convForward(x: Reals, f: Reals, g: ConvGeometry, round?: Round): Float64Array {
  const out = new Float64Array(outCount(g));
  const FD = g.filterDepth;
  const OC = g.outDepth;
  const groups = g.inDepth / FD;
  const OCg = OC / groups;
  if (round !== undefined) {
    forEachWindow(g, (_n, o, img, taps) => {
      for (const t of taps) {
        for (let grp = 0; grp < groups; grp++) {
          for (let ci = 0; ci < FD; ci++) {
            const xv = x[img + t.x + grp * FD + ci] as number;
            const fRow = t.f + ci * OC + grp * OCg;
            for (let co = 0; co < OCg; co++) {
              const i = o + grp * OCg + co;
              out[i] = round((out[i] as number) + xv * (f[fRow + co] as number));
            }
          }
        }
      }
    });
    return out;
  }
  forEachWindow(g, (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      for (let grp = 0; grp < groups; grp++) {
        const oBase = o + grp * OCg;
        let ci = 0;
        // Four input channels per pass: a quarter of the loads and stores of the output row.
        for (; ci + 3 < FD; ci += 4) {
          const xi = xBase + grp * FD + ci;
          const x0 = x[xi] as number;
          const x1 = x[xi + 1] as number;
          const x2 = x[xi + 2] as number;
          const x3 = x[xi + 3] as number;
          const r0 = t.f + ci * OC + grp * OCg;
          const r1 = r0 + OC;
          const r2 = r1 + OC;
          const r3 = r2 + OC;
          for (let co = 0; co < OCg; co++) {
            const i = oBase + co;
            out[i] =
              (out[i] as number) +
              x0 * (f[r0 + co] as number) +
              x1 * (f[r1 + co] as number) +
              x2 * (f[r2 + co] as number) +
              x3 * (f[r3 + co] as number);
          }
        }
        for (; ci < FD; ci++) {
          const xv = x[xBase + grp * FD + ci] as number;
          const fRow = t.f + ci * OC + grp * OCg;
          for (let co = 0; co < OCg; co++) {
            const i = oBase + co;
            out[i] = (out[i] as number) + xv * (f[fRow + co] as number);
          }
        }
      }
    }
  });
  return out;
}

/** The forward convolution of int32 values, wrapping as C++ int32 arithmetic does. */
export function convForwardInt(x: Int32Array, f: Int32Array, g: ConvGeometry): Int32Array {
  const out = new Int32Array(outCount(g));
  const FD = g.filterDepth;
  const OC = g.outDepth;
  const groups = g.inDepth / FD;
  const OCg = OC / groups;
  forEachWindow(g, (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      for (let grp = 0; grp < groups; grp++) {
        const oBase = o + grp * OCg;
        for (let ci = 0; ci < FD; ci++) {
          const xv = x[xBase + grp * FD + ci] as number;
          const fRow = t.f + ci * OC + grp * OCg;
          for (let co = 0; co < OCg; co++) {
            out[oBase + co] =
              ((out[oBase + co] as number) + Math.imul(xv, f[fRow + co] as number)) | 0;
          }
        }
      }
    }
  });
  return out;
}

/** The gradient of the convolution with respect to its input (ungrouped). */
export function convBackpropInput(
  dy: Reals,
  f: Reals,
  g: ConvGeometry,
  round: Round = exact,
): Float64Array {
  const dx = new Float64Array(inCount(g));
  const FD = g.filterDepth;
  const OC = g.outDepth;
  if (round !== exact) {
    forEachWindow(g, (_n, o, img, taps) => {
      for (const t of taps) {
        for (let ci = 0; ci < FD; ci++) {
          const fRow = t.f + ci * OC;
          // TF's scalar matmul path rounds each product and each sum.
          let s = 0;
          for (let co = 0; co < OC; co++) {
            s = round(s + round((dy[o + co] as number) * (f[fRow + co] as number)));
          }
          const k = img + t.x + ci;
          dx[k] = round((dx[k] as number) + s);
        }
      }
    });
    return dx;
  }
  forEachWindow(g, (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      let ci = 0;
      // Four dot products per pass share each load of the out_backprop row.
      for (; ci + 3 < FD; ci += 4) {
        const r0 = t.f + ci * OC;
        const r1 = r0 + OC;
        const r2 = r1 + OC;
        const r3 = r2 + OC;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let co = 0; co < OC; co++) {
          const d = dy[o + co] as number;
          s0 += d * (f[r0 + co] as number);
          s1 += d * (f[r1 + co] as number);
          s2 += d * (f[r2 + co] as number);
          s3 += d * (f[r3 + co] as number);
        }
        const k = xBase + ci;
        dx[k] = (dx[k] as number) + s0;
        dx[k + 1] = (dx[k + 1] as number) + s1;
        dx[k + 2] = (dx[k + 2] as number) + s2;
        dx[k + 3] = (dx[k + 3] as number) + s3;
      }
      for (; ci < FD; ci++) {
        const fRow = t.f + ci * OC;
        let s = 0;
        for (let co = 0; co < OC; co++) s += (dy[o + co] as number) * (f[fRow + co] as number);
        dx[xBase + ci] = (dx[xBase + ci] as number) + s;
      }
    }
  });
  return dx;
}

/** The int32 gradient with respect to the input, wrapping as C++ int32 arithmetic does. */
export function convBackpropInputInt(dy: Int32Array, f: Int32Array, g: ConvGeometry): Int32Array {
  const dx = new Int32Array(inCount(g));
  const FD = g.filterDepth;
  const OC = g.outDepth;
  forEachWindow(g, (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      for (let ci = 0; ci < FD; ci++) {
        const fRow = t.f + ci * OC;
        let s = 0;
        for (let co = 0; co < OC; co++) {
          s = (s + Math.imul(dy[o + co] as number, f[fRow + co] as number)) | 0;
        }
        dx[xBase + ci] = ((dx[xBase + ci] as number) + s) | 0;
      }
    }
  });
  return dx;
}

/** The gradient of the convolution with respect to its filter (ungrouped). */
export function convBackpropFilter(
  x: Reals,
  dy: Reals,
  g: ConvGeometry,
  round: Round = exact,
): Float64Array {
  const FD = g.filterDepth;
  const OC = g.outDepth;
  const narrow = round !== exact;
  const df = new Float64Array(g.filterSize[0] * g.filterSize[1] * g.filterSize[2] * FD * OC);
  forEachWindow(g, (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      let ci = 0;
      if (!narrow) {
        // Four filter rows per pass share each load of the out_backprop row.
        for (; ci + 3 < FD; ci += 4) {
          const x0 = x[xBase + ci] as number;
          const x1 = x[xBase + ci + 1] as number;
          const x2 = x[xBase + ci + 2] as number;
          const x3 = x[xBase + ci + 3] as number;
          const r0 = t.f + ci * OC;
          const r1 = r0 + OC;
          const r2 = r1 + OC;
          const r3 = r2 + OC;
          for (let co = 0; co < OC; co++) {
            const d = dy[o + co] as number;
            df[r0 + co] = (df[r0 + co] as number) + x0 * d;
            df[r1 + co] = (df[r1 + co] as number) + x1 * d;
            df[r2 + co] = (df[r2 + co] as number) + x2 * d;
            df[r3 + co] = (df[r3 + co] as number) + x3 * d;
          }
        }
      }
      for (; ci < FD; ci++) {
        const xv = x[xBase + ci] as number;
        const fRow = t.f + ci * OC;
        for (let co = 0; co < OC; co++) {
          df[fRow + co] = round((df[fRow + co] as number) + xv * (dy[o + co] as number));
        }
      }
    }
  });
  return df;
}

/**
 * Depthwise convolution: filter [KH, KW, C, M], output channel `c * M + m` sees only
 * input channel `c`. `inDepth` is C and `outDepth` is C * M; `filterDepth` is unused.
 */
export function depthwiseForward(
  x: Reals,
  f: Reals,
  g: ConvGeometry,
  round: Round = exact,
): Float64Array {
  const out = new Float64Array(outCount(g));
  const C = g.inDepth;
  const M = g.outDepth / C;
  forEachWindow(depthwiseAsConv(g), (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      const fBase = t.f;
      for (let c = 0; c < C; c++) {
        const xv = x[xBase + c] as number;
        for (let m = 0; m < M; m++) {
          const i = o + c * M + m;
          out[i] = round((out[i] as number) + xv * (f[fBase + c * M + m] as number));
        }
      }
    }
  });
  return out;
}

export function depthwiseBackpropInput(
  dy: Reals,
  f: Reals,
  g: ConvGeometry,
  round: Round = exact,
): Float64Array {
  const dx = new Float64Array(inCount(g));
  const C = g.inDepth;
  const M = g.outDepth / C;
  forEachWindow(depthwiseAsConv(g), (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let m = 0; m < M; m++) {
          s = round(s + (dy[o + c * M + m] as number) * (f[t.f + c * M + m] as number));
        }
        dx[xBase + c] = round((dx[xBase + c] as number) + s);
      }
    }
  });
  return dx;
}

export function depthwiseBackpropFilter(
  x: Reals,
  dy: Reals,
  g: ConvGeometry,
  round: Round = exact,
): Float64Array {
  const C = g.inDepth;
  const M = g.outDepth / C;
  const df = new Float64Array(g.filterSize[1] * g.filterSize[2] * C * M);
  forEachWindow(depthwiseAsConv(g), (_n, o, img, taps) => {
    for (const t of taps) {
      const xBase = img + t.x;
      for (let c = 0; c < C; c++) {
        const xv = x[xBase + c] as number;
        for (let m = 0; m < M; m++) {
          const i = t.f + c * M + m;
          df[i] = round((df[i] as number) + xv * (dy[o + c * M + m] as number));
        }
      }
    }
  });
  return df;
}

/** A depthwise geometry whose tap blocks are [C, M] (filterDepth 1 per output channel). */
function depthwiseAsConv(g: ConvGeometry): ConvGeometry {
  // forEachWindow's tap block is filterDepth * outDepth; for depthwise it must be C * M.
  return { ...g, filterDepth: 1 };
}
