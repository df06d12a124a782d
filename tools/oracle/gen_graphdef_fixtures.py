"""GraphDef import/export fixtures from real TensorFlow (2.21).

Writes, under tools/oracle/fixtures/graphdef/:
  models/<name>.pb    GraphDefs TF wrote with add_shapes=True (so `_output_shapes` is present):
                        keras_cnn         Keras Conv2D/BatchNorm/MaxPool/Dense, frozen with
                                          convert_variables_to_constants_v2
                        keras_lstm        Keras LSTM, frozen keeping its TF2 While loop and
                                          the function library (lower_control_flow=False)
                        dynamic_rnn       tf.compat.v1.nn.dynamic_rnn with v1 control flow
                                          (Enter/Exit/Switch/Merge/NextIteration/LoopCond,
                                          TensorArrayV3), resource variables
                        tf1_train         a TF1 training graph: ref variables, initializer,
                                          softmax cross-entropy, Adam
                        nested_functions  a tf.function calling functions calling functions
  models/<name>.json  facts: the GraphDef's nodes, and what TF made of it after
                      tf.graph_util.import_graph_def (default prefix `import/`): every op's
                      name, type, device, inputs, control inputs, attrs (AttrValue bytes,
                      deterministic), output dtypes and inferred shapes; the graph's versions
                      and functions afterwards; the shapes TF infers when the GraphDef's
                      `_output_shapes` are removed; how check_reimport.py runs it.
  cases.json          small GraphDefs imported with options and scopes into a prelude graph:
                      the ops TF made, the returned elements, or TF's error class and message;
                      and bytes that do not parse, with the error TF's parser gives.
  attr-values.json    AttrValue protos as TF serializes them, for core's attr-value tests.

Deterministic: fixed seeds, models built in a fixed order in one process.
Run: .venv-tf/bin/python tools/oracle/gen_graphdef_fixtures.py
"""
import base64
import hashlib
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from google.protobuf import text_format  # noqa: E402
from tensorflow.core.framework import attr_value_pb2, graph_pb2  # noqa: E402
from tensorflow.python.framework.convert_to_constants import (  # noqa: E402
    convert_variables_to_constants_v2,
)

T = tf.compat.v1
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "graphdef")
MODELS = os.path.join(OUT, "models")


def b64(data):
    return base64.b64encode(data).decode("ascii")


def shape_of(t):
    s = t.shape
    return None if s.rank is None else [d for d in s.as_list()]


def dtype_of(t):
    d = t.dtype
    return {"dtype": d.base_dtype.name, "ref": True} if d._is_ref_dtype else {"dtype": d.name}


def op_facts(op):
    attrs = {k: b64(v.SerializeToString(deterministic=True)) for k, v in sorted(op.node_def.attr.items())}
    return {
        "name": op.name,
        "type": op.type,
        "device": op.device,
        "inputs": [t.name for t in op.inputs],
        "control_inputs": [c.name for c in op.control_inputs],
        "outputs": [dict(dtype_of(t), shape=shape_of(t)) for t in op.outputs],
        "attrs": attrs,
    }


def versions_of(gd):
    v = gd.versions
    return {"producer": v.producer, "min_consumer": v.min_consumer, "bad_consumers": list(v.bad_consumers)}


# ---- models ---------------------------------------------------------------------------------


def keras_cnn():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    fn = tf.function(lambda x: model(x, training=False))
    cf = fn.get_concrete_function(tf.TensorSpec([None, 8, 8, 1], tf.float32, name="input"))
    frozen = convert_variables_to_constants_v2(cf)
    gd = frozen.graph.as_graph_def(add_shapes=True)
    out = frozen.outputs[0].name
    return gd, {"feeds": {"input:0": [2, 8, 8, 1]}, "fetches": [out]}


def keras_lstm():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4), keras.layers.Dense(2)])
    fn = tf.function(lambda x: model(x, training=False))
    cf = fn.get_concrete_function(tf.TensorSpec([None, 5, 3], tf.float32, name="input"))
    frozen = convert_variables_to_constants_v2(cf, lower_control_flow=False)
    gd = frozen.graph.as_graph_def(add_shapes=True)
    out = frozen.outputs[0].name
    return gd, {"feeds": {"input:0": [2, 5, 3]}, "fetches": [out]}


class TinyRNNCell:
    """What dynamic_rnn needs of a cell (Keras 3 has no tf.compat.v1 cells): h' = tanh([x,h]W+b)."""

    def __init__(self, units):
        self.units = units

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
            w = T.get_variable("kernel", [int(x.shape[-1]) + self.units, self.units],
                               initializer=T.glorot_uniform_initializer(seed=1))
            b = T.get_variable("bias", [self.units], initializer=T.zeros_initializer())
        out = tf.tanh(tf.matmul(tf.concat([x, h], 1), w) + b)
        return out, out


def dynamic_rnn():
    T.disable_control_flow_v2()
    try:
        g = tf.Graph()
        with g.as_default():
            T.set_random_seed(0)
            x = T.placeholder(tf.float32, [2, 5, 3], name="x")
            outputs, state = T.nn.dynamic_rnn(TinyRNNCell(4), x, dtype=tf.float32)
            init = T.global_variables_initializer()
            gd = g.as_graph_def(add_shapes=True)
    finally:
        T.enable_control_flow_v2()
    return gd, {"feeds": {"x:0": [2, 5, 3]}, "init": [init.name], "fetches": [outputs.name, state.name]}


def tf1_train():
    g = tf.Graph()
    with g.as_default():
        T.set_random_seed(0)
        x = T.placeholder(tf.float32, [None, 4], name="x")
        y = T.placeholder(tf.float32, [None, 3], name="y")
        w = T.Variable(T.random_normal([4, 3], seed=1), name="W", use_resource=False)
        b = T.Variable(tf.zeros([3]), name="b", use_resource=False)
        logits = tf.matmul(x, w) + b
        loss = tf.reduce_mean(T.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), name="loss")
        train = T.train.AdamOptimizer(0.01).minimize(loss, name="train")
        init = T.global_variables_initializer()
        gd = g.as_graph_def(add_shapes=True)
    return gd, {
        "feeds": {"x:0": [6, 4], "y:0": "onehot:6,3"},
        "init": [init.name],
        "steps": 3,
        "train": [train.name],
        "fetches": [loss.name, w.name],
    }


def nested_functions():
    @tf.function
    def leaf(x):
        return x * 2.0

    @tf.function
    def middle(x):
        return leaf(x) + 1.0

    @tf.function
    def top(x):
        return middle(x) - 3.0

    cf = top.get_concrete_function(tf.TensorSpec([2], tf.float32, name="x"))
    gd = cf.graph.as_graph_def(add_shapes=True)
    return gd, {"feeds": {"x:0": [2]}, "fetches": [cf.outputs[0].name]}


MODEL_BUILDERS = [
    ("keras_cnn", keras_cnn),
    ("keras_lstm", keras_lstm),
    ("dynamic_rnn", dynamic_rnn),
    ("tf1_train", tf1_train),
    ("nested_functions", nested_functions),
]


def model_facts(name, gd, run):
    data = gd.SerializeToString(deterministic=True)
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(gd)
    after = g.as_graph_def()
    # The same import without `_output_shapes`: what TF's shape inference alone gives.
    bare = graph_pb2.GraphDef()
    bare.CopyFrom(gd)
    for n in bare.node:
        if "_output_shapes" in n.attr:
            del n.attr["_output_shapes"]
    g2 = tf.Graph()
    with g2.as_default():
        tf.graph_util.import_graph_def(bare)
    inferred = {op.name: [shape_of(t) for t in op.outputs] for op in g2.get_operations()}
    return data, {
        "name": name,
        "tf_version": tf.__version__,
        "file": f"{name}.pb",
        "sha256": hashlib.sha256(data).hexdigest(),
        "node_count": len(gd.node),
        "graph_def": {
            "nodes": [{"name": n.name, "op": n.op, "device": n.device, "inputs": list(n.input)} for n in gd.node],
            "functions": [f.signature.name for f in gd.library.function],
            "versions": versions_of(gd),
            "ops_used": sorted({n.op for n in gd.node} | {n.op for f in gd.library.function for n in f.node_def}),
        },
        "imported": {
            "prefix": "import",
            "ops": [op_facts(op) for op in g.get_operations()],
            "functions": [f.signature.name for f in after.library.function],
            "versions": versions_of(after),
        },
        "inferred_without_output_shapes": inferred,
        "run": run,
    }


# ---- cases ----------------------------------------------------------------------------------

C = 'attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape {} float_val: 1 } } }'
CI = 'attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape {} int_val: 1 } } }'
C4 = ('attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT '
      'tensor_shape { dim { size: 1 } dim { size: 2 } dim { size: 2 } dim { size: 1 } } float_val: 1 } } }')
F = 'attr { key: "T" value { type: DT_FLOAT } }'
LIB = ('library { function { signature { name: "f" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "o" type: DT_FLOAT } '
       'attr { name: "foo" type: "int" default_value { i: 4 } } } ret { key: "o" value: "a" } } }')
V1_LOOP = '''
node { name: "c" op: "Const" %s }
node { name: "enter" op: "Enter" input: "c" %s attr { key: "frame_name" value { s: "loop" } } }
node { name: "merge" op: "Merge" input: "enter" input: "next" %s attr { key: "N" value { i: 2 } } }
node { name: "lim" op: "Const" input: "^merge" %s }
node { name: "less" op: "Less" input: "merge" input: "lim" %s }
node { name: "cond" op: "LoopCond" input: "less" }
node { name: "switch" op: "Switch" input: "merge" input: "cond" %s }
node { name: "ident" op: "Identity" input: "switch:1" %s }
node { name: "add" op: "AddV2" input: "ident" input: "ident" %s }
node { name: "next" op: "NextIteration" input: "add" %s }
node { name: "exit" op: "Exit" input: "switch" %s }
''' % (C, F, F, C, F, F, F, F, F, F)


def gd_text(text):
    return text_format.Parse(text, graph_pb2.GraphDef())


def imp(graph_def, scopes=None, **kwargs):
    gd = graph_def if isinstance(graph_def, graph_pb2.GraphDef) else gd_text(graph_def)
    return {"graph_def": b64(gd.SerializeToString(deterministic=True)), "scopes": scopes or [], "kwargs": kwargs}


def case(name, *imports):
    return {"name": name, "imports": list(imports)}


def with_output_shapes(text):
    """Runs a GraphDef through TF once to add `_output_shapes`, as add_shapes=True writes them."""
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(gd_text(text), name="")
    return g.as_graph_def(add_shapes=True)


CASES = [
    # -- behaviour
    case("prefix_scopes_map_return", imp(
        'node { name: "a" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } '
        'attr { key: "shape" value { shape { dim { size: -1 } dim { size: 3 } } } } attr { key: "_output_shapes" value { list { shape { dim { size: -1 } dim { size: 3 } } } } } } '
        'node { name: "b" op: "Const" %s } node { name: "c" op: "AddV2" input: "a" input: "b" %s } '
        'node { name: "d" op: "Identity" input: "c" device: "/gpu:1" %s } '
        'node { name: "e" op: "Identity" input: "c" %s attr { key: "_class" value { list { s: "loc:@a" } } } }' % (C, F, F, F),
        [["control", ["n"]], ["device", "/job:w/device:CPU:0"]],
        input_map={"a:0": "x:0"}, return_elements=["c:0", "d", "e:0"])),
    case("colocation_devices", imp(
        'node { name: "c" op: "Const" device: "/gpu:0" %s } '
        'node { name: "y" op: "Identity" input: "c" device: "/cpu:0" %s attr { key: "_class" value { list { s: "loc:@c" s: "foo" } } } } '
        'node { name: "w" op: "Identity" input: "c" %s attr { key: "_class" value { list { s: "loc:@w" } } } }' % (C, F, F))),
    case("colocation_mapped", imp(
        'node { name: "c" op: "Const" device: "/gpu:0" %s } '
        'node { name: "y" op: "Identity" input: "c" %s attr { key: "_class" value { list { s: "loc:@c" } } } }' % (C, F),
        input_map={"c:0": "f:0"})),
    case("colocation_not_a_list", imp('node { name: "c" op: "Const" %s attr { key: "_class" value { s: "loc:@c" } } }' % C)),
    case("names_without_prefix", imp(
        'node { name: "X" op: "NoOp" } node { name: "x_1" op: "NoOp" } node { name: "n" op: "NoOp" input: "^x_1" input: "^X" } '
        'node { name: "x" op: "NoOp" input: "^n" } node { name: "x/sub" op: "NoOp" attr { key: "_class" value { list { s: "loc:@n" } } } }',
        name="")),
    case("prefix_taken", imp('node { name: "a" op: "NoOp" }', name="n")),
    case("prefix_reentered", imp('node { name: "a" op: "NoOp" }', name="q"), imp('node { name: "a" op: "NoOp" }', name="q/")),
    case("prefix_nested", imp('node { name: "a" op: "NoOp" }', name="foo/bar")),
    case("prefix_in_name_scope_with_control_deps", imp(
        'node { name: "c" op: "Const" %s } node { name: "y" op: "Identity" input: "c" input: "^c" %s } '
        'node { name: "z" op: "Identity" input: "c" input: "^b" %s }' % (C, F, F),
        [["control", ["n"]], ["control", ["f"]], ["name_scope", "sc"]], input_map={"^b": "f:0"}, name="imp")),
    case("colocate_and_container_scopes", imp(
        'node { name: "v" op: "VariableV2" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape {} } } } '
        'node { name: "k" op: "Const" %s attr { key: "_class" value { list { s: "loc:@v" } } } }' % C,
        [["colocate", "f"], ["container", "ctr"]], name="col")),
    case("device_strings", imp(
        'node { name: "a" op: "NoOp" device: "/device:GPU:1" } node { name: "b" op: "NoOp" device: "/job:ps" } '
        'node { name: "c" op: "NoOp" device: "/cpu:*" } node { name: "d" op: "NoOp" device: "/job:localhost/replica:0/task:0/device:CPU:0" }',
        [["device", "/job:w/task:1"]])),
    case("device_none_scope", imp('node { name: "a" op: "NoOp" device: "/cpu:0" } node { name: "b" op: "NoOp" }', [["device", "/gpu:0"], ["device", None]])),
    case("twice", imp('node { name: "a" op: "NoOp" }'), imp('node { name: "a" op: "NoOp" }'), imp('node { name: "a" op: "NoOp" }', name="")),
    case("failed_import_takes_scope", imp('node { name: "a" op: "Nope" }'), imp('node { name: "a" op: "NoOp" }')),
    case("input_map_constant", imp('node { name: "c" op: "Const" %s } node { name: "y" op: "Identity" input: "c" %s }' % (C, F),
                                   input_map={"c:0": {"const": 2.5}})),
    case("input_map_control_unused", imp('node { name: "x" op: "NoOp" } node { name: "c" op: "Const" %s }' % C,
                                         input_map={"c:0": "f:0", "^x": "f:0"})),
    case("input_map_no_index", imp('node { name: "c" op: "Const" %s } node { name: "y" op: "Identity" input: "c" %s }' % (C, F),
                                   input_map={"c": "f:0"}, return_elements=["c:0", "c", "y:0"])),
    case("topological_order", imp(
        'node { name: "c" op: "NoOp" input: "^b" } node { name: "b" op: "NoOp" input: "^a" } node { name: "a" op: "NoOp" } '
        'node { name: "d" op: "NoOp" } node { name: "e" op: "NoOp" input: "^d" input: "^a" }')),
    case("v1_loop", imp(V1_LOOP)),
    case("v1_loop_with_shapes", imp(with_output_shapes(V1_LOOP))),
    case("merge_back_edge", imp(
        'node { name: "c" op: "Const" %s } node { name: "m" op: "Merge" input: "c" input: "n" %s attr { key: "N" value { i: 2 } } } '
        'node { name: "n" op: "NextIteration" input: "m:0" %s }' % (C, F, F))),
    case("function_call", imp(LIB + ' node { name: "c" op: "Const" %s } node { name: "x" op: "f" input: "c" '
                                    'attr { key: "_output_shapes" value { list { shape {} } } } }' % C),
         imp(LIB + ' node { name: "c" op: "Const" %s }' % C)),
    case("unknown_attrs_kept", imp('node { name: "x" op: "NoOp" attr { key: "foo" value { i: 1 } } attr { key: "_bar" value { f: 1 } } '
                                   'attr { key: "_b" value { s: "\\377\\000" } } }')),
    case("output_shapes_refine", imp(
        'node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { unknown_rank: true } } } '
        'attr { key: "_output_shapes" value { list { shape { dim { size: -1 } dim { size: 3 } } } } } } '
        'node { name: "q" op: "Identity" input: "p" %s attr { key: "_output_shapes" value { list { shape { dim { size: 4 } dim { size: -1 } } } } } } '
        'node { name: "r" op: "Identity" input: "q" %s attr { key: "_output_shapes" value { s: "kept" } } }' % (F, F))),
    case("versions_merge",
         imp('node { name: "x" op: "NoOp" } versions { producer: 7 min_consumer: 3 bad_consumers: 5 bad_consumers: 1 }'),
         imp('node { name: "x" op: "NoOp" } versions { producer: 9 min_consumer: 5 bad_consumers: 2 }'),
         imp('node { name: "x" op: "NoOp" }')),
    case("future_producer_ok", imp('node { name: "x" op: "NoOp" } versions { producer: 3000 }')),
    # -- errors
    case("unknown_op", imp('node { name: "x" op: "Foo" }')),
    case("unknown_op_future_producer", imp('node { name: "x" op: "Foo" } versions { producer: 3000 }')),
    case("missing_input", imp('node { name: "x" op: "Identity" input: "y" %s }' % F)),
    case("missing_control_input", imp('node { name: "x" op: "NoOp" input: "^y" }')),
    case("control_input_with_index", imp('node { name: "x" op: "NoOp" } node { name: "y" op: "NoOp" input: "^x:0" }')),
    case("invalid_output_index", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c:1" %s }' % (C, F))),
    case("too_many_inputs", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" input: "c" %s }' % (C, F))),
    case("too_few_inputs", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "AddV2" input: "c" %s }' % (C, F))),
    case("attr_wrong_type", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" attr { key: "T" value { i: 3 } } }' % C)),
    case("attr_missing", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" }' % C)),
    case("attr_empty", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" attr { key: "T" value { } } }' % C)),
    case("attr_list_for_type", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" attr { key: "T" value { list { type: DT_FLOAT } } } }' % C)),
    case("attr_ref_type", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" attr { key: "T" value { type: DT_FLOAT_REF } } }' % C)),
    case("attr_invalid_type", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" attr { key: "T" value { type: DT_INVALID } } }' % C)),
    case("attr_type_not_allowed", imp(
        'node { name: "c" op: "Const" attr { key: "dtype" value { type: DT_STRING } } attr { key: "value" value { tensor { dtype: DT_STRING tensor_shape {} string_val: "a" } } } } '
        'node { name: "x" op: "Relu" input: "c" attr { key: "T" value { type: DT_STRING } } }')),
    case("attr_string_not_allowed", imp(
        'node { name: "c" op: "Const" %s } node { name: "x" op: "Conv2D" input: "c" input: "c" %s attr { key: "padding" value { s: "FOO" } } '
        'attr { key: "strides" value { list { i: 1 i: 1 i: 1 i: 1 } } } }' % (C4, F))),
    case("attr_below_minimum", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "AddN" input: "c" %s attr { key: "N" value { i: 0 } } }' % (C, F))),
    case("attr_list_too_short", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "IdentityN" input: "c" attr { key: "T" value { list { } } } }' % C)),
    case("input_count_from_attr", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "AddN" input: "c" %s attr { key: "N" value { i: 2 } } }' % (C, F))),
    case("dtype_mismatch", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "c" attr { key: "T" value { type: DT_INT32 } } }' % C)),
    case("ref_input", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Assign" input: "c" input: "c" %s }' % (C, F))),
    case("negative_shape", imp('node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { dim { size: -5 } } } } }')),
    case("huge_shape", imp('node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { dim { size: 9223372036854775807 } dim { size: 9223372036854775807 } } } } }')),
    case("duplicate_name", imp('node { name: "x" op: "NoOp" } node { name: "x" op: "NoOp" }')),
    case("invalid_name", imp('node { name: "x@y" op: "NoOp" }')),
    case("underscore_name", imp('node { name: "_x" op: "NoOp" }')),
    case("empty_name", imp('node { name: "" op: "NoOp" }')),
    case("no_op_type", imp('node { name: "x" }')),
    case("control_before_data", imp('node { name: "c" op: "Const" %s } node { name: "x" op: "Identity" input: "^c" input: "c" %s }' % (C, F))),
    case("cycle", imp('node { name: "a" op: "Identity" input: "b" %s } node { name: "b" op: "Identity" input: "a" %s } node { name: "z" op: "NoOp" }' % (F, F))),
    case("control_cycle", imp('node { name: "a" op: "NoOp" input: "^b" } node { name: "b" op: "NoOp" input: "^a" }')),
    case("self_loop", imp('node { name: "a" op: "NoOp" input: "^a" }')),
    case("cycle_through_next_iteration_not_merge", imp(
        'node { name: "c" op: "Const" %s } node { name: "m" op: "AddV2" input: "c" input: "n" %s } node { name: "n" op: "NextIteration" input: "m" %s }' % (C, F, F))),
    case("merge_with_only_back_edges", imp(
        'node { name: "m" op: "Merge" input: "n" input: "n" %s attr { key: "N" value { i: 2 } } } node { name: "n" op: "NextIteration" input: "m" %s }' % (F, F))),
    case("back_edge_dtype", imp(
        'node { name: "c" op: "Const" %s } node { name: "ci" op: "Const" %s } node { name: "m" op: "Merge" input: "c" input: "n" %s attr { key: "N" value { i: 2 } } } '
        'node { name: "n" op: "NextIteration" input: "ci" attr { key: "T" value { type: DT_INT32 } } }' % (C, CI, F))),
    case("back_edge_bad_output", imp(
        'node { name: "c" op: "Const" %s } node { name: "m" op: "Merge" input: "c" input: "n:3" %s attr { key: "N" value { i: 2 } } } '
        'node { name: "n" op: "NextIteration" input: "m" %s }' % (C, F, F))),
    case("input_map_not_found", imp('node { name: "x" op: "NoOp" }', input_map={"y:0": "f:0", "z:1": "f:0", "a:3": "f:0", "a:1": "f:0", "b": "f:0"})),
    case("input_map_control_not_found", imp('node { name: "x" op: "NoOp" }', input_map={"^w": "f:0"})),
    case("input_map_no_such_output", imp('node { name: "x" op: "NoOp" }', input_map={"x:0": "f:0"})),
    case("input_map_dtype", imp('node { name: "c" op: "Const" %s } node { name: "y" op: "Identity" input: "c" %s }' % (C, F), input_map={"c:0": "i:0"})),
    case("input_map_constant_without_name", imp('node { name: "c" op: "NoOp" }', input_map={"c:0": {"const": 3.0}}, name="")),
    case("input_map_bad_key", imp('node { name: "c" op: "NoOp" }', input_map={"c:x": "f:0"})),
    case("return_tensor_not_found", imp('node { name: "x" op: "NoOp" }', return_elements=["y:0"])),
    case("return_op_not_found", imp('node { name: "x" op: "NoOp" }', return_elements=["y"])),
    case("return_output_out_of_range", imp('node { name: "x" op: "NoOp" }', return_elements=["x:0"])),
    case("producer_too_old", imp('node { name: "x" op: "NoOp" } versions { producer: -1 }')),
    case("min_consumer_too_new", imp('node { name: "x" op: "NoOp" } versions { producer: 5 min_consumer: 99999 }')),
    case("bad_consumer", imp('node { name: "x" op: "NoOp" } versions { producer: 5 bad_consumers: %d }' % tf.version.GRAPH_DEF_VERSION)),
    case("output_shapes_inconsistent", imp('node { name: "c" op: "Const" %s attr { key: "_output_shapes" value { list { shape { dim { size: 3 } } } } } }' % C)),
    case("output_shapes_dim_mismatch", imp(
        'node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { dim { size: 2 } } } } '
        'attr { key: "_output_shapes" value { list { shape { dim { size: 3 } } } } } }')),
    case("output_shapes_too_few", imp('node { name: "c" op: "Const" %s attr { key: "_output_shapes" value { list { } } } }' % C)),
    case("output_shapes_invalid", imp('node { name: "c" op: "Const" %s attr { key: "_output_shapes" value { list { shape { dim { size: -7 } } } } } }' % C)),
    case("shape_function_error", imp(
        'node { name: "c" op: "Const" %s } node { name: "x" op: "MatMul" input: "c" input: "c" %s '
        'attr { key: "_output_shapes" value { list { shape { } } } } attr { key: "_foo" value { s: "bar" } } }' % (C, F))),
    case("colocation_unknown_node", imp('node { name: "c" op: "Const" %s attr { key: "_class" value { list { s: "loc:@x" } } } }' % C)),
    case("function_named_like_op", imp('library { function { signature { name: "Identity" } } }')),
    case("function_redefined", imp('library { function { signature { name: "f" } } function { signature { name: "f" } node_def { name: "a" op: "NoOp" } } }')),
    case("gradient_reassigned", imp('library { function { signature { name: "f" } } gradient { function_name: "f" gradient_func: "g" } '
                                    'gradient { function_name: "f" gradient_func: "h" } }')),
    case("function_call_dtype", imp(LIB + ' node { name: "ci" op: "Const" %s } node { name: "x" op: "f" input: "ci" }' % CI)),
    case("function_call_inputs", imp(LIB + ' node { name: "c" op: "Const" %s } node { name: "x" op: "f" input: "c" input: "c" }' % C)),
    case("invalid_prefix", imp('node { name: "a" op: "NoOp" }', name="_foo")),
    case("invalid_device", imp('node { name: "a" op: "NoOp" device: "/foo:bar" }')),
]


def build_prelude(g):
    with g.as_default():
        T.placeholder(tf.float32, [2, 3], name="x")
        tf.constant(3, name="i")
        tf.constant(2.0, name="f")
        tf.no_op(name="n")
        tf.no_op(name="q/a")


def run_case(c):
    g = tf.Graph()
    build_prelude(g)
    n_prelude = len(g.get_operations())
    results = []
    with g.as_default():
        for spec in c["imports"]:
            gd = graph_pb2.GraphDef.FromString(base64.b64decode(spec["graph_def"]))
            kwargs = dict(spec["kwargs"])
            if "input_map" in kwargs:
                kwargs["input_map"] = {
                    k: (v["const"] if isinstance(v, dict) else g.get_tensor_by_name(v))
                    for k, v in kwargs["input_map"].items()
                }
            before = len(g.get_operations())

            def go(scopes):
                if not scopes:
                    return T.import_graph_def(gd, **kwargs)
                kind, arg = scopes[0]
                if kind == "device":
                    ctx = g.device(arg)
                elif kind == "control":
                    ctx = g.control_dependencies([g.get_operation_by_name(a) for a in arg])
                elif kind == "name_scope":
                    ctx = g.name_scope(arg)
                elif kind == "colocate":
                    ctx = g.colocate_with(g.get_operation_by_name(arg))
                elif kind == "container":
                    ctx = g.container(arg)
                else:
                    raise ValueError(kind)
                with ctx:
                    return go(scopes[1:])

            try:
                r = go(spec["scopes"])
                results.append({"returned": None if r is None else [x.name for x in r]})
            except Exception as e:  # the class and wording are what we test
                # TF leaves ops behind on some Python-level failures; we do not (recorded).
                results.append({"error": {"class": type(e).__name__, "message": str(e)},
                                "ops_left_by_tf": len(g.get_operations()) - before})
        ops = [op_facts(op) for op in g.get_operations()[n_prelude:]]
        after = g.as_graph_def()
    return {
        "name": c["name"],
        "imports": c["imports"],
        "results": results,
        "ops": ops,
        "next_import_scope": g.unique_name("import", mark_as_used=False),
        "versions": versions_of(after),
        "functions": [f.signature.name for f in after.library.function],
    }


# ---- attr values ----------------------------------------------------------------------------


def attr_cases():
    A = attr_value_pb2.AttrValue
    L = A.ListValue
    t = tf.make_tensor_proto(np.array([[1.5, 2], [3, 4]], np.float32))
    ts = tf.make_tensor_proto(np.array([b"ab", b"\xff"], object))
    func = attr_value_pb2.NameAttrList(name="fn", attr={"T": A(type=tf.float32.as_datatype_enum), "n": A(i=3)})
    shape = tf.TensorShape([None, 3]).as_proto()
    cases = [
        ("s_utf8", "string", A(s="héllo".encode())),
        ("s_empty", "string", A(s=b"")),
        ("s_bytes", "string", A(s=b"\n\x07\x0a\x03CPU\x10\x01\x82\xff")),
        ("i_small", "int", A(i=-7)),
        ("i_zero", "int", A(i=0)),
        ("i_big", "int", A(i=2 ** 60 + 1)),
        ("f_half", "float", A(f=0.5)),
        ("f_one", "float", A(f=1.0)),
        ("f_epsilon", "float", A(f=1e-5)),
        ("b_true", "bool", A(b=True)),
        ("b_false", "bool", A(b=False)),
        ("type_float", "type", A(type=tf.float32.as_datatype_enum)),
        ("type_int64", "type", A(type=tf.int64.as_datatype_enum)),
        ("shape_partial", "shape", A(shape=shape)),
        ("shape_scalar", "shape", A(shape=tf.TensorShape([]).as_proto())),
        ("shape_unknown", "shape", A(shape=tf.TensorShape(None).as_proto())),
        ("tensor_float", "tensor", A(tensor=t)),
        ("tensor_string", "tensor", A(tensor=ts)),
        ("func", "func", A(func=func)),
        ("list_s", "list(string)", A(list=L(s=[b"loc:@a", b"b"]))),
        ("list_i", "list(int)", A(list=L(i=[1, 2, -3]))),
        ("list_f", "list(float)", A(list=L(f=[0.5, 1.0]))),
        ("list_b", "list(bool)", A(list=L(b=[True, False]))),
        ("list_type", "list(type)", A(list=L(type=[tf.float32.as_datatype_enum, tf.int32.as_datatype_enum]))),
        ("list_shape", "list(shape)", A(list=L(shape=[shape, tf.TensorShape(None).as_proto()]))),
        ("list_tensor", "list(tensor)", A(list=L(tensor=[t]))),
        ("list_func", "list(func)", A(list=L(func=[attr_value_pb2.NameAttrList(name="g")]))),
        ("list_empty", "list(int)", A(list=L())),
        ("placeholder", None, A(placeholder="T")),
    ]
    out = []
    for name, type_, proto in cases:
        out.append({"name": name, "type": type_, "hex": proto.SerializeToString(deterministic=True).hex()})
    return out


def malformed_cases():
    """Bytes that are no GraphDef: what TF's Python parser says (our DataLossError's cause)."""
    with open(os.path.join(MODELS, "keras_cnn.pb"), "rb") as f:
        data = f.read()
    out = []
    for name, raw in [("truncated", data[: len(data) // 2 + 3]), ("bad_wire_type", bytes([0x0A, 0xFF, 0xFF])),
                      ("bad_length", bytes([0x0A, 0x05, 0x01]))]:
        try:
            graph_pb2.GraphDef.FromString(raw)
            err = None
        except Exception as e:  # recorded: TF's parser refuses them
            err = {"class": type(e).__name__, "message": str(e)}
        out.append({"name": name, "bytes": b64(raw), "python_error": err})
    return out


def main():
    os.makedirs(MODELS, exist_ok=True)
    for name, build in MODEL_BUILDERS:
        gd, run = build()
        data, facts = model_facts(name, gd, run)
        with open(os.path.join(MODELS, f"{name}.pb"), "wb") as f:
            f.write(data)
        with open(os.path.join(MODELS, f"{name}.json"), "w") as f:
            json.dump(facts, f, indent=1, sort_keys=True)
            f.write("\n")
        print(name, len(gd.node), "nodes,", len(data), "bytes")
    cases = [run_case(c) for c in CASES]
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"tf_version": tf.__version__, "graph_def_version": tf.version.GRAPH_DEF_VERSION,
                   "prelude": ["x: Placeholder float32 [2,3]", "i: Const int32 3", "f: Const float32 2.0", "n: NoOp", "q/a: NoOp"],
                   "cases": cases, "malformed": malformed_cases()}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(len(cases), "cases")
    with open(os.path.join(OUT, "attr-values.json"), "w") as f:
        json.dump({"tf_version": tf.__version__, "cases": attr_cases()}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
