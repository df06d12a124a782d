"""Golden vectors for the CPU backend's fast paths (issue 6): depthwise convolutions whose
3x3 filters have inner pixels (taps all inside the input) next to border pixels, at strides
1 and 2, every padding mode and channel counts that are and are not multiples of 4, with and
without the fused bias and activation; and float32 Sum/Mean over middle axes with a kept
inner axis (global average pooling of NHWC).

Each case is one node fed by placeholders, run in TF's CPU session (run_fused of
gen_fused_contraction_fixtures). _FusedDepthwiseConv2dNative runs only under oneDNN in TF's
CPU build, so those cases run in a second process with oneDNN on.

Run: .venv-tf/bin/python tools/oracle/gen_cpu_fast_path_fixtures.py
Writes packages/conformance/fixtures/ops/nn-fast-paths.json.
"""
import json
import os
import subprocess
import sys

import gen_fused_contraction_fixtures as fused  # noqa: E402 (sets TF_ENABLE_ONEDNN_OPTS first)
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "conformance",
                   "fixtures", "ops", "nn-fast-paths.json")
RS = np.random.RandomState(11)


def rnd(shape, lo=-2.0, hi=2.0):
    return RS.uniform(lo, hi, size=shape).astype(np.float32)


# (note, input shape, filter size, strides, padding, explicit paddings)
DEPTHWISE = [
    ("inner rows and columns, stride 1 SAME", [1, 12, 13, 20], 3, 1, "SAME", None),
    ("channels 14 (a tail of 2), stride 1 SAME", [2, 11, 10, 14], 3, 1, "SAME", None),
    ("channels 7, stride 1 VALID", [1, 9, 11, 7], 3, 1, "VALID", None),
    ("stride 2 SAME", [1, 13, 12, 24], 3, 2, "SAME", None),
    ("stride 2 VALID", [1, 13, 12, 24], 3, 2, "VALID", None),
    ("stride 2 EXPLICIT bottom/right (a folded Pad)", [1, 12, 12, 8], 3, 2, "EXPLICIT",
     [0, 0, 0, 1, 0, 1, 0, 0]),
    ("stride 1 EXPLICIT uneven", [1, 8, 9, 12], 3, 1, "EXPLICIT", [0, 0, 1, 2, 2, 1, 0, 0]),
    ("5x5 SAME (general path)", [1, 10, 10, 16], 5, 1, "SAME", None),
    ("one pixel", [1, 3, 3, 4], 3, 1, "VALID", None),
    ("no inner rows", [1, 2, 9, 8], 3, 1, "SAME", None),
    ("channels 3 only (no vector block)", [1, 6, 6, 3], 3, 1, "SAME", None),
]


def depthwise_cases():
    cases = []
    for note, xs, k, s, pad, explicit in DEPTHWISE:
        attrs = {"T": tf.float32, "strides": [1, s, s, 1], "padding": pad}
        if explicit is not None:
            attrs["explicit_paddings"] = explicit
        x = rnd(xs)
        f = rnd([k, k, xs[3], 1])
        cases.append(fused.case("DepthwiseConv2dNative", [("input", x), ("filter", f)], attrs, note))
    return cases


def fused_depthwise_cases():
    cases = []
    for fused_ops in (["BiasAdd"], ["BiasAdd", "Relu"], ["BiasAdd", "Relu6"]):
        for note, xs, s, pad in (("stride 1 SAME", [1, 12, 13, 20], 1, "SAME"),
                                 ("stride 2 VALID", [1, 13, 12, 24], 2, "VALID"),
                                 ("channels 14 stride 1 SAME", [2, 11, 10, 14], 1, "SAME")):
            attrs = {"T": tf.float32, "num_args": 1, "strides": [1, s, s, 1], "padding": pad,
                     "fused_ops": fused_ops}
            # Small sums around zero, so the ReLUs clip on both sides.
            x = rnd(xs, -1, 1)
            f = rnd([3, 3, xs[3], 1], -1, 1)
            b = rnd([xs[3]], -1, 1)
            cases.append(fused.case("_FusedDepthwiseConv2dNative",
                                    [("input", x), ("filter", f), ("args", [b])], attrs,
                                    f"{'+'.join(fused_ops)} {note}"))
    return cases


def reduce_cases():
    cases = []
    for op, xs, axes, keep in (("Mean", [2, 7, 7, 24], [1, 2], False),
                               ("Mean", [2, 7, 7, 24], [1, 2], True),
                               ("Mean", [1, 7, 7, 40], [2, 1], False),
                               ("Sum", [2, 7, 7, 24], [1, 2], False),
                               ("Mean", [3, 5, 6, 10], [1], False),
                               ("Sum", [4, 33, 5], [0, 1], True),
                               ("Mean", [2, 1, 9, 1, 6], [2, 3], False)):
        attrs = {"T": tf.float32, "Tidx": tf.int32, "keep_dims": keep}
        idx = np.array(axes, np.int32)
        cases.append(fused.case(op, [("input", rnd(xs)), ("reduction_indices", idx)], attrs,
                                f"{xs} axes {axes} keep_dims {keep}"))
    return cases


def main():
    if fused.ONEDNN:
        json.dump(fused_depthwise_cases(), sys.stdout)
        return
    cases = depthwise_cases() + reduce_cases()
    out = subprocess.run([sys.executable, __file__, "--onednn"], check=True, capture_output=True,
                         text=True).stdout
    cases += json.loads(out)
    with open(OUT, "w") as f:
        f.write('{"tf_version": %s,\n "tolerance": %s,\n "cases": [\n' % (
            json.dumps(tf.__version__), json.dumps({"float32": {"atol": 1e-5, "rtol": 1e-5}})))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    for c in cases:
        status = c.get("error") or c.get("build_error") or "ok"
        print(f"{c['op']} {c['note']}: {status}")


if __name__ == "__main__":
    main()
