// Device contexts: discovery, the caching allocator, pinned staging, the stream, and
// cuBLAS found with dlopen at first use (never linked).
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <algorithm>
#include "tg_device.h"

extern "C" int tg_device_count(int* count) {
  *count = 0;
  cudaError_t e = cudaGetDeviceCount(count);
  if (e != cudaSuccess) {
    *count = 0;
    cudaGetLastError();  // clear the sticky-free error so later calls report afresh
  }
  return (int)e;
}

extern "C" const char* tg_error_name(int code) {
  if (code == TG_ERR_OUT_OF_MEMORY) return "tgErrorOutOfMemory";
  if (code == TG_ERR_BAD_ARGUMENT) return "tgErrorBadArgument";
  return cudaGetErrorName((cudaError_t)code);
}

extern "C" const char* tg_error_string(int code) {
  if (code == TG_ERR_OUT_OF_MEMORY) return "device memory limit reached";
  if (code == TG_ERR_BAD_ARGUMENT) return "bad argument";
  return cudaGetErrorString((cudaError_t)code);
}

extern "C" int tg_device_props(int ordinal, char* name, size_t name_len, size_t* total, size_t* free_,
                               int* major, int* minor) {
  cudaDeviceProp prop;
  cudaError_t e = cudaGetDeviceProperties(&prop, ordinal);
  if (e != cudaSuccess) return (int)e;
  strncpy(name, prop.name, name_len - 1);
  name[name_len - 1] = 0;
  *major = prop.major;
  *minor = prop.minor;
  *total = prop.totalGlobalMem;
  *free_ = 0;
  e = cudaSetDevice(ordinal);
  if (e != cudaSuccess) return (int)e;
  size_t f = 0, t = 0;
  e = cudaMemGetInfo(&f, &t);
  if (e == cudaSuccess) *free_ = f;
  return (int)e;
}

int tg_enter(tg_device* dev) {
  if (dev->emulated) return 0;
  return (int)cudaSetDevice(dev->ordinal);
}

extern "C" int tg_device_open(int ordinal, int emulated, size_t memory_limit, tg_device** out) {
  *out = nullptr;
  tg_device* dev = new tg_device();
  dev->ordinal = ordinal;
  dev->emulated = emulated != 0;
  dev->limit = memory_limit;
  if (!dev->emulated) {
    cudaError_t e = cudaSetDevice(ordinal);
    if (e == cudaSuccess) e = cudaStreamCreateWithFlags(&dev->stream, cudaStreamNonBlocking);
    if (e != cudaSuccess) {
      delete dev;
      return (int)e;
    }
  }
  *out = dev;
  return 0;
}

extern "C" int tg_device_is_emulated(const tg_device* dev) { return dev->emulated ? 1 : 0; }

// Sizes round up so freed blocks fit later requests: 512 B granules below 1 MiB, 2 MiB above.
static size_t round_size(size_t bytes) {
  if (bytes == 0) bytes = 1;
  const size_t g = bytes < (1u << 20) ? 512 : (2u << 20);
  return (bytes + g - 1) / g * g;
}

static void raw_free(tg_device* dev, void* p) {
  if (dev->emulated) free(p);
  else cudaFree(p);
}

extern "C" void tg_empty_cache(tg_device* dev) {
  tg_enter(dev);
  if (!dev->emulated) cudaStreamSynchronize(dev->stream);
  for (auto& kv : dev->free_blocks) raw_free(dev, kv.second);
  dev->free_blocks.clear();
  dev->cached = 0;
}

extern "C" int tg_alloc(tg_device* dev, size_t bytes, void** ptr) {
  *ptr = nullptr;
  const size_t size = round_size(bytes);
  // Reuse a cached block of exactly this rounded size (stream order makes reuse safe:
  // every kernel runs on the one stream, so earlier users finish first).
  auto it = dev->free_blocks.find(size);
  if (it != dev->free_blocks.end()) {
    *ptr = it->second;
    dev->free_blocks.erase(it);
    dev->cached -= size;
  } else {
    if (dev->limit != 0 && dev->in_use + dev->cached + size > dev->limit) tg_empty_cache(dev);
    if (dev->limit != 0 && dev->in_use + size > dev->limit) return TG_ERR_OUT_OF_MEMORY;
    int e = tg_enter(dev);
    if (e) return e;
    void* p = nullptr;
    if (dev->emulated) {
      p = malloc(size);
      if (!p) return TG_ERR_OUT_OF_MEMORY;
    } else {
      cudaError_t ce = cudaMalloc(&p, size);
      if (ce == cudaErrorMemoryAllocation) {
        cudaGetLastError();
        tg_empty_cache(dev);
        ce = cudaMalloc(&p, size);
      }
      if (ce == cudaErrorMemoryAllocation) {
        cudaGetLastError();
        return TG_ERR_OUT_OF_MEMORY;
      }
      if (ce != cudaSuccess) return (int)ce;
    }
    *ptr = p;
  }
  dev->live[*ptr] = size;
  dev->in_use += size;
  dev->peak = std::max(dev->peak, dev->in_use);
  return 0;
}

extern "C" int tg_free(tg_device* dev, void* ptr) {
  auto it = dev->live.find(ptr);
  if (it == dev->live.end()) return TG_ERR_BAD_ARGUMENT;
  dev->in_use -= it->second;
  dev->cached += it->second;
  dev->free_blocks.emplace(it->second, ptr);
  dev->live.erase(it);
  return 0;
}

extern "C" size_t tg_allocation_size(const tg_device* dev, const void* ptr) {
  auto it = dev->live.find(const_cast<void*>(ptr));
  return it == dev->live.end() ? 0 : it->second;
}

extern "C" void tg_memory_stats(const tg_device* dev, size_t* in_use, size_t* cached, size_t* limit,
                                size_t* peak) {
  *in_use = dev->in_use;
  *cached = dev->cached;
  *limit = dev->limit;
  *peak = dev->peak;
}

// ---- pinned staging ----
static size_t round_pow2(size_t n) {
  size_t p = 4096;
  while (p < n) p <<= 1;
  return p;
}

void* tg_pinned_acquire(tg_device* dev, size_t bytes, size_t* got) {
  std::lock_guard<std::mutex> lock(dev->staging_mutex);
  // Recycle upload blocks whose copies have finished.
  for (size_t i = 0; i < dev->staging_busy.size();) {
    auto& s = dev->staging_busy[i];
    if (cudaEventQuery(s.done) == cudaSuccess) {
      cudaEventDestroy(s.done);
      dev->staging_free.emplace(s.bytes, s.ptr);
      dev->staging_busy[i] = dev->staging_busy.back();
      dev->staging_busy.pop_back();
    } else {
      ++i;
    }
  }
  const size_t size = round_pow2(bytes);
  auto it = dev->staging_free.find(size);
  if (it != dev->staging_free.end()) {
    void* p = it->second;
    dev->staging_free.erase(it);
    *got = size;
    return p;
  }
  void* p = nullptr;
  if (cudaHostAlloc(&p, size, cudaHostAllocDefault) != cudaSuccess) {
    cudaGetLastError();
    return nullptr;
  }
  *got = size;
  return p;
}

void tg_pinned_release(tg_device* dev, void* ptr, size_t bytes) {
  std::lock_guard<std::mutex> lock(dev->staging_mutex);
  dev->staging_free.emplace(bytes, ptr);
}

extern "C" int tg_upload(tg_device* dev, void* dst, const void* src, size_t bytes) {
  if (bytes == 0) return 0;
  if (dev->emulated) {
    memcpy(dst, src, bytes);
    return 0;
  }
  int e = tg_enter(dev);
  if (e) return e;
  size_t got = 0;
  void* staging = tg_pinned_acquire(dev, bytes, &got);
  if (staging == nullptr) {
    // No pinned memory left: a synchronous pageable copy still works.
    return (int)cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice);
  }
  memcpy(staging, src, bytes);
  cudaError_t ce = cudaMemcpyAsync(dst, staging, bytes, cudaMemcpyHostToDevice, dev->stream);
  cudaEvent_t done;
  if (ce == cudaSuccess) ce = cudaEventCreateWithFlags(&done, cudaEventDisableTiming);
  if (ce == cudaSuccess) ce = cudaEventRecord(done, dev->stream);
  if (ce != cudaSuccess) return (int)ce;
  std::lock_guard<std::mutex> lock(dev->staging_mutex);
  dev->staging_busy.push_back({staging, got, done});
  return 0;
}

extern "C" int tg_memset(tg_device* dev, void* dst, int value, size_t bytes) {
  if (dev->emulated) {
    memset(dst, value, bytes);
    return 0;
  }
  int e = tg_enter(dev);
  if (e) return e;
  return (int)cudaMemsetAsync(dst, value, bytes, dev->stream);
}

struct tg_pending {
  tg_device* dev;
  void* staging;
  size_t staging_bytes;
  size_t bytes;
  cudaEvent_t done;
  bool pinned;
};

extern "C" int tg_download_begin(tg_device* dev, const void* src, size_t bytes, tg_pending** out) {
  *out = nullptr;
  tg_pending* p = new tg_pending{dev, nullptr, 0, bytes, nullptr, false};
  if (dev->emulated || bytes == 0) {
    p->staging = malloc(bytes == 0 ? 1 : bytes);
    if (bytes) memcpy(p->staging, src, bytes);
    *out = p;
    return 0;
  }
  int e = tg_enter(dev);
  if (e) {
    delete p;
    return e;
  }
  p->staging = tg_pinned_acquire(dev, bytes, &p->staging_bytes);
  if (p->staging == nullptr) {
    delete p;
    return TG_ERR_OUT_OF_MEMORY;
  }
  p->pinned = true;
  cudaError_t ce = cudaMemcpyAsync(p->staging, src, bytes, cudaMemcpyDeviceToHost, dev->stream);
  if (ce == cudaSuccess) ce = cudaEventCreateWithFlags(&p->done, cudaEventDisableTiming);
  if (ce == cudaSuccess) ce = cudaEventRecord(p->done, dev->stream);
  if (ce != cudaSuccess) {
    tg_pinned_release(dev, p->staging, p->staging_bytes);
    delete p;
    return (int)ce;
  }
  *out = p;
  return 0;
}

extern "C" int tg_pending_wait(tg_pending* p) {
  if (!p->pinned) return 0;
  return (int)cudaEventSynchronize(p->done);
}

extern "C" void tg_pending_finish(tg_pending* p, void* dst) {
  if (dst != nullptr && p->bytes) memcpy(dst, p->staging, p->bytes);
  if (p->pinned) {
    cudaEventDestroy(p->done);
    tg_pinned_release(p->dev, p->staging, p->staging_bytes);
  } else {
    free(p->staging);
  }
  delete p;
}

extern "C" int tg_synchronize(tg_device* dev) {
  if (dev->emulated) return 0;
  int e = tg_enter(dev);
  if (e) return e;
  return (int)cudaStreamSynchronize(dev->stream);
}

// ---- cuBLAS through dlopen ----
typedef int (*cublasCreate_t)(void**);
typedef int (*cublasDestroy_t)(void*);
typedef int (*cublasSetStream_t)(void*, cudaStream_t);
typedef int (*cublasSgemmStridedBatched_t)(void*, int, int, int, int, int, const float*, const float*, int,
                                           long long, const float*, int, long long, const float*, float*, int,
                                           long long, int);

struct tg_cublas {
  void* lib;
  void* handle;
  cublasDestroy_t destroy;
  cublasSgemmStridedBatched_t sgemm_strided;
};

static tg_cublas* load_cublas(tg_device* dev) {
  if (dev->cublas_tried) return dev->cublas;
  dev->cublas_tried = true;
  if (getenv("TG_CUDA_NO_CUBLAS") != nullptr) return nullptr;
  const char* names[] = {getenv("TG_CUBLAS_PATH"), "libcublas.so.13", "libcublas.so.12", "libcublas.so"};
  void* lib = nullptr;
  for (const char* n : names) {
    if (n != nullptr && (lib = dlopen(n, RTLD_NOW | RTLD_LOCAL)) != nullptr) break;
  }
  // A toolkit installed where the loader does not look (its lib64 is often not on the
  // library path): try the usual install folders before giving up.
  const char* roots[] = {getenv("CUDA_HOME"), getenv("CUDA_PATH"), "/usr/local/cuda"};
  const char* subdirs[] = {"lib64", "targets/x86_64-linux/lib", "targets/sbsa-linux/lib"};
  const char* versions[] = {"13", "12"};
  for (const char* root : roots) {
    for (const char* sub : subdirs) {
      for (const char* v : versions) {
        if (lib != nullptr || root == nullptr) break;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/libcublas.so.%s", root, sub, v);
        lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
      }
    }
  }
  if (lib == nullptr) return nullptr;
  auto create = (cublasCreate_t)dlsym(lib, "cublasCreate_v2");
  auto set_stream = (cublasSetStream_t)dlsym(lib, "cublasSetStream_v2");
  auto destroy = (cublasDestroy_t)dlsym(lib, "cublasDestroy_v2");
  auto sgemm = (cublasSgemmStridedBatched_t)dlsym(lib, "cublasSgemmStridedBatched");
  void* handle = nullptr;
  if (!create || !set_stream || !destroy || !sgemm || create(&handle) != 0) {
    dlclose(lib);
    return nullptr;
  }
  set_stream(handle, dev->stream);
  dev->cublas = new tg_cublas{lib, handle, destroy, sgemm};
  return dev->cublas;
}

extern "C" int tg_has_cublas(tg_device* dev) {
  if (dev->emulated) return 0;
  tg_enter(dev);
  return load_cublas(dev) != nullptr ? 1 : 0;
}

bool tg_cublas_sgemm_strided(tg_device* dev, int trans_b, int trans_a, int64_t n, int64_t m, int64_t k,
                             const float* b, int64_t ldb, int64_t stride_b, const float* a, int64_t lda,
                             int64_t stride_a, float* c, int64_t ldc, int64_t stride_c, int64_t batch,
                             int* status) {
  tg_cublas* cb = load_cublas(dev);
  if (cb == nullptr) return false;
  const float one = 1.0f, zero = 0.0f;
  // CUBLAS_OP_N = 0, CUBLAS_OP_T = 1.
  *status = cb->sgemm_strided(cb->handle, trans_b, trans_a, (int)n, (int)m, (int)k, &one, b, (int)ldb,
                              stride_b, a, (int)lda, stride_a, &zero, c, (int)ldc, stride_c, (int)batch);
  return true;
}

extern "C" void tg_device_close(tg_device* dev) {
  if (dev == nullptr) return;
  tg_enter(dev);
  if (!dev->emulated && dev->stream) cudaStreamSynchronize(dev->stream);
  for (auto& kv : dev->live) raw_free(dev, kv.first);
  dev->live.clear();
  tg_empty_cache(dev);
  for (auto& s : dev->staging_busy) {
    cudaEventSynchronize(s.done);
    cudaEventDestroy(s.done);
    cudaFreeHost(s.ptr);
  }
  for (auto& kv : dev->staging_free) cudaFreeHost(kv.second);
  if (dev->cublas) {
    dev->cublas->destroy(dev->cublas->handle);
    delete dev->cublas;  // the library stays loaded: unloading cuBLAS mid-process is unsafe
  }
  if (dev->stream) cudaStreamDestroy(dev->stream);
  delete dev;
}
