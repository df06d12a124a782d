"""Model zoo for the conformance suite: real TF 2.21 graphs with random weights.

Writes packages/conformance/fixtures/zoo/<model>/{model.pb, case.json, *.bin}
(format: the zoo contract, see packages/conformance README). Every expected value
comes from re-importing the written model.pb bytes into a fresh tf.Graph and running
it in a tf.compat.v1.Session on CPU, so the numbers belong to exactly those bytes.

Nothing is downloaded: Keras applications are built with weights=None and fixed
seeds, and shrunk (alpha, input size, width) so the committed files stay small.

Run: .venv-tf/bin/python tools/oracle/gen_model_zoo.py [model ...]
"""
import json
import os
import re
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework.convert_to_constants import (  # noqa: E402
    convert_variables_to_constants_v2,
)

from oracle_util import core_message, encode_array  # noqa: E402

T = tf.compat.v1
HERE = os.path.dirname(os.path.abspath(__file__))
ZOO = os.path.join(HERE, "..", "..", "packages", "conformance", "fixtures", "zoo")
INLINE_LIMIT = 4096

# Tolerances. Elementwise float32 work agrees to rounding; anything that sums many
# products (convolutions, matmuls, reductions) may add in another order than Eigen.
ELEMENTWISE = {"rtol": 1e-5, "atol": 1e-6}
# Measured on backend-cpu: <= 1e-6 rel for the small matmul models, <= 3e-6 rel for the
# convnets; the bounds leave room for SIMD/FMA kernels that sum in yet another order.
ACCUMULATING = {"rtol": 5e-5, "atol": 1e-6}
DEEP = {"rtol": 2e-4, "atol": 1e-5}
EXACT = {"rtol": 0, "atol": 0}


def rng(seed):
    return np.random.default_rng(seed)


def freeze(fn, specs, lower_control_flow=True):
    """A Keras/TF2 callable as a frozen TF1-style GraphDef (variables become Consts)."""
    cf = tf.function(fn).get_concrete_function(*specs)
    frozen = convert_variables_to_constants_v2(cf, lower_control_flow=lower_control_flow)
    gd = frozen.graph.as_graph_def()
    if not lower_control_flow:
        gd = stable_library_graph(gd, cf.graph.as_graph_def())
    return gd, [t.name for t in frozen.outputs]


def stable_library_graph(gd, traced):
    """The same graph, written the same way on every run. Freezing a graph that keeps its
    function library varies two things between runs: the order of some top-level nodes
    (grappler's function inlining emits them from a hash map) and the functions' uid
    suffixes (`..._frozen_28194`, a process-wide counter that counts every model built
    before). Nodes go back to the traced graph's order (which is stable), and the frozen
    functions (and the uids in their unused args' names) are renumbered from 0 in their counter's
    order. Nothing else changes."""
    out = tf.compat.v1.GraphDef()
    out.CopyFrom(gd)
    frozen = sorted((f.signature.name for f in out.library.function if re.search(r"_frozen_\d+$", f.signature.name)),
                    key=lambda name: int(name.rsplit("_", 1)[1]))
    renamed = {old: f"{old.rsplit('_', 1)[0]}_{i}" for i, old in enumerate(frozen)}

    def rename_attrs(attrs):
        for value in attrs.values():
            if value.HasField("func"):
                value.func.name = renamed.get(value.func.name, value.func.name)
            for f in value.list.func:
                f.name = renamed.get(f.name, f.name)

    for n in out.node:
        rename_attrs(n.attr)
    for f in out.library.function:
        f.signature.name = renamed.get(f.signature.name, f.signature.name)
        for n in f.node_def:
            rename_attrs(n.attr)
    # While-cond functions keep unused inputs as args named after the traced function's uid.
    placeholder = re.compile(r"_(\d+)(___redundant_placeholder\d+)")
    uids = sorted({int(m.group(1)) for f in out.library.function for a in f.signature.input_arg
                   for m in placeholder.finditer(a.name)})
    renumber = {str(u): str(i) for i, u in enumerate(uids)}

    def rename_args(text):
        return placeholder.sub(lambda m: f"_{renumber[m.group(1)]}{m.group(2)}", text)

    for f in out.library.function:
        for a in f.signature.input_arg:
            a.name = rename_args(a.name)
        for n in f.node_def:
            n.input[:] = [rename_args(i) for i in n.input]
        for key in list(f.ret):
            f.ret[key] = rename_args(f.ret[key])
    for grad in out.library.gradient:
        grad.function_name = renamed.get(grad.function_name, grad.function_name)
        grad.gradient_func = renamed.get(grad.gradient_func, grad.gradient_func)
    rank = {n.name: i for i, n in enumerate(traced.node)}
    stable = tf.compat.v1.GraphDef()
    stable.CopyFrom(out)
    del stable.node[:]
    stable.node.extend(sorted(out.node, key=lambda n: (rank.get(n.name, len(rank)), n.name)))
    del stable.library.function[:]
    stable.library.function.extend(sorted(out.library.function, key=lambda f: f.signature.name))
    return stable


def ops_of(gd):
    return sorted({n.op for n in gd.node} | {n.op for f in gd.library.function for n in f.node_def})


class Writer:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(ZOO, name)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.count = 0

    def array(self, value, dtype=None):
        arr = np.asarray(value)
        spec = encode_array(arr, dtype)
        if arr.nbytes <= INLINE_LIMIT:
            return spec
        fname = f"array_{self.count}.bin"
        self.count += 1
        np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tofile(os.path.join(self.dir, fname))
        return {"dtype": spec["dtype"], "shape": spec["shape"], "file": fname}


def run_errors(w, g, errors):
    """errors.json beside case.json: runs with bad runtime values, each in a fresh Session
    (after its `setup` targets), and the error TF raised: class, message without the
    preamble and node trailer, and the failing node's name."""
    out = []
    for e in errors:
        with T.Session(graph=g, config=T.ConfigProto(device_count={"GPU": 0})) as sess:
            if e.get("setup"):
                sess.run(e["setup"])
            feeds = e.get("feeds", {})
            try:
                sess.run(e.get("fetches", []) + e.get("targets", []), feeds)
            except tf.errors.OpError as err:
                error = {"class": type(err).__name__, "message": core_message(err.message),
                         "node": err.op.name if err.op is not None else None}
            else:
                raise AssertionError(f"{w.name}: {e['what']} did not fail in TF")
        entry = {"what": e["what"]}
        if e.get("setup"):
            entry["setup"] = e["setup"]
        entry["feeds"] = {k: w.array(v, g.get_tensor_by_name(k).dtype.base_dtype) for k, v in feeds.items()}
        entry["fetches"] = e.get("fetches", [])
        if e.get("targets"):
            entry["targets"] = e["targets"]
        entry["error"] = error
        out.append(entry)
    with open(os.path.join(w.dir, "errors.json"), "w") as f:
        json.dump({"name": w.name, "generator": "tools/oracle/gen_model_zoo.py", "graph": "model.pb",
                   "cases": out}, f, indent=1)
        f.write("\n")


def run_case(name, description, gd, steps, config=None, errors=()):
    """Writes model.pb, then replays `steps` on the re-imported bytes in a TF1 Session.

    steps: [{"feeds": {name: ndarray}, "fetches": [names], "targets": [names],
             "tolerance": {name: tol} or a default tol}]
    errors: [{"what": text, "setup": [targets], "feeds", "fetches", "targets"}] that TF
            rejects at run time (written to errors.json, see run_errors).
    """
    data = gd.SerializeToString(deterministic=True)
    w = Writer(name)
    with open(os.path.join(w.dir, "model.pb"), "wb") as f:
        f.write(data)
    g = tf.Graph()
    with g.as_default():
        parsed = tf.compat.v1.GraphDef()
        parsed.ParseFromString(data)
        tf.graph_util.import_graph_def(parsed, name="")
    out_steps = []
    with T.Session(graph=g, config=T.ConfigProto(device_count={"GPU": 0})) as sess:
        for step in steps:
            feeds = step.get("feeds", {})
            fetches = step.get("fetches", [])
            targets = step.get("targets", [])
            values = sess.run(fetches + targets, {k: v for k, v in feeds.items()})[: len(fetches)]
            for fname, v in zip(fetches, values):
                if np.asarray(v).dtype.kind == "f" and np.asarray(v).size:
                    print(f"  {fname}: |max| {np.nanmax(np.abs(v)):.3g} std {np.nanstd(v):.3g}")
            tol = step.get("tolerance", ELEMENTWISE)
            expected, tolerance = {}, {}
            for fname, v in zip(fetches, values):
                t = g.get_tensor_by_name(fname)
                dt = t.dtype.base_dtype
                expected[fname] = w.array(v, dt)
                if dt.is_floating or dt.is_complex:
                    tolerance[fname] = tol.get(fname, ELEMENTWISE) if "rtol" not in tol else tol
                else:
                    tolerance[fname] = EXACT
            entry = {
                "feeds": {k: w.array(v, g.get_tensor_by_name(k).dtype.base_dtype) for k, v in feeds.items()},
                "fetches": fetches,
            }
            if targets:
                entry["targets"] = targets
            entry["expected"] = expected
            entry["tolerance"] = tolerance
            out_steps.append(entry)
    case = {
        "name": name,
        "description": description,
        "generator": "tools/oracle/gen_model_zoo.py",
        "graph": "model.pb",
    }
    if config:
        case["config"] = config
    case["steps"] = out_steps
    case["ops"] = ops_of(gd)
    with open(os.path.join(w.dir, "case.json"), "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")
    if errors:
        run_errors(w, g, errors)
    size = sum(os.path.getsize(os.path.join(w.dir, p)) for p in os.listdir(w.dir))
    print(f"{name}: {len(data)} bytes graph, {size} bytes total, {len(case['ops'])} op types")


# ---- Keras convnets --------------------------------------------------------------------------


def randomize(model, seed):
    """Random weights that keep activations alive through a deep stack: He-scaled kernels and
    BatchNorm statistics away from the identity (Keras' fresh ones would make BN a no-op and
    let the signal fade to ~1e-11 in MobileNetV2, which would hide wrong numbers)."""
    r = rng(seed)
    for w in model.weights:
        shape = tuple(w.shape)
        leaf = w.name.split("/")[-1]
        if leaf in ("kernel", "depthwise_kernel"):
            fan_in = int(np.prod(shape[:-1])) if leaf == "kernel" else int(np.prod(shape[:2]))
            v = r.normal(scale=np.sqrt(2.0 / max(fan_in, 1)), size=shape)
        elif leaf == "gamma":
            v = r.uniform(0.6, 1.0, shape)
        elif leaf in ("beta", "bias"):
            v = r.normal(scale=0.05, size=shape)
        elif leaf == "moving_mean":
            v = r.normal(scale=0.1, size=shape)
        elif leaf == "moving_variance":
            v = r.uniform(0.8, 1.5, shape)
        else:
            continue
        w.assign(v.astype(np.float32))


def keras_image_model(name, description, build, size, tol):
    import keras

    keras.backend.clear_session()  # layer names must not depend on which models ran before
    keras.utils.set_random_seed(0)
    model = build(keras)
    randomize(model, 10)
    gd, outs = freeze(lambda x: model(x, training=False), [tf.TensorSpec([None, size, size, 3], tf.float32, name="input")])
    x = rng(1).uniform(0, 1, [2, size, size, 3]).astype(np.float32)
    run_case(name, description, gd, [{"feeds": {"input:0": x}, "fetches": outs, "tolerance": tol}])


def mobilenet_v2():
    keras_image_model(
        "mobilenet_v2",
        "keras.applications.MobileNetV2(alpha=0.35, 96x96, 10 classes, weights=None), frozen with "
        "convert_variables_to_constants_v2: Conv2D, DepthwiseConv2dNative, BatchNormalization (Keras 3 "
        "lowers it to Rsqrt/Mul/Sub), Relu6, "
        "AddV2 residuals, Mean pooling, MatMul logits. Tolerance 2e-4 rel / 1e-5 abs because ~50 "
        "layers of convolutions sum in a different order than Eigen's.",
        lambda keras: keras.applications.MobileNetV2(
            input_shape=(96, 96, 3), alpha=0.35, weights=None, classes=10, classifier_activation=None),
        96, DEEP)


def mini_resnet():
    def build(keras):
        L = keras.layers

        class FusedBatchNorm(L.Layer):
            """Inference BatchNorm as TF1-era graphs have it: one FusedBatchNormV3 op (Keras 3's
            own BatchNormalization lowers to Rsqrt/Mul/Sub instead)."""

            def __init__(self, epsilon, **kwargs):
                super().__init__(**kwargs)
                self.epsilon = epsilon

            def build(self, shape):
                c = (int(shape[-1]),)
                self.gamma = self.add_weight(name="gamma", shape=c, initializer="ones")
                self.beta = self.add_weight(name="beta", shape=c, initializer="zeros")
                self.mean = self.add_weight(name="moving_mean", shape=c, initializer="zeros")
                self.var = self.add_weight(name="moving_variance", shape=c, initializer="ones")

            def call(self, x):
                return T.nn.fused_batch_norm(x, self.gamma, self.beta, self.mean, self.var,
                                             epsilon=self.epsilon, is_training=False)[0]

        def BatchNormalization(epsilon, name):
            return FusedBatchNorm(epsilon, name=name)

        def bottleneck(x, filters, stride, project, name):
            shortcut = x
            if project:
                shortcut = L.Conv2D(4 * filters, 1, strides=stride, name=name + "_0_conv")(x)
                shortcut = BatchNormalization(epsilon=1.001e-5, name=name + "_0_bn")(shortcut)
            x = L.Conv2D(filters, 1, strides=stride, name=name + "_1_conv")(x)
            x = BatchNormalization(epsilon=1.001e-5, name=name + "_1_bn")(x)
            x = L.Activation("relu", name=name + "_1_relu")(x)
            x = L.Conv2D(filters, 3, padding="same", name=name + "_2_conv")(x)
            x = BatchNormalization(epsilon=1.001e-5, name=name + "_2_bn")(x)
            x = L.Activation("relu", name=name + "_2_relu")(x)
            x = L.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
            x = BatchNormalization(epsilon=1.001e-5, name=name + "_3_bn")(x)
            x = L.Add(name=name + "_add")([shortcut, x])
            return L.Activation("relu", name=name + "_out")(x)

        inp = keras.Input((64, 64, 3))
        x = L.ZeroPadding2D(3, name="conv1_pad")(inp)
        x = L.Conv2D(16, 7, strides=2, name="conv1_conv")(x)
        x = BatchNormalization(epsilon=1.001e-5, name="conv1_bn")(x)
        x = L.Activation("relu", name="conv1_relu")(x)
        x = L.ZeroPadding2D(1, name="pool1_pad")(x)
        x = L.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
        for stage, (filters, blocks, stride) in enumerate([(8, 2, 1), (16, 2, 2), (24, 2, 2), (32, 1, 2)]):
            for b in range(blocks):
                x = bottleneck(x, filters, stride if b == 0 else 1, b == 0, f"conv{stage + 2}_block{b + 1}")
        x = L.GlobalAveragePooling2D(name="avg_pool")(x)
        x = L.Dense(10, name="predictions")(x)
        return keras.Model(inp, x)

    keras_image_model(
        "resnet_mini",
        "ResNet50's structure (7x7/2 stem, ZeroPadding2D, 3x3/2 MaxPool, bottleneck blocks with "
        "1x1 projection shortcuts, inference BatchNorm as FusedBatchNormV3, Add, GlobalAveragePooling, Dense logits) with 7 thin blocks "
        "at 64x64, built with Keras and frozen with convert_variables_to_constants_v2. Tolerance 2e-4 "
        "rel / 1e-5 abs: deep convolution stacks accumulate in a different order than Eigen.",
        build, 64, DEEP)


def efficientnet():
    from keras.src.applications import efficientnet as eff

    keras_image_model(
        "efficientnet_b0_slim",
        "keras EfficientNet with B0's block list at width 0.25 (depth 1.0), 64x64, weights=None, "
        "frozen with convert_variables_to_constants_v2: Rescaling/Normalization preprocessing, "
        "swish (Sigmoid*Mul), DepthwiseConv2dNative with SAME/stride 2 padding, squeeze-excite "
        "(Mean, Sigmoid, broadcasting Mul), BatchNormalization as Rsqrt/Mul/Sub. Tolerance 2e-4 rel / 1e-5 abs for the "
        "deep accumulation order.",
        lambda keras: eff.EfficientNet(0.25, 1.0, 64, name="efficientnet_slim", weights=None,
                                       input_shape=(64, 64, 3), classes=10, classifier_activation=None),
        64, DEEP)


def densenet():
    from keras.src.applications import densenet as dn

    keras_image_model(
        "densenet_slim",
        "keras DenseNet (DenseNet121's layer pattern with 2 conv blocks per dense block instead of "
        "6/12/24/16), 64x64, weights=None, frozen with convert_variables_to_constants_v2: dense "
        "blocks of ConcatV2 along channels, BN-ReLU-Conv bottlenecks, transition AvgPool, "
        "ZeroPadding + MaxPool stem. Tolerance 2e-4 rel / 1e-5 abs for the deep accumulation order.",
        lambda keras: dn.DenseNet([2, 2, 2, 2], weights=None, input_shape=(64, 64, 3), classes=10,
                                  classifier_activation=None, name="densenet_slim"),
        64, DEEP)


# ---- recurrent -------------------------------------------------------------------------------


def keras_rnn(name, layer_name):
    import keras

    keras.backend.clear_session()  # layer names must not depend on which models ran before
    keras.utils.set_random_seed(0)
    layer = getattr(keras.layers, layer_name)
    model = keras.Sequential([keras.Input((7, 5)), layer(6, return_sequences=True), layer(4), keras.layers.Dense(3)])
    gd, outs = freeze(lambda x: model(x, training=False), [tf.TensorSpec([None, 7, 5], tf.float32, name="input")],
                      lower_control_flow=False)
    x = rng(2).normal(size=[3, 7, 5]).astype(np.float32)
    run_case(
        name,
        f"Two stacked keras.layers.{layer_name} (return_sequences then last state) and a Dense, frozen "
        "with convert_variables_to_constants_v2(lower_control_flow=False) so the TF2 While loops and "
        "their function library stay: While, TensorList*, MatMul, Sigmoid/Tanh gates. Tolerance "
        "5e-5 rel: matmul accumulation over 7 time steps.",
        gd, [{"feeds": {"input:0": x}, "fetches": outs, "tolerance": ACCUMULATING}])


class LSTMishCell:
    """What dynamic_rnn needs of a cell (Keras 3 has no tf.compat.v1 cells): a small LSTM."""

    def __init__(self, units):
        self.units = units

    @property
    def output_size(self):
        return self.units

    @property
    def state_size(self):
        return (self.units, self.units)

    def zero_state(self, batch_size, dtype):
        return (tf.zeros([batch_size, self.units], dtype), tf.zeros([batch_size, self.units], dtype))

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        return self.zero_state(batch_size, dtype)

    def __call__(self, x, state, scope=None):
        c, h = state
        with T.variable_scope("cell", reuse=T.AUTO_REUSE):
            w = T.get_variable("kernel", [int(x.shape[-1]) + self.units, 4 * self.units],
                               initializer=T.constant_initializer(
                                   rng(3).uniform(-0.5, 0.5, [int(x.shape[-1]) + self.units, 4 * self.units])))
            b = T.get_variable("bias", [4 * self.units], initializer=T.constant_initializer(0.1))
        z = tf.matmul(tf.concat([x, h], 1), w) + b
        i, f, o, g = tf.split(z, 4, axis=1)
        c2 = tf.sigmoid(f + 1.0) * c + tf.sigmoid(i) * tf.tanh(g)
        h2 = tf.sigmoid(o) * tf.tanh(c2)
        return h2, (c2, h2)


def dynamic_rnn():
    T.disable_control_flow_v2()
    try:
        g = tf.Graph()
        with g.as_default():
            x = T.placeholder(tf.float32, [None, 6, 3], name="x")
            lengths = T.placeholder(tf.int32, [None], name="lengths")
            outputs, (c, h) = T.nn.dynamic_rnn(LSTMishCell(4), x, sequence_length=lengths, dtype=tf.float32)
            total = tf.reduce_sum(outputs, name="total")
            init = T.global_variables_initializer()
            gd = g.as_graph_def()
    finally:
        T.enable_control_flow_v2()
    x = rng(4).normal(size=[3, 6, 3]).astype(np.float32)
    run_case(
        "dynamic_rnn_v1",
        "tf.compat.v1.nn.dynamic_rnn with control flow v1 (Enter/Exit/Switch/Merge/NextIteration/"
        "LoopCond frames), TensorArrayV3 scatter/read/write/gather, sequence_length masking (Select), "
        "an LSTM-like cell on resource variables initialised by an init op. Tolerance 5e-5 rel: matmuls "
        "over 6 steps.",
        gd,
        [
            {"targets": [init.name]},
            {"feeds": {"x:0": x, "lengths:0": np.array([6, 3, 0], np.int32)},
             "fetches": [outputs.name, c.name, h.name, total.name], "tolerance": ACCUMULATING},
            {"feeds": {"x:0": x[:2], "lengths:0": np.array([1, 6], np.int32)},
             "fetches": [outputs.name, h.name], "tolerance": ACCUMULATING},
        ],
        errors=[{"what": "sequence_length of the wrong batch size fails dynamic_rnn's Assert",
                 "setup": [init.name], "feeds": {"x:0": x, "lengths:0": np.array([6, 3], np.int32)},
                 "fetches": [total.name]}])


# ---- conditionals ----------------------------------------------------------------------------


def cond_graph(v2):
    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, [None, 3], name="x")
        p = T.placeholder(tf.bool, [], name="p")
        k = T.placeholder(tf.int32, [], name="k")

        def heavy():
            y = tf.matmul(x, tf.constant(rng(5).normal(size=[3, 2]).astype(np.float32)))
            inner = tf.cond(k > 2, lambda: tf.nn.relu(y), lambda: y * 2.0, name="inner")
            return inner, tf.reduce_sum(y)

        def light():
            if v2:
                pr = tf.print("light branch", k)
                with tf.control_dependencies([pr]):
                    z = tf.identity(x[:, :2] - 1.0)
            else:
                z = T.Print(x[:, :2] - 1.0, [k], message="light branch ")
            return z, tf.cast(k, tf.float32)

        a, s = tf.cond(p, heavy, light, name="outer")
        out = tf.add(a, s, name="out")
        idx = tf.cond(tf.reduce_any(x > 0), lambda: tf.argmax(x, axis=1), lambda: tf.zeros([tf.shape(x)[0]], tf.int64),
                      name="pick")
        idx = tf.identity(idx, name="idx")
    return g.as_graph_def(), [out.name, idx.name]


def conds():
    x = rng(6).normal(size=[4, 3]).astype(np.float32)
    neg = -np.abs(x)
    for v2 in (False, True):
        if not v2:
            T.disable_control_flow_v2()
        try:
            gd, fetches = cond_graph(v2)
        finally:
            T.enable_control_flow_v2()
        form = ("control flow v2: If (stateful branch with PrintV2) and StatelessIf, nested, with "
                "the function library" if v2 else
                "control flow v1: Switch/Merge with dead branches, nested, and a v1 Print op")
        run_case(
            "cond_v2" if v2 else "cond_v1",
            f"tf.cond in a TF1 graph, {form}; branches return tuples, a nested cond, and a cond over "
            "int64 argmax. Tolerance 1e-5 rel (a 3-term matmul).",
            gd,
            [{"feeds": {"x:0": x, "p:0": np.bool_(pv), "k:0": np.int32(kv)}, "fetches": fetches}
             for pv, kv in [(True, 3), (True, 1), (False, 7)]]
            + [{"feeds": {"x:0": neg, "p:0": np.bool_(True), "k:0": np.int32(5)}, "fetches": fetches}])


def loops_graph():
    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, [None], name="x")
        n = T.placeholder(tf.int32, [], name="n")
        p = T.placeholder(tf.bool, [], name="p")

        def outer_body(i, acc):
            def inner_body(j, s):
                return j + 1, s + tf.gather(x, j % tf.size(x)) * tf.cast(j + 1, tf.float32)

            _, s = tf.while_loop(lambda j, s: j < i, inner_body, [0, 0.0], name="inner")
            return i + 1, acc + s

        def with_loops():
            return tf.while_loop(lambda i, a: i < n, outer_body, [0, 0.0], name="outer")[1]

        nested = tf.identity(tf.cond(p, with_loops, lambda: tf.reduce_sum(x), name="gate"), name="nested")

        def cond_body(i, v):
            v = tf.cond(tf.equal(i % 2, 0), lambda: v * 2.0, lambda: v - 1.0, name="parity")
            return i + 1, v

        _, alternating = tf.while_loop(lambda i, v: i < n, cond_body, [0, x], name="alternate")
        alternating = tf.identity(alternating, name="alternating")
        # A loop that stops at maximum_iterations before its condition does, and one that
        # grows a tensor's shape through shape_invariants.
        capped = tf.identity(
            tf.while_loop(lambda i: i < 1000, lambda i: [i + 3], [n], maximum_iterations=4)[0], name="capped")
        grown = tf.while_loop(lambda i, t: i < n, lambda i, t: (i + 1, tf.concat([t, t[-1:] + 1.0], 0)),
                              [0, x[:1]], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])[1]
        grown = tf.identity(grown, name="grown")
    return g.as_graph_def(), [nested.name, alternating.name, capped.name, grown.name]


def loops():
    x = np.array([0.5, -1.0, 2.0], np.float32)
    for v2 in (False, True):
        if not v2:
            T.disable_control_flow_v2()
        try:
            gd, fetches = loops_graph()
        finally:
            T.enable_control_flow_v2()
        form = ("control flow v2: While/StatelessWhile with If inside, nested through the "
                "function library" if v2 else
                "control flow v1: nested frames (Enter/Exit/NextIteration/LoopCond), a loop inside a "
                "cond and conds inside a loop")
        run_case(
            "loops_v2" if v2 else "loops_v1",
            f"tf.while_loop in a TF1 graph, {form}; a nested loop reading a captured tensor, "
            "maximum_iterations, and a loop-carried tensor growing under shape_invariants. "
            "Tolerance 1e-5 rel (short float sums).",
            gd,
            [{"feeds": {"x:0": x, "n:0": np.int32(nv), "p:0": np.bool_(pv)}, "fetches": fetches}
             for nv, pv in [(3, True), (0, True), (5, False), (4, True)]],
            errors=[{"what": "FloorMod by zero (an empty x) inside the nested loop",
                     "feeds": {"x:0": np.zeros([0], np.float32), "n:0": np.int32(3), "p:0": np.bool_(True)},
                     "fetches": [fetches[0]]}])


# ---- transformer encoder ---------------------------------------------------------------------


def transformer():
    r = rng(7)
    vocab, d, heads, ff, seq = 50, 16, 2, 32, 6
    dh = d // heads

    def var(*shape, scale=0.3):
        return tf.Variable(r.normal(scale=scale, size=shape).astype(np.float32))

    emb, pos = var(vocab, d), var(seq, d, scale=0.1)
    wq, wk, wv, wo = var(d, d), var(d, d), var(d, d), var(d, d)
    w1, b1, w2, b2 = var(d, ff), var(ff, scale=0.1), var(ff, d), var(d, scale=0.1)
    g1, be1 = tf.Variable(np.ones(d, np.float32)), tf.Variable(np.zeros(d, np.float32))
    g2, be2 = var(d, scale=0.1), var(d, scale=0.1)

    def layer_norm(x, g, b):
        mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(variance + 1e-6) * g + b

    def encoder(ids, mask):
        n = tf.shape(ids)[0]
        x = tf.gather(emb, ids) + pos[tf.newaxis, :, :]

        def split(t):
            return tf.transpose(tf.reshape(t, [n, seq, heads, dh]), [0, 2, 1, 3])

        q, k, v = split(tf.matmul(x, wq)), split(tf.matmul(x, wk)), split(tf.matmul(x, wv))
        scores = tf.matmul(q, k, transpose_b=True) / np.sqrt(dh).astype(np.float32)
        scores += (1.0 - tf.cast(mask[:, tf.newaxis, tf.newaxis, :], tf.float32)) * -1e9
        att = tf.matmul(tf.nn.softmax(scores, axis=-1), v)
        att = tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [n, seq, d])
        x = layer_norm(x + tf.matmul(att, wo), g1, be1)
        h = tf.nn.gelu(tf.matmul(x, w1) + b1, approximate=False)
        h2 = tf.nn.gelu(tf.matmul(x, w1) + b1, approximate=True)
        x = layer_norm(x + tf.matmul(h + 0.5 * h2, w2) + b2, g2, be2)
        pooled = tf.reduce_sum(x * tf.cast(mask, tf.float32)[:, :, None], 1) / tf.reduce_sum(
            tf.cast(mask, tf.float32), 1, keepdims=True)
        return x, pooled

    gd, outs = freeze(encoder, [tf.TensorSpec([None, seq], tf.int32, name="ids"),
                                tf.TensorSpec([None, seq], tf.bool, name="mask")])
    ids = r.integers(0, vocab, [3, seq]).astype(np.int32)
    mask = np.array([[1] * 6, [1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0]], bool)
    run_case(
        "transformer_encoder",
        "A one-layer transformer encoder written with TF ops in a tf.function and frozen: embedding "
        "GatherV2, BatchMatMulV2 attention over 2 heads (Reshape/Transpose), padding mask, Softmax, "
        "LayerNorm from moments (Mean/SquaredDifference/Rsqrt), exact GELU (Erf) and tanh GELU. "
        "Tolerance 5e-5 rel: matmul sums.",
        gd, [{"feeds": {"ids:0": ids, "mask:0": mask}, "fetches": outs, "tolerance": ACCUMULATING}],
        errors=[{"what": "token id outside the vocabulary",
                 "feeds": {"ids:0": np.where(ids == ids[1, 2], vocab, ids).astype(np.int32), "mask:0": mask},
                 "fetches": outs}])


# ---- TF1 training ----------------------------------------------------------------------------


def tf1_training():
    r = rng(8)
    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, [None, 5], name="x")
        labels = T.placeholder(tf.int64, [None], name="labels")
        w1 = T.Variable(r.normal(scale=0.5, size=[5, 8]).astype(np.float32), name="w1", use_resource=False)
        b1 = T.Variable(tf.zeros([8]), name="b1", use_resource=False)
        with T.variable_scope("out"):
            w2 = T.get_variable("w2", initializer=r.normal(scale=0.5, size=[8, 3]).astype(np.float32),
                                use_resource=True)
            b2 = T.get_variable("b2", [3], initializer=T.zeros_initializer(), use_resource=True)
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        logits = tf.matmul(h, w2) + b2
        onehot = tf.one_hot(labels, 3)
        xent = T.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=logits)
        sparse = T.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        loss = tf.add(tf.reduce_mean(xent), 0.0 * tf.reduce_mean(sparse), name="loss")
        step = T.train.get_or_create_global_step()
        adam = T.train.AdamOptimizer(0.05).minimize(loss, global_step=step, name="adam")
        sgd = T.train.GradientDescentOptimizer(0.1).minimize(loss, name="sgd")
        init = T.global_variables_initializer()
        weights = [w1.name, b1.name, w2.value().name, b2.value().name, step.value().name]
        gd = g.as_graph_def()
    xs = r.normal(size=[8, 5]).astype(np.float32)
    ys = r.integers(0, 3, [8]).astype(np.int64)
    feeds = {"x:0": xs, "labels:0": ys}
    steps = [{"targets": [init.name]}]
    for op in ["adam", "adam", "adam", "sgd", "sgd"]:
        steps.append({"feeds": feeds, "fetches": [loss.name], "targets": [op], "tolerance": ACCUMULATING})
        steps.append({"fetches": weights, "tolerance": ACCUMULATING})
    run_case(
        "tf1_training",
        "A TF1 training graph: a ref-variable layer (VariableV2/Assign) and a resource-variable layer "
        "(VarHandleOp/AssignVariableOp), OneHot, softmax_cross_entropy_with_logits_v2 and sparse "
        "cross-entropy, gradients, AdamOptimizer (ApplyAdam/ResourceApplyAdam with beta powers and "
        "a global step) for 3 steps then GradientDescent for 2; the loss and every weight after each "
        "step. Tolerance 5e-5 rel: gradients sum over the batch and errors compound across steps.",
        gd, steps,
        errors=[{"what": "a label outside [0, classes) for the sparse cross-entropy", "setup": [init.name],
                 "feeds": {"x:0": xs, "labels:0": np.where(ys == ys[0], 7, ys).astype(np.int64)},
                 "fetches": [loss.name]}])


# ---- everyday ops ----------------------------------------------------------------------------


def everyday_ops():
    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, [None, 4, 5], name="x")
        ids = T.placeholder(tf.int64, [None, 3], name="ids")
        a = T.placeholder(tf.int32, [None], name="a")
        b = T.placeholder(tf.int32, [None], name="b")
        img = T.placeholder(tf.float32, [1, 3, 4, 2], name="img")
        outs = {}
        outs["slice_masks"] = x[1:, ..., ::-2]
        outs["slice_newaxis"] = x[:, tf.newaxis, 2, 1:4]
        outs["slice_shrink"] = x[-1, :, 3]
        outs["gather_axis1"] = tf.gather(x, ids[0], axis=2)
        outs["gather_batch"] = tf.gather(x[:, 0, :], tf.cast(ids, tf.int32) % 5, axis=1, batch_dims=1)
        outs["where_coords"] = tf.where(x > 0.5)
        outs["where_select"] = tf.where(x > 0, x, -x * 0.5)
        vals, idx = tf.math.top_k(tf.reshape(x, [-1, 20]), k=4)
        outs["topk_values"], outs["topk_indices"] = vals, idx
        outs["one_hot"] = tf.one_hot(ids, 6, on_value=2.5, off_value=-1.0, axis=1)
        outs["one_hot_int"] = tf.one_hot(a % 4, 4, dtype=tf.int64)
        outs["cumsum"] = tf.cumsum(x, axis=2)
        outs["cumsum_ex_rev"] = tf.cumsum(x, axis=1, exclusive=True, reverse=True)
        outs["cumsum_int64"] = tf.cumsum(ids, axis=1)
        outs["resize_half_pixel"] = T.image.resize_bilinear(img, [5, 7], half_pixel_centers=True)
        outs["resize_legacy"] = T.image.resize_bilinear(img, [5, 7], half_pixel_centers=False)
        outs["resize_aligned"] = T.image.resize_bilinear(img, [5, 7], align_corners=True)
        outs["floordiv"] = tf.math.floordiv(a, b)
        outs["floormod"] = tf.math.floormod(a, b)
        outs["truncdiv"] = tf.truncatediv(a, b)
        fa = tf.cast(a, tf.float32)
        fb = tf.cast(b, tf.float32)
        outs["floordiv_f"] = tf.math.floordiv(fa * 0.75, fb)
        outs["floormod_f"] = tf.math.floormod(fa * 0.75, fb)
        outs["cast_f_to_i"] = tf.cast(x * 7.0, tf.int32)
        outs["cast_f_to_u8"] = tf.cast(tf.abs(x) * 100.0, tf.uint8)
        outs["cast_i64_to_f16"] = tf.cast(ids * 1000, tf.float16)
        outs["cast_bool"] = tf.cast(tf.cast(a, tf.bool), tf.float64)
        outs["cast_f64_i64"] = tf.cast(tf.cast(x, tf.float64) * 1e10, tf.int64)
        i64 = tf.cast(a, tf.int64)
        outs["int64_math"] = (i64 * 3000000000 + ids[0, 0]) // 7 - tf.reduce_max(ids)
        outs["int64_argmax"] = tf.argmax(x, axis=-1)
        outs["int64_range"] = tf.range(tf.reduce_min(ids), tf.reduce_min(ids) + 5, dtype=tf.int64)
        mask = tf.logical_and(a > 0, tf.logical_not(tf.equal(b, 3)))
        outs["bool_mask"] = tf.logical_or(mask, tf.greater_equal(a, b))
        outs["boolean_mask"] = tf.boolean_mask(a, mask)
        outs["reduce_any"] = tf.reduce_any(x > 0.9, axis=[1, 2])
        outs["reduce_all"] = tf.reduce_all(x > -3, axis=1)
        outs["concat_stack"] = tf.concat([tf.stack([a, b], axis=1), tf.expand_dims(a * b, 1)], axis=1)
        outs["tile_pad"] = tf.pad(tf.tile(img[0, :, :, 0], [1, 2]), [[1, 0], [0, 2]], mode="REFLECT")
        outs["sort_desc"] = tf.sort(a, direction="DESCENDING")
        outs["unique"] = tf.unique(a).y
        outs["segment_sum"] = tf.math.unsorted_segment_sum(x[0], [0, 2, 0, 1], 3)
        outs["clip"] = tf.clip_by_value(x, -0.5, 0.5)
        outs["square_diff"] = tf.math.squared_difference(x, 0.25)
        outs["minimum_b"] = tf.minimum(x, tf.reshape(tf.range(5, dtype=tf.float32) * 0.3, [1, 1, 5]))
        outs["nan_inf"] = tf.math.log(x) / x
        named = {k: tf.identity(v, name="out_" + k) for k, v in outs.items()}
        gd = g.as_graph_def()
    r = rng(9)
    xv = r.normal(size=[3, 4, 5]).astype(np.float32)
    xv[0, 0, 0] = 0.0
    feeds = {
        "x:0": xv,
        "ids:0": np.array([[4, 0, 2], [-3, 1, 5], [2, 2, 3]], np.int64),
        "a:0": np.array([7, -7, 7, -7, 0, -1, 5, 3], np.int32),
        "b:0": np.array([2, 2, -2, -2, 3, 3, -3, 3], np.int32),
        "img:0": r.normal(size=[1, 3, 4, 2]).astype(np.float32),
    }
    zero_b = feeds["b:0"].copy()
    zero_b[3] = 0

    def bad_ids(v):
        ids = feeds["ids:0"].copy()
        ids[0, 0] = v
        return ids

    run_case(
        "everyday_ops",
        "A TF1 graph of everyday ops on placeholders: StridedSlice with begin/end/ellipsis/new-axis/"
        "shrink masks and negative strides, GatherV2 with axis and batch_dims, Where (coords and "
        "select), TopKV2, OneHot (float, int64, axis), Cumsum (exclusive/reverse, int64), "
        "ResizeBilinear (half_pixel_centers, legacy, align_corners), FloorDiv/FloorMod/TruncateDiv "
        "on negative ints and floats, Cast across float/int/uint8/half/bool/int64, int64 math, "
        "bool logic, boolean_mask, sorting, Unique, segment sums, NaN/Inf from log(x)/x. "
        "Elementwise, so 1e-5 rel.",
        gd, [{"feeds": feeds, "fetches": [t.name for t in named.values()]}],
        errors=[
            {"what": "gather index past the end", "feeds": dict(feeds, **{"ids:0": bad_ids(9)}),
             "fetches": ["out_gather_axis1:0"]},
            {"what": "negative gather index", "feeds": dict(feeds, **{"ids:0": bad_ids(-1)}),
             "fetches": ["out_gather_axis1:0"]},
            {"what": "integer FloorDiv by zero", "feeds": dict(feeds, **{"b:0": zero_b}),
             "fetches": ["out_floordiv:0"]},
            {"what": "integer FloorMod by zero", "feeds": dict(feeds, **{"b:0": zero_b}),
             "fetches": ["out_floormod:0"]},
            {"what": "integer TruncateDiv by zero (TF says InternalError)", "feeds": dict(feeds, **{"b:0": zero_b}),
             "fetches": ["out_truncdiv:0"]},
            {"what": "shapes that do not broadcast", "feeds": dict(feeds, **{"b:0": np.array([1, 2, 3], np.int32)}),
             "fetches": ["out_floordiv:0"]},
        ])


MODELS = {
    "mobilenet_v2": mobilenet_v2,
    "resnet_mini": mini_resnet,
    "efficientnet_b0_slim": efficientnet,
    "densenet_slim": densenet,
    "keras_lstm": lambda: keras_rnn("keras_lstm", "LSTM"),
    "keras_gru": lambda: keras_rnn("keras_gru", "GRU"),
    "dynamic_rnn_v1": dynamic_rnn,
    "conds": conds,
    "loops": loops,
    "transformer_encoder": transformer,
    "tf1_training": tf1_training,
    "everyday_ops": everyday_ops,
}


def main():
    names = sys.argv[1:] or list(MODELS)
    for name in names:
        MODELS[name]()


if __name__ == "__main__":
    main()
