/** WGSL helpers that give TF's answers where WGSL's builtins leave cases undefined. */
export const MATH_PRELUDE = `
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn nan_f32() -> f32 { return bitcast<f32>(tg_bits(0x7fc00000u)); }
fn inf_f32() -> f32 { return bitcast<f32>(tg_bits(0x7f800000u)); }
fn neg_inf_f32() -> f32 { return bitcast<f32>(tg_bits(0xff800000u)); }
fn is_pos_inf(x: f32) -> bool { return bitcast<u32>(x) == 0x7f800000u; }
fn is_neg_inf(x: f32) -> bool { return bitcast<u32>(x) == 0xff800000u; }
// WGSL leaves exp and log of NaN, infinities, overflow and log's poles to the
// implementation (SwiftShader: exp(NaN) = +Inf, log(-1) finite): TF's answers, explicitly.
fn tf_exp(x: f32) -> f32 {
  if (is_nan(x)) { return nan_f32(); }
  if (x > 88.72283172607422) { return inf_f32(); }
  if (x < -104.0) { return 0.0; }
  return exp(x);
}
fn tf_log(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return neg_inf_f32(); }
  if (is_pos_inf(x)) { return x; }
  return log(x);
}
// Sign flip by bit: WGSL's negation may flush subnormals, TF's Neg keeps them.
fn neg_bits(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ 0x80000000u); }
fn abs_bits(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0x7fffffffu); }
fn ftz(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  return select(x, bitcast<f32>(b & 0x80000000u), (b & 0x7f800000u) == 0u);
}
// Ties (0 and -0) give b, as TF's CPU does; integer order keeps compilers from using fmax.
fn f_ord(x: f32) -> i32 { let b = bitcast<i32>(x); return select(b, i32(-2147483648) - b, b < 0); }
fn tf_max(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan_f32(); } if (f_ord(a) > f_ord(b) && a != b) { return a; } return b; }
fn tf_min(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return nan_f32(); } if (f_ord(a) < f_ord(b) && a != b) { return a; } return b; }
fn tf_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (abs(x) > 9.0) { return sign(x); }
  let e = tf_exp(2.0 * x);
  return (e - 1.0) / (e + 1.0);
}
fn tf_sigmoid(x: f32) -> f32 {
  if (is_nan(x)) { return nan_f32(); }
  if (x >= 0.0) { return 1.0 / (1.0 + tf_exp(-x)); }
  let e = tf_exp(x);
  return e / (1.0 + e);
}
fn tf_log1p(x: f32) -> f32 {
  if (is_nan(x) || x < -1.0) { return nan_f32(); }
  if (x == -1.0) { return neg_inf_f32(); }
  if (is_pos_inf(x)) { return x; }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (x > 1e4) { return log(u); }
  return log(u) * x / (u - 1.0);
}
fn tf_expm1(x: f32) -> f32 {
  if (is_nan(x)) { return nan_f32(); }
  if (abs(x) < 1e-5) { return x + 0.5 * x * x; }
  if (x > 88.0) { return inf_f32(); }
  let u = tf_exp(x);
  if (u - 1.0 == -1.0) { return -1.0; }
  return (u - 1.0) * x / log(u);
}
fn tf_sign(x: f32) -> f32 { if (is_nan(x)) { return x; } if (x == 0.0) { return 0.0; } return select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0); }
fn tf_softplus(x: f32) -> f32 {
  if (is_nan(x)) { return nan_f32(); }
  if (x > 15.942385) { return x; }
  if (x < -15.942385) { return tf_exp(x); }
  return log(1.0 + exp(x));
}
fn tf_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  if (abs(b) == inf_f32()) {
    if (abs(a) == 1.0) { return 1.0; }
    return select(0.0, inf_f32(), (abs(a) > 1.0) == (b > 0.0));
  }
  if (abs(a) == inf_f32()) {
    let odd = floor(b) == b && abs(b) < 16777216.0 && (i32(b) & 1) == 1;
    let mag = select(0.0, inf_f32(), b > 0.0);
    return select(mag, -mag, a < 0.0 && odd);
  }
  if (a == 0.0) {
    if (b < 0.0) { return inf_f32(); }
    return 0.0;
  }
  let m = pow(abs(a), b);
  if (a > 0.0) { return m; }
  if (floor(b) != b) { return nan_f32(); }
  if (abs(b) < 16777216.0 && (i32(b) & 1) == 1) { return -m; }
  return m;
}
fn keep_sign(r: f32, x: f32) -> f32 { return select(r, bitcast<f32>(bitcast<u32>(x) & 0x80000000u), r == 0.0); }
fn tf_round(x: f32) -> f32 {
  let r = floor(x);
  let d = x - r;
  if (d > 0.5) { return keep_sign(r + 1.0, x); }
  if (d < 0.5) { return keep_sign(r, x); }
  return keep_sign(select(r + 1.0, r, r - 2.0 * floor(r * 0.5) == 0.0), x);
}
fn i_sign(x: i32) -> i32 { return select(select(0, -1, x < 0), 1, x > 0); }
fn i_max(a: i32, b: i32) -> i32 { return select(b, a, a > b); }
fn i_min(a: i32, b: i32) -> i32 { return select(b, a, a < b); }
`;
