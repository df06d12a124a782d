"""Session-semantics fixture for @tensorgraph/conformance: one small TF1 graph and what real
TensorFlow's Session.run gave for each scenario (fetch structures, runtime errors raised by
kernels on bad values, variables across runs, close and reset).

The graph carries no devices; the suite pins it to the backend's device type, so the errors
below must come from the backend's own kernels, with TF's class and TF's full message
(including the "\\n\\t [[{{node name}}]]" trailer that names the failing node).

Run: .venv-tf/bin/python tools/oracle/gen_kernel_fixtures_session.py
Writes packages/conformance/fixtures/session/semantics.json.
"""
import base64
import json
import os
import re
import sys

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_util import core_message, encode_array  # noqa: E402

V1 = tf.compat.v1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "conformance",
                   "fixtures", "session", "semantics.json")


def build():
    g = tf.Graph()
    with g.as_default():
        x = V1.placeholder(tf.float32, [None, 3], name="x")
        w = tf.constant([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]], name="w")
        b = tf.constant([0.5, -1.0], name="b")
        y = tf.linalg.matmul(x, w, name="y")
        z = tf.nn.relu(tf.add(y, b, name="yb"), name="z")
        tf.reduce_sum(z, name="s")
        idx = V1.placeholder(tf.int32, [None], name="idx")
        params = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3), name="params")
        tf.gather(params, idx, axis=0, name="gather")
        num = V1.placeholder(tf.int32, [None], name="num")
        den = V1.placeholder(tf.int32, [None], name="den")
        tf.math.floordiv(num, den, name="q")
        u = V1.placeholder(tf.float32, [None], name="u")
        v = V1.placeholder(tf.float32, [None], name="v")
        tf.add(u, v, name="uv")
        tf.debugging.check_numerics(u, "u is bad", name="check")
        tf.reshape(u, [2, 2], name="sq")
        V1.no_op(name="n")
        counter = V1.Variable(10, name="counter", use_resource=False)
        V1.assign_add(counter, 1, name="inc")
        tf.identity(counter, name="read")
    return g


def enc(value):
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: enc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [enc(v) for v in value]
    return encode_array(value)


def outcome(fn):
    """The result, or TF's error: its class, its own message, and the node it names."""
    try:
        return {"result": enc(fn())}
    except tf.errors.OpError as e:
        node = re.search(r"\[\[\{\{node ([^}]+)\}\}\]\]", e.message)
        # (A failure with no node, like a closed session, has only the preamble to drop.)
        message = re.sub(r"^Graph execution error:\n\n", "", core_message(e.message))
        return {"error": {"class": type(e).__name__, "message": message,
                          "node": node.group(1) if node else None}}
    except RuntimeError as e:
        return {"error": {"class": "RuntimeError", "message": str(e), "node": None}}


F = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], np.float32)


def main():
    g = build()
    gdef = g.as_graph_def()
    scenarios = []

    def add(name, fetches, feeds=None, before=None, note=""):
        scenarios.append({"name": name, "note": note, "fetches": fetches,
                          "feeds": {k: encode_array(v) for k, v in (feeds or {}).items()},
                          "before": before or []})

    add("single tensor", "z:0", {"x:0": F})
    add("list of tensors", ["y:0", "s:0"], {"x:0": F})
    add("nested structure", {"a": ["y:0", ["s:0"]], "b": "n", "c": "z:0"}, {"x:0": F},
        note="dicts, nested lists and an op (None) come back in the same structure")
    add("same tensor twice", ["s:0", "s:0"], {"x:0": F})
    add("feed an intermediate tensor", "z:0", {"yb:0": np.array([[1.0, -1.0]], np.float32)},
        note="feeding yb:0 replaces its producer")
    add("empty batch", "z:0", {"x:0": np.zeros([0, 3], np.float32)})
    add("gather", "gather:0", {"idx:0": np.array([3, 0, 2], np.int32)})
    add("gather index out of range", "gather:0", {"idx:0": np.array([1, 4], np.int32)})
    add("gather negative index", "gather:0", {"idx:0": np.array([-1], np.int32)})
    add("integer division by zero", "q:0", {"num:0": np.array([7, -7], np.int32),
                                              "den:0": np.array([2, 0], np.int32)})
    add("floordiv of negatives", "q:0", {"num:0": np.array([7, -7, 7, -7], np.int32),
                                           "den:0": np.array([2, 2, -2, -2], np.int32)})
    add("incompatible shapes at run time", "uv:0", {"u:0": np.ones([2], np.float32),
                                                      "v:0": np.ones([3], np.float32)})
    add("broadcast at run time", "uv:0", {"u:0": np.array([1.0, 2.0], np.float32),
                                            "v:0": np.array([0.5], np.float32)})
    add("check numerics passes", "check:0", {"u:0": np.array([1.0, -2.0], np.float32)})
    add("check numerics NaN", "check:0", {"u:0": np.array([1.0, np.nan], np.float32)})
    add("check numerics Inf", "check:0", {"u:0": np.array([np.inf, 1.0], np.float32)})
    add("reshape of the wrong size", "sq:0", {"u:0": np.ones([3], np.float32)})
    add("uninitialized variable", "read:0")
    add("variable keeps its value across runs", "read:0", before=["counter/Assign", "inc", "inc"])

    with V1.Session(graph=g) as sess:
        for sc in scenarios:
            feeds = {k: np.array(v["values"], dtype=v["dtype"]).reshape(v["shape"])
                     for k, v in sc["feeds"].items()}
            for t in sc["before"]:
                sess.run(t)
            sc.update(outcome(lambda: sess.run(sc["fetches"], feeds)))
            print(sc["name"], "->", "error " + sc["error"]["class"] if "error" in sc else "ok")
            # Each scenario starts from a fresh variable: the next one initializes again.
    # After Session.reset the in-process containers are gone: the variable reads as
    # uninitialized again in a session that had initialized it.
    with V1.Session(graph=g) as sess:
        sess.run("counter/Assign")
        before = sess.run("read:0")
        V1.Session.reset("")
        after = outcome(lambda: sess.run("read:0"))
    reset = {"before": encode_array(before), **after}
    sess = V1.Session(graph=g)
    sess.close()
    closed = outcome(lambda: sess.run("s:0", {"x:0": F}))
    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "generator": "tools/oracle/gen_kernel_fixtures_session.py",
                   "graph_def": base64.b64encode(gdef.SerializeToString()).decode("ascii"),
                   "scenarios": scenarios, "reset": reset, "closed": closed}, f, separators=(",", ":"))
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
