"""Fixtures for the CPU Stack kernels (StackV2/StackPushV2/StackPopV2/StackCloseV2) from real
TensorFlow (2.21), in two parts:

  programs   chains of tf.raw_ops Stack* calls, each step run after the one before it (a
             control edge), its tensor inputs fed through placeholders; we record the fetched
             values, or TF's runtime error and the step that raised it. Replayed one kernel
             call per step by packages/backend-cpu/test/stack-kernels.test.ts.
  graphs     tf.compat.v1 graphs (control flow v1) whose gradients through tf.while_loop make
             TF push forward values on stacks and pop them in the backprop loop: the
             serialized GraphDef, feeds, fetch names and what TF computed. Run in a Session
             by packages/session/test/stack-gradients.test.ts.

Writes packages/backend-cpu/test/fixtures/stack.json.
Run: .venv-tf/bin/python tools/oracle/gen_stack_fixtures.py
"""
import base64
import os
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_util import (T, decode_array, encode_array, encode_attr, f32, i32, ref,  # noqa: E402
                         step, step_error, write_fixture)

T.disable_eager_execution()
T.disable_control_flow_v2()

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages",
                   "backend-cpu", "test", "fixtures", "stack.json")
F = tf.float32


def stack(max_size=-1, **attrs):
    attrs.setdefault("elem_type", F)
    return step("StackV2", {"max_size": i32(max_size)}, **attrs)


def push(h, value, **attrs):
    return step("StackPushV2", {"handle": ref(h), "elem": value}, **attrs)


def pop(h, elem_type=F):
    return step("StackPopV2", {"handle": ref(h)}, elem_type=elem_type)


def close(h):
    return step("StackCloseV2", {"handle": ref(h)})


# ----------------------------------------------------------------------------- programs

# Grappler's loop optimizer turns a push whose stack is never popped into an Identity: off,
# so every step below runs its kernel.
KERNELS_ONLY = T.ConfigProto()
KERNELS_ONLY.graph_options.rewrite_options.loop_optimization = 2  # RewriterConfig.OFF


def run_program(name, steps, fetch):
    print("program", name, file=sys.stderr, flush=True)
    g = tf.Graph()
    feeds, built, recorded = {}, [], []
    with g.as_default(), g.device("/device:CPU:0"):
        for k, s in enumerate(steps):
            kwargs = {}
            for arg, spec in s["inputs"]:
                if "ref" in spec:
                    kwargs[arg] = built[spec["ref"][0]].outputs[spec["ref"][1]]
                else:
                    value = decode_array(spec)
                    ph = T.placeholder(tf.as_dtype(spec["dtype"]), shape=value.shape,
                                       name=f"s{k}_{arg}")
                    feeds[ph] = value
                    kwargs[arg] = ph
            # Each step after the one before: stack effects have no data edge to order them.
            with tf.control_dependencies(built[-1:]):
                getattr(tf.raw_ops, s["op"])(**kwargs, **s["attrs"], name=f"s{k}")
            op = g.get_operation_by_name(f"s{k}")
            built.append(op)
            recorded.append({
                "op": s["op"],
                "attrs": {n: encode_attr(op.get_attr(n)) for n in sorted(op.node_def.attr)},
                "inputs": [[arg, spec] for arg, spec in s["inputs"]],
            })
        fetches = [built[st].outputs[out] for st, out in fetch]
    program = {"name": name, "steps": recorded, "fetch": [list(f) for f in fetch]}
    with T.Session(graph=g, config=KERNELS_ONLY) as sess:
        try:
            values = sess.run([fetches, built[-1]], feeds)[0]
            program["outputs"] = [encode_array(v, t.dtype) for v, t in zip(values, fetches)]
        except tf.errors.OpError as e:
            program["error"] = step_error(e)
    return program


def programs():
    P = []

    def add(name, steps, fetch):
        P.append(run_program(name, steps, fetch))

    v = f32([1.5, -2])
    w = f32([[3, 4, 5]])
    add("push_pop_lifo", [stack(), push(0, v), push(0, w), pop(0), pop(0)],
        [(1, 0), (2, 0), (3, 0), (4, 0)])
    add("push_returns_value", [stack(stack_name="acc"), push(0, v, swap_memory=True)], [(1, 0)])
    add("pop_empty", [stack(), pop(0)], [(1, 0)])
    add("pop_empty_named", [stack(stack_name="my_stack"), push(0, v), pop(0), pop(0)], [(2, 0)])
    add("max_size_reached", [stack(max_size=2), push(0, v), push(0, v), push(0, v)], [(1, 0)])
    add("max_size_zero", [stack(max_size=0, stack_name="z"), push(0, v)], [(1, 0)])
    add("max_size_then_pop", [stack(max_size=1), push(0, v), pop(0), push(0, w), pop(0)],
        [(2, 0), (4, 0)])
    add("push_wrong_dtype", [stack(), push(0, i32([1, 2]))], [(1, 0)])
    add("pop_wrong_dtype", [stack(), push(0, v), pop(0, elem_type=tf.int32)], [(1, 0)])
    add("int32_elements", [stack(elem_type=tf.int32), push(0, i32([7, -8])), push(0, i32(3)),
                           pop(0, tf.int32), pop(0, tf.int32)], [(3, 0), (4, 0)])
    add("scalar_elements", [stack(), push(0, f32(2.5)), pop(0)], [(2, 0)])
    add("push_after_close", [stack(stack_name="c"), push(0, v), close(0), push(0, v)], [(1, 0)])
    add("pop_after_close", [stack(stack_name="c"), push(0, v), close(0), pop(0)], [(1, 0)])
    add("close_twice", [stack(), close(0), close(0)], [])
    add("close_nonempty", [stack(), push(0, v), close(0)], [(1, 0)])
    add("max_size_not_scalar", [step("StackV2", {"max_size": i32([2])}, elem_type=F)], [(0, 0)])
    return P


# ------------------------------------------------------------------------------- graphs

GRAPHS = []


def graph(fn):
    GRAPHS.append(fn)
    return fn


def a32(v):
    return np.array(v, dtype=np.float32)


@graph
def while_mul_grad():
    # y = y * w in the loop: the backprop loop pops each iteration's y.
    w = T.placeholder(tf.float32, [], name="w")
    n = T.placeholder(tf.int32, [], name="n")
    _, y = tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y * w),
                         [tf.constant(0), tf.constant(1.0)], name="loop")
    g = tf.gradients(y, w)[0]
    return [y, g], [{"w": 1.5, "n": 3}, {"w": -0.5, "n": 6}, {"w": 2.0, "n": 0}]


@graph
def while_matmul_tanh_grad():
    # A vector state through tanh(h @ W + x): gradients wrt W and x pop h and tanh's output.
    x = T.placeholder(tf.float32, [2, 3], name="x")
    w = T.placeholder(tf.float32, [3, 3], name="w")
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, h):
        return i + 1, tf.tanh(tf.matmul(h, w) + x)

    _, h = tf.while_loop(lambda i, h: i < n, body, [tf.constant(0), tf.ones([2, 3])],
                         name="rnn")
    loss = tf.reduce_sum(h * h)
    gw, gx = tf.gradients(loss, [w, x])
    rng = np.random.RandomState(7)
    feeds = {"x": a32(rng.uniform(-1, 1, [2, 3])), "w": a32(rng.uniform(-0.8, 0.8, [3, 3]))}
    return [h, gw, gx], [dict(feeds, n=4), dict(feeds, n=1)]


class TinyRNNCell:
    """The cell dynamic_rnn calls (Keras 3 has no tf.compat.v1 cells): h' = tanh([x,h]W+b),
    with fixed initial values so our Session's initializer run gives TF's."""

    def __init__(self, units, inputs):
        self.units = units
        rng = np.random.RandomState(11)
        self.kernel = a32(rng.uniform(-0.6, 0.6, [inputs + units, units]))
        self.bias = a32(rng.uniform(-0.1, 0.1, [units]))

    @property
    def output_size(self):
        return self.units

    @property
    def state_size(self):
        return self.units

    def zero_state(self, batch_size, dtype):
        return tf.zeros([batch_size, self.units], dtype)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        return self.zero_state(batch_size, dtype)

    def __call__(self, x, h, scope=None):
        with T.variable_scope("cell", reuse=T.AUTO_REUSE):
            w = T.get_variable("kernel", self.kernel.shape,
                               initializer=T.constant_initializer(self.kernel))
            b = T.get_variable("bias", self.bias.shape, initializer=T.constant_initializer(self.bias))
        out = tf.tanh(tf.matmul(tf.concat([x, h], 1), w) + b)
        return out, out


@graph
def dynamic_rnn_grad():
    # tf.nn.dynamic_rnn (TensorArrays + a v1 while loop) and the gradient of a loss wrt the
    # cell's kernel and bias.
    x = T.placeholder(tf.float32, [2, 4, 3], name="x")
    out, state = T.nn.dynamic_rnn(TinyRNNCell(5, 3), x, dtype=tf.float32, scope="rnn")
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(state)
    kernel, bias = T.trainable_variables()
    gk, gb = tf.gradients(loss, [kernel, bias])
    rng = np.random.RandomState(3)
    return [loss, gk, gb], [{"x": a32(rng.uniform(-1, 1, [2, 4, 3])), "__init__": True}]


@graph
def while_cond_grad():
    # A cond in the loop body: the gradient pops the forward predicate and y per iteration.
    x = T.placeholder(tf.float32, [], name="x")
    n = T.placeholder(tf.int32, [], name="n")

    def body(i, y):
        y2 = tf.cond(tf.equal(i % 2, 0), lambda: y * x, lambda: tf.sin(y) + x, name="pick")
        return i + 1, y2

    _, y = tf.while_loop(lambda i, y: i < n, body, [tf.constant(0), tf.constant(1.0)],
                         name="loop")
    g = tf.gradients(y, x)[0]
    return [y, g], [{"x": 0.7, "n": 5}, {"x": -1.3, "n": 2}]


@graph
def nested_while_grad():
    # A loop inside a loop: the inner backprop loop's stacks live in the outer one's frame.
    x = T.placeholder(tf.float32, [], name="x")

    def outer(i, y):
        _, y2 = tf.while_loop(lambda j, z: j < 3, lambda j, z: (j + 1, z * x + 0.1),
                              [tf.constant(0), y], name="inner")
        return i + 1, y2

    _, y = tf.while_loop(lambda i, y: i < 2, outer, [tf.constant(0), tf.constant(1.0)],
                         name="outer")
    g = tf.gradients(y, x)[0]
    return [y, g], [{"x": 0.9}, {"x": -0.4}]


def build(fn):
    g = tf.Graph()
    with g.as_default():
        outputs, feed_sets = fn()
        init = T.global_variables_initializer() if T.global_variables() else None
    return g, tf.nest.flatten(outputs), feed_sets, init


def run_graph(fn):
    print("graph", fn.__name__, file=sys.stderr, flush=True)
    g, outputs, feed_sets, init = build(fn)
    gd = g.as_graph_def()
    entry = {
        "name": fn.__name__,
        "graph_def": base64.b64encode(gd.SerializeToString(deterministic=True)).decode(),
        "ops": sorted({n.op for n in gd.node}),
        "runs": [],
    }
    for feeds in feed_sets:
        feeds = dict(feeds)
        wants_init = feeds.pop("__init__", False)
        tensors = {k: g.get_tensor_by_name(k + ":0") for k in feeds}
        run = {"feeds": {k + ":0": encode_array(np.asarray(v, tensors[k].dtype.as_numpy_dtype),
                                                tensors[k].dtype)
                         for k, v in feeds.items()},
               "fetches": [t.name for t in outputs]}
        if wants_init:
            run["init"] = [init.name]
        with T.Session(graph=g) as sess:
            if wants_init:
                sess.run(init)
            values = sess.run(outputs, {tensors[k]: v for k, v in feeds.items()})
            run["expected"] = [encode_array(v, t.dtype) for v, t in zip(values, outputs)]
        entry["runs"].append(run)
    return entry


def main():
    progs = programs()
    graphs = [run_graph(fn) for fn in GRAPHS]
    write_fixture(OUT, {"programs": progs, "graphs": graphs})
    print(f"wrote {len(progs)} programs and {len(graphs)} graphs to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
