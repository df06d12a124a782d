// The float32 kernels. Each is a functor of a flat index (or a tiled GEMM), launched on
// the device's stream without synchronising, or looped on the host for an emulated device.
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <algorithm>
#include <vector>
#include "tg_device.h"
#include "tg_index.h"

namespace {

template <class F>
__global__ void each_kernel(F f, int64_t n) {
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)blockDim.x * gridDim.x) f(i);
}

// Runs f(i) for i in [0, n): a grid-stride kernel, or a host loop when emulated.
template <class F>
int each(tg_device* dev, const F& f, int64_t n) {
  if (n <= 0) return 0;
  if (dev->emulated) {
    for (int64_t i = 0; i < n; ++i) f(i);
    return 0;
  }
  int e = tg_enter(dev);
  if (e) return e;
  const int64_t blocks = std::min<int64_t>((n + 255) / 256, 4096);
  each_kernel<<<(unsigned)blocks, 256, 0, dev->stream>>>(f, n);
  return (int)cudaGetLastError();
}

// TF's float kernels treat subnormals as zero on the way in and out (DAZ/FTZ); done by
// hand so the device and the host emulation agree bit for bit on it.
TG_HD float ftz(float x) { return fabsf(x) < 1.17549435e-38f ? copysignf(0.0f, x) : x; }

// Sign manipulations keep subnormals (no DAZ/FTZ), as TF's do.
TG_HD bool unary_flushes(int op) { return op != TG_NEG && op != TG_ABS; }

TG_HD float unary_apply(int op, float x) {
  if (unary_flushes(op)) x = ftz(x);
  switch (op) {
    case TG_NEG: return -x;
    case TG_ABS: return fabsf(x);
    case TG_EXP: return expf(x);
    case TG_LOG: return logf(x);
    case TG_SQRT: return sqrtf(x);
    case TG_RSQRT: return 1.0f / sqrtf(x);
    case TG_SQUARE: return x * x;
    case TG_TANH: return tanhf(x);
    case TG_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case TG_RELU: return x > 0.0f ? x : (x != x ? x : 0.0f);
    case TG_RELU6: return x != x ? x : fminf(fmaxf(x, 0.0f), 6.0f);
    case TG_FLOOR: return floorf(x);
    case TG_CEIL: return ceilf(x);
    case TG_SIN: return sinf(x);
    case TG_COS: return cosf(x);
    case TG_RECIPROCAL: return 1.0f / x;
    case TG_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : (x == 0.0f ? 0.0f : x));
    case TG_SOFTPLUS: return x > 20.0f ? x : (x < -20.0f ? expf(x) : log1pf(expf(x)));
    case TG_ELU: return x < 0.0f ? expf(x) - 1.0f : x;  // TF's formula, not expm1
    case TG_LOG1P: return log1pf(x);
    case TG_EXPM1: return expm1f(x);
    case TG_ROUND: return rintf(x);  // half to even, as TF's Round
    case TG_SELU: return x < 0.0f ? 1.7580993408473768f * expm1f(x) : 1.0507009873554805f * x;
    case TG_ERF: return erff(x);
  }
  return x;
}

struct UnaryF {
  int op;
  const float* x;
  float* y;
  TG_HD void operator()(int64_t i) const {
    const float v = unary_apply(op, x[i]);
    y[i] = unary_flushes(op) ? ftz(v) : v;
  }
};

TG_HD float binary_apply(int op, float a, float b) {
  b = ftz(b);
  if (op != TG_FLOOR_MOD) a = ftz(a);  // TF's FloorMod keeps a subnormal dividend
  switch (op) {
    case TG_ADD: return a + b;
    case TG_SUB: return a - b;
    case TG_MUL: return a * b;
    case TG_DIV: return a / b;
    // NaN wins; on ties (0 vs -0) the second operand, as TF gives.
    case TG_MAXIMUM: return (a != a || b != b) ? a + b : (a > b ? a : b);
    case TG_MINIMUM: return (a != a || b != b) ? a + b : (a < b ? a : b);
    case TG_POW: return powf(a, b);
    case TG_SQUARED_DIFFERENCE: return (a - b) * (a - b);
    case TG_FLOOR_DIV: return floorf(a / b);
    case TG_FLOOR_MOD: {
      // The sign test sees the remainder with DAZ, the result keeps it (TF's FloorMod).
      const float m = fmodf(a, b);
      const float mz = ftz(m);
      return (mz != 0.0f && ((b < 0.0f) != (mz < 0.0f))) ? m + b : m;
    }
    case TG_DIV_NO_NAN: return b == 0.0f ? 0.0f : a / b;
  }
  return 0.0f;
}

TG_HD bool compare_apply(int op, float a, float b) {
  a = ftz(a);
  b = ftz(b);
  switch (op) {
    case TG_LESS: return a < b;
    case TG_LESS_EQUAL: return a <= b;
    case TG_GREATER: return a > b;
    case TG_GREATER_EQUAL: return a >= b;
    case TG_EQUAL: return a == b;
    case TG_NOT_EQUAL: return a != b;
  }
  return false;
}

struct BinaryF {
  int op;
  const float* a;
  const float* b;
  void* out;
  tg_shape shape;
  tg_strides sa, sb;
  TG_HD void operator()(int64_t i) const {
    int64_t oa, ob;
    tg_offset2(i, shape, sa, sb, &oa, &ob);
    if (op >= TG_LESS) ((uint8_t*)out)[i] = compare_apply(op, a[oa], b[ob]) ? 1 : 0;
    else {
      const float v = binary_apply(op, a[oa], b[ob]);
      ((float*)out)[i] = op == TG_FLOOR_MOD ? v : ftz(v);
    }
  }
};

struct SelectF {
  const uint8_t* c;
  const uint32_t* t;
  const uint32_t* e;
  uint32_t* out;
  tg_shape shape;
  tg_strides sc, st, se;
  TG_HD void operator()(int64_t i) const {
    int64_t oc, ot;
    tg_offset2(i, shape, sc, st, &oc, &ot);
    out[i] = c[oc] ? t[ot] : e[tg_offset(i, shape, se)];
  }
};

template <class From, class To>
struct CastF {
  const From* x;
  To* y;
  TG_HD void operator()(int64_t i) const { y[i] = (To)x[i]; }
};
// The range of an integer cast target, and the first float past its top (2^31, 2^63).
template <class To>
struct IntRange;
template <>
struct IntRange<int32_t> {
  static constexpr int32_t lo = INT32_MIN, hi = INT32_MAX;
  static constexpr float top = 2147483648.0f;
};
template <>
struct IntRange<int64_t> {
  static constexpr int64_t lo = INT64_MIN, hi = INT64_MAX;
  static constexpr float top = 9223372036854775808.0f;
};
// float to integer: the GPU's convert saturates and maps NaN to 0 (as TF's GPU Cast); C++
// leaves those inputs undefined, so spell it out and the emulated device agrees.
template <class To>
struct CastF<float, To> {
  const float* x;
  To* y;
  TG_HD void operator()(int64_t i) const {
    const float v = x[i];
    using R = IntRange<To>;
    y[i] = v != v ? (To)0 : v >= R::top ? R::hi : v < -R::top ? R::lo : (To)v;
  }
};
template <>
struct CastF<float, float> {
  const float* x;
  float* y;
  TG_HD void operator()(int64_t i) const { y[i] = x[i]; }
};
template <class From>
struct CastBoolF {
  const From* x;
  uint8_t* y;
  TG_HD void operator()(int64_t i) const { y[i] = x[i] != (From)0 ? 1 : 0; }
};
template <>
struct CastBoolF<float> {
  const float* x;
  uint8_t* y;
  TG_HD void operator()(int64_t i) const { y[i] = ftz(x[i]) != 0.0f ? 1 : 0; }
};

template <class T>
struct CopyF {
  const T* in;
  int64_t ibase;
  tg_strides is;
  T* out;
  int64_t obase;
  tg_strides os;
  tg_shape region;
  TG_HD void operator()(int64_t i) const {
    int64_t a, b;
    tg_offset2(i, region, is, os, &a, &b);
    out[obase + b] = in[ibase + a];
  }
};

template <class T>
struct FillF {
  T* out;
  T v;
  TG_HD void operator()(int64_t i) const { out[i] = v; }
};

template <class T, class I>
struct GatherF {
  const T* params;
  const I* idx;
  T* out;
  int64_t outer, axis, n, inner;
  TG_HD void operator()(int64_t i) const {
    const int64_t in_i = i % inner;
    const int64_t t = i / inner;
    const int64_t j = t % n;
    const int64_t t2 = t / n;
    const int64_t o = t2 % outer;
    const int64_t b = t2 / outer;  // batch (batch_dims > 0)
    const int64_t k = (int64_t)idx[b * n + j];
    out[i] = (k >= 0 && k < axis) ? params[((b * outer + o) * axis + k) * inner + in_i] : (T)0;
  }
};

// ---- GEMM: one tiled kernel; loaders say where A and B elements come from ----

struct MatA {
  const float* a;
  int64_t m, k;
  int trans;
  tg_shape bs;
  tg_strides st;
  TG_HD float operator()(int64_t b, int64_t r, int64_t c) const {
    const int64_t base = bs.rank ? tg_offset(b, bs, st) : 0;
    return a[base + (trans ? c * m + r : r * k + c)];
  }
};
struct MatB {
  const float* b;
  int64_t k, n;
  int trans;
  tg_shape bs;
  tg_strides st;
  TG_HD float operator()(int64_t bi, int64_t r, int64_t c) const {
    const int64_t base = bs.rank ? tg_offset(bi, bs, st) : 0;
    return b[base + (trans ? c * k + r : r * n + c)];
  }
};
struct MatC {
  float* c;
  int64_t m, n;
  TG_HD void operator()(int64_t b, int64_t r, int64_t col, float v) const { c[(b * m + r) * n + col] = v; }
};
struct ConvA {
  const float* x;
  tg_conv_params p;
  TG_HD float operator()(int64_t, int64_t r, int64_t c) const {
    const int64_t off = tg_conv_a_offset(p, r, c);
    return off < 0 ? 0.0f : x[off];
  }
};
struct ConvB {
  const float* f;
  int64_t ld;  // all output channels (a group reads a column block)
  TG_HD float operator()(int64_t, int64_t r, int64_t c) const { return f[r * ld + c]; }
};
struct ConvC {
  float* y;
  tg_conv_params p;
  TG_HD void operator()(int64_t, int64_t r, int64_t c, float v) const { y[tg_conv_out_offset(p, r, c)] = v; }
};

// The tiled GEMM in three phases (load a tile pair, multiply, store), written once and run
// by the device (one thread each, __syncthreads between phases) and by the host emulation
// (a loop over the block's threads per phase), so CI checks the tiling itself. A block of
// 16x16 threads computes a 64x64 tile of C; each thread a 4x4 register tile.
constexpr int BM = 64, BN = 64, BK = 16, TPB = 256;

struct GemmSmem {
  float as[BK][BM + 4];  // A tile, k-major
  float bs[BK][BN + 4];
};

template <class LA, class LB>
TG_HD void gemm_load(GemmSmem& s, const LA& la, const LB& lb, int tid, int64_t b, int64_t m0, int64_t n0,
                     int64_t k0, int64_t M, int64_t N, int64_t K) {
#pragma unroll
  for (int q = 0; q < (BM * BK) / TPB; ++q) {
    const int e = tid + TPB * q;
    // Consecutive threads read consecutive k of A (contiguous in row-major A and NHWC input)
    // and consecutive n of B.
    const int ml = e / BK, kl = e % BK;
    const int64_t m = m0 + ml, ka = k0 + kl;
    s.as[kl][ml] = (m < M && ka < K) ? la(b, m, ka) : 0.0f;
    const int kb = e / BN, nl = e % BN;
    const int64_t kk = k0 + kb, n = n0 + nl;
    s.bs[kb][nl] = (kk < K && n < N) ? lb(b, kk, n) : 0.0f;
  }
}

TG_HD void gemm_compute(const GemmSmem& s, float (&acc)[4][4], int tx, int ty) {
#pragma unroll
  for (int kk = 0; kk < BK; ++kk) {
    float a[4], c[4];
#pragma unroll
    for (int i = 0; i < 4; ++i) a[i] = s.as[kk][ty + 16 * i];
#pragma unroll
    for (int j = 0; j < 4; ++j) c[j] = s.bs[kk][tx + 16 * j];
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
      for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * c[j];
  }
}

template <class ST>
TG_HD void gemm_store(const ST& st, const float (&acc)[4][4], int tx, int ty, int64_t b, int64_t m0, int64_t n0,
                      int64_t M, int64_t N) {
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const int64_t r = m0 + ty + 16 * i, c = n0 + tx + 16 * j;
      if (r < M && c < N) st(b, r, c, acc[i][j]);
    }
}

template <class LA, class LB, class ST>
__global__ void __launch_bounds__(TPB) gemm_tiled(LA la, LB lb, ST st, int64_t M, int64_t N, int64_t K, int64_t batch0) {
  __shared__ GemmSmem s;
  const int tx = threadIdx.x, ty = threadIdx.y, tid = ty * 16 + tx;
  const int64_t b = batch0 + blockIdx.z;
  const int64_t m0 = (int64_t)blockIdx.y * BM, n0 = (int64_t)blockIdx.x * BN;
  float acc[4][4] = {};
  for (int64_t k0 = 0; k0 < K; k0 += BK) {
    gemm_load(s, la, lb, tid, b, m0, n0, k0, M, N, K);
    __syncthreads();
    gemm_compute(s, acc, tx, ty);
    __syncthreads();
  }
  gemm_store(st, acc, tx, ty, b, m0, n0, M, N);
}

template <class LA, class LB, class ST>
int gemm(tg_device* dev, const LA& la, const LB& lb, const ST& st, int64_t M, int64_t N, int64_t K,
         int64_t batch) {
  if (M == 0 || N == 0 || batch == 0) return 0;
  const int64_t gx = (N + BN - 1) / BN, gy = (M + BM - 1) / BM;
  if (dev->emulated) {
    GemmSmem s;
    std::vector<float> accs((size_t)TPB * 16);
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t by = 0; by < gy; ++by)
        for (int64_t bx = 0; bx < gx; ++bx) {
          std::fill(accs.begin(), accs.end(), 0.0f);
          auto acc = [&](int tid) -> float(&)[4][4] { return *reinterpret_cast<float(*)[4][4]>(&accs[(size_t)tid * 16]); };
          for (int64_t k0 = 0; k0 < K; k0 += BK) {
            for (int tid = 0; tid < TPB; ++tid) gemm_load(s, la, lb, tid, b, by * BM, bx * BN, k0, M, N, K);
            for (int tid = 0; tid < TPB; ++tid) gemm_compute(s, acc(tid), tid % 16, tid / 16);
          }
          for (int tid = 0; tid < TPB; ++tid) gemm_store(st, acc(tid), tid % 16, tid / 16, b, by * BM, bx * BN, M, N);
        }
    return 0;
  }
  int e = tg_enter(dev);
  if (e) return e;
  if (gy > 65535 || gx > 0x7fffffff) return TG_ERR_BAD_ARGUMENT;
  for (int64_t b0 = 0; b0 < batch; b0 += 65535) {
    const dim3 grid((unsigned)gx, (unsigned)gy, (unsigned)std::min<int64_t>(65535, batch - b0));
    gemm_tiled<<<grid, dim3(16, 16), 0, dev->stream>>>(la, lb, st, M, N, K, b0);
    int ce = (int)cudaGetLastError();
    if (ce) return ce;
  }
  return 0;
}

// The constant stride between consecutive batch matrices, or -1 if there is none.
int64_t flat_batch_stride(const tg_shape& bs, const tg_strides& st, int64_t batch) {
  if (batch <= 1 || bs.rank == 0) return 0;
  const int64_t s = tg_offset(1, bs, st);
  for (int64_t b = 2; b < batch; ++b)
    if (tg_offset(b, bs, st) != b * s) return -1;
  return s;
}

struct DepthwiseF {
  const float* x;
  const float* f;
  float* y;
  tg_conv_params p;  // p.oc is the channel multiplier
  TG_HD void operator()(int64_t i) const {
    const int64_t mult = p.oc, oc_total = p.c * mult;
    const int64_t j = i % oc_total;
    const int64_t m = i / oc_total;  // (n, oh, ow)
    const int64_t c = j / mult, q = j % mult;
    const int64_t ow = m % p.ow, t = m / p.ow, oh = t % p.oh, n = t / p.oh;
    float acc = 0.0f;
    for (int64_t kh = 0; kh < p.kh; ++kh) {
      const int64_t ih = tg_window_in(oh, kh, p.stride_h, p.dil_h, p.pad_top);
      if (ih < 0 || ih >= p.h) continue;
      for (int64_t kw = 0; kw < p.kw; ++kw) {
        const int64_t iw = tg_window_in(ow, kw, p.stride_w, p.dil_w, p.pad_left);
        if (iw < 0 || iw >= p.w) continue;
        acc += x[n * p.in_s[0] + ih * p.in_s[1] + iw * p.in_s[2] + c * p.in_s[3]] *
               f[((kh * p.kw + kw) * p.c + c) * mult + q];
      }
    }
    y[tg_conv_out_offset(p, m, j)] = acc;
  }
};

struct PoolF {
  int is_max;
  const float* x;
  float* y;
  tg_conv_params p;
  TG_HD void operator()(int64_t i) const {
    const int64_t c = i % p.c;
    const int64_t m = i / p.c;
    const int64_t ow = m % p.ow, t = m / p.ow, oh = t % p.oh, n = t / p.oh;
    float acc = is_max ? -INFINITY : 0.0f;
    int64_t count = 0;
    for (int64_t kh = 0; kh < p.kh; ++kh) {
      const int64_t ih = tg_window_in(oh, kh, p.stride_h, 1, p.pad_top);
      if (ih < 0 || ih >= p.h) continue;
      for (int64_t kw = 0; kw < p.kw; ++kw) {
        const int64_t iw = tg_window_in(ow, kw, p.stride_w, 1, p.pad_left);
        if (iw < 0 || iw >= p.w) continue;
        const float v = x[n * p.in_s[0] + ih * p.in_s[1] + iw * p.in_s[2] + c * p.in_s[3]];
        if (is_max) acc = v > acc ? v : acc;  // NaN never wins, as TF's max pooling
        else acc += v;
        ++count;
      }
    }
    y[tg_conv_out_offset(p, m, c)] = is_max ? acc : (count ? acc / (float)count : 0.0f);
  }
};

TG_HD float reduce_init(int op) {
  switch (op) {
    case TG_MAX: return -INFINITY;
    case TG_MIN: return INFINITY;
    case TG_PROD: return 1.0f;
  }
  return 0.0f;
}
TG_HD float reduce_combine(int op, float a, float b) {
  switch (op) {
    // Ties take the later element (TF's order: max(0, -0) is -0, max(-0, 0) is 0).
    case TG_MAX: return (b >= a || b != b) ? b : a;
    case TG_MIN: return (b <= a || b != b) ? b : a;
    case TG_PROD: return a * b;
  }
  return a + b;
}
TG_HD float reduce_finish(int op, float acc, int64_t n) {
  return op == TG_MEAN ? acc / (float)n : acc;
}

// One thread per output: for short reductions (and the host emulation).
struct ReduceSerialF {
  int op;
  const float* x;
  float* y;
  tg_shape kept, red;
  tg_strides ks, rs;
  int64_t nred;
  TG_HD void operator()(int64_t o) const {
    const int64_t base = tg_offset(o, kept, ks);
    float acc = reduce_init(op);
    for (int64_t r = 0; r < nred; ++r) acc = reduce_combine(op, acc, x[base + tg_offset(r, red, rs)]);
    y[o] = reduce_finish(op, acc, nred);
  }
};

// One block per output: each of 256 threads folds a strided share of the reduced elements,
// then a tree in shared memory. Written as phases so the host emulation runs the same
// order of operations as the device.
constexpr int RTPB = 256;

TG_HD float reduce_partial(const ReduceSerialF& f, int64_t base, int tid) {
  float acc = reduce_init(f.op);
  for (int64_t r = tid; r < f.nred; r += RTPB) acc = reduce_combine(f.op, acc, f.x[base + tg_offset(r, f.red, f.rs)]);
  return acc;
}

__global__ void __launch_bounds__(RTPB) reduce_block(ReduceSerialF f, int64_t nout) {
  __shared__ float part[RTPB];
  for (int64_t o = blockIdx.x; o < nout; o += gridDim.x) {
    part[threadIdx.x] = reduce_partial(f, tg_offset(o, f.kept, f.ks), threadIdx.x);
    __syncthreads();
    for (int s = RTPB / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) part[threadIdx.x] = reduce_combine(f.op, part[threadIdx.x], part[threadIdx.x + s]);
      __syncthreads();
    }
    if (threadIdx.x == 0) f.y[o] = reduce_finish(f.op, part[0], f.nred);
    __syncthreads();
  }
}

void reduce_block_host(const ReduceSerialF& f, int64_t nout) {
  float part[RTPB];
  for (int64_t o = 0; o < nout; ++o) {
    const int64_t base = tg_offset(o, f.kept, f.ks);
    for (int t = 0; t < RTPB; ++t) part[t] = reduce_partial(f, base, t);
    for (int s = RTPB / 2; s > 0; s >>= 1)
      for (int t = 0; t < s; ++t) part[t] = reduce_combine(f.op, part[t], part[t + s]);
    f.y[o] = reduce_finish(f.op, part[0], f.nred);
  }
}

struct SoftmaxRowF {
  int log;
  const float* x;
  float* y;
  int64_t cols;
  TG_HD void operator()(int64_t r) const {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    float mx = -INFINITY;
    for (int64_t c = 0; c < cols; ++c) mx = fmaxf(mx, xr[c]);
    float sum = 0.0f;
    for (int64_t c = 0; c < cols; ++c) sum += expf(xr[c] - mx);
    for (int64_t c = 0; c < cols; ++c) yr[c] = log ? xr[c] - mx - logf(sum) : expf(xr[c] - mx) / sum;
  }
};

// One block per row, in phases (per-thread partial max, tree; partial sums of exp, tree;
// write) that the host emulation runs in the same order for rows longer than 32.
TG_HD float softmax_partial_max(const float* xr, int64_t cols, int tid) {
  float m = -INFINITY;
  for (int64_t c = tid; c < cols; c += RTPB) m = fmaxf(m, xr[c]);
  return m;
}
TG_HD float softmax_partial_sum(const float* xr, int64_t cols, float mx, int tid) {
  float s = 0.0f;
  for (int64_t c = tid; c < cols; c += RTPB) s += expf(xr[c] - mx);
  return s;
}
TG_HD void softmax_write(int log, const float* xr, float* yr, int64_t cols, float mx, float sum, int tid) {
  const float lsum = logf(sum);
  for (int64_t c = tid; c < cols; c += RTPB) yr[c] = log ? xr[c] - mx - lsum : expf(xr[c] - mx) / sum;
}

__global__ void __launch_bounds__(RTPB) softmax_block(int log, const float* x, float* y, int64_t rows, int64_t cols) {
  __shared__ float part[RTPB];
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const float* xr = x + r * cols;
    part[threadIdx.x] = softmax_partial_max(xr, cols, threadIdx.x);
    __syncthreads();
    for (int s = RTPB / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) part[threadIdx.x] = fmaxf(part[threadIdx.x], part[threadIdx.x + s]);
      __syncthreads();
    }
    const float mx = part[0];
    __syncthreads();
    part[threadIdx.x] = softmax_partial_sum(xr, cols, mx, threadIdx.x);
    __syncthreads();
    for (int s = RTPB / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) part[threadIdx.x] += part[threadIdx.x + s];
      __syncthreads();
    }
    const float sum = part[0];
    softmax_write(log, xr, y + r * cols, cols, mx, sum, threadIdx.x);
    __syncthreads();
  }
}

void softmax_block_host(int log, const float* x, float* y, int64_t rows, int64_t cols) {
  float part[RTPB];
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    for (int t = 0; t < RTPB; ++t) part[t] = softmax_partial_max(xr, cols, t);
    for (int s = RTPB / 2; s > 0; s >>= 1)
      for (int t = 0; t < s; ++t) part[t] = fmaxf(part[t], part[t + s]);
    const float mx = part[0];
    for (int t = 0; t < RTPB; ++t) part[t] = softmax_partial_sum(xr, cols, mx, t);
    for (int s = RTPB / 2; s > 0; s >>= 1)
      for (int t = 0; t < s; ++t) part[t] += part[t + s];
    const float sum = part[0];
    for (int t = 0; t < RTPB; ++t) softmax_write(log, xr, y + r * cols, cols, mx, sum, t);
  }
}

struct BatchNormF {
  const float *x, *scale, *offset, *mean, *var;
  float eps;
  float* y;
  int64_t channels, inner;
  TG_HD void operator()(int64_t i) const {
    const int64_t c = (i / inner) % channels;
    y[i] = (x[i] - mean[c]) * (1.0f / sqrtf(var[c] + eps)) * scale[c] + offset[c];
  }
};

}  // namespace

extern "C" int tg_unary(tg_device* dev, int op, const float* x, float* y, int64_t n) {
  return each(dev, UnaryF{op, x, y}, n);
}

extern "C" int tg_binary(tg_device* dev, int op, const float* a, const float* b, void* out, const tg_shape* shape,
                         const tg_strides* sa, const tg_strides* sb) {
  return each(dev, BinaryF{op, a, b, out, *shape, *sa, *sb}, tg_numel(*shape));
}

extern "C" int tg_select(tg_device* dev, const uint8_t* cond, const void* t, const void* e, void* out,
                         const tg_shape* shape, const tg_strides* sc, const tg_strides* st, const tg_strides* se) {
  return each(dev, SelectF{cond, (const uint32_t*)t, (const uint32_t*)e, (uint32_t*)out, *shape, *sc, *st, *se},
              tg_numel(*shape));
}

template <class From>
static int cast_from(tg_device* dev, int to, const From* x, void* y, int64_t n) {
  switch (to) {
    case TG_F32: return each(dev, CastF<From, float>{x, (float*)y}, n);
    case TG_I32: return each(dev, CastF<From, int32_t>{x, (int32_t*)y}, n);
    case TG_I64: return each(dev, CastF<From, int64_t>{x, (int64_t*)y}, n);
    case TG_BOOL: return each(dev, CastBoolF<From>{x, (uint8_t*)y}, n);
  }
  return TG_ERR_BAD_ARGUMENT;
}

extern "C" int tg_cast(tg_device* dev, int from, int to, const void* x, void* y, int64_t n) {
  switch (from) {
    case TG_F32: return cast_from(dev, to, (const float*)x, y, n);
    case TG_I32: return cast_from(dev, to, (const int32_t*)x, y, n);
    case TG_I64: return cast_from(dev, to, (const int64_t*)x, y, n);
    case TG_BOOL: return cast_from(dev, to, (const uint8_t*)x, y, n);
  }
  return TG_ERR_BAD_ARGUMENT;
}

extern "C" int tg_strided_copy(tg_device* dev, size_t elem_size, const void* in, int64_t ibase, const tg_strides* is,
                               void* out, int64_t obase, const tg_strides* os, const tg_shape* region) {
  const int64_t n = tg_numel(*region);
  switch (elem_size) {
    case 1: return each(dev, CopyF<uint8_t>{(const uint8_t*)in, ibase, *is, (uint8_t*)out, obase, *os, *region}, n);
    case 4: return each(dev, CopyF<uint32_t>{(const uint32_t*)in, ibase, *is, (uint32_t*)out, obase, *os, *region}, n);
    case 8: return each(dev, CopyF<uint64_t>{(const uint64_t*)in, ibase, *is, (uint64_t*)out, obase, *os, *region}, n);
  }
  return TG_ERR_BAD_ARGUMENT;
}

extern "C" int tg_fill(tg_device* dev, size_t elem_size, void* out, int64_t n, uint64_t bits) {
  switch (elem_size) {
    case 1: return each(dev, FillF<uint8_t>{(uint8_t*)out, (uint8_t)bits}, n);
    case 4: return each(dev, FillF<uint32_t>{(uint32_t*)out, (uint32_t)bits}, n);
    case 8: return each(dev, FillF<uint64_t>{(uint64_t*)out, bits}, n);
  }
  return TG_ERR_BAD_ARGUMENT;
}

template <class T>
static int gather_t(tg_device* dev, const void* params, const void* idx, int is64, void* out, int64_t batch,
                    int64_t outer, int64_t axis, int64_t n, int64_t inner) {
  const int64_t total = batch * outer * n * inner;
  if (is64)
    return each(dev, GatherF<T, int64_t>{(const T*)params, (const int64_t*)idx, (T*)out, outer, axis, n, inner}, total);
  return each(dev, GatherF<T, int32_t>{(const T*)params, (const int32_t*)idx, (T*)out, outer, axis, n, inner}, total);
}

extern "C" int tg_gather(tg_device* dev, size_t elem_size, const void* params, const void* indices, int is64,
                         void* out, int64_t batch, int64_t outer, int64_t axis, int64_t n, int64_t inner) {
  switch (elem_size) {
    case 1: return gather_t<uint8_t>(dev, params, indices, is64, out, batch, outer, axis, n, inner);
    case 4: return gather_t<uint32_t>(dev, params, indices, is64, out, batch, outer, axis, n, inner);
    case 8: return gather_t<uint64_t>(dev, params, indices, is64, out, batch, outer, axis, n, inner);
  }
  return TG_ERR_BAD_ARGUMENT;
}

extern "C" int tg_matmul(tg_device* dev, const float* a, const float* b, float* c, const tg_matmul_params* p,
                         int allow_cublas) {
  const int64_t M = p->m, N = p->n, K = p->k;
  if (M == 0 || N == 0 || p->batch == 0) return 0;
  if (K == 0) return tg_memset(dev, c, 0, (size_t)(p->batch * M * N) * sizeof(float));
  if (allow_cublas && !dev->emulated && M < 0x7fffffff && N < 0x7fffffff && K < 0x7fffffff) {
    const int64_t sa = flat_batch_stride(p->batch_shape, p->a_batch, p->batch);
    const int64_t sb = flat_batch_stride(p->batch_shape, p->b_batch, p->batch);
    if (sa >= 0 && sb >= 0) {
      int e = tg_enter(dev);
      if (e) return e;
      int status = 0;
      // Row-major C = A B is column-major C^T = B^T A^T.
      if (tg_cublas_sgemm_strided(dev, p->trans_b, p->trans_a, N, M, K, b, p->trans_b ? K : N, sb, a,
                                  p->trans_a ? M : K, sa, c, N, M * N, p->batch, &status)) {
        return status == 0 ? 0 : (int)cudaErrorLaunchFailure;
      }
    }
  }
  MatA la{a, M, K, p->trans_a, p->batch_shape, p->a_batch};
  MatB lb{b, K, N, p->trans_b, p->batch_shape, p->b_batch};
  return gemm(dev, la, lb, MatC{c, M, N}, M, N, K, p->batch);
}

extern "C" int tg_conv2d(tg_device* dev, const float* x, const float* f, float* y, const tg_conv_params* p) {
  const int64_t M = p->n * p->oh * p->ow, K = p->kh * p->kw * p->c;
  if (K == 0) {
    // No taps: every output is 0 (the output is a fresh contiguous tensor).
    const int64_t n = M * p->oc;
    return n == 0 ? 0 : tg_memset(dev, y, 0, (size_t)n * sizeof(float));
  }
  // Grouped convolution: group g reads input channels [g*c, (g+1)*c) and writes its block
  // of oc/groups output channels; each group is one implicit GEMM.
  const int64_t groups = p->groups > 0 ? p->groups : 1;
  const int64_t og = p->oc / groups;
  for (int64_t g = 0; g < groups; ++g) {
    int e = gemm(dev, ConvA{x + g * p->c * p->in_s[3], *p}, ConvB{f + g * og, p->oc},
                 ConvC{y + g * og * p->out_s[3], *p}, M, og, K, 1);
    if (e) return e;
  }
  return 0;
}

extern "C" int tg_depthwise_conv2d(tg_device* dev, const float* x, const float* f, float* y,
                                   const tg_conv_params* p) {
  return each(dev, DepthwiseF{x, f, y, *p}, p->n * p->oh * p->ow * p->c * p->oc);
}

extern "C" int tg_pool2d(tg_device* dev, int is_max, const float* x, float* y, const tg_conv_params* p) {
  return each(dev, PoolF{is_max, x, y, *p}, p->n * p->oh * p->ow * p->c);
}

extern "C" int tg_reduce(tg_device* dev, int op, const float* x, float* y, const tg_shape* kept,
                         const tg_strides* ks, const tg_shape* reduced, const tg_strides* rs) {
  const int64_t nout = tg_numel(*kept), nred = tg_numel(*reduced);
  ReduceSerialF f{op, x, y, *kept, *reduced, *ks, *rs, nred};
  if (nred <= 32) return each(dev, f, nout);
  if (nout == 0) return 0;
  if (dev->emulated) {
    reduce_block_host(f, nout);
    return 0;
  }
  int e = tg_enter(dev);
  if (e) return e;
  reduce_block<<<(unsigned)std::min<int64_t>(nout, 65535), RTPB, 0, dev->stream>>>(f, nout);
  return (int)cudaGetLastError();
}

extern "C" int tg_softmax(tg_device* dev, int log, const float* x, float* y, int64_t rows, int64_t cols) {
  if (cols <= 32) return each(dev, SoftmaxRowF{log, x, y, cols}, rows);
  if (rows == 0) return 0;
  if (dev->emulated) {
    softmax_block_host(log, x, y, rows, cols);
    return 0;
  }
  int e = tg_enter(dev);
  if (e) return e;
  softmax_block<<<(unsigned)std::min<int64_t>(rows, 65535), RTPB, 0, dev->stream>>>(log, x, y, rows, cols);
  return (int)cudaGetLastError();
}

extern "C" int tg_batch_norm(tg_device* dev, const float* x, const float* scale, const float* offset,
                             const float* mean, const float* var, float eps, float* y, int64_t n, int64_t channels,
                             int64_t inner) {
  return each(dev, BatchNormF{x, scale, offset, mean, var, eps, y, channels, inner}, n);
}
