"""Kernel fixtures for the basic ops (Const, Identity, StopGradient, Placeholder unfed).

Run: .venv-tf/bin/python tools/oracle/gen_kernel_fixtures_basic.py
Writes packages/conformance/fixtures/ops/basic.json.
"""
import json
import os

import numpy as np
import tensorflow as tf

from oracle_util import encode_array, kernel_case

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "conformance", "fixtures",
                   "ops", "basic.json")


def main():
    cases = []
    for value, dtype in [([1.5, -2.0], tf.float32), ([[1, 2], [3, 4]], tf.int32), ([True, False], tf.bool),
                         (2**40, tf.int64), ([b"a", b"\xff"], tf.string), ([1 + 2j], tf.complex64)]:
        arr = np.array(value, dtype=dtype.as_numpy_dtype if dtype != tf.string else object)
        cases.append(kernel_case("Identity", [("input", encode_array(arr, dtype))]))
        cases.append(kernel_case("StopGradient", [("input", encode_array(arr, dtype))]))
    cases.append(kernel_case("Const", [], {"value": np.array([[1.0, 2.0]], np.float32), "dtype": tf.float32}))
    with open(OUT, "w") as f:
        f.write('{"tf_version": %s, "cases": [\n' % json.dumps(tf.__version__))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
