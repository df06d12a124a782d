// The Node-API face of the CUDA runtime in tg_cuda.h. Every argument is checked here
// before anything reaches CUDA: wrong types are TypeErrors; unknown devices, addresses that
// are not live allocations, and sizes that would read or write past an allocation are
// RangeErrors. A bad call throws; it never reaches the GPU.
#include <napi.h>
#include <stdint.h>
#include <string>
#include <vector>
#include "tg_cuda.h"

namespace {

std::vector<tg_device*> g_devices;  // id - 1 -> device (nullptr once closed)

[[noreturn]] void throwType(Napi::Env env, const std::string& msg) {
  throw Napi::TypeError::New(env, msg);
}
[[noreturn]] void throwRange(Napi::Env env, const std::string& msg) {
  throw Napi::RangeError::New(env, msg);
}

// A CUDA (or allocator) failure as an Error carrying the CUDA error name.
[[noreturn]] void throwStatus(Napi::Env env, int code, const std::string& what, size_t bytes = 0) {
  std::string name = tg_error_name(code);
  Napi::Error err = Napi::Error::New(env, what + " failed: " + name + " (" + std::to_string(code) + "): " +
                                              tg_error_string(code));
  err.Set("cudaError", Napi::String::New(env, name));
  err.Set("cudaCode", Napi::Number::New(env, code));
  if (code == TG_ERR_OUT_OF_MEMORY) {
    err.Set("code", Napi::String::New(env, "RESOURCE_EXHAUSTED"));
    err.Set("bytes", Napi::Number::New(env, (double)bytes));
  }
  throw err;
}

void check(Napi::Env env, int code, const char* what) {
  if (code != 0) throwStatus(env, code, what);
}

void need(const Napi::CallbackInfo& info, size_t n, const char* fn) {
  if (info.Length() < n)
    throwType(info.Env(), std::string(fn) + " expects " + std::to_string(n) + " arguments, got " +
                              std::to_string(info.Length()));
}

int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t lo = 0,
               int64_t hi = INT64_MAX) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) throwType(info.Env(), std::string(name) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != (double)(int64_t)d) throwRange(info.Env(), std::string(name) + " must be an integer");
  int64_t x = (int64_t)d;
  if (x < lo || x > hi)
    throwRange(info.Env(), std::string(name) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                               "], got " + std::to_string(x));
  return x;
}

tg_device* deviceArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) throwType(info.Env(), "device must be a device id (number)");
  double d = v.As<Napi::Number>().DoubleValue();
  size_t id = (size_t)d;
  if (d != (double)id || id == 0 || id > g_devices.size() || g_devices[id - 1] == nullptr)
    throwRange(info.Env(), "unknown or closed device id " + v.ToString().Utf8Value());
  return g_devices[id - 1];
}

// A device address (BigInt) that must be a live allocation of `dev` of at least `bytes`.
void* addrArg(const Napi::CallbackInfo& info, size_t i, tg_device* dev, const char* name, int64_t bytes) {
  Napi::Value v = info[i];
  if (!v.IsBigInt()) throwType(info.Env(), std::string(name) + " must be a device address (bigint)");
  bool lossless = true;
  uint64_t a = v.As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless || a == 0) throwRange(info.Env(), std::string(name) + " is a null or invalid address");
  void* p = (void*)(uintptr_t)a;
  size_t size = tg_allocation_size(dev, p);
  if (size == 0) throwRange(info.Env(), std::string(name) + " is not a live allocation of this device");
  if (bytes < 0 || (uint64_t)bytes > size)
    throwRange(info.Env(), std::string(name) + " needs " + std::to_string(bytes) + " bytes, allocation has " +
                               std::to_string(size));
  return p;
}

// An int array argument (JS array of numbers) of at most `max` entries.
std::vector<int64_t> intsArg(const Napi::CallbackInfo& info, size_t i, const char* name, size_t max = TG_MAX_RANK) {
  Napi::Value v = info[i];
  if (!v.IsArray()) throwType(info.Env(), std::string(name) + " must be an array of integers");
  Napi::Array arr = v.As<Napi::Array>();
  if (arr.Length() > max)
    throwRange(info.Env(), std::string(name) + " has " + std::to_string(arr.Length()) + " entries, at most " +
                               std::to_string(max));
  std::vector<int64_t> out;
  for (uint32_t k = 0; k < arr.Length(); ++k) {
    Napi::Value e = arr.Get(k);
    if (!e.IsNumber()) throwType(info.Env(), std::string(name) + " must be an array of integers");
    double d = e.As<Napi::Number>().DoubleValue();
    if (d != (double)(int64_t)d) throwRange(info.Env(), std::string(name) + " must hold integers");
    out.push_back((int64_t)d);
  }
  return out;
}

tg_shape shapeArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  std::vector<int64_t> d = intsArg(info, i, name);
  tg_shape s{};
  s.rank = (int)d.size();
  for (size_t k = 0; k < d.size(); ++k) {
    if (d[k] < 0) throwRange(info.Env(), std::string(name) + " has a negative dimension");
    s.dims[k] = d[k];
  }
  return s;
}

tg_strides stridesArg(const Napi::CallbackInfo& info, size_t i, const char* name, int rank) {
  std::vector<int64_t> d = intsArg(info, i, name);
  if ((int)d.size() != rank)
    throwRange(info.Env(), std::string(name) + " has " + std::to_string(d.size()) + " strides for rank " +
                               std::to_string(rank));
  tg_strides s{};
  for (size_t k = 0; k < d.size(); ++k) s.s[k] = d[k];
  return s;
}

int64_t numel(const tg_shape& s) {
  int64_t n = 1;
  for (int d = 0; d < s.rank; ++d) n *= s.dims[d];
  return n;
}

// The element span [lo, hi] that base + sum(i_d * s_d) covers over `shape`; empty -> hi < lo.
void span(const tg_shape& shape, const tg_strides& st, int64_t base, int64_t* lo, int64_t* hi) {
  *lo = base;
  *hi = base;
  if (numel(shape) == 0) {
    *hi = base - 1;
    return;
  }
  for (int d = 0; d < shape.rank; ++d) {
    const int64_t e = (shape.dims[d] - 1) * st.s[d];
    if (e < 0) *lo += e;
    else *hi += e;
  }
}

// Bytes an operand needs so every offset of (shape, strides, base) is in bounds; throws on
// a negative offset.
int64_t spanBytes(Napi::Env env, const tg_shape& shape, const tg_strides& st, int64_t base, int64_t elem,
                  const char* name) {
  int64_t lo, hi;
  span(shape, st, base, &lo, &hi);
  if (hi < lo) return 0;
  if (lo < 0) throwRange(env, std::string(name) + " would be read before its start");
  return (hi + 1) * elem;
}

// ---------------- device management ----------------

Napi::Value DeviceCount(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int count = 0;
  int code = tg_device_count(&count);
  Napi::Object o = Napi::Object::New(env);
  o.Set("count", count);
  o.Set("code", code);
  o.Set("error", code == 0 ? env.Null() : Napi::String::New(env, tg_error_name(code)));
  o.Set("message", code == 0 ? env.Null() : Napi::String::New(env, tg_error_string(code)));
  return o;
}

Napi::Value DeviceProps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 1, "deviceProps");
  int ordinal = (int)intArg(info, 0, "ordinal", 0, 1 << 20);
  char name[256];
  size_t total = 0, free_ = 0;
  int major = 0, minor = 0;
  check(env, tg_device_props(ordinal, name, sizeof name, &total, &free_, &major, &minor), "cudaGetDeviceProperties");
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", name);
  o.Set("totalBytes", (double)total);
  o.Set("freeBytes", (double)free_);
  o.Set("major", major);
  o.Set("minor", minor);
  return o;
}

Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 3, "open");
  int ordinal = (int)intArg(info, 0, "ordinal", -1, 1 << 20);
  int64_t limit = intArg(info, 1, "memoryLimit", 0);
  if (!info[2].IsBoolean()) throwType(env, "emulated must be a boolean");
  bool emulated = info[2].As<Napi::Boolean>().Value();
  if (!emulated && ordinal < 0) throwRange(env, "ordinal must be >= 0 for a CUDA device");
  tg_device* dev = nullptr;
  check(env, tg_device_open(ordinal, emulated ? 1 : 0, (size_t)limit, &dev), "open device");
  g_devices.push_back(dev);
  return Napi::Number::New(env, (double)g_devices.size());
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  need(info, 1, "close");
  tg_device* dev = deviceArg(info, 0);
  for (auto& d : g_devices)
    if (d == dev) d = nullptr;
  tg_device_close(dev);
  return info.Env().Undefined();
}

Napi::Value Alloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 2, "alloc");
  tg_device* dev = deviceArg(info, 0);
  int64_t bytes = intArg(info, 1, "bytes", 0, (int64_t)1 << 50);
  void* p = nullptr;
  int code = tg_alloc(dev, (size_t)bytes, &p);
  if (code) throwStatus(env, code, "allocating " + std::to_string(bytes) + " bytes", (size_t)bytes);
  return Napi::BigInt::New(env, (uint64_t)(uintptr_t)p);
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  need(info, 2, "free");
  tg_device* dev = deviceArg(info, 0);
  void* p = addrArg(info, 1, dev, "address", 0);
  tg_free(dev, p);
  return info.Env().Undefined();
}

Napi::Value Upload(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 3, "upload");
  tg_device* dev = deviceArg(info, 0);
  if (!info[2].IsTypedArray()) throwType(env, "data must be a TypedArray");
  Napi::TypedArray ta = info[2].As<Napi::TypedArray>();
  const size_t bytes = ta.ByteLength();
  void* dst = addrArg(info, 1, dev, "address", (int64_t)bytes);
  const uint8_t* src = (const uint8_t*)ta.ArrayBuffer().Data() + ta.ByteOffset();
  check(env, tg_upload(dev, dst, src, bytes), "upload");
  return env.Undefined();
}

class DownloadWorker : public Napi::AsyncWorker {
 public:
  DownloadWorker(Napi::Env env, tg_pending* p, size_t bytes)
      : Napi::AsyncWorker(env), pending_(p), bytes_(bytes), deferred_(Napi::Promise::Deferred::New(env)) {}
  ~DownloadWorker() override {
    if (pending_) tg_pending_finish(pending_, nullptr);
  }
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { code_ = tg_pending_wait(pending_); }
  void OnOK() override {
    Napi::Env env = Env();
    if (code_ != 0) {
      std::string name = tg_error_name(code_);
      Napi::Error err = Napi::Error::New(env, "download failed: " + name + ": " + tg_error_string(code_));
      err.Set("cudaError", Napi::String::New(env, name));
      deferred_.Reject(err.Value());
      return;
    }
    Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, bytes_);
    tg_pending_finish(pending_, buf.Data());
    pending_ = nullptr;
    deferred_.Resolve(buf);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  tg_pending* pending_;
  size_t bytes_;
  int code_ = 0;
  Napi::Promise::Deferred deferred_;
};

Napi::Value Download(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 3, "download");
  tg_device* dev = deviceArg(info, 0);
  int64_t bytes = intArg(info, 2, "bytes", 0, (int64_t)1 << 50);
  void* src = addrArg(info, 1, dev, "address", bytes);
  tg_pending* p = nullptr;
  check(env, tg_download_begin(dev, src, (size_t)bytes, &p), "download");
  auto* w = new DownloadWorker(env, p, (size_t)bytes);
  Napi::Promise promise = w->Promise();
  w->Queue();
  return promise;
}

class SyncWorker : public Napi::AsyncWorker {
 public:
  SyncWorker(Napi::Env env, tg_device* dev)
      : Napi::AsyncWorker(env), dev_(dev), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { code_ = tg_synchronize(dev_); }
  void OnOK() override {
    if (code_ == 0) {
      deferred_.Resolve(Env().Undefined());
      return;
    }
    Napi::Error err = Napi::Error::New(Env(), std::string("synchronize failed: ") + tg_error_name(code_));
    err.Set("cudaError", Napi::String::New(Env(), tg_error_name(code_)));
    deferred_.Reject(err.Value());
  }

 private:
  tg_device* dev_;
  int code_ = 0;
  Napi::Promise::Deferred deferred_;
};

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  need(info, 1, "synchronize");
  auto* w = new SyncWorker(info.Env(), deviceArg(info, 0));
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 1, "memoryStats");
  tg_device* dev = deviceArg(info, 0);
  size_t in_use, cached, limit, peak;
  tg_memory_stats(dev, &in_use, &cached, &limit, &peak);
  Napi::Object o = Napi::Object::New(env);
  o.Set("inUse", (double)in_use);
  o.Set("cached", (double)cached);
  o.Set("limit", (double)limit);
  o.Set("peak", (double)peak);
  return o;
}

Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  need(info, 1, "emptyCache");
  tg_empty_cache(deviceArg(info, 0));
  return info.Env().Undefined();
}

Napi::Value HasCublas(const Napi::CallbackInfo& info) {
  need(info, 1, "hasCublas");
  return Napi::Boolean::New(info.Env(), tg_has_cublas(deviceArg(info, 0)) != 0);
}

// ---------------- kernels ----------------

Napi::Value Unary(const Napi::CallbackInfo& info) {
  need(info, 5, "unary");
  tg_device* dev = deviceArg(info, 0);
  int op = (int)intArg(info, 1, "op", 0, TG_UNARY_COUNT - 1);
  int64_t n = intArg(info, 4, "n");
  auto x = (const float*)addrArg(info, 2, dev, "x", n * 4);
  auto y = (float*)addrArg(info, 3, dev, "y", n * 4);
  check(info.Env(), tg_unary(dev, op, x, y, n), "unary kernel");
  return info.Env().Undefined();
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 8, "binary");
  tg_device* dev = deviceArg(info, 0);
  int op = (int)intArg(info, 1, "op", 0, TG_BINARY_COUNT - 1);
  tg_shape shape = shapeArg(info, 5, "shape");
  tg_strides sa = stridesArg(info, 6, "aStrides", shape.rank);
  tg_strides sb = stridesArg(info, 7, "bStrides", shape.rank);
  auto a = (const float*)addrArg(info, 2, dev, "a", spanBytes(env, shape, sa, 0, 4, "a"));
  auto b = (const float*)addrArg(info, 3, dev, "b", spanBytes(env, shape, sb, 0, 4, "b"));
  void* out = addrArg(info, 4, dev, "out", numel(shape) * (op >= TG_LESS ? 1 : 4));
  check(env, tg_binary(dev, op, a, b, out, &shape, &sa, &sb), "binary kernel");
  return env.Undefined();
}

Napi::Value Select(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 9, "select");
  tg_device* dev = deviceArg(info, 0);
  tg_shape shape = shapeArg(info, 5, "shape");
  tg_strides sc = stridesArg(info, 6, "condStrides", shape.rank);
  tg_strides st = stridesArg(info, 7, "thenStrides", shape.rank);
  tg_strides se = stridesArg(info, 8, "elseStrides", shape.rank);
  auto c = (const uint8_t*)addrArg(info, 1, dev, "cond", spanBytes(env, shape, sc, 0, 1, "cond"));
  void* t = addrArg(info, 2, dev, "then", spanBytes(env, shape, st, 0, 4, "then"));
  void* e = addrArg(info, 3, dev, "else", spanBytes(env, shape, se, 0, 4, "else"));
  void* out = addrArg(info, 4, dev, "out", numel(shape) * 4);
  check(env, tg_select(dev, c, t, e, out, &shape, &sc, &st, &se), "select kernel");
  return env.Undefined();
}

int64_t dtypeSize(int dt) { return dt == TG_I64 ? 8 : dt == TG_BOOL ? 1 : 4; }

Napi::Value Cast(const Napi::CallbackInfo& info) {
  need(info, 6, "cast");
  tg_device* dev = deviceArg(info, 0);
  int from = (int)intArg(info, 1, "from", 0, TG_DTYPE_COUNT - 1);
  int to = (int)intArg(info, 2, "to", 0, TG_DTYPE_COUNT - 1);
  int64_t n = intArg(info, 5, "n");
  void* x = addrArg(info, 3, dev, "x", n * dtypeSize(from));
  void* y = addrArg(info, 4, dev, "y", n * dtypeSize(to));
  check(info.Env(), tg_cast(dev, from, to, x, y, n), "cast kernel");
  return info.Env().Undefined();
}

int64_t elemSizeArg(const Napi::CallbackInfo& info, size_t i) {
  int64_t e = intArg(info, i, "elemSize", 1, 8);
  if (e != 1 && e != 4 && e != 8) throwRange(info.Env(), "elemSize must be 1, 4 or 8");
  return e;
}

Napi::Value StridedCopy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 9, "stridedCopy");
  tg_device* dev = deviceArg(info, 0);
  int64_t es = elemSizeArg(info, 1);
  int64_t ibase = intArg(info, 3, "inBase");
  int64_t obase = intArg(info, 6, "outBase");
  tg_shape region = shapeArg(info, 8, "region");
  tg_strides is = stridesArg(info, 4, "inStrides", region.rank);
  tg_strides os = stridesArg(info, 7, "outStrides", region.rank);
  void* in = addrArg(info, 2, dev, "in", spanBytes(env, region, is, ibase, es, "in"));
  void* out = addrArg(info, 5, dev, "out", spanBytes(env, region, os, obase, es, "out"));
  check(env, tg_strided_copy(dev, (size_t)es, in, ibase, &is, out, obase, &os, &region), "copy kernel");
  return env.Undefined();
}

Napi::Value Fill(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 5, "fill");
  tg_device* dev = deviceArg(info, 0);
  int64_t es = elemSizeArg(info, 1);
  int64_t n = intArg(info, 3, "n");
  void* out = addrArg(info, 2, dev, "out", n * es);
  if (!info[4].IsBigInt()) throwType(env, "bits must be a bigint");
  bool lossless = true;
  uint64_t bits = info[4].As<Napi::BigInt>().Uint64Value(&lossless);
  check(env, tg_fill(dev, (size_t)es, out, n, bits), "fill kernel");
  return env.Undefined();
}

Napi::Value Gather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 11, "gather");
  tg_device* dev = deviceArg(info, 0);
  int64_t es = elemSizeArg(info, 1);
  if (!info[4].IsBoolean()) throwType(env, "index64 must be a boolean");
  bool is64 = info[4].As<Napi::Boolean>().Value();
  int64_t batch = intArg(info, 6, "batch"), outer = intArg(info, 7, "outer"), axis = intArg(info, 8, "axis"),
          n = intArg(info, 9, "n"), inner = intArg(info, 10, "inner");
  void* params = addrArg(info, 2, dev, "params", batch * outer * axis * inner * es);
  void* idx = addrArg(info, 3, dev, "indices", batch * n * (is64 ? 8 : 4));
  void* out = addrArg(info, 5, dev, "out", batch * outer * n * inner * es);
  check(env, tg_gather(dev, (size_t)es, params, idx, is64 ? 1 : 0, out, batch, outer, axis, n, inner),
        "gather kernel");
  return env.Undefined();
}

Napi::Object objArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsObject()) throwType(info.Env(), std::string(name) + " must be an object");
  return info[i].As<Napi::Object>();
}

int64_t field(Napi::Env env, Napi::Object o, const char* key, int64_t lo = 0) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) throwType(env, std::string(key) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != (double)(int64_t)d || (int64_t)d < lo) throwRange(env, std::string(key) + " is out of range");
  return (int64_t)d;
}

Napi::Value MatMul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 6, "matmul");
  tg_device* dev = deviceArg(info, 0);
  Napi::Object o = objArg(info, 4, "params");
  tg_matmul_params p{};
  p.m = field(env, o, "m");
  p.n = field(env, o, "n");
  p.k = field(env, o, "k");
  p.trans_a = o.Get("transA").ToBoolean().Value() ? 1 : 0;
  p.trans_b = o.Get("transB").ToBoolean().Value() ? 1 : 0;
  {
    Napi::Value bs = o.Get("batchShape");
    if (!bs.IsArray()) throwType(env, "batchShape must be an array");
    std::vector<int64_t> d;
    Napi::Array arr = bs.As<Napi::Array>();
    if (arr.Length() > TG_MAX_RANK) throwRange(env, "batchShape has too many dims");
    p.batch_shape.rank = (int)arr.Length();
    p.batch = 1;
    auto strides = [&](const char* key, tg_strides* s) {
      Napi::Value sv = o.Get(key);
      if (!sv.IsArray() || sv.As<Napi::Array>().Length() != arr.Length())
        throwRange(env, std::string(key) + " must have one stride per batch dim");
      for (uint32_t k = 0; k < arr.Length(); ++k) {
        Napi::Value e = sv.As<Napi::Array>().Get(k);
        if (!e.IsNumber()) throwType(env, std::string(key) + " must hold numbers");
        s->s[k] = (int64_t)e.As<Napi::Number>().DoubleValue();
        if (s->s[k] < 0) throwRange(env, std::string(key) + " must be non-negative");
      }
    };
    for (uint32_t k = 0; k < arr.Length(); ++k) {
      Napi::Value e = arr.Get(k);
      if (!e.IsNumber()) throwType(env, "batchShape must hold numbers");
      int64_t v = (int64_t)e.As<Napi::Number>().DoubleValue();
      if (v < 0) throwRange(env, "batchShape has a negative dim");
      p.batch_shape.dims[k] = v;
      p.batch *= v;
    }
    strides("aBatchStrides", &p.a_batch);
    strides("bBatchStrides", &p.b_batch);
  }
  tg_strides one{};
  auto batchSpan = [&](const tg_strides& s) {
    int64_t lo, hi;
    span(p.batch_shape, s, 0, &lo, &hi);
    (void)one;
    return hi < lo ? 0 : hi;
  };
  auto a = (const float*)addrArg(info, 1, dev, "a", p.batch ? (batchSpan(p.a_batch) + p.m * p.k) * 4 : 0);
  auto b = (const float*)addrArg(info, 2, dev, "b", p.batch ? (batchSpan(p.b_batch) + p.k * p.n) * 4 : 0);
  auto c = (float*)addrArg(info, 3, dev, "c", p.batch * p.m * p.n * 4);
  if (!info[5].IsBoolean()) throwType(env, "allowCublas must be a boolean");
  check(env, tg_matmul(dev, a, b, c, &p, info[5].As<Napi::Boolean>().Value() ? 1 : 0), "matmul kernel");
  return env.Undefined();
}

tg_conv_params convArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  Napi::Object o = objArg(info, i, "params");
  tg_conv_params p{};
  p.n = field(env, o, "n");
  p.h = field(env, o, "h");
  p.w = field(env, o, "w");
  p.c = field(env, o, "c");
  p.kh = field(env, o, "kh");
  p.kw = field(env, o, "kw");
  p.oc = field(env, o, "oc");
  p.groups = o.Has("groups") ? field(env, o, "groups", 1) : 1;
  if (p.oc % p.groups != 0) throwRange(env, "oc must be a multiple of groups");
  p.oh = field(env, o, "oh");
  p.ow = field(env, o, "ow");
  p.stride_h = field(env, o, "strideH", 1);
  p.stride_w = field(env, o, "strideW", 1);
  p.dil_h = field(env, o, "dilationH", 1);
  p.dil_w = field(env, o, "dilationW", 1);
  p.pad_top = field(env, o, "padTop");
  p.pad_left = field(env, o, "padLeft");
  auto four = [&](const char* key, int64_t* dst) {
    Napi::Value v = o.Get(key);
    if (!v.IsArray() || v.As<Napi::Array>().Length() != 4) throwType(env, std::string(key) + " must be 4 strides");
    for (uint32_t k = 0; k < 4; ++k) {
      Napi::Value e = v.As<Napi::Array>().Get(k);
      if (!e.IsNumber()) throwType(env, std::string(key) + " must hold numbers");
      dst[k] = (int64_t)e.As<Napi::Number>().DoubleValue();
      if (dst[k] < 0) throwRange(env, std::string(key) + " must be non-negative");
    }
  };
  four("inStrides", p.in_s);
  four("outStrides", p.out_s);
  return p;
}

int64_t convInBytes(const tg_conv_params& p) {
  const int64_t c = p.c * (p.groups > 0 ? p.groups : 1);
  if (p.n == 0 || p.h == 0 || p.w == 0 || c == 0) return 0;
  return ((p.n - 1) * p.in_s[0] + (p.h - 1) * p.in_s[1] + (p.w - 1) * p.in_s[2] + (c - 1) * p.in_s[3] + 1) * 4;
}
int64_t convOutBytes(const tg_conv_params& p, int64_t channels) {
  if (p.n == 0 || p.oh == 0 || p.ow == 0 || channels == 0) return 0;
  return ((p.n - 1) * p.out_s[0] + (p.oh - 1) * p.out_s[1] + (p.ow - 1) * p.out_s[2] + (channels - 1) * p.out_s[3] +
          1) *
         4;
}

Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  need(info, 5, "conv2d");
  tg_device* dev = deviceArg(info, 0);
  tg_conv_params p = convArg(info, 4);
  auto x = (const float*)addrArg(info, 1, dev, "x", convInBytes(p));
  auto f = (const float*)addrArg(info, 2, dev, "filter", p.kh * p.kw * p.c * p.oc * 4);
  auto y = (float*)addrArg(info, 3, dev, "y", convOutBytes(p, p.oc));
  check(info.Env(), tg_conv2d(dev, x, f, y, &p), "conv2d kernel");
  return info.Env().Undefined();
}

Napi::Value DepthwiseConv2D(const Napi::CallbackInfo& info) {
  need(info, 5, "depthwiseConv2d");
  tg_device* dev = deviceArg(info, 0);
  tg_conv_params p = convArg(info, 4);
  auto x = (const float*)addrArg(info, 1, dev, "x", convInBytes(p));
  auto f = (const float*)addrArg(info, 2, dev, "filter", p.kh * p.kw * p.c * p.oc * 4);
  auto y = (float*)addrArg(info, 3, dev, "y", convOutBytes(p, p.c * p.oc));
  check(info.Env(), tg_depthwise_conv2d(dev, x, f, y, &p), "depthwise conv kernel");
  return info.Env().Undefined();
}

Napi::Value Pool2D(const Napi::CallbackInfo& info) {
  need(info, 5, "pool2d");
  tg_device* dev = deviceArg(info, 0);
  if (!info[1].IsBoolean()) throwType(info.Env(), "isMax must be a boolean");
  tg_conv_params p = convArg(info, 4);
  auto x = (const float*)addrArg(info, 2, dev, "x", convInBytes(p));
  auto y = (float*)addrArg(info, 3, dev, "y", convOutBytes(p, p.c));
  check(info.Env(), tg_pool2d(dev, info[1].As<Napi::Boolean>().Value() ? 1 : 0, x, y, &p), "pool kernel");
  return info.Env().Undefined();
}

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 8, "reduce");
  tg_device* dev = deviceArg(info, 0);
  int op = (int)intArg(info, 1, "op", 0, TG_REDUCE_COUNT - 1);
  tg_shape kept = shapeArg(info, 4, "keptShape");
  tg_strides ks = stridesArg(info, 5, "keptStrides", kept.rank);
  tg_shape red = shapeArg(info, 6, "reducedShape");
  tg_strides rs = stridesArg(info, 7, "reducedStrides", red.rank);
  int64_t kl, kh, rl, rh;
  span(kept, ks, 0, &kl, &kh);
  span(red, rs, 0, &rl, &rh);
  int64_t inBytes = (kh < kl || rh < rl || kl < 0 || rl < 0) ? 0 : (kh + rh + 1) * 4;
  auto x = (const float*)addrArg(info, 2, dev, "x", inBytes);
  auto y = (float*)addrArg(info, 3, dev, "y", numel(kept) * 4);
  check(env, tg_reduce(dev, op, x, y, &kept, &ks, &red, &rs), "reduce kernel");
  return env.Undefined();
}

Napi::Value Softmax(const Napi::CallbackInfo& info) {
  need(info, 6, "softmax");
  tg_device* dev = deviceArg(info, 0);
  if (!info[1].IsBoolean()) throwType(info.Env(), "log must be a boolean");
  int64_t rows = intArg(info, 4, "rows"), cols = intArg(info, 5, "cols");
  auto x = (const float*)addrArg(info, 2, dev, "x", rows * cols * 4);
  auto y = (float*)addrArg(info, 3, dev, "y", rows * cols * 4);
  check(info.Env(), tg_softmax(dev, info[1].As<Napi::Boolean>().Value() ? 1 : 0, x, y, rows, cols),
        "softmax kernel");
  return info.Env().Undefined();
}

Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need(info, 11, "batchNorm");
  tg_device* dev = deviceArg(info, 0);
  if (!info[6].IsNumber()) throwType(env, "epsilon must be a number");
  float eps = info[6].As<Napi::Number>().FloatValue();
  int64_t n = intArg(info, 8, "n"), ch = intArg(info, 9, "channels"), inner = intArg(info, 10, "inner", 1);
  if (ch == 0 && n != 0) throwRange(env, "channels must be > 0");
  auto x = (const float*)addrArg(info, 1, dev, "x", n * 4);
  auto scale = (const float*)addrArg(info, 2, dev, "scale", ch * 4);
  auto offset = (const float*)addrArg(info, 3, dev, "offset", ch * 4);
  auto mean = (const float*)addrArg(info, 4, dev, "mean", ch * 4);
  auto var = (const float*)addrArg(info, 5, dev, "variance", ch * 4);
  auto y = (float*)addrArg(info, 7, dev, "y", n * 4);
  check(env, tg_batch_norm(dev, x, scale, offset, mean, var, eps, y, n, ch, inner), "batch norm kernel");
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("deviceCount", Napi::Function::New(env, DeviceCount));
  exports.Set("deviceProps", Napi::Function::New(env, DeviceProps));
  exports.Set("open", Napi::Function::New(env, Open));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("alloc", Napi::Function::New(env, Alloc));
  exports.Set("free", Napi::Function::New(env, Free));
  exports.Set("upload", Napi::Function::New(env, Upload));
  exports.Set("download", Napi::Function::New(env, Download));
  exports.Set("synchronize", Napi::Function::New(env, Synchronize));
  exports.Set("memoryStats", Napi::Function::New(env, MemoryStats));
  exports.Set("emptyCache", Napi::Function::New(env, EmptyCache));
  exports.Set("hasCublas", Napi::Function::New(env, HasCublas));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("cast", Napi::Function::New(env, Cast));
  exports.Set("stridedCopy", Napi::Function::New(env, StridedCopy));
  exports.Set("fill", Napi::Function::New(env, Fill));
  exports.Set("gather", Napi::Function::New(env, Gather));
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("depthwiseConv2d", Napi::Function::New(env, DepthwiseConv2D));
  exports.Set("pool2d", Napi::Function::New(env, Pool2D));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  return exports;
}

}  // namespace

NODE_API_MODULE(tg_cuda, Init)
