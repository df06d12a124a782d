// Golden vectors that pass on Dawn in Node but not on Chromium's SwiftShader adapter. WGSL
// leaves NaN and Inf results of builtins, NaN compares and subnormal handling to the
// implementation; the backend answers those cases outright (bit tests for NaN and Inf,
// sign-bit Neg), so none is left. An entry here is a backend change still to make, not a
// tolerance: the test fails when this list stops matching, so a fix must remove its entry.

/** `file index Op (note)` -> what SwiftShader does differently. */
export const SWIFTSHADER_DIVERGENCES: Readonly<Record<string, string>> = {};
