// The device context behind tg_device (internal to the .cu files).
#pragma once
#include <cuda_runtime.h>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>
#include "tg_cuda.h"

struct tg_cublas;  // dlopen'd cuBLAS entry points and a handle

struct tg_device {
  int ordinal = -1;
  bool emulated = false;
  cudaStream_t stream = nullptr;
  size_t limit = 0;
  size_t in_use = 0;   // bytes handed out
  size_t cached = 0;   // bytes held in free lists
  size_t peak = 0;
  std::unordered_map<void*, size_t> live;          // ptr -> rounded size
  std::multimap<size_t, void*> free_blocks;         // rounded size -> ptr
  // Pinned staging blocks for uploads, returned once their copy's event completed.
  struct Staging { void* ptr; size_t bytes; cudaEvent_t done; };
  std::vector<Staging> staging_busy;
  std::multimap<size_t, void*> staging_free;
  std::mutex staging_mutex;
  tg_cublas* cublas = nullptr;
  bool cublas_tried = false;
};

// Makes the device current for this thread (no-op for emulation).
int tg_enter(tg_device* dev);
void* tg_pinned_acquire(tg_device* dev, size_t bytes, size_t* got);
void tg_pinned_release(tg_device* dev, void* ptr, size_t bytes);
// cuBLAS sgemm, column-major, or false when cuBLAS is unavailable.
bool tg_cublas_sgemm_strided(tg_device* dev, int trans_b, int trans_a, int64_t n, int64_t m, int64_t k,
                             const float* b, int64_t ldb, int64_t stride_b, const float* a, int64_t lda,
                             int64_t stride_a, float* c, int64_t ldc, int64_t stride_c, int64_t batch,
                             int* status);
