"""Fixtures for TF1 control flow (control flow v1: Enter/Exit/Switch/Merge/NextIteration/
LoopCond frames) from real TensorFlow (2.21).

Writes tools/oracle/fixtures/control-flow-v1/programs.json: one entry per program, a
tf.compat.v1 graph built with `disable_control_flow_v2()` by tf.while_loop / tf.cond /
tf.gradients, with
  graph_def   the GraphDef TF built (serialized, base64)
  ops         the op types the GraphDef uses
  runs        feeds (tensor name -> array), fetches (tensor names) and what TF computed
              (arrays), or the error class, message and node core TF raised

No TensorArray or Stack ops are used (their kernels live elsewhere); a program whose
gradient graph would need them is left out and named in `left_out`.
Run: .venv-tf/bin/python tools/oracle/gen_control_flow_v1_fixtures.py
"""
import base64
import json
import os
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_util import core_message, encode_array  # noqa: E402

T = tf.compat.v1
T.disable_eager_execution()
T.disable_control_flow_v2()

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "control-flow-v1")
PROGRAMS = []
LEFT_OUT = {}
STACK_OPS = {"StackV2", "StackPushV2", "StackPopV2", "Stack", "StackPush", "StackPop"}
TENSOR_ARRAY_PREFIX = "TensorArray"


def program(fn):
    PROGRAMS.append(fn)
    return fn


def f32(v):
    return np.array(v, dtype=np.float32)


# ------------------------------------------------------------------------- while loops

@program
def while_counter():
    n = T.placeholder(tf.int32, [], name="n")
    r = tf.while_loop(lambda i: i < n, lambda i: i + 1, [tf.constant(0)], name="loop")
    return [r], [{"n": 10}, {"n": 0}, {"n": 1}]


@program
def while_accumulate():
    x = T.placeholder(tf.float32, [3], name="x")
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, acc):
        return i + 1, acc + x * tf.cast(i, tf.float32)

    i, acc = tf.while_loop(lambda i, acc: i < n, body,
                           [tf.constant(0), tf.zeros([3])], name="acc")
    return [i, acc], [{"x": f32([1, 2, 3]), "n": 5}, {"x": f32([0.5, -1, 2]), "n": 0}]


@program
def while_nested():
    n = T.placeholder(tf.int32, [], name="n")
    m = T.placeholder(tf.int32, [], name="m")

    def outer(i, acc):
        def inner(j, a):
            return j + 1, a + i * j + 1
        _, acc2 = tf.while_loop(lambda j, a: j < m, inner, [tf.constant(0), acc], name="inner")
        return i + 1, acc2

    i, acc = tf.while_loop(lambda i, acc: i < n, outer, [tf.constant(0), tf.constant(0)],
                           name="outer")
    return [i, acc], [{"n": 3, "m": 4}, {"n": 2, "m": 0}, {"n": 0, "m": 5}]


@program
def while_in_cond():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")

    def looped():
        _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * 2.0),
                             [tf.constant(0), x], name="w")
        return y

    r = tf.cond(p, looped, lambda: x - 1.0, name="c")
    return [r], [{"x": f32([1, 3]), "p": True}, {"x": f32([1, 3]), "p": False}]


@program
def cond_in_while():
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, acc):
        acc2 = tf.cond(tf.equal(i % 2, 0), lambda: acc + tf.cast(i, tf.float32),
                       lambda: acc - 1.0, name="even")
        return i + 1, acc2

    i, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.constant(0.5)],
                           name="w")
    return [i, acc], [{"n": 7}, {"n": 0}]


@program
def while_cond_while():
    # A loop inside a cond inside a loop: on odd iterations the inner loop is on the untaken
    # branch and ends dead, every time.
    n = T.placeholder(tf.int32, [], name="n")
    x = T.placeholder(tf.float32, [], name="x")

    def body(i, acc):
        def inner():
            _, a = tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a + x),
                                 [tf.constant(0), acc], name="inner")
            return a
        acc2 = tf.cond(tf.equal(i % 2, 0), inner, lambda: acc * 2.0, name="pick")
        return i + 1, acc2

    i, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.constant(1.0)],
                           name="outer")
    return [i, acc], [{"n": 6, "x": 0.5}, {"n": 1, "x": 2.0}]


@program
def while_shape_invariants():
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, v):
        return i + 1, tf.concat([v, tf.fill([1], tf.cast(i * i, tf.float32))], axis=0)

    _, v = tf.while_loop(lambda i, v: i < n, body, [tf.constant(0), tf.zeros([1])],
                         shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])],
                         name="grow")
    return [v], [{"n": 5}, {"n": 0}]


@program
def while_invariant_capture():
    # x and w are captured by the body: loop-invariant (is_constant) Enters.
    x = T.placeholder(tf.float32, [2, 2], name="x")
    w = tf.constant([[0.5, -1.0], [1.0, 0.25]], name="w")

    def body(i, y):
        return i + 1, tf.matmul(y, w) + x

    _, y = tf.while_loop(lambda i, y: i < 3, body, [tf.constant(0), tf.constant([[1.0, 0.0], [0.0, 1.0]])], name="w")
    return [y], [{"x": f32([[1, 0], [0, 1]])}]


@program
def while_parallel_iterations():
    # Independent per-iteration work, many iterations in flight (TF's default 10) and 1.
    x = T.placeholder(tf.float32, [4], name="x")
    outs = []
    for pi in (1, 10):
        def body(i, acc):
            t = tf.reduce_sum(x * tf.cast(i, tf.float32))
            return i + 1, acc + t * t
        _, acc = tf.while_loop(lambda i, acc: i < 12, body, [tf.constant(0), tf.constant(0.0)],
                               parallel_iterations=pi, name=f"pi{pi}")
        outs.append(acc)
    return outs, [{"x": f32([1, -2, 0.5, 3])}]


@program
def while_control_edges():
    # A control edge out of the loop (fetch after the loop) and into it (the body depends on
    # an op outside through a captured value with control dependency).
    x = T.placeholder(tf.float32, [], name="x")
    pre = tf.identity(x * 2.0, name="pre")
    with tf.control_dependencies([pre]):
        start = tf.constant(1.0, name="start")
    _, y = tf.while_loop(lambda i, y: i < 5, lambda i, y: (i + 1, y + pre),
                         [tf.constant(0), start], name="w")
    with tf.control_dependencies([y]):
        after = tf.identity(x + 1.0, name="after")
    return [y, after], [{"x": 1.5}]


@program
def while_multiple_exits_int64():
    n = T.placeholder(tf.int64, [], name="n")

    def body(i, a, b):
        return i + 1, b, a + b

    i, a, b = tf.while_loop(lambda i, a, b: i < n, body,
                            [tf.constant(0, tf.int64), tf.constant(0, tf.int64),
                             tf.constant(1, tf.int64)], name="fib")
    return [i, a, b], [{"n": np.int64(20)}]


@program
def while_bool_cond_on_value():
    # The loop condition depends on the carried value, not a counter.
    x = T.placeholder(tf.float32, [], name="x")
    r = tf.while_loop(lambda v: v < 100.0, lambda v: v * 3.0 + 1.0, [x], name="w")
    return [r], [{"x": 1.0}, {"x": 200.0}]


@program
def while_maximum_iterations():
    # maximum_iterations adds a counter and a LogicalAnd to the loop condition.
    x = T.placeholder(tf.float32, [], name="x")
    i, r = tf.while_loop(lambda i, v: v < 1000.0, lambda i, v: [i + 1, v * 2.0],
                         [tf.constant(0), x], maximum_iterations=4, name="w")
    return [i, r], [{"x": 1.0}, {"x": 600.0}]


@program
def while_ref_variable():
    # A TF1 (ref) variable updated in the body: its ref reaches the loop through RefEnter.
    v = T.Variable(0.0, use_resource=False, name="v")
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, acc):
        up = T.assign_add(v, 2.0, name="bump")
        return i + 1, acc + up

    # One iteration at a time: each iteration reads the variable right after its own update.
    _, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.constant(0.0)],
                           parallel_iterations=1, name="w")
    return [acc], [{"n": 3, "__init__": True}]


# ---------------------------------------------------------------------------- v1 conds

@program
def case_v1():
    i = T.placeholder(tf.int32, [], name="i")
    x = T.placeholder(tf.float32, [2], name="x")
    r = tf.case([(tf.equal(i, 0), lambda: x + 1.0), (tf.equal(i, 1), lambda: x * 3.0)],
                default=lambda: x - 5.0, name="k")
    return [r], [{"i": 0, "x": f32([1, 2])}, {"i": 1, "x": f32([1, 2])},
                 {"i": 7, "x": f32([1, 2])}]


@program
def cond_v1_nested():
    x = T.placeholder(tf.float32, [2], name="x")
    p = T.placeholder(tf.bool, [], name="p")
    q = T.placeholder(tf.bool, [], name="q")
    r = tf.cond(p, lambda: tf.cond(q, lambda: x * 2.0, lambda: x), lambda: x + 1.0, name="o")
    return [r], [{"x": f32([1, 2]), "p": a, "q": b} for a in (True, False) for b in (True, False)]


# ------------------------------------------------------------------------------ errors

@program
def while_error_gather():
    params = tf.constant([10.0, 20.0, 30.0], name="params")
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, acc):
        return i + 1, acc + tf.gather(params, i, name="pick")

    _, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.constant(0.0)],
                           name="w")
    return [acc], [{"n": 3}, {"n": 4}]


@program
def while_error_check_numerics():
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, acc):
        v = tf.math.log(3.0 - tf.cast(i, tf.float32))
        return i + 1, acc + tf.debugging.check_numerics(v, "log went bad", name="check")

    _, acc = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.constant(0.0)],
                           name="w")
    return [acc], [{"n": 3}, {"n": 4}]


# --------------------------------------------------------------------------- gradients

@program
def while_gradient_add():
    # d/dw of a loop adding w each iteration: no forward value is needed by the backprop
    # loop, so no stack op appears.
    w = T.placeholder(tf.float32, [], name="w")
    n = T.placeholder(tf.int32, [], name="n")
    _, y = tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y + w),
                         [tf.constant(0), tf.constant(0.0)], name="w")
    g = tf.gradients(y * 3.0, w)[0]
    return [y, g], [{"w": 2.0, "n": 4}]


def while_gradient_mul():
    # y *= w needs the forward y per iteration: TF's v1 gradient pushes it on a stack.
    w = T.placeholder(tf.float32, [], name="w")
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * w),
                         [tf.constant(0), tf.constant(1.0)], name="w")
    g = tf.gradients(y, w)[0]
    return [y, g], [{"w": 1.5}]


# ------------------------------------------------------------------------------ runner

def error_facts(e):
    text = e.message
    node = re.search(r"\[\[\{\{node ([^}]*)\}\}\]\]", text)
    return {"class": type(e).__name__, "message": core_message(text),
            "node": node.group(1) if node else None}


def build(fn):
    g = tf.Graph()
    with g.as_default():
        outputs, feed_sets = fn()
        init = T.global_variables_initializer() if T.global_variables() else None
    outputs = tf.nest.flatten(outputs)
    g.init_op = init
    return g, outputs, feed_sets


def run_program(fn):
    g, outputs, feed_sets = build(fn)
    gd = g.as_graph_def()
    ops = sorted({n.op for n in gd.node})
    entry = {
        "name": fn.__name__,
        "graph_def": base64.b64encode(gd.SerializeToString(deterministic=True)).decode(),
        "ops": ops,
        "runs": [],
    }
    for feeds in feed_sets:
        feeds = dict(feeds)
        wants_init = feeds.pop("__init__", False)
        feed_dict = {g.get_tensor_by_name(k + ":0"): v for k, v in feeds.items()}
        run = {
            "feeds": {k + ":0": encode_array(v, g.get_tensor_by_name(k + ":0").dtype)
                      for k, v in feeds.items()},
            "fetches": [t.name for t in outputs],
        }
        if wants_init:
            run["init"] = [g.init_op.name]
        with T.Session(graph=g) as sess:
            if wants_init:
                sess.run(g.init_op)
            try:
                values = sess.run(outputs, feed_dict)
                run["expected"] = [encode_array(v, t.dtype) for v, t in zip(values, outputs)]
            except tf.errors.OpError as e:
                run["error"] = error_facts(e)
        entry["runs"].append(run)
    return entry


def main():
    os.makedirs(OUT, exist_ok=True)
    programs = []
    for fn in PROGRAMS:
        entry = run_program(fn)
        bad = [op for op in entry["ops"] if op in STACK_OPS or op.startswith(TENSOR_ARRAY_PREFIX)]
        if bad:
            LEFT_OUT[fn.__name__] = bad
            continue
        programs.append(entry)
    g, _, _ = build(while_gradient_mul)
    LEFT_OUT["while_gradient_mul"] = sorted(
        {n.op for n in g.as_graph_def().node} & STACK_OPS)
    out = {"tf_version": tf.__version__, "programs": programs, "left_out": LEFT_OUT}
    with open(os.path.join(OUT, "programs.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(programs)} programs; left out: {LEFT_OUT}")


if __name__ == "__main__":
    main()
