// Index arithmetic shared by the CUDA kernels, their host emulation and the g++ unit test:
// pure functions of a flat output index, no CUDA types.
#pragma once
#include <stdint.h>
#include "tg_cuda.h"

#if defined(__CUDACC__)
#define TG_HD __host__ __device__ __forceinline__
#else
#define TG_HD inline
#endif

// The input offset of flat output element `i`, given the output dims and the input's
// stride per output dim (0 where the input is broadcast).
TG_HD int64_t tg_offset(int64_t i, const tg_shape& shape, const tg_strides& st) {
  int64_t off = 0;
  for (int d = shape.rank - 1; d >= 0; --d) {
    const int64_t dim = shape.dims[d];
    const int64_t q = i / dim;
    off += (i - q * dim) * st.s[d];
    i = q;
  }
  return off;
}

// Two offsets for one decomposition (binary ops, copies).
TG_HD void tg_offset2(int64_t i, const tg_shape& shape, const tg_strides& a, const tg_strides& b,
                      int64_t* oa, int64_t* ob) {
  int64_t x = 0, y = 0;
  for (int d = shape.rank - 1; d >= 0; --d) {
    const int64_t dim = shape.dims[d];
    const int64_t q = i / dim;
    const int64_t r = i - q * dim;
    x += r * a.s[d];
    y += r * b.s[d];
    i = q;
  }
  *oa = x;
  *ob = y;
}

TG_HD int64_t tg_numel(const tg_shape& shape) {
  int64_t n = 1;
  for (int d = 0; d < shape.rank; ++d) n *= shape.dims[d];
  return n;
}

// Conv / pool geometry: the input row of output row `o` at window tap `t`.
TG_HD int64_t tg_window_in(int64_t o, int64_t t, int64_t stride, int64_t dilation, int64_t pad) {
  return o * stride - pad + t * dilation;
}

// Implicit GEMM for NHWC-style conv: row m = (n, oh, ow), column k = (kh, kw, c).
// Returns the input offset, or -1 when the tap falls in the padding.
TG_HD int64_t tg_conv_a_offset(const tg_conv_params& p, int64_t m, int64_t k) {
  const int64_t ow = m % p.ow;
  const int64_t t = m / p.ow;
  const int64_t oh = t % p.oh;
  const int64_t n = t / p.oh;
  const int64_t c = k % p.c;
  const int64_t t2 = k / p.c;
  const int64_t kw = t2 % p.kw;
  const int64_t kh = t2 / p.kw;
  const int64_t ih = tg_window_in(oh, kh, p.stride_h, p.dil_h, p.pad_top);
  const int64_t iw = tg_window_in(ow, kw, p.stride_w, p.dil_w, p.pad_left);
  if (ih < 0 || ih >= p.h || iw < 0 || iw >= p.w) return -1;
  return n * p.in_s[0] + ih * p.in_s[1] + iw * p.in_s[2] + c * p.in_s[3];
}

// The output offset of GEMM row m, column (channel) j.
TG_HD int64_t tg_conv_out_offset(const tg_conv_params& p, int64_t m, int64_t j) {
  const int64_t ow = m % p.ow;
  const int64_t t = m / p.ow;
  const int64_t oh = t % p.oh;
  const int64_t n = t / p.oh;
  return n * p.out_s[0] + oh * p.out_s[1] + ow * p.out_s[2] + j * p.out_s[3];
}
