"""Records how real TensorFlow's tf.compat.v1.Session behaves, scenario by scenario, for
packages/session/test. Each scenario is a small program; we record its values or the
error class and message.

Run: cd tools/oracle && ../../.venv-tf/bin/python gen_session_fixtures.py
Writes tools/oracle/fixtures/session/behaviours.json.
"""
import json
import os
import tempfile

import numpy as np
import tensorflow as tf

from oracle_util import core_message, encode_array

T = tf.compat.v1
OUT = os.path.join(os.path.dirname(__file__), "fixtures", "session", "behaviours.json")
RESULTS = {}


def scenario(fn):
    try:
        RESULTS[fn.__name__] = {"result": fn()}
    except Exception as e:  # the class and wording are what the tests check
        msg = e.message if isinstance(e, tf.errors.OpError) else str(e)
        RESULTS[fn.__name__] = {"error": type(e).__name__, "message": msg,
                                "core": core_message(msg) if isinstance(e, tf.errors.OpError) else msg}
    return fn


def enc(v):
    if v is None:
        return None
    if isinstance(v, dict):
        return {"dict": {str(k): enc(x) for k, x in v.items()}}
    if isinstance(v, (list, tuple)):
        return {"list": [enc(x) for x in v]}
    if isinstance(v, T.SparseTensorValue):
        return {"sparse": [encode_array(v.indices), encode_array(v.values), encode_array(v.dense_shape)]}
    return encode_array(v)


def basic_graph():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([10, 20], name="a")
        b = tf.constant([1.0, 2.0], name="b")
        x = T.placeholder(tf.float32, shape=[2], name="x")
        y = tf.multiply(x, b, name="y")
        n = tf.raw_ops.NoOp(name="n")
    return g


def run(fetches, feed=None, g=None):
    g = g or basic_graph()
    with T.Session(graph=g) as s:
        return enc(s.run(fetches, feed))


@scenario
def fetch_single_tensor(): return run("a:0")
@scenario
def fetch_op_name(): return run("n")
@scenario
def fetch_list(): return run(["a:0", "b:0", "n"])
@scenario
def fetch_nested(): return run({"k1": ["a:0", {"z": "b:0"}], "k2": ("b:0", "a:0")})
@scenario
def fetch_duplicates(): return run(["a:0", "a:0", "a"])
@scenario
def fetch_empty_list(): return run([])
@scenario
def fetch_none(): return run(None)
@scenario
def fetch_int(): return run(5)
@scenario
def fetch_unknown_tensor(): return run("nope:0")
@scenario
def fetch_unknown_op(): return run("nope")
@scenario
def fetch_bad_index(): return run("a:3")
@scenario
def fetch_nested_none(): return run(["a:0", None])


@scenario
def fetch_not_fetchable():
    g = basic_graph()
    g.prevent_fetching(g.get_operation_by_name("a"))
    return run("a:0", g=g)


@scenario
def feed_placeholder(): return run("y:0", {"x:0": [3.0, 4.0]})
@scenario
def feed_overrides_constant(): return run("a:0", {"a:0": [7, 8]})
@scenario
def feed_int_list_into_float(): return run("y:0", {"x:0": [3, 4]})
@scenario
def feed_shape_mismatch(): return run("y:0", {"x:0": [1.0, 2.0, 3.0]})
@scenario
def feed_scalar_mismatch(): return run("y:0", {"x:0": 1.0})
@scenario
def feed_int_overflow(): return run("a:0", {"a:0": 2**40})
@scenario
def feed_int_overflow_in_list(): return run("a:0", {"a:0": [2**40, 1]})
@scenario
def feed_float_into_int(): return run("a:0", {"a:0": [1.7, -2.7]})
@scenario
def feed_string_into_float(): return run("y:0", {"x:0": ["a", "b"]})
@scenario
def feed_unknown_key(): return run("y:0", {"nope:0": [1.0, 2.0]})
@scenario
def feed_op_key(): return run("y:0", {"n": [1.0, 2.0]})
@scenario
def feed_ragged(): return run("y:0", {"x:0": [[1.0], [2.0, 3.0]]})


@scenario
def feed_tensor_value():
    g = basic_graph()
    return run("y:0", {"x:0": g.get_tensor_by_name("b:0")}, g=g)


@scenario
def feed_not_feedable():
    g = basic_graph()
    g.prevent_feeding(g.get_tensor_by_name("x:0"))
    return run("y:0", {"x:0": [1.0, 2.0]}, g=g)


@scenario
def unfed_placeholder(): return run("y:0")
@scenario
def unfed_placeholder_not_needed(): return run("a:0")


@scenario
def unfed_placeholder_unknown_shape():
    g = tf.Graph()
    with g.as_default():
        p = T.placeholder(tf.int64, name="p")
        tf.identity(p, name="i")
    return run("i:0", g=g)


@scenario
def closed_session_run():
    s = T.Session(graph=basic_graph())
    s.close()
    s.close()
    return enc(s.run("a:0"))


@scenario
def empty_graph_run():
    with T.Session(graph=tf.Graph()) as s:
        return enc(s.run([]))


@scenario
def list_devices():
    with T.Session(graph=basic_graph()) as s:
        return [{"name": d.name, "device_type": d.device_type, "memory_limit_bytes": d.memory_limit_bytes}
                for d in s.list_devices()]


@scenario
def reset_local_target():
    T.Session.reset("")
    return "ok"


@scenario
def runtime_kernel_error():
    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, name="x")
        tf.reshape(x, [3], name="r")
    with T.Session(graph=g) as s:
        return enc(s.run("r:0", {"x:0": [1.0, 2.0]}))


@scenario
def gpu_request_no_soft_placement():
    g = tf.Graph()
    with g.as_default(), g.device("/device:GPU:0"):
        tf.constant(1.0, name="c")
    with T.Session(graph=g, config=T.ConfigProto(allow_soft_placement=False)) as s:
        return enc(s.run("c:0"))


@scenario
def gpu_request_soft_placement():
    g = tf.Graph()
    with g.as_default(), g.device("/device:GPU:0"):
        tf.constant(1.0, name="c")
    with T.Session(graph=g, config=T.ConfigProto(allow_soft_placement=True)) as s:
        return enc(s.run("c:0"))


@scenario
def log_device_placement():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(5.0, name="a")
        b = tf.constant(6.0, name="b")
        tf.multiply(a, b, name="c")
    fd, path = tempfile.mkstemp()
    saved = os.dup(2)
    os.dup2(fd, 2)
    try:
        with T.Session(graph=g, config=T.ConfigProto(log_device_placement=True)) as s:
            s.run("c:0")
            s.run("c:0")
    finally:
        os.dup2(saved, 2)
        os.close(fd)
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if "device:CPU" in l or "Device mapping" in l]
    os.unlink(path)
    return lines


@scenario
def uninitialized_ref_variable():
    g = tf.Graph()
    with g.as_default():
        v = T.Variable([1.0], name="v", use_resource=False)
    with T.Session(graph=g) as s:
        return enc(s.run(v))


@scenario
def uninitialized_resource_variable():
    g = tf.Graph()
    with g.as_default():
        v = T.Variable([1.0], name="v", use_resource=True)
    with T.Session(graph=g) as s:
        return enc(s.run(v.read_value()))


@scenario
def variables_initialized():
    g = tf.Graph()
    with g.as_default():
        v = T.Variable([1.0, 2.0], name="v")
        w = T.Variable([3.0], name="w", use_resource=False)
        inc = v.assign_add([1.0, 1.0])
        init = T.global_variables_initializer()
    with T.Session(graph=g) as s:
        s.run(init)
        s.run(inc)
        return enc(s.run([v.read_value(), w]))


@scenario
def blocked_dequeue_timeout():
    g = tf.Graph()
    with g.as_default():
        q = T.FIFOQueue(10, [tf.float32], shapes=[[]], name="q")
        d = q.dequeue(name="d")
    with T.Session(graph=g) as s:
        return enc(s.run(d, options=T.RunOptions(timeout_in_ms=50)))


@scenario
def operation_timeout():
    g = tf.Graph()
    with g.as_default():
        q = T.FIFOQueue(10, [tf.float32], shapes=[[]], name="q")
        d = q.dequeue(name="d")
    with T.Session(graph=g, config=T.ConfigProto(operation_timeout_in_ms=50)) as s:
        return enc(s.run(d))


@scenario
def full_trace_metadata():
    g = basic_graph()
    with T.Session(graph=g) as s:
        md = T.RunMetadata()
        s.run("y:0", {"x:0": [1.0, 1.0]},
              options=T.RunOptions(trace_level=T.RunOptions.FULL_TRACE, output_partition_graphs=True),
              run_metadata=md)
        nodes = sorted({n.node_name for d in md.step_stats.dev_stats for n in d.node_stats})
        devs = sorted({d.device for d in md.step_stats.dev_stats})
        return {"devices": devs, "nodes": nodes, "partition_graphs": len(md.partition_graphs),
                "partition_ops": sorted(n.op for p in md.partition_graphs for n in p.node)}


@scenario
def run_options_wrong_type():
    with T.Session(graph=basic_graph()) as s:
        return enc(s.run("a:0", options=5))


@scenario
def run_metadata_wrong_type():
    with T.Session(graph=basic_graph()) as s:
        return enc(s.run("a:0", run_metadata=5))


@scenario
def default_session_nesting():
    g = basic_graph()
    s1 = T.Session(graph=g)
    s2 = T.Session(graph=g)
    seen = []
    with s1.as_default():
        seen.append(T.get_default_session() is s1)
        with s2.as_default():
            seen.append(T.get_default_session() is s2)
            seen.append(enc(g.get_tensor_by_name("a:0").eval()))
        seen.append(T.get_default_session() is s1)
    seen.append(T.get_default_session() is None)
    s1.close()
    s2.close()
    return seen


@scenario
def interactive_session():
    g = basic_graph()
    with g.as_default():
        s = T.InteractiveSession()
        out = [T.get_default_session() is s, enc(g.get_tensor_by_name("a:0").eval())]
        s.close()
        out.append(T.get_default_session() is None)
    return out


@scenario
def sparse_fetch_and_feed():
    g = tf.Graph()
    with g.as_default():
        sp = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])
        p = T.sparse_placeholder(tf.float32, name="sp")
        d = tf.sparse.to_dense(p)
    with T.Session(graph=g) as s:
        fetched = s.run(sp)
        fed = s.run(d, {p: T.SparseTensorValue([[0, 1]], [5.0], [2, 2])})
        return [enc(fetched), enc(fed)]


@scenario
def feed_nested_key():
    g = basic_graph()
    x = g.get_tensor_by_name("x:0")
    a = g.get_tensor_by_name("a:0")
    with T.Session(graph=g) as s:
        return enc(s.run(["y:0", a], {(x, a): ([2.0, 3.0], [5, 6])}))


@scenario
def foreign_graph_fetch():
    other = basic_graph()
    return run(other.get_tensor_by_name("a:0"))


@scenario
def foreign_graph_feed():
    other = basic_graph()
    return run("y:0", {other.get_tensor_by_name("x:0"): [1.0, 2.0]})


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "scenarios": RESULTS}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
