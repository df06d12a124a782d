"""Fixtures for TF2 functional control flow: If/StatelessIf, Case/StatelessCase,
While/StatelessWhile and (Stateful)PartitionedCall, from real TensorFlow (2.21).

Writes tools/oracle/fixtures/functional/programs.json: one entry per program, each a
tf.compat.v1 graph built with control flow v2 (TF2's default) by tf.cond, tf.while_loop,
tf.switch_case or tf.function, with
  graph_def   the GraphDef TF built (serialized, base64)
  structure   that GraphDef as json_format.MessageToDict gives it (for builder programs:
              what the TypeScript builders must build, compared modulo function uids)
  outputs     the names of the tensors the builder call returned, in flat order
  runs        feeds (tensor name -> array), fetches (tensor names) and what TF computed
              (arrays), or the error class and message core TF raised
  builder     whether packages/graph/test builds the same program with its builders
  needs       kernels beyond the basics the run needs (tests skip when a backend lacks them)

Also runs tools/oracle/fixtures/graphdef/models/keras_lstm.pb (a frozen Keras LSTM keeping
its While loop) on a fixed input and records its output.

Deterministic: programs are built in a fixed order in one process; random ops have seeds.
Run: .venv-tf/bin/python tools/oracle/gen_functional_fixtures.py
"""
import base64
import json
import re
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from google.protobuf import json_format  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_util import core_message, encode_array  # noqa: E402

T = tf.compat.v1
T.disable_eager_execution()
T.enable_control_flow_v2()

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "functional")
MODELS = os.path.join(HERE, "fixtures", "graphdef", "models")

PROGRAMS = []


def program(builder=True, needs=()):
    def register(fn):
        PROGRAMS.append((fn.__name__, fn, builder, list(needs)))
        return fn
    return register


def f32(v):
    return np.array(v, dtype=np.float32)


# ---------------------------------------------------------------------------- tf.cond

@program()
def cond_capture():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    c = tf.constant(3.0, name="c")
    r = tf.cond(p, lambda: x * c, lambda: x + 1.0, name="mycond")
    feeds = [{"x": f32([1, 2]), "p": True}, {"x": f32([1, 2]), "p": False}]
    return [r], feeds


@program()
def cond_nested():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    q = T.placeholder(tf.bool, [], name="q")
    r = tf.cond(p, lambda: tf.cond(q, lambda: x * 2.0, lambda: x), lambda: x + 1.0,
                name="outer")
    feeds = [{"x": f32([1, 2]), "p": a, "q": b} for a in (True, False) for b in (True, False)]
    return [r], feeds


@program()
def cond_structured():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    d = tf.cond(p, lambda: {"a": x, "b": (tf.constant(1), 2.0)},
                lambda: {"a": x * 3.0, "b": (tf.constant(5), 4.0)}, name="dc")
    feeds = [{"x": f32([1, 2]), "p": True}, {"x": f32([1, 2]), "p": False}]
    return [d["a"], d["b"][0], d["b"][1]], feeds


@program()
def cond_scoped_squeeze():
    x = T.placeholder(tf.float32, [None], name="x")
    p = T.placeholder(tf.bool, [1], name="p")
    with tf.name_scope("outer"):
        r = tf.cond(p, lambda: tf.reshape(x, [-1, 1]), lambda: tf.expand_dims(x * 2.0, 1))
    feeds = [{"x": f32([1, 2, 3]), "p": [True]}, {"x": f32([1, 2, 3]), "p": [False]}]
    return [r], feeds


@program()
def cond_stateful():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    r = tf.cond(
        p,
        lambda: tf.raw_ops.RandomUniform(shape=[2], dtype=tf.float32, seed=1, seed2=2) + x,
        lambda: x - 1.0,
        name="rc")
    feeds = [{"x": f32([1, 2]), "p": True}, {"x": f32([1, 2]), "p": False}]
    return [r], feeds


@program()
def cond_op_outputs():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    a = tf.constant(1.0, name="a")

    def true_fn():
        with tf.control_dependencies([a]):
            return tf.identity(x, name="w") * 2.0

    r = tf.cond(p, true_fn, lambda: tf.constant([7.0, 8.0]), name="cc")
    feeds = [{"x": f32([1, 2]), "p": True}, {"x": f32([1, 2]), "p": False}]
    return [r], feeds


@program()
def cond_returns_ops():
    p = T.placeholder(tf.bool, [], name="p")
    r = tf.cond(p, lambda: tf.no_op(name="a"), lambda: tf.no_op(name="b"), name="co")
    return [r], [{"p": True}, {"p": False}]


# ---------------------------------------------------------------------- tf.while_loop

@program()
def while_counter():
    x = T.placeholder(tf.float32, [], name="x")
    k = tf.constant(2.0, name="k")
    i0 = tf.constant(0, name="i0")
    r = tf.while_loop(lambda i, a: i < 5, lambda i, a: (i + 1, a * k), [i0, x], name="loop")
    return list(r), [{"x": f32(1.5)}]


@program()
def while_max_iterations():
    i0 = tf.constant(0, name="i0")
    r = tf.while_loop(lambda i: i < 10, lambda i: i + 2, [i0], maximum_iterations=3)
    return list(r), [{}]


@program()
def while_invariants():
    n = T.placeholder(tf.int32, [], name="n")
    r = tf.while_loop(
        lambda i, acc: i < n,
        lambda i, acc: (i + 1, tf.concat([acc, [tf.cast(i, tf.float32)]], 0)),
        [tf.constant(0), tf.zeros([0])],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    return list(r), [{"n": np.int32(4)}, {"n": np.int32(0)}]


@program()
def while_nested():
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, total):
        inner = tf.while_loop(lambda j, s: j < i, lambda j, s: (j + 1, s + j), [0, total],
                              name="inner")
        return i + 1, inner[1]

    r = tf.while_loop(lambda i, t: i < n, body, [0, 0], name="outer")
    return list(r), [{"n": np.int32(5)}]


@program()
def while_in_cond():
    p = T.placeholder(tf.bool, [], name="p")
    x = T.placeholder(tf.float32, [], name="x")
    r = tf.cond(p, lambda: tf.while_loop(lambda v: v < 100.0, lambda v: v * 3.0, [x])[0],
                lambda: -x, name="wc")
    return [r], [{"p": True, "x": f32(2)}, {"p": False, "x": f32(2)}]


@program()
def cond_in_while():
    x = T.placeholder(tf.float32, [3], name="x")

    def body(i, acc):
        step = tf.cond(tf.equal(i % 2, 0), lambda: acc + x, lambda: acc * 2.0)
        return i + 1, step

    r = tf.while_loop(lambda i, acc: i < 4, body, [tf.constant(0), tf.zeros([3])], name="cw")
    return list(r), [{"x": f32([1, 2, 3])}]


@program()
def while_long():
    r = tf.while_loop(lambda i, s: i < 1000, lambda i, s: (i + 1, s + i),
                      [tf.constant(0), tf.constant(0)], name="long")
    return list(r), [{}]


@program()
def while_stateful():
    def body(i, acc):
        u = tf.raw_ops.RandomUniform(shape=[2], dtype=tf.float32, seed=3, seed2=4)
        return i + 1, acc + u

    r = tf.while_loop(lambda i, acc: i < 3, body, [tf.constant(0), tf.zeros([2])], name="sw")
    return list(r), [{}]


# ---------------------------------------------------------------------- tf.switch_case

@program()
def switch_case():
    x = T.placeholder(tf.float32, [None], name="x")
    idx = T.placeholder(tf.int32, [], name="idx")
    r = tf.switch_case(idx, [lambda: x * 2.0, lambda: x * 3.0, lambda: tf.reshape(x, [-1])])
    feeds = [{"x": f32([1, 2]), "idx": np.int32(i)} for i in (0, 1, 2, 7, -1)]
    return [r], feeds


# ------------------------------------------------------------------------ tf.function

@program(builder=False)
def function_nested():
    x = T.placeholder(tf.float32, [2], name="x")

    @tf.function
    def leaf(a):
        return a * 2.0

    @tf.function
    def middle(a):
        return leaf(a) + 1.0

    y = middle(x) - 3.0
    return [y], [{"x": f32([1, 2])}]


@program(builder=False)
def function_stateful():
    x = T.placeholder(tf.float32, [2], name="x")

    @tf.function
    def noisy(a):
        return a + tf.raw_ops.RandomUniform(shape=[2], dtype=tf.float32, seed=5, seed2=6)

    @tf.function
    def twice(a, b):
        return noisy(a) * b, a - b

    y, z = twice(x, tf.constant(2.0))
    return [y, z], [{"x": f32([1, 2])}]


@program(builder=False)
def function_with_control_flow():
    x = T.placeholder(tf.float32, [None], name="x")

    @tf.function
    def f(a):
        total = tf.constant(0.0)
        for v in tf.range(tf.size(a)):  # autograph: a While inside the function
            total += a[v] * tf.cast(v, tf.float32)
        if tf.reduce_sum(a) > 0:  # autograph: an If inside the function
            total = total * 10.0
        return total

    return [f(x)], [{"x": f32([1, 2, 3])}, {"x": f32([-5, 1])}]


@program(builder=False)
def defun_calls():
    # TF1's Defun: the call is a node whose op is the library function itself.
    from tensorflow.python.framework import function

    x = T.placeholder(tf.float32, [2], name="x")

    @function.Defun(tf.float32)
    def twice(a):
        return a * 2.0

    @function.Defun(tf.float32, tf.float32)
    def both(a, b):
        return twice(a) + b, a - b

    y, z = both(x, tf.constant(1.0))
    return [y, z], [{"x": f32([1, 2])}]


@program(builder=False, needs=["VarHandleOp", "AssignVariableOp", "ReadVariableOp",
                               "AssignAddVariableOp"])
def while_variable():
    v = T.Variable(1.0, name="v", use_resource=True)

    def body(i):
        return [i + v.assign_add(1.0)]

    r = tf.while_loop(lambda i: i < 10.0, body, [tf.constant(0.0)], name="wl")
    with tf.control_dependencies([r[0]]):
        after = v.read_value()
    return [r[0], after], [{"__init__": True}]


# ------------------------------------------------------------------------ runtime errors

@program(builder=False)
def errors_in_functions():
    x = T.placeholder(tf.float32, [None], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    c = tf.cond(p, lambda: tf.reshape(x, [3], name="bad"), lambda: x, name="c")
    w = tf.while_loop(lambda i: i < 3.0, lambda i: i + tf.reshape(x, [1], name="bad2")[0],
                      [tf.constant(0.0)], name="w")

    @tf.function
    def f(a):
        return tf.reshape(a, [5], name="bad3")

    y = f(x)
    feeds = {"x": f32([1, 2]), "p": True}
    return [c, w[0], y], [dict(feeds, __fetch__=[i]) for i in range(3)]


# ------------------------------------------------------------------------------ runner

def error_facts(e):
    """TF's error class, its message without the Session preamble, and the node it names."""
    text = e.message
    prefix = "Graph execution error:\n\n"
    if text.startswith(prefix):
        text = text[len(prefix):]
    node = re.search(r"\[\[\{\{node ([^}]*)\}\}\]\]", text)
    return {"class": type(e).__name__, "message": core_message(text),
            "node": node.group(1) if node else None}


def tensor_name(t):
    return t.name


def run_program(name, fn, builder, needs):
    g = tf.Graph()
    with g.as_default():
        outputs, feed_sets = fn()
        init = T.global_variables_initializer() if T.global_variables() else None
    gd = g.as_graph_def()
    entry = {
        "name": name,
        "builder": builder,
        "needs": needs,
        "graph_def": base64.b64encode(gd.SerializeToString(deterministic=True)).decode(),
        "outputs": [tensor_name(t) for t in outputs],
        "runs": [],
    }
    if builder:
        entry["structure"] = json_format.MessageToDict(gd)
    for feeds in feed_sets:
        feeds = dict(feeds)
        fetch_index = feeds.pop("__fetch__", None)
        wants_init = feeds.pop("__init__", False)
        fetches = outputs if fetch_index is None else [outputs[i] for i in fetch_index]
        feed_dict = {g.get_tensor_by_name(k + ":0"): v for k, v in feeds.items()}
        run = {
            "feeds": {k + ":0": encode_array(v, g.get_tensor_by_name(k + ":0").dtype)
                      for k, v in feeds.items()},
            "fetches": [t.name for t in fetches],
        }
        if wants_init:
            run["init"] = [init.name]
        with T.Session(graph=g) as sess:
            if wants_init:
                sess.run(init)
            try:
                values = sess.run(fetches, feed_dict)
                run["expected"] = [encode_array(v, t.dtype) for v, t in zip(values, fetches)]
            except tf.errors.OpError as e:
                run["error"] = error_facts(e)
        entry["runs"].append(run)
    return entry


def keras_lstm():
    """The frozen Keras LSTM of gen_graphdef_fixtures.py, run on a fixed input."""
    path = os.path.join(MODELS, "keras_lstm.pb")
    gd = tf.compat.v1.GraphDef()
    with open(path, "rb") as f:
        gd.ParseFromString(f.read())
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(gd, name="")
    x = (np.arange(30, dtype=np.float32).reshape(2, 5, 3) / 10.0 - 1.0).astype(np.float32)
    with T.Session(graph=g) as sess:
        y = sess.run("Identity:0", {"input:0": x})
    ops_used = sorted({n.op for n in gd.node} |
                      {n.op for f in gd.library.function for n in f.node_def})
    return {
        "name": "keras_lstm",
        "file": "graphdef/models/keras_lstm.pb",
        "ops_used": ops_used,
        "runs": [{"feeds": {"input:0": encode_array(x)}, "fetches": ["Identity:0"],
                  "expected": [encode_array(y)]}],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    programs = [run_program(*p) for p in PROGRAMS]
    out = {"tf_version": tf.__version__, "programs": programs, "models": [keras_lstm()]}
    with open(os.path.join(OUT, "programs.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(programs)} programs")


if __name__ == "__main__":
    main()
