// The C ABI between the CUDA runtime/kernels (.cu, built by nvcc) and their callers: the
// Node-API addon and the device-machine harness. Plain C types only, so the addon itself
// is compiled by the host compiler with no CUDA headers.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TG_MAX_RANK 8

// Error codes beyond cudaError_t's range (which stays below 1000).
enum {
  TG_OK = 0,
  TG_ERR_OUT_OF_MEMORY = 10001,  // device memory limit reached or cudaMalloc failed
  TG_ERR_BAD_ARGUMENT = 10002,
};

typedef struct tg_device tg_device;
typedef struct tg_pending tg_pending;

// Device discovery. Return a cudaError_t code (0: success).
int tg_device_count(int* count);
const char* tg_error_name(int code);
const char* tg_error_string(int code);
int tg_device_props(int ordinal, char* name, size_t name_len, size_t* total_bytes, size_t* free_bytes,
                    int* major, int* minor);

// A device context: one stream, a caching allocator, a pinned staging pool. `ordinal` < 0
// with `emulated` set makes a host-memory context that runs the kernels' element
// functions on the CPU (for tests on machines with no GPU).
int tg_device_open(int ordinal, int emulated, size_t memory_limit, tg_device** out);
void tg_device_close(tg_device* dev);
int tg_device_is_emulated(const tg_device* dev);

int tg_alloc(tg_device* dev, size_t bytes, void** ptr);
int tg_free(tg_device* dev, void* ptr);
// Bytes of the live allocation at `ptr`, 0 if `ptr` is not one.
size_t tg_allocation_size(const tg_device* dev, const void* ptr);
void tg_memory_stats(const tg_device* dev, size_t* in_use, size_t* cached, size_t* limit, size_t* peak);
// Returns cached blocks to the driver.
void tg_empty_cache(tg_device* dev);

// Copies through pinned staging, asynchronously on the device's stream.
int tg_upload(tg_device* dev, void* dst, const void* src, size_t bytes);
int tg_memset(tg_device* dev, void* dst, int value, size_t bytes);
// Download: begin enqueues the copy into pinned memory; wait blocks (call it off the
// JS thread); finish copies to `dst` and releases the pending record.
int tg_download_begin(tg_device* dev, const void* src, size_t bytes, tg_pending** out);
int tg_pending_wait(tg_pending* p);
void tg_pending_finish(tg_pending* p, void* dst);
int tg_synchronize(tg_device* dev);
// 1 when cuBLAS was found (dlopen) and is used for MatMul.
int tg_has_cublas(tg_device* dev);

// ---- kernels: float32 unless said otherwise; all enqueue without synchronising ----
typedef struct {
  int rank;
  int64_t dims[TG_MAX_RANK];
} tg_shape;

typedef struct {
  int64_t s[TG_MAX_RANK];  // element strides per output dim (0: broadcast)
} tg_strides;

enum tg_unary_op {
  TG_NEG, TG_ABS, TG_EXP, TG_LOG, TG_SQRT, TG_RSQRT, TG_SQUARE, TG_TANH, TG_SIGMOID,
  TG_RELU, TG_RELU6, TG_FLOOR, TG_CEIL, TG_SIN, TG_COS, TG_RECIPROCAL, TG_SIGN,
  TG_SOFTPLUS, TG_ELU, TG_LOG1P, TG_EXPM1, TG_ROUND, TG_SELU, TG_ERF, TG_UNARY_COUNT
};
enum tg_binary_op {
  TG_ADD, TG_SUB, TG_MUL, TG_DIV, TG_MAXIMUM, TG_MINIMUM, TG_POW, TG_SQUARED_DIFFERENCE,
  TG_FLOOR_DIV, TG_FLOOR_MOD, TG_DIV_NO_NAN,
  // comparisons write uint8 (bool)
  TG_LESS, TG_LESS_EQUAL, TG_GREATER, TG_GREATER_EQUAL, TG_EQUAL, TG_NOT_EQUAL,
  TG_BINARY_COUNT
};
enum tg_dtype { TG_F32 = 0, TG_I32 = 1, TG_I64 = 2, TG_BOOL = 3, TG_DTYPE_COUNT };
enum tg_reduce_op { TG_SUM, TG_MEAN, TG_MAX, TG_MIN, TG_PROD, TG_REDUCE_COUNT };

int tg_unary(tg_device* dev, int op, const float* x, float* y, int64_t n);
// out[i] = a[offset_a(i)] op b[offset_b(i)] over `out` (strides give each input's
// broadcast layout).
int tg_binary(tg_device* dev, int op, const float* a, const float* b, void* out, const tg_shape* shape,
              const tg_strides* sa, const tg_strides* sb);
// out[i] = cond[..] ? t[..] : e[..] for 4-byte elements.
int tg_select(tg_device* dev, const uint8_t* cond, const void* t, const void* e, void* out,
              const tg_shape* shape, const tg_strides* sc, const tg_strides* st, const tg_strides* se);
int tg_cast(tg_device* dev, int from, int to, const void* x, void* y, int64_t n);
// Copies a region: out[obase + sum(i_d*os_d)] = in[ibase + sum(i_d*is_d)], elements of
// `elem_size` bytes (1, 4 or 8). Transpose, Slice, StridedSlice, Concat, Pad use it.
int tg_strided_copy(tg_device* dev, size_t elem_size, const void* in, int64_t ibase, const tg_strides* is,
                    void* out, int64_t obase, const tg_strides* os, const tg_shape* region);
int tg_fill(tg_device* dev, size_t elem_size, void* out, int64_t n, uint64_t bits);
// out[b, o, j, i] = params[b, o, idx[b, j], i] (zeros for an index outside [0, axis)), TF's
// GPU rule; b runs over the batch_dims.
int tg_gather(tg_device* dev, size_t elem_size, const void* params, const void* indices, int index_is_64,
              void* out, int64_t batch, int64_t outer, int64_t axis, int64_t n_indices, int64_t inner);
// C[b] = op(A[b]) x op(B[b]) row-major; a_off/b_off: element offset of each batch's matrix.
typedef struct {
  int64_t m, n, k;
  int trans_a, trans_b;
  int64_t batch;
  // batch broadcasting: the batch index decomposed over `batch_shape`, strides per side
  tg_shape batch_shape;
  tg_strides a_batch, b_batch;
} tg_matmul_params;
int tg_matmul(tg_device* dev, const float* a, const float* b, float* c, const tg_matmul_params* p,
              int allow_cublas);
typedef struct {
  int64_t n, h, w, c;     // input
  int64_t kh, kw, oc;     // filter [kh, kw, c, oc] (depthwise: [kh, kw, c, multiplier])
  int64_t groups;         // conv: input channels are groups * c
  int64_t oh, ow;
  int64_t stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
  int64_t in_s[4];        // input strides for n, h, w, c
  int64_t out_s[4];       // output strides for n, oh, ow, channel
} tg_conv_params;
int tg_conv2d(tg_device* dev, const float* x, const float* f, float* y, const tg_conv_params* p);
int tg_depthwise_conv2d(tg_device* dev, const float* x, const float* f, float* y, const tg_conv_params* p);
// Pooling: kh/kw is the window; is_max: max pool, else average over the in-bounds cells.
int tg_pool2d(tg_device* dev, int is_max, const float* x, float* y, const tg_conv_params* p);
// Reduction: out has `kept` dims (strides into the input per kept dim); each output
// element reduces over `reduced` dims (strides into the input per reduced dim).
int tg_reduce(tg_device* dev, int op, const float* x, float* y, const tg_shape* kept, const tg_strides* ks,
              const tg_shape* reduced, const tg_strides* rs);
int tg_softmax(tg_device* dev, int log_softmax, const float* x, float* y, int64_t rows, int64_t cols);
// y = (x - mean[c]) * rsqrt(var[c] + eps) * scale[c] + offset[c]; c = (i / inner) % channels.
int tg_batch_norm(tg_device* dev, const float* x, const float* scale, const float* offset, const float* mean,
                  const float* var, float eps, float* y, int64_t n, int64_t channels, int64_t inner);

#ifdef __cplusplus
}
#endif
