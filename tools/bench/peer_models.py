"""Models for tools/bench/cpu.mjs, written on demand into tools/bench/.cache (git-ignored).

  freeze   Keras MobileNetV2 (224x224x3, alpha 1.0, 1000 classes, random weights), frozen by
           TensorFlow into a GraphDef (mobilenet_v2_224.pb) plus a JSON/binary dump of its
           nodes (for the tfjs peer, which has no GraphDef importer).
  onnx     The same GraphDef as ONNX (for onnxruntime; tf2onnx is not installable offline,
           so this converts the handful of ops MobileNetV2 uses), and one-op MatMul/Conv models.
  time     TensorFlow's own timings of the three workloads, as one JSON line.
"""

import json
import os
import sys
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, ".cache")
PB = os.path.join(CACHE, "mobilenet_v2_224.pb")


def freeze():
    import keras
    import tensorflow as tf
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

    keras.utils.set_random_seed(0)
    model = keras.applications.MobileNetV2(input_shape=(224, 224, 3), alpha=1.0, weights=None)
    r = np.random.default_rng(10)
    # He-scaled kernels and non-trivial BatchNorm statistics, so activations stay alive.
    for w in model.weights:
        leaf = w.name.split("/")[-1]
        shape = tuple(w.shape)
        if leaf in ("kernel", "depthwise_kernel"):
            fan_in = int(np.prod(shape[:-1])) if leaf == "kernel" else int(np.prod(shape[:2]))
            w.assign(r.normal(scale=np.sqrt(2.0 / fan_in), size=shape).astype(np.float32))
        elif leaf == "gamma":
            w.assign(r.uniform(0.6, 1.0, shape).astype(np.float32))
        elif leaf in ("beta", "bias"):
            w.assign(r.normal(scale=0.05, size=shape).astype(np.float32))
        elif leaf == "moving_mean":
            w.assign(r.normal(scale=0.1, size=shape).astype(np.float32))
        elif leaf == "moving_variance":
            w.assign(r.uniform(0.8, 1.5, shape).astype(np.float32))
    spec = tf.TensorSpec([1, 224, 224, 3], tf.float32, name="input")
    cf = tf.function(lambda x: model(x, training=False)).get_concrete_function(spec)
    frozen = convert_variables_to_constants_v2(cf)
    gd = frozen.graph.as_graph_def()
    os.makedirs(CACHE, exist_ok=True)
    with open(PB, "wb") as f:
        f.write(gd.SerializeToString())
    outputs = [t.name for t in frozen.outputs]
    inputs = [t.name for t in frozen.inputs]
    # A plain dump of the nodes for the tfjs runner: consts go to one binary file.
    nodes, blob = [], bytearray()
    for n in gd.node:
        entry = {"name": n.name, "op": n.op, "inputs": [i for i in n.input if not i.startswith("^")]}
        if n.op == "Const":
            v = tf.make_ndarray(n.attr["value"].tensor)
            data = v.astype(np.float32 if v.dtype.kind == "f" else np.int32).tobytes()
            entry.update(dtype="float32" if v.dtype.kind == "f" else "int32", shape=list(v.shape),
                         offset=len(blob), length=len(data))
            blob += data
        for key in ("strides", "padding", "epsilon", "keep_dims", "transpose_a", "transpose_b",
                    "dilations"):
            if key in n.attr:
                a = n.attr[key]
                entry[key] = (list(a.list.i) if a.HasField("list") else a.s.decode() if a.s
                              else a.f if key == "epsilon" else a.b)
        nodes.append(entry)
    with open(os.path.join(CACHE, "mobilenet_v2_224.nodes.bin"), "wb") as f:
        f.write(bytes(blob))
    meta = {"input": inputs[0], "output": outputs[0], "nodes": nodes}
    with open(os.path.join(CACHE, "mobilenet_v2_224.json"), "w") as f:
        json.dump(meta, f)
    print(json.dumps({"input": inputs[0], "output": outputs[0], "nodes": len(gd.node)}))


def onnx_models():
    import onnx
    import tensorflow as tf
    from onnx import TensorProto, helper, numpy_helper

    def save(graph, name):
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        onnx.save(model, os.path.join(CACHE, name))

    os.makedirs(CACHE, exist_ok=True)
    f32 = TensorProto.FLOAT
    save(helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["y"])], "matmul",
        [helper.make_tensor_value_info("a", f32, [1024, 1024]),
         helper.make_tensor_value_info("b", f32, [1024, 1024])],
        [helper.make_tensor_value_info("y", f32, [1024, 1024])]), "matmul_1024.onnx")
    w = np.random.default_rng(2).uniform(-1, 1, (64, 64, 3, 3)).astype(np.float32)
    save(helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["y"], auto_pad="SAME_UPPER")], "conv",
        [helper.make_tensor_value_info("x", f32, [1, 64, 56, 56])],
        [helper.make_tensor_value_info("y", f32, [1, 64, 56, 56])],
        [numpy_helper.from_array(w, "w")]), "conv_56.onnx")

    gd = tf.compat.v1.GraphDef()
    with open(PB, "rb") as f:
        gd.ParseFromString(f.read())
    consts = {n.name: tf.make_ndarray(n.attr["value"].tensor) for n in gd.node if n.op == "Const"}
    nodes, inits, names = [], [], {}

    def src(name):
        return names.get(name, name)

    def init(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    # Keras 3 freezes BatchNorm as Mul/Sub/Rsqrt/AddV2 on constants: fold those first.
    fold = {"Identity": lambda a: a, "Rsqrt": lambda a: 1 / np.sqrt(a), "Mul": np.multiply,
            "AddV2": np.add, "Sub": np.subtract}
    flat = {}  # activations that are [N, C] rather than NCHW
    graph_in = graph_out = None
    for n in gd.node:
        op, ins = n.op, [i.split(":")[0] for i in n.input if not i.startswith("^")]
        out = n.name
        if op in ("Const", "NoOp"):
            continue
        if op in fold and all(i in consts for i in ins):
            consts[out] = fold[op](*[consts[i] for i in ins]).astype(np.float32)
            continue
        if op == "Placeholder":
            graph_in = n.name
            nodes.append(helper.make_node("Transpose", [n.name], [out + "_nchw"], perm=[0, 3, 1, 2]))
            names[n.name] = out + "_nchw"
            continue
        if op in ("Conv2D", "DepthwiseConv2dNative"):
            w = consts[ins[1]]
            if op == "Conv2D":
                w, group = w.transpose(3, 2, 0, 1), 1
            else:
                kh, kw, c, m = w.shape
                w, group = w.transpose(2, 3, 0, 1).reshape(c * m, 1, kh, kw), c
            s = list(n.attr["strides"].list.i)[1:3]
            pad = n.attr["padding"].s.decode()
            nodes.append(helper.make_node(
                "Conv", [src(ins[0]), init(out + "_w", w)], [out], group=group, strides=s,
                auto_pad="SAME_UPPER" if pad == "SAME" else "VALID"))
        elif op == "FusedBatchNormV3":
            args = [src(ins[0])] + [init(out + "_" + k, consts[i]) for k, i in zip("sbmv", ins[1:5])]
            nodes.append(helper.make_node("BatchNormalization", args, [out],
                                          epsilon=n.attr["epsilon"].f))
        elif op == "Relu6":
            nodes.append(helper.make_node(
                "Clip", [src(ins[0]), init(out + "_lo", np.float32(0)), init(out + "_hi", np.float32(6))],
                [out]))
        elif op in ("AddV2", "Add", "BiasAdd", "Mul", "Sub"):
            x, other = (ins[1], ins[0]) if ins[0] in consts else (ins[0], ins[1])
            if other in consts:
                c = consts[other]
                # A per-channel vector on an NCHW activation broadcasts as [C, 1, 1].
                if c.ndim == 1 and x not in flat:
                    c = c.reshape(-1, 1, 1)
                other_name = init(out + "_c", c.astype(np.float32))
            else:
                other_name = src(other)
            onnx_op = {"AddV2": "Add", "BiasAdd": "Add"}.get(op, op)
            args = [src(x), other_name] if ins[0] not in consts else [other_name, src(x)]
            nodes.append(helper.make_node(onnx_op, args, [out]))
            if x in flat:
                flat[out] = True
        elif op == "Pad":
            p = consts[ins[1]]  # NHWC [[n0,n1],[h0,h1],[w0,w1],[c0,c1]]
            pads = [p[0][0], p[3][0], p[1][0], p[2][0], p[0][1], p[3][1], p[1][1], p[2][1]]
            nodes.append(helper.make_node("Pad", [src(ins[0]), init(out + "_p", np.array(pads, np.int64))], [out]))
        elif op == "Mean":
            axes = [{1: 2, 2: 3, 3: 1}.get(int(a), int(a)) for a in np.ravel(consts[ins[1]])]
            keep = int(n.attr["keep_dims"].b)
            nodes.append(helper.make_node("ReduceMean", [src(ins[0])], [out], axes=axes, keepdims=keep))
            if not keep:
                flat[out] = True
        elif op == "MatMul":
            nodes.append(helper.make_node("MatMul", [src(ins[0]), init(out + "_w", consts[ins[1]])], [out]))
            flat[out] = True
        elif op in ("Softmax", "Identity", "Relu"):
            nodes.append(helper.make_node(op, [src(ins[0])], [out]))
            graph_out = out if op == "Identity" else graph_out
            if ins[0] in flat:
                flat[out] = True
        else:
            raise SystemExit(f"no ONNX mapping for {op}")
    graph = helper.make_graph(
        nodes, "mobilenet_v2",
        [helper.make_tensor_value_info(graph_in, f32, [1, 224, 224, 3])],
        [helper.make_tensor_value_info(graph_out, f32, [1, 1000])], inits)
    save(graph, "mobilenet_v2_224.onnx")
    print(json.dumps({"input": graph_in, "output": graph_out}))


def best_ms(fn, warm=3, reps=10):
    for _ in range(warm):
        fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times), sorted(times)[len(times) // 2]


def tf_time(threads):
    import tensorflow as tf

    T = tf.compat.v1
    T.disable_eager_execution()
    cfg = T.ConfigProto(intra_op_parallelism_threads=threads, inter_op_parallelism_threads=1)
    r = np.random.default_rng(0)
    out = {"threads": threads}
    with T.Graph().as_default() as g:
        a = T.placeholder(tf.float32, [1024, 1024])
        b = T.placeholder(tf.float32, [1024, 1024])
        y = T.matmul(a, b)
        feeds = {a: r.uniform(-1, 1, (1024, 1024)).astype(np.float32),
                 b: r.uniform(-1, 1, (1024, 1024)).astype(np.float32)}
        with T.Session(graph=g, config=cfg) as s:
            out["matmul"] = best_ms(lambda: s.run(y, feeds))
    with T.Graph().as_default() as g:
        x = T.placeholder(tf.float32, [1, 56, 56, 64])
        w = T.constant(r.uniform(-1, 1, (3, 3, 64, 64)).astype(np.float32))
        y = T.nn.conv2d(x, w, strides=1, padding="SAME")
        feeds = {x: r.uniform(-1, 1, (1, 56, 56, 64)).astype(np.float32)}
        with T.Session(graph=g, config=cfg) as s:
            out["conv"] = best_ms(lambda: s.run(y, feeds))
    gd = T.GraphDef()
    with open(PB, "rb") as f:
        gd.ParseFromString(f.read())
    meta = json.load(open(os.path.join(CACHE, "mobilenet_v2_224.json")))
    with T.Graph().as_default() as g:
        T.import_graph_def(gd, name="")
        x = g.get_tensor_by_name(meta["input"])
        y = g.get_tensor_by_name(meta["output"])
        feeds = {x: r.uniform(0, 1, (1, 224, 224, 3)).astype(np.float32)}
        with T.Session(graph=g, config=cfg) as s:
            out["mobilenet"] = best_ms(lambda: s.run(y, feeds), warm=3, reps=15)
    print(json.dumps(out))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "freeze":
        freeze()
    elif cmd == "onnx":
        onnx_models()
    elif cmd == "time":
        tf_time(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    else:
        raise SystemExit(__doc__)
