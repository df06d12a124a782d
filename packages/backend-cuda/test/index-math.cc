// Host check of the kernels' index arithmetic (native/tg_index.h), built with plain g++ so it
// runs wherever a C++ compiler does, GPU or not. Prints "ok N" or the first mismatch.
#include <cstdio>
#include "tg_index.h"

static int checks = 0;
#define EXPECT_EQ(a, b)                                                                   \
  do {                                                                                    \
    ++checks;                                                                             \
    long long x_ = (long long)(a), y_ = (long long)(b);                                   \
    if (x_ != y_) {                                                                       \
      std::printf("FAIL %s:%d %s = %lld, expected %lld\n", __FILE__, __LINE__, #a, x_, y_); \
      return 1;                                                                           \
    }                                                                                     \
  } while (0)

int main() {
  // Broadcasting [3] against [2,3]: element (1, 2) reads b[2].
  tg_shape s{2, {2, 3}};
  tg_strides a{{3, 1}}, b{{0, 1}};
  int64_t oa, ob;
  tg_offset2(5, s, a, b, &oa, &ob);
  EXPECT_EQ(oa, 5);
  EXPECT_EQ(ob, 2);
  // Transpose [2,3,4] -> perm [2,0,1]: output (k, i, j) reads input (i, j, k).
  tg_shape t{3, {4, 2, 3}};
  tg_strides ts{{1, 12, 4}};
  for (int64_t k = 0; k < 4; ++k)
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 3; ++j) EXPECT_EQ(tg_offset((k * 2 + i) * 3 + j, t, ts), i * 12 + j * 4 + k);
  // A negative stride (x[::-1]) from base 4.
  tg_shape r{1, {5}};
  tg_strides rs{{-1}};
  EXPECT_EQ(4 + tg_offset(0, r, rs), 4);
  EXPECT_EQ(4 + tg_offset(4, r, rs), 0);
  EXPECT_EQ(tg_numel(t), 24);
  // Conv SAME 3x3 stride 2 on a 1x5x5x2 NHWC input.
  // Output (0,1,2) tap (kh 0, kw 1, c 1) reads input row 1, col 4, channel 1; tap kw 2 falls
  // in the right padding, as does tap (0, 0, 0) of output (0, 0).
  tg_conv_params p{};
  p.n = 1; p.h = 5; p.w = 5; p.c = 2; p.kh = 3; p.kw = 3; p.oc = 4; p.oh = 3; p.ow = 3;
  p.stride_h = 2; p.stride_w = 2; p.dil_h = 1; p.dil_w = 1; p.pad_top = 1; p.pad_left = 1;
  p.in_s[0] = 50; p.in_s[1] = 10; p.in_s[2] = 2; p.in_s[3] = 1;
  p.out_s[0] = 36; p.out_s[1] = 12; p.out_s[2] = 4; p.out_s[3] = 1;
  const int64_t m = 1 * 3 + 2, k = (0 * 3 + 1) * 2 + 1;
  EXPECT_EQ(tg_conv_a_offset(p, m, k), 1 * 10 + 4 * 2 + 1);
  EXPECT_EQ(tg_conv_a_offset(p, m, (0 * 3 + 2) * 2 + 1), -1);
  EXPECT_EQ(tg_conv_a_offset(p, 0, 0), -1);
  EXPECT_EQ(tg_conv_out_offset(p, m, 3), 12 + 2 * 4 + 3);
  // Dilation 2 moves the tap by 2 cells.
  EXPECT_EQ(tg_window_in(1, 2, 1, 2, 0), 5);
  std::printf("ok %d\n", checks);
  return 0;
}
