"""Golden vectors for grappler's fused contractions: _FusedConv2D, _FusedMatMul and
_FusedDepthwiseConv2dNative (a Conv2D/MatMul/depthwise conv with its BiasAdd or
FusedBatchNorm and an activation in one node, as TF's remapper writes them).

tf.raw_ops does not list these underscored ops, so each case is a GraphDef written by hand
(placeholders feeding one fused NodeDef), imported and run in TF's CPU session. oneDNN is
switched off for _FusedConv2D and _FusedMatMul so the node runs TF's own CPU kernel rather
than its oneDNN rewrite (which would rename the op in errors). Records outputs, or TF's
error for a fused_ops list or argument count the kernel refuses.

Also records a GraphDef TF's own grappler rewrote (its remapper fuses Conv2D + BiasAdd +
Relu6 and MatMul + BiasAdd + Elu into nodes named after their activations), with its
input and TF's output, for the import test.

Run: .venv-tf/bin/python tools/oracle/gen_fused_contraction_fixtures.py
Writes packages/conformance/fixtures/ops/nn-fused.json and
tools/oracle/fixtures/graphdef/fused-contractions.json.
"""
import base64
import json
import os
import subprocess
import sys

# TF registers _FusedDepthwiseConv2dNative on CPU only for its oneDNN rewrite (the plain
# registration is a placeholder that produces nothing), so those cases run in a second
# process with oneDNN on; everything else runs TF's own CPU kernels.
ONEDNN = "--onednn" in sys.argv
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "1" if ONEDNN else "0"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from gen_kernel_fixtures_nn import compact_case  # noqa: E402
from oracle_util import T, core_message, encode_array, encode_attr  # noqa: E402

GRAPH_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "graphdef",
                         "fused-contractions.json")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "conformance",
                   "fixtures", "ops", "nn-fused.json")


def attr_value(v):
    a = tf.compat.v1.AttrValue()
    if isinstance(v, tf.dtypes.DType):
        a.type = v.as_datatype_enum
    elif isinstance(v, bool):
        a.b = v
    elif isinstance(v, int):
        a.i = v
    elif isinstance(v, float):
        a.f = v
    elif isinstance(v, str):
        a.s = v.encode()
    elif isinstance(v, list) and all(isinstance(x, tf.dtypes.DType) for x in v) and v:
        a.list.type.extend([x.as_datatype_enum for x in v])
    elif isinstance(v, list) and all(isinstance(x, str) for x in v) and v:
        a.list.s.extend([x.encode() for x in v])
    elif isinstance(v, list):
        a.list.i.extend(v)
        if not v:
            a.list.SetInParent()
    else:
        raise TypeError(v)
    return a


def run_fused(op, inputs, attrs):
    """Runs one fused node fed by placeholders; inputs: (arg name, array or list of arrays)."""
    gd = tf.compat.v1.GraphDef()
    feeds = {}
    names = []
    for arg, value in inputs:
        values = value if isinstance(value, list) else [value]
        for k, v in enumerate(values):
            name = f"{arg}_{k}" if isinstance(value, list) else arg
            ph = gd.node.add(name=name, op="Placeholder")
            ph.attr["dtype"].CopyFrom(attr_value(tf.as_dtype(v.dtype)))
            feeds[f"{name}:0"] = v
            names.append(name)
    node = gd.node.add(name="node", op=op, input=names, device="/device:CPU:0")
    for k, v in attrs.items():
        node.attr[k].CopyFrom(attr_value(v))
    g = tf.Graph()
    with g.as_default():
        try:
            tf.graph_util.import_graph_def(gd, name="")
        except (ValueError, TypeError) as e:
            return {"build_error": {"class": type(e).__name__, "message": str(e)}}
    with T.Session(graph=g) as sess:
        try:
            out = sess.run("node:0", feeds)
        except tf.errors.OpError as e:
            return {"error": {"class": type(e).__name__, "message": core_message(e.message)}}
    return {"outputs": [encode_array(out)]}


def case(op, inputs, attrs, note):
    c = {"op": op, "note": note, "attrs": {k: encode_attr(v) for k, v in attrs.items()},
         "inputs": [[n, [encode_array(x) for x in v] if isinstance(v, list) else encode_array(v)]
                    for n, v in inputs]}
    c.update(run_fused(op, inputs, attrs))
    return compact_case(c)


RS = np.random.RandomState(7)


def rnd(shape, dtype=np.float32, lo=-2.0, hi=2.0):
    return RS.uniform(lo, hi, size=shape).astype(dtype)


def bn_args(c, dtype=np.float32):
    # scale, offset, mean, variance (variance positive)
    return [rnd([c], dtype), rnd([c], dtype), rnd([c], dtype), rnd([c], dtype, 0.1, 2.0)]


def conv_attrs(dtype, fused, num_args, **kw):
    a = {"T": dtype, "TArgs": [dtype] * num_args, "num_args": num_args,
         "strides": kw.pop("strides", [1, 1, 1, 1]), "padding": kw.pop("padding", "SAME"),
         "fused_ops": fused}
    a.update(kw)
    return a


def conv_cases():
    cases = []
    x = rnd([2, 7, 6, 5])
    f = rnd([3, 3, 5, 11])
    b = rnd([11], lo=-4, hi=4)
    for fused, extra in [(["BiasAdd"], {}), (["BiasAdd", "Relu"], {}), (["BiasAdd", "Relu6"], {}),
                         (["BiasAdd", "Elu"], {}), (["BiasAdd", "LeakyRelu"], {"leakyrelu_alpha": 0.3})]:
        cases.append(case("_FusedConv2D", [("input", x), ("filter", f), ("args", [b]), ("host_args", [])],
                          conv_attrs(tf.float32, fused, 1, **extra), "+".join(fused)))
    for fused in (["FusedBatchNorm"], ["FusedBatchNorm", "Relu6"]):
        cases.append(case("_FusedConv2D", [("input", x), ("filter", f), ("args", bn_args(11)),
                                           ("host_args", [])],
                          conv_attrs(tf.float32, fused, 4, epsilon=0.001), "+".join(fused)))
    geoms = [
        ("stride 2 VALID", {"strides": [1, 2, 2, 1], "padding": "VALID"}, [3, 3, 5, 11]),
        ("dilation 2 SAME", {"dilations": [1, 2, 2, 1]}, [3, 3, 5, 11]),
        ("EXPLICIT", {"padding": "EXPLICIT", "explicit_paddings": [0, 0, 1, 2, 2, 0, 0, 0]}, [2, 3, 5, 11]),
        ("1x1", {}, [1, 1, 5, 16]),
    ]
    for note, kw, fshape in geoms:
        ff = rnd(fshape)
        bb = rnd([fshape[3]], lo=-4, hi=4)
        cases.append(case("_FusedConv2D", [("input", x), ("filter", ff), ("args", [bb]), ("host_args", [])],
                          conv_attrs(tf.float32, ["BiasAdd", "Relu6"], 1, **kw), f"BiasAdd+Relu6 {note}"))
    # Deep reduction: more than one 256-row block, so the epilogue must wait for the last.
    xd = rnd([1, 3, 2, 300], lo=-0.5, hi=0.5)
    fd = rnd([1, 1, 300, 9], lo=-0.5, hi=0.5)
    cases.append(case("_FusedConv2D", [("input", xd), ("filter", fd), ("args", [rnd([9])]),
                                       ("host_args", [])],
                      conv_attrs(tf.float32, ["BiasAdd", "Relu"], 1), "BiasAdd+Relu deep reduction"))
    x64 = rnd([1, 5, 5, 3], np.float64)
    cases.append(case("_FusedConv2D", [("input", x64), ("filter", rnd([3, 3, 3, 4], np.float64)),
                                       ("args", [rnd([4], np.float64)]), ("host_args", [])],
                      conv_attrs(tf.float64, ["BiasAdd", "Relu"], 1), "float64 BiasAdd+Relu"))
    # What the kernel refuses.
    bad = [
        (["Relu"], 1, "fused_ops without BiasAdd"),
        (["BiasAdd", "Tanh"], 1, "unsupported activation"),
        (["BiasAdd", "Relu", "Relu"], 1, "three ops"),
        ([], 1, "empty fused_ops"),
        (["BiasAdd"], 2, "BiasAdd with two args"),
    ]
    for fused, n, note in bad:
        cases.append(case("_FusedConv2D", [("input", x), ("filter", f), ("args", [b] * n), ("host_args", [])],
                          conv_attrs(tf.float32, fused, n), note))
    cases.append(case("_FusedConv2D", [("input", x), ("filter", f), ("args", [b]), ("host_args", [])],
                      conv_attrs(tf.float32, ["FusedBatchNorm"], 1), "FusedBatchNorm with one arg"))
    return cases


def depthwise_cases():
    cases = []
    x = rnd([2, 6, 7, 19])
    f = rnd([3, 3, 19, 1])
    b = rnd([19], lo=-4, hi=4)
    for fused, extra in [(["BiasAdd"], {}), (["BiasAdd", "Relu"], {}), (["BiasAdd", "Relu6"], {}),
                         (["BiasAdd", "Elu"], {})]:
        attrs = {"T": tf.float32, "num_args": 1, "strides": [1, 1, 1, 1], "padding": "SAME",
                 "fused_ops": fused, **extra}
        cases.append(case("_FusedDepthwiseConv2dNative", [("input", x), ("filter", f), ("args", [b])],
                          attrs, "+".join(fused)))
    attrs = {"T": tf.float32, "num_args": 1, "strides": [1, 2, 2, 1], "padding": "VALID",
             "fused_ops": ["BiasAdd", "Relu6"]}
    cases.append(case("_FusedDepthwiseConv2dNative", [("input", x), ("filter", f), ("args", [b])],
                      attrs, "BiasAdd+Relu6 stride 2 VALID"))
    attrs = {"T": tf.float32, "num_args": 1, "strides": [1, 1, 1, 1], "padding": "SAME",
             "fused_ops": ["BiasAdd", "Relu6"]}
    cases.append(case("_FusedDepthwiseConv2dNative", [("input", x), ("filter", rnd([3, 3, 19, 2])),
                                                      ("args", [rnd([38])])],
                      attrs, "BiasAdd+Relu6 channel multiplier 2"))
    # oneDNN rewrites no other fused_ops list (LeakyRelu, FusedBatchNorm, Sigmoid...): those
    # reach the placeholder kernel and fail with "Missing 0-th output", so they have no vector.
    return cases


def matmul_cases():
    cases = []
    a = rnd([5, 13])
    w = rnd([13, 10])
    b = rnd([10], lo=-4, hi=4)
    for fused, extra in [(["BiasAdd"], {}), (["BiasAdd", "Relu"], {}), (["BiasAdd", "Relu6"], {}),
                         (["BiasAdd", "Elu"], {}), (["BiasAdd", "LeakyRelu"], {"leakyrelu_alpha": 0.25}),
                         (["BiasAdd", "Tanh"], {}), (["BiasAdd", "Sigmoid"], {}),
                         (["BiasAdd", "GeluApproximate"], {}), (["BiasAdd", "GeluExact"], {})]:
        attrs = {"T": tf.float32, "num_args": 1, "fused_ops": fused, **extra}
        cases.append(case("_FusedMatMul", [("a", a), ("b", w), ("args", [b])], attrs, "+".join(fused)))
    attrs = {"T": tf.float32, "num_args": 1, "fused_ops": ["BiasAdd", "Relu"], "transpose_a": True,
             "transpose_b": True}
    cases.append(case("_FusedMatMul", [("a", rnd([13, 5])), ("b", rnd([10, 13])), ("args", [b])], attrs,
                      "BiasAdd+Relu transposed"))
    for fused, n, note in [(["BiasAdd"], 2, "BiasAdd with two args"), (["Relu"], 1, "Relu alone"),
                           ([], 1, "empty fused_ops"),
                           (["BiasAdd", "Relu6", "Relu"], 1, "three ops")]:
        attrs = {"T": tf.float32, "num_args": n, "fused_ops": fused}
        cases.append(case("_FusedMatMul", [("a", a), ("b", w), ("args", [b] * n)], attrs, note))
    return cases


def grappler_graph():
    """A small convnet as TF's grappler optimizes it for CPU, run by TF."""
    from tensorflow.core.protobuf import config_pb2
    from tensorflow.python.grappler import tf_optimizer

    rs = np.random.RandomState(3)
    g = tf.Graph()
    with g.as_default(), g.device("/device:CPU:0"):
        x = T.placeholder(tf.float32, [2, 9, 9, 3], name="x")
        c = tf.nn.conv2d(x, tf.constant(rs.randn(3, 3, 3, 8).astype(np.float32)), [1, 1, 1, 1], "SAME",
                         name="conv")
        y = tf.nn.relu6(tf.nn.bias_add(c, tf.constant(rs.randn(8).astype(np.float32)), name="b"), name="y")
        d = tf.nn.depthwise_conv2d(y, tf.constant(rs.randn(3, 3, 8, 1).astype(np.float32)), [1, 2, 2, 1],
                                   "VALID", name="dw")
        d = tf.nn.relu(tf.nn.bias_add(d, tf.constant(rs.randn(8).astype(np.float32))), name="dwr")
        f = tf.reshape(d, [2, -1])
        m = tf.matmul(f, tf.constant(rs.randn(128, 5).astype(np.float32)), name="mm")
        tf.nn.elu(tf.nn.bias_add(m, tf.constant(rs.randn(5).astype(np.float32))), name="out")
        meta = T.train.export_meta_graph(graph=g)
    meta.collection_def["train_op"].node_list.value.append("out")
    optimized = tf_optimizer.OptimizeGraph(config_pb2.ConfigProto(), meta)
    fused = {n.name: n.op for n in optimized.node if n.op.startswith("_Fused")}
    assert fused == {"y": "_FusedConv2D", "out": "_FusedMatMul"}, fused
    xv = rs.uniform(-2, 2, size=[2, 9, 9, 3]).astype(np.float32)
    g2 = tf.Graph()
    with g2.as_default():
        tf.graph_util.import_graph_def(optimized, name="")
    with T.Session(graph=g2) as sess:
        y = sess.run("out:0", {"x:0": xv})
    os.makedirs(os.path.dirname(GRAPH_OUT), exist_ok=True)
    with open(GRAPH_OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "fused": fused,
                   "graph_def": base64.b64encode(optimized.SerializeToString()).decode("ascii"),
                   "feeds": {"x:0": encode_array(xv)}, "fetch": "out:0", "expected": encode_array(y),
                   "tolerance": {"atol": 1e-5, "rtol": 1e-5}}, f, indent=1)
        f.write("\n")


def main():
    if ONEDNN:
        json.dump(depthwise_cases(), sys.stdout)
        return
    cases = conv_cases() + matmul_cases()
    depthwise = subprocess.run([sys.executable, __file__, "--onednn"], check=True, capture_output=True,
                               text=True).stdout
    cases += json.loads(depthwise)
    with open(OUT, "w") as f:
        f.write('{"tf_version": %s,\n "tolerance": %s,\n "cases": [\n' % (
            json.dumps(tf.__version__),
            json.dumps({"float32": {"atol": 1e-5, "rtol": 1e-5}, "float64": {"atol": 1e-12, "rtol": 1e-12}})))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    grappler_graph()
    for c in cases:
        status = c.get("error") or c.get("build_error") or "ok"
        print(f"{c['op']} {c['note']}: {status}")


if __name__ == "__main__":
    main()
