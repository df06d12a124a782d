// Golden vectors that pass on Dawn in Node but not on Chromium's SwiftShader adapter, which
// WGSL allows: its builtins give indeterminate values for NaN inputs and for log of negative
// numbers, and it may flush subnormals. Each is a backend change to make (explicit NaN and
// sign guards, a sign-bit Neg), not a tolerance: the test fails when this list stops
// matching, so a fix must remove its entries.
const EXP_NAN = 'exp(NaN) gives +Inf, not NaN';
const LOG_NAN = 'log of NaN, -Inf and negative numbers gives finite values, not NaN';

/** `file index Op (note)` -> what SwiftShader does differently. */
export const SWIFTSHADER_DIVERGENCES: Readonly<Record<string, string>> = {
  'edges-elementwise.json 61 Exp (nan inf)': EXP_NAN,
  'edges-elementwise.json 67 Log (nan inf)': LOG_NAN,
  'edges-elementwise.json 73 Log1p (nan inf)': LOG_NAN,
  'edges-elementwise.json 136 Softplus (nan inf)': EXP_NAN,
  'edges-nn.json 2 Softmax (nan inf rows)': `rows with NaN or +Inf: ${EXP_NAN}`,
  'edges-nn.json 5 LogSoftmax (nan inf rows)': `rows with NaN or +Inf: ${EXP_NAN}`,
  'math-compare.json 100 NotEqual (grid float32)': 'NaN != x is false (an ordered compare)',
  'math-nn.json 34 Softplus (float32)': EXP_NAN,
  'math-nn.json 203 Softmax (float32 specials)': `a row with NaN: ${EXP_NAN}`,
  'math-nn.json 226 LogSoftmax (float32 specials)': `a row with NaN: ${EXP_NAN}`,
  'math-unary.json 20 Neg (specials float32)': 'subnormals flushed to zero',
  'math-unary.json 136 Exp (specials float32)': EXP_NAN,
  'math-unary.json 160 Log (specials float32)': LOG_NAN,
  'math-unary.json 172 Log1p (specials float32)': LOG_NAN,
};
