"""Runs op-builder calls in real TensorFlow (graph mode) and records what each made.

Every case is one call written twice: in Python against TensorFlow, and in TypeScript
against @tensorgraph/graph (DESIGN.md: a JS number with no dtype stands for a Python
float, a bigint for an int64, so the two spellings differ where TF's dtype inference
does). packages/graph/test/builders.test.ts evaluates the TypeScript side in a fresh graph
after the same setup and must make the same ops: names, types, inputs (control inputs as
`^name`), devices, attrs, output dtypes and static shapes, and return the same structure;
or raise the same error class with the same message.

Run: .venv-tf/bin/python tools/oracle/gen_builder_fixtures.py
Writes tools/oracle/fixtures/builders/<family>.json.
"""
import json
import math
import os

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import op_def_library, op_def_registry

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "fixtures", "builders")
T = tf.compat.v1


def apply(op_type, inputs, attrs=None, name=None):
    """TF's op_def_library with positional inputs and gen-wrapper defaults: what tf.raw does."""
    op_def = op_def_registry.get(op_type)
    if op_def is None:
        return op_def_library.apply_op(op_type, name=name)
    kw = {}
    inferred = set()
    for arg, value in zip(op_def.input_arg, inputs):
        kw[arg.name] = value
        for a in (arg.type_attr, arg.number_attr, arg.type_list_attr):
            if a:
                inferred.add(a)
    attrs = dict(attrs or {})
    for a in op_def.attr:
        if a.name not in inferred and a.name not in attrs and a.HasField("default_value"):
            attrs[a.name] = None
    kw.update(attrs)
    return op_def_library.apply_op(op_type, name=name, **kw)


def jfloat(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def jscalar(v):
    if isinstance(v, (bytes, np.bytes_)):
        try:
            return bytes(v).decode("utf-8")
        except UnicodeDecodeError:
            return {"bytes": list(bytes(v))}
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (complex, np.complexfloating)):
        return [jfloat(v.real), jfloat(v.imag)]
    return jfloat(v)


def jtensor(proto):
    arr = tf.make_ndarray(proto)
    return {
        "dtype": tf.as_dtype(proto.dtype).name,
        "shape": list(arr.shape),
        "values": [jscalar(v) for v in arr.flatten().tolist()] if arr.dtype != object
        else [jscalar(v) for v in arr.flatten()],
    }


def jshape(shape_proto):
    if shape_proto.unknown_rank:
        return None
    return [None if d.size == -1 else d.size for d in shape_proto.dim]


def jattr(v):
    which = v.WhichOneof("value")
    if which == "s":
        return jscalar(v.s)
    if which == "i":
        return v.i
    if which == "f":
        return jfloat(v.f)
    if which == "b":
        return v.b
    if which == "type":
        return tf.as_dtype(v.type).name
    if which == "shape":
        return jshape(v.shape)
    if which == "tensor":
        return jtensor(v.tensor)
    if which == "func":
        return {"name": v.func.name}
    if which == "list":
        l = v.list
        for field, conv in (("s", jscalar), ("i", int), ("f", jfloat), ("b", bool),
                            ("type", lambda t: tf.as_dtype(t).name), ("shape", jshape),
                            ("tensor", jtensor), ("func", lambda f: {"name": f.name})):
            items = getattr(l, field)
            if len(items):
                return [conv(x) for x in items]
        return []
    return None


def jdims(shape):
    return None if shape.rank is None else shape.as_list()


def jop(op):
    return {
        "name": op.name,
        "type": op.type,
        "inputs": [t.name for t in op.inputs] + ["^" + c.name for c in op.control_inputs],
        "device": op.device,
        "attrs": {k: jattr(v) for k, v in sorted(op.node_def.attr.items())},
        "outputs": [[t.dtype.name, jdims(t.shape)] for t in op.outputs],
    }


def jresult(r):
    if r is None:
        return None
    if isinstance(r, tf.Tensor):
        return {"tensor": r.name, "dtype": r.dtype.name, "shape": jdims(r.shape)}
    if isinstance(r, tf.Operation):
        return {"op": r.name}
    if isinstance(r, tf.SparseTensor):
        return {"sparse": {"indices": jresult(r.indices), "values": jresult(r.values),
                           "dense_shape": jresult(r.dense_shape), "dtype": r.dtype.name,
                           "shape": jdims(r.shape)}}
    if isinstance(r, (list, tuple)):
        return [jresult(x) for x in r]
    if isinstance(r, str):
        return {"str": r}
    if isinstance(r, (bool, int, float)):
        return {"value": r}
    if isinstance(r, tf.TensorShape):
        return {"shape": jdims(r)}
    if isinstance(r, tf.DType):
        return {"dtype": r.name}
    raise TypeError(f"cannot record {type(r)}")


def run_case(setup, py):
    g = tf.Graph()
    with g.as_default():
        env = {"tf": tf, "T": T, "np": np, "apply": apply, "g": g}
        exec(SETUPS[setup][0], env)
        before = len(g.get_operations())
        try:
            if "\n" in py or py.startswith("r = "):
                exec(py, env)
                r = env.get("r")
            else:
                r = eval(py, env)
            out = {"result": jresult(r)}
        except Exception as e:  # noqa: BLE001 - every TF error is a fact to record
            msg = str(e)
            if isinstance(e, KeyError):
                msg = msg.strip("'\"")
            out = {"error": type(e).__name__, "message": msg}
        out["ops"] = [jop(op) for op in g.get_operations()[before:]]
        return out


# ---- the cases ---------------------------------------------------------------------------
# SETUPS: name -> (python, typescript). Cases: (id, python, typescript[, setup]).

SETUPS = {
    "std": (
        "x = T.placeholder(tf.float32, [2, 3], name='x')\n"
        "y = T.placeholder(tf.float32, [2, 3], name='y')\n"
        "i = T.placeholder(tf.int32, [2, 3], name='i')\n"
        "v = T.placeholder(tf.float32, [3], name='v')\n"
        "m = T.placeholder(tf.float32, [3, 4], name='m')\n"
        "u = T.placeholder(tf.float32, None, name='u')\n"
        "b = T.placeholder(tf.bool, [2, 3], name='b')\n"
        "s = T.placeholder(tf.float32, [], name='s')\n"
        "l = T.placeholder(tf.int64, [2], name='l')\n"
        "n = T.placeholder(tf.int32, [], name='n')\n",
        "const x = tf.placeholder('float32', [2, 3], 'x');\n"
        "const y = tf.placeholder('float32', [2, 3], 'y');\n"
        "const i = tf.placeholder('int32', [2, 3], 'i');\n"
        "const v = tf.placeholder('float32', [3], 'v');\n"
        "const m = tf.placeholder('float32', [3, 4], 'm');\n"
        "const u = tf.placeholder('float32', null, 'u');\n"
        "const b = tf.placeholder('bool', [2, 3], 'b');\n"
        "const s = tf.placeholder('float32', [], 's');\n"
        "const l = tf.placeholder('int64', [2], 'l');\n"
        "const n = tf.placeholder('int32', [], 'n');\n",
    ),
    "none": ("", ""),
    "nn": (
        "img = T.placeholder(tf.float32, [2, 8, 8, 3], name='img')\n"
        "k = T.placeholder(tf.float32, [3, 3, 3, 4], name='k')\n"
        "dk = T.placeholder(tf.float32, [3, 3, 3, 2], name='dk')\n"
        "logits = T.placeholder(tf.float32, [4, 5], name='logits')\n"
        "labels = T.placeholder(tf.float32, [4, 5], name='labels')\n"
        "ilabels = T.placeholder(tf.int32, [4], name='ilabels')\n"
        "bias = T.placeholder(tf.float32, [3], name='bias')\n"
        "x = T.placeholder(tf.float32, [2, 3], name='x')\n"
        "i = T.placeholder(tf.int32, [2, 3], name='i')\n",
        "const img = tf.placeholder('float32', [2, 8, 8, 3], 'img');\n"
        "const k = tf.placeholder('float32', [3, 3, 3, 4], 'k');\n"
        "const dk = tf.placeholder('float32', [3, 3, 3, 2], 'dk');\n"
        "const logits = tf.placeholder('float32', [4, 5], 'logits');\n"
        "const labels = tf.placeholder('float32', [4, 5], 'labels');\n"
        "const ilabels = tf.placeholder('int32', [4], 'ilabels');\n"
        "const bias = tf.placeholder('float32', [3], 'bias');\n"
        "const x = tf.placeholder('float32', [2, 3], 'x');\n"
        "const i = tf.placeholder('int32', [2, 3], 'i');\n",
    ),
}

APPLY_OP = [
    ("add_const", "apply('AddV2', [x, 1.0])", "tf.raw.AddV2([x, 1])"),
    ("add_const_first", "apply('AddV2', [1.0, x])", "tf.raw.AddV2([1, x])"),
    ("add_int_const", "apply('AddV2', [i, 2])", "tf.raw.AddV2([i, 2])"),
    ("add_named", "apply('AddV2', [x, y], name='sum')", "tf.raw.AddV2([x, y], null, 'sum')"),
    ("add_twice", "r = [apply('AddV2', [x, 1.0]), apply('AddV2', [x, 2.0])]", "[tf.raw.AddV2([x, 1]), tf.raw.AddV2([x, 2])]"),
    ("add_mismatch", "apply('AddV2', [x, i])", "tf.raw.AddV2([x, i])"),
    ("add_float_into_int", "apply('AddV2', [i, 2.5])", "tf.raw.AddV2([i, 2.5])"),
    ("add_js_consts_int_float", "apply('AddV2', [1, 2.5])", "tf.raw.AddV2([i32(1), 2.5])"),
    ("add_string_value", "apply('AddV2', [x, 'a'])", "tf.raw.AddV2([x, 'a'])"),
    ("add_bool_into_float", "apply('AddV2', [x, True])", "tf.raw.AddV2([x, true])"),
    ("add_ragged", "apply('AddV2', [x, [1.0, [2.0]]])", "tf.raw.AddV2([x, [1, [2]]])"),
    ("add_none", "apply('AddV2', [x, None])", "tf.raw.AddV2([x, null])"),
    ("add_inferred_attr_given", "apply('AddV2', [x, y], {'T': tf.float32})", "tf.raw.AddV2([x, y], { T: 'float32' })"),
    ("add_unknown_attr", "apply('AddV2', [x, y], {'foo': 1})", "tf.raw.AddV2([x, y], { foo: 1 })"),
    ("add_int8_not_allowed", "apply('AddV2', [tf.cast(i, tf.bool), tf.cast(i, tf.bool)])", "tf.raw.AddV2([tf.cast(i, 'bool'), tf.cast(i, 'bool')])"),
    ("add_shape_error", "apply('AddV2', [x, [1.0, 2.0]])", "tf.raw.AddV2([x, [1, 2]])"),
    ("add_scope", "with tf.name_scope('outer'):\n  r = apply('AddV2', [x, 1.0])", "tf.nameScope('outer', () => tf.raw.AddV2([x, 1]))"),
    ("add_bad_name", "apply('AddV2', [x, y], name='-bad')", "tf.raw.AddV2([x, y], null, '-bad')"),
    ("identity_exact_name", "apply('Identity', [x], name='a/')", "tf.raw.Identity([x], null, 'a/')"),
    ("identity_exact_name_taken", "apply('Identity', [x], name='x/')", "tf.raw.Identity([x], null, 'x/')"),
    ("identity_list_value", "apply('Identity', [[[1.0, 2.0], [3.0, 4.0]]])", "tf.raw.Identity([[[1, 2], [3, 4]]])"),
    ("identity_bigint", "apply('Identity', [np.int64(5)])", "tf.raw.Identity([5n])"),
    ("identity_bool", "apply('Identity', [[True, False]])", "tf.raw.Identity([[true, false]])"),
    ("identity_string", "apply('Identity', ['abc'])", "tf.raw.Identity(['abc'])"),
    ("identity_op_value", "apply('Identity', [x.op])", "tf.raw.Identity([x.op])"),
    ("unknown_op", "apply('NoSuchOp', [])", "(tf.raw).NoSuchOp ? 0 : tf.applyOp(tf.getDefaultGraph(), 'NoSuchOp', [])"),
    ("noop", "apply('NoOp', [])", "tf.raw.NoOp([])"),
    ("noop_named", "apply('NoOp', [], name='nothing')", "tf.raw.NoOp([], null, 'nothing')"),
    ("matmul", "apply('MatMul', [x, m])", "tf.raw.MatMul([x, m])"),
    ("matmul_attrs", "apply('MatMul', [x, x], {'transpose_b': True}, name='mm')", "tf.raw.MatMul([x, x], { transpose_b: true }, 'mm')"),
    ("matmul_bool_attr_int", "apply('MatMul', [x, x], {'transpose_b': 1})", "tf.raw.MatMul([x, x], { transpose_b: 1 })"),
    ("matmul_int8", "apply('MatMul', [tf.cast(x, tf.int8), tf.cast(x, tf.int8)])", "tf.raw.MatMul([tf.cast(x, 'int8'), tf.cast(x, 'int8')])"),
    ("matmul_shape_error", "apply('MatMul', [x, x])", "tf.raw.MatMul([x, x])"),
    ("matmul_consts", "apply('MatMul', [[[1.0, 2.0]], [[3.0], [4.0]]])", "tf.raw.MatMul([[[1, 2]], [[3], [4]]])"),
    ("concat", "apply('ConcatV2', [[x, y], 0])", "tf.raw.ConcatV2([[x, y], 0])"),
    ("concat_const_in_list", "apply('ConcatV2', [[x, [[1.0, 2.0, 3.0]]], 0])", "tf.raw.ConcatV2([[x, [[1, 2, 3]]], 0])"),
    ("concat_not_list", "apply('ConcatV2', [x, 0])", "tf.raw.ConcatV2([x, 0])"),
    ("concat_short", "apply('ConcatV2', [[x], 0])", "tf.raw.ConcatV2([[x], 0])"),
    ("concat_mixed", "apply('ConcatV2', [[i, x], 0])", "tf.raw.ConcatV2([[i, x], 0])"),
    ("concat_mixed_consts", "apply('ConcatV2', [[1, 2.5], 0])", "tf.raw.ConcatV2([[i32(1), 2.5], 0])"),
    ("concat_string_in_float_list", "apply('ConcatV2', [[x, 'a'], 0])", "tf.raw.ConcatV2([[x, 'a'], 0])"),
    ("concat_axis_int64", "apply('ConcatV2', [[x, y], np.int64(1)])", "tf.raw.ConcatV2([[x, y], 1n])"),
    ("concat_axis_float", "apply('ConcatV2', [[x, y], 0.5])", "tf.raw.ConcatV2([[x, y], 0.5])"),
    ("concat_axis_tensor_float", "apply('ConcatV2', [[x, y], s])", "tf.raw.ConcatV2([[x, y], s])"),
    ("concat_rank_error", "apply('ConcatV2', [[x, 2.0], 0])", "tf.raw.ConcatV2([[x, 2], 0])"),
    ("concat_empty", "apply('ConcatV2', [[], 0])", "tf.raw.ConcatV2([[], 0])"),
    ("addn", "apply('AddN', [[x, y, x]])", "tf.raw.AddN([[x, y, x]])"),
    ("addn_consts", "apply('AddN', [[1.0, 2.0]])", "tf.raw.AddN([[1, 2]])"),
    ("addn_empty", "apply('AddN', [[]])", "tf.raw.AddN([[]])"),
    ("pack", "apply('Pack', [[x, y]], {'axis': 1})", "tf.raw.Pack([[x, y]], { axis: 1 })"),
    ("pack_axis_str", "apply('Pack', [[x, y]], {'axis': 'a'})", "tf.raw.Pack([[x, y]], { axis: 'a' })"),
    ("pack_axis_float", "apply('Pack', [[x, y]], {'axis': 1.7})", "tf.raw.Pack([[x, y]], { axis: 1.7 })"),
    ("unpack", "apply('Unpack', [x], {'num': 2})", "tf.raw.Unpack([x], { num: 2 })"),
    ("unpack_no_num", "apply('Unpack', [x])", "tf.raw.Unpack([x], {})"),
    ("unpack_negative_num", "apply('Unpack', [x], {'num': -1})", "tf.raw.Unpack([x], { num: -1 })"),
    ("split_outputs", "apply('Split', [0, x], {'num_split': 2})", "tf.raw.Split([0, x], { num_split: 2 })"),
    ("argmax", "apply('ArgMax', [x, 0])", "tf.raw.ArgMax([x, 0])"),
    ("argmax_output_type", "apply('ArgMax', [x, 1], {'output_type': tf.int32})", "tf.raw.ArgMax([x, 1], { output_type: 'int32' })"),
    ("argmax_bad_output_type", "apply('ArgMax', [x, 1], {'output_type': tf.float32})", "tf.raw.ArgMax([x, 1], { output_type: 'float32' })"),
    ("argmax_unknown_dtype", "apply('ArgMax', [x, 1], {'output_type': 'foo'})", "tf.raw.ArgMax([x, 1], { output_type: 'foo' })"),
    ("argmax_string_dim", "apply('ArgMax', [x, 'x'])", "tf.raw.ArgMax([x, 'x'])"),
    ("sum_keep_dims", "apply('Sum', [x, [0, 1]], {'keep_dims': True})", "tf.raw.Sum([x, [0, 1]], { keep_dims: true })"),
    ("sum_keep_dims_int", "apply('Sum', [x, 0], {'keep_dims': 1})", "tf.raw.Sum([x, 0], { keep_dims: 1 })"),
    ("sum_keep_dims_str", "apply('Sum', [x, 0], {'keep_dims': 'a'})", "tf.raw.Sum([x, 0], { keep_dims: 'a' })"),
    ("sum_axis_int64", "apply('Sum', [x, np.int64(1)])", "tf.raw.Sum([x, 1n])"),
    ("cast", "apply('Cast', [x], {'DstT': tf.int32})", "tf.raw.Cast([x], { DstT: 'int32' })"),
    ("cast_no_dst", "apply('Cast', [x])", "tf.raw.Cast([x], {})"),
    ("cast_bad_dst", "apply('Cast', [x], {'DstT': 'foo'})", "tf.raw.Cast([x], { DstT: 'foo' })"),
    ("cast_dst_int", "apply('Cast', [x], {'DstT': 3})", "tf.raw.Cast([x], { DstT: 3 })"),
    ("placeholder", "apply('Placeholder', [], {'dtype': tf.float32, 'shape': [None, 3]})", "tf.raw.Placeholder([], { dtype: 'float32', shape: [null, 3] })"),
    ("placeholder_unknown_shape", "apply('Placeholder', [], {'dtype': tf.int32, 'shape': None})", "tf.raw.Placeholder([], { dtype: 'int32', shape: null })"),
    ("placeholder_bad_shape", "apply('Placeholder', [], {'dtype': tf.float32, 'shape': [None, 'a']})", "tf.raw.Placeholder([], { dtype: 'float32', shape: [null, 'a'] })"),
    ("placeholder_negative_dim", "apply('Placeholder', [], {'dtype': tf.float32, 'shape': [-2]})", "tf.raw.Placeholder([], { dtype: 'float32', shape: [-2] })"),
    ("conv2d", "apply('Conv2D', [T.placeholder(tf.float32, [1, 5, 5, 2]), T.placeholder(tf.float32, [3, 3, 2, 4])], {'strides': [1, 1, 1, 1], 'padding': 'SAME'})",
     "tf.raw.Conv2D([tf.placeholder('float32', [1, 5, 5, 2]), tf.placeholder('float32', [3, 3, 2, 4])], { strides: [1, 1, 1, 1], padding: 'SAME' })"),
    ("conv2d_bad_padding", "apply('Conv2D', [x, x], {'strides': [1, 1, 1, 1], 'padding': 'FOO'})", "tf.raw.Conv2D([x, x], { strides: [1, 1, 1, 1], padding: 'FOO' })"),
    ("conv2d_strides_not_list", "apply('Conv2D', [x, x], {'strides': 1, 'padding': 'SAME'})", "tf.raw.Conv2D([x, x], { strides: 1, padding: 'SAME' })"),
    ("conv2d_strides_str", "apply('Conv2D', [x, x], {'strides': [1, 'a', 1, 1], 'padding': 'SAME'})", "tf.raw.Conv2D([x, x], { strides: [1, 'a', 1, 1], padding: 'SAME' })"),
    ("conv2d_padding_int", "apply('Conv2D', [x, x], {'strides': [1, 1, 1, 1], 'padding': 1})", "tf.raw.Conv2D([x, x], { strides: [1, 1, 1, 1], padding: 1 })"),
    ("leaky_relu_alpha", "apply('LeakyRelu', [x], {'alpha': 0.1})", "tf.raw.LeakyRelu([x], { alpha: 0.1 })"),
    ("leaky_relu_alpha_str", "apply('LeakyRelu', [x], {'alpha': 'a'})", "tf.raw.LeakyRelu([x], { alpha: 'a' })"),
    ("const_value", "apply('Const', [], {'value': tf.make_tensor_proto(np.array([1, 2], np.int32)), 'dtype': tf.int32})",
     "tf.raw.Const([], { value: new NDArray('int32', [2], Int32Array.of(1, 2)), dtype: 'int32' })"),
    ("const_value_not_tensor", "apply('Const', [], {'value': 5, 'dtype': tf.int32})", "tf.raw.Const([], { value: 5, dtype: 'int32' })"),
    ("identity_n", "apply('IdentityN', [[x, i, 1.0]])", "tf.raw.IdentityN([[x, i, 1]])"),
    ("identity_n_not_list", "apply('IdentityN', [x])", "tf.raw.IdentityN([x])"),
    ("assign_not_ref", "apply('Assign', [x, y])", "tf.raw.Assign([x, y])"),
    ("assign_ref", "r = apply('Assign', [apply('VariableV2', [], {'shape': [2, 3], 'dtype': tf.float32}), y])",
     "tf.raw.Assign([tf.raw.VariableV2([], { shape: [2, 3], dtype: 'float32' }), y])"),
    ("fill_dtype_from_value", "apply('Fill', [[2, 3], 1.0])", "tf.raw.Fill([[2, 3], 1])"),
    ("fill_dims_tensor", "apply('Fill', [tf.shape(x), np.int64(7)])", "tf.raw.Fill([tf.shape(x), 7n])"),
    ("reshape_autopack", "apply('Reshape', [x, [n, -1]])", "tf.raw.Reshape([x, [n, -1]])"),
    ("reshape_autopack_nested", "apply('Reshape', [x, [[n, 3], [1, 2]]])", "tf.raw.Reshape([x, [[n, 3], [1, 2]]])"),
    ("reshape_autopack_nested_quirk", "apply('Reshape', [x, [[1, 3], [n, 2]]])", "tf.raw.Reshape([x, [[1, 3], [n, 2]]])"),
    ("reshape_autopack_name_scope", "with tf.name_scope('sc'):\n  r = apply('Reshape', [x, [n, -1]], name='rs')", "tf.nameScope('sc', () => tf.raw.Reshape([x, [n, -1]], null, 'rs'))"),
    ("reshape_autopack_int64", "apply('Reshape', [x, [apply('StridedSlice', [l, [0], [1], [1]], {'shrink_axis_mask': 1}), np.int64(3)]])", "tf.raw.Reshape([x, [tf.raw.StridedSlice([l, [0], [1], [1]], { shrink_axis_mask: 1 }), 3n]])"),
    ("range_float", "apply('Range', [0.0, 5.0, 1.0])", "tf.raw.Range([0, 5, 1])"),
    ("range_int", "apply('Range', [0, n, 1])", "tf.raw.Range([i32(0), n, i32(1)])"),
    ("range_mismatch", "apply('Range', [0.0, n, 1])", "tf.raw.Range([0.5, n, 1])"),
    ("select_v2", "apply('SelectV2', [b, x, 0.0])", "tf.raw.SelectV2([b, x, 0])"),
    ("select_v2_cond_float", "apply('SelectV2', [x, x, 0.0])", "tf.raw.SelectV2([x, x, 0])"),
    ("control_dep", "with tf.control_dependencies([y.op]):\n  r = apply('AddV2', [x, 1.0])", "tf.controlDependencies([y.op], () => tf.raw.AddV2([x, 1]))"),
    ("device_scope", "with tf.device('/device:CPU:0'):\n  r = apply('AddV2', [x, 1.0])", "tf.device('/device:CPU:0', () => tf.raw.AddV2([x, 1]))"),
    ("colocate", "with T.colocate_with(y.op):\n  r = apply('AddV2', [x, 1.0])", "tf.colocateWith(y.op, () => tf.raw.AddV2([x, 1]))"),
]


CONSTANT = [
    ("constant_float", "tf.constant(5.0)", "tf.constant(5)"),
    ("constant_named", "tf.constant(5.0, name='five')", "tf.constant(5, { name: 'five' })"),
    ("constant_named_positional", "tf.constant(5.0, None, None, 'five')", "tf.constant(5, null, null, 'five')"),
    ("constant_int32", "tf.constant(5, tf.int32)", "tf.constant(5, 'int32')"),
    ("constant_int64_bigint", "tf.constant(np.int64(5))", "tf.constant(5n)"),
    ("constant_bool", "tf.constant([True, False])", "tf.constant([true, false])"),
    ("constant_string", "tf.constant('hello')", "tf.constant('hello')"),
    ("constant_strings", "tf.constant([['a', 'bc'], ['d', '']])", "tf.constant([['a', 'bc'], ['d', '']])"),
    ("constant_nested", "tf.constant([[1.0, 2.0], [3.0, 4.0]])", "tf.constant([[1, 2], [3, 4]])"),
    ("constant_float64", "tf.constant([1.5, 2.5], tf.float64)", "tf.constant([1.5, 2.5], 'float64')"),
    ("constant_float16", "tf.constant([1.5, 2.5], tf.float16)", "tf.constant([1.5, 2.5], 'float16')"),
    ("constant_uint8_wrap", "tf.constant([1, 300], tf.uint8)", "tf.constant([1, 300], 'uint8')"),
    ("constant_scalar_shape", "tf.constant(1.0, shape=[2, 2])", "tf.constant(1, { shape: [2, 2] })"),
    ("constant_one_elem_shape", "tf.constant([7.0], shape=[3])", "tf.constant([7], null, [3])"),
    ("constant_reshape", "tf.constant([1.0, 2.0, 3.0, 4.0], shape=[2, 2])", "tf.constant([1, 2, 3, 4], { shape: [2, 2] })"),
    ("constant_shape_mismatch", "tf.constant([1.0, 2.0, 3.0], shape=[2, 2])", "tf.constant([1, 2, 3], { shape: [2, 2] })"),
    ("constant_shape_none_dim", "tf.constant(1.0, shape=[2, None])", "tf.constant(1, { shape: [2, null] })"),
    ("constant_shape_negative", "tf.constant(1.0, shape=[-1])", "tf.constant(1, { shape: [-1] })"),
    ("constant_shape_zero", "tf.constant('a', shape=[0])", "tf.constant('a', { shape: [0] })"),
    ("constant_not_iterable_shape", "tf.constant(1.0, shape=2)", "tf.constant(1, { shape: 2 })"),
    ("constant_bool_shape", "tf.constant(True, shape=[2])", "tf.constant(true, { shape: [2] })"),
    ("constant_float_into_int", "tf.constant(1.5, tf.int32)", "tf.constant(1.5, 'int32')"),
    ("constant_str_into_float", "tf.constant('a', tf.float32)", "tf.constant('a', 'float32')"),
    ("constant_ragged", "tf.constant([[1.0], [2.0, 3.0]])", "tf.constant([[1], [2, 3]])"),
    ("constant_none", "tf.constant(None)", "tf.constant(null)"),
    ("constant_mixed_str", "tf.constant([1.0, 'a'])", "tf.constant([1, 'a'])"),
    ("constant_bad_dtype", "tf.constant(1.0, 'foo')", "tf.constant(1, 'foo')"),
    ("constant_of_tensor", "tf.constant(x)", "tf.constant(x)"),
    ("constant_ndarray", "tf.constant(np.array([1, 2], np.int32))", "tf.constant(new NDArray('int32', [2], Int32Array.of(1, 2)))"),
    ("constant_typed_array", "tf.constant(np.array([1.5, 2.5], np.float64))", "tf.constant(Float64Array.of(1.5, 2.5))"),
    ("constant_in_scope", "with tf.name_scope('s'):\n  r = [tf.constant(1.0), tf.constant(2.0)]", "tf.nameScope('s', () => [tf.constant(1), tf.constant(2)])"),
    ("constant_device", "with tf.device('/cpu:0'):\n  r = tf.constant(1.0)", "tf.device('/cpu:0', () => tf.constant(1))"),
    ("constant_control_dep", "with tf.control_dependencies([x]):\n  r = tf.constant(1.0)", "tf.controlDependencies([x], () => tf.constant(1))"),
    ("constant_empty_list", "tf.constant([])", "tf.constant([])"),
    ("constant_int_overflow", "tf.constant(2**31, tf.int32)", "tf.constant(2 ** 31, 'int32')"),
    ("placeholder", "T.placeholder(tf.float32, [None, 3], 'p')", "tf.placeholder('float32', [null, 3], 'p')"),
    ("placeholder_options", "T.placeholder(tf.float32, shape=[None, 3], name='p')", "tf.placeholder('float32', { shape: [null, 3], name: 'p' })"),
    ("placeholder_no_shape", "T.placeholder(tf.int64)", "tf.placeholder('int64')"),
    ("placeholder_scalar", "T.placeholder(tf.bool, [])", "tf.placeholder('bool', [])"),
    ("placeholder_twice", "r = [T.placeholder(tf.float32), T.placeholder(tf.float32)]", "[tf.placeholder('float32'), tf.placeholder('float32')]"),
    ("placeholder_bad_dtype", "T.placeholder('foo')", "tf.placeholder('foo')"),
    ("placeholder_bad_shape", "T.placeholder(tf.float32, [None, 'a'])", "tf.placeholder('float32', [null, 'a'])"),
    ("placeholder_negative_shape", "T.placeholder(tf.float32, [-2])", "tf.placeholder('float32', [-2])"),
    ("placeholder_string_name", "T.placeholder(tf.string, None, 'text')", "tf.placeholder('string', null, 'text')"),
    ("placeholder_with_default", "T.placeholder_with_default(1.0, [])", "tf.placeholderWithDefault(1, [])"),
    ("placeholder_with_default_vec", "T.placeholder_with_default([1.0, 2.0], [None])", "tf.placeholderWithDefault([1, 2], [null])"),
    ("placeholder_with_default_tensor", "T.placeholder_with_default(x, [None, 3], name='pwd')", "tf.placeholderWithDefault(x, [null, 3], { name: 'pwd' })"),
    ("placeholder_with_default_bad_shape", "T.placeholder_with_default(x, [3])", "tf.placeholderWithDefault(x, [3])"),
    ("identity", "tf.identity(x)", "tf.identity(x)"),
    ("identity_named", "tf.identity(x, name='id')", "tf.identity(x, 'id')"),
    ("identity_options", "tf.identity(x, name='id')", "tf.identity(x, { name: 'id' })"),
    ("identity_value", "tf.identity([1.0, 2.0])", "tf.identity([1, 2])"),
    ("stop_gradient", "tf.stop_gradient(x)", "tf.stopGradient(x)"),
    ("no_op", "tf.no_op()", "tf.noOp()"),
    ("no_op_named", "tf.no_op(name='nothing')", "tf.noOp('nothing')"),
    ("group", "tf.group(x, i)", "tf.group(x, i)"),
    ("group_ops", "tf.group(x.op, y.op, name='g')", "tf.group(x.op, y.op, { name: 'g' })"),
    ("group_nested", "tf.group([x, [y]], i)", "tf.group([x, [y]], i)"),
    ("group_empty", "tf.group()", "tf.group()"),
    ("group_devices", "with tf.device('/cpu:0'):\n  a = tf.identity(x)\nwith tf.device('/gpu:0'):\n  c = tf.identity(y)\nr = tf.group(a, c, i)",
     "const a = tf.device('/cpu:0', () => tf.identity(x));\nconst c = tf.device('/gpu:0', () => tf.identity(y));\nreturn tf.group(a, c, i);"),
    ("group_bad_input", "tf.group(x, 1)", "tf.group(x, 1)"),
    ("name_scope_nested", "with tf.name_scope('a'):\n  with tf.name_scope('b'):\n    r = tf.identity(x)", "tf.nameScope('a', () => tf.nameScope('b', () => tf.identity(x)))"),
    ("name_scope_returns", "with tf.name_scope('a') as sc:\n  r = sc", "tf.nameScope('a', (sc) => sc)"),
    ("control_dependencies_builder", "with tf.control_dependencies([y]):\n  r = tf.add(x, 1.0)", "tf.controlDependencies([y], () => tf.add(x, 1))"),
    ("colocate_builder", "with T.colocate_with(y):\n  r = tf.multiply(x, 2.0)", "tf.colocateWith(y, () => tf.multiply(x, 2))"),
    ("device_builder", "with tf.device('/job:worker/task:1'):\n  r = tf.matmul(x, m)", "tf.device('/job:worker/task:1', () => tf.matmul(x, m))"),
]

MATH = [
    ("add", "tf.add(x, y)", "tf.add(x, y)"),
    ("add_const", "tf.add(x, 1.0)", "tf.add(x, 1)"),
    ("add_const_first", "tf.add(1.0, x)", "tf.add(1, x)"),
    ("add_int", "tf.add(i, 2)", "tf.add(i, 2)"),
    ("add_int_float_value", "tf.add(i, 2.5)", "tf.add(i, 2.5)"),
    ("add_mismatch", "tf.add(x, i)", "tf.add(x, i)"),
    ("add_named", "tf.add(x, y, name='sum')", "tf.add(x, y, 'sum')"),
    ("add_named_options", "tf.add(x, y, name='sum')", "tf.add(x, y, { name: 'sum' })"),
    ("add_twice", "r = [tf.add(x, 1.0), tf.add(x, 2.0)]", "[tf.add(x, 1), tf.add(x, 2)]"),
    ("add_strings", "tf.add(tf.constant('a'), 'b')", "tf.add(tf.constant('a'), 'b')"),
    ("add_broadcast", "tf.add(x, v)", "tf.add(x, v)"),
    ("add_shape_error", "tf.add(x, m)", "tf.add(x, m)"),
    ("add_values", "tf.add(1.0, 2.0)", "tf.add(1, 2)"),
    ("add_bad_name", "tf.add(x, y, name='bad name')", "tf.add(x, y, 'bad name')"),
    ("subtract", "tf.subtract(x, 1.0)", "tf.subtract(x, 1)"),
    ("sub_alias", "tf.subtract(x, y)", "tf.sub(x, y)"),
    ("multiply", "tf.multiply(x, 2.0)", "tf.multiply(x, 2)"),
    ("mul_alias", "tf.multiply(x, y, name='prod')", "tf.mul(x, y, 'prod')"),
    ("multiply_bool", "tf.multiply(b, b)", "tf.multiply(b, b)"),
    ("divide", "tf.divide(x, 2.0)", "tf.divide(x, 2)"),
    ("divide_int", "tf.divide(i, 2)", "tf.divide(i, 2)"),
    ("divide_named", "tf.divide(x, y, name='q')", "tf.divide(x, y, 'q')"),
    ("divide_value_first", "tf.divide(2.0, x)", "tf.divide(2, x)"),
    ("divide_mismatch", "tf.divide(x, i)", "tf.divide(x, i)"),
    ("truediv", "tf.math.truediv(x, y)", "tf.truediv(x, y)"),
    ("truediv_int64", "tf.math.truediv(l, l)", "tf.truediv(l, l)"),
    ("truediv_bool", "tf.math.truediv(b, b)", "tf.truediv(b, b)"),
    ("div_float", "T.div(x, 2.0)", "tf.div(x, 2)"),
    ("div_int", "T.div(i, 2)", "tf.div(i, 2)"),
    ("div_int_float_value", "T.div(i, 2.5)", "tf.div(i, 2.5)"),
    ("realdiv", "T.realdiv(x, y)", "tf.realdiv(x, y)"),
    ("floordiv", "tf.math.floordiv(x, 2.0)", "tf.floordiv(x, 2)"),
    ("floordiv_int", "tf.math.floordiv(i, 3)", "tf.floordiv(i, 3)"),
    ("floormod", "tf.math.floormod(x, 2.0)", "tf.floormod(x, 2)"),
    ("mod", "tf.math.mod(i, 3)", "tf.mod(i, 3)"),
    ("pow", "tf.pow(x, 2.0)", "tf.pow(x, 2)"),
    ("pow_named", "tf.pow(x, y, name='p')", "tf.pow(x, y, 'p')"),
    ("maximum", "tf.maximum(x, 0.0)", "tf.maximum(x, 0)"),
    ("minimum", "tf.minimum(x, y)", "tf.minimum(x, y)"),
    ("maximum_bool", "tf.maximum(b, b)", "tf.maximum(b, b)"),
    ("square", "tf.square(x)", "tf.square(x)"),
    ("square_value", "tf.square([1.0, 2.0])", "tf.square([1, 2])"),
    ("sqrt", "tf.sqrt(x)", "tf.sqrt(x)"),
    ("sqrt_int", "tf.sqrt(i)", "tf.sqrt(i)"),
    ("rsqrt", "tf.math.rsqrt(x)", "tf.rsqrt(x)"),
    ("exp", "tf.exp(x, name='e')", "tf.exp(x, 'e')"),
    ("exp_value", "tf.exp(1.0)", "tf.exp(1)"),
    ("log", "tf.math.log(x)", "tf.log(x)"),
    ("abs", "tf.abs(x)", "tf.abs(x)"),
    ("abs_value", "tf.abs(-1.0)", "tf.abs(-1)"),
    ("abs_int", "tf.abs(i)", "tf.abs(i)"),
    ("abs_complex", "tf.abs(tf.complex(x, y))", "tf.abs(tf.raw.Complex([x, y], {}))"),
    ("negative", "tf.negative(x)", "tf.negative(x)"),
    ("neg_alias", "tf.negative(i)", "tf.neg(i)"),
    ("sign", "tf.sign(x)", "tf.sign(x)"),
    ("sign_value", "tf.sign([1.0, -2.0])", "tf.sign([1, -2])"),
    ("round", "tf.round(x)", "tf.round(x)"),
    ("round_int", "tf.round(i)", "tf.round(i)"),
    ("round_value", "tf.round(1.5)", "tf.round(1.5)"),
    ("floor", "tf.floor(x)", "tf.floor(x)"),
    ("ceil", "tf.math.ceil(x)", "tf.ceil(x)"),
    ("sigmoid", "tf.sigmoid(x)", "tf.sigmoid(x)"),
    ("sigmoid_value", "tf.sigmoid([0.0])", "tf.sigmoid([0])"),
    ("sigmoid_int", "tf.sigmoid(i)", "tf.sigmoid(i)"),
    ("tanh", "tf.tanh(x)", "tf.tanh(x)"),
    ("erf", "tf.math.erf(x)", "tf.erf(x)"),
    ("equal", "tf.equal(x, 1.0)", "tf.equal(x, 1)"),
    ("not_equal", "tf.not_equal(x, y)", "tf.notEqual(x, y)"),
    ("less", "tf.less(x, 1.0)", "tf.less(x, 1)"),
    ("less_equal", "tf.less_equal(i, 1)", "tf.lessEqual(i, 1)"),
    ("greater", "tf.greater(x, y)", "tf.greater(x, y)"),
    ("greater_equal", "tf.greater_equal(x, 0.5)", "tf.greaterEqual(x, 0.5)"),
    ("greater_mismatch", "tf.greater(x, i)", "tf.greater(x, i)"),
    ("logical_and", "tf.logical_and(b, True)", "tf.logicalAnd(b, true)"),
    ("logical_or", "tf.logical_or(b, b)", "tf.logicalOr(b, b)"),
    ("logical_not", "tf.logical_not(b)", "tf.logicalNot(b)"),
    ("logical_and_float", "tf.logical_and(x, y)", "tf.logicalAnd(x, y)"),
    ("logical_chain", "tf.logical_and(tf.greater(x, 0.0), tf.less(x, 1.0))", "tf.logicalAnd(tf.greater(x, 0), tf.less(x, 1))"),
    ("cast", "tf.cast(x, tf.int32)", "tf.cast(x, 'int32')"),
    ("cast_same", "tf.cast(x, tf.float32)", "tf.cast(x, 'float32')"),
    ("cast_value", "tf.cast(1.0, tf.int32)", "tf.cast(1, 'int32')"),
    ("cast_value_same", "tf.cast(1.0, tf.float32)", "tf.cast(1, 'float32')"),
    ("cast_named", "tf.cast(i, tf.float32, name='c')", "tf.cast(i, 'float32', 'c')"),
    ("cast_bool", "tf.cast(b, tf.float32)", "tf.cast(b, 'float32')"),
    ("cast_bad_dtype", "tf.cast(x, 'foo')", "tf.cast(x, 'foo')"),
    ("add_n", "tf.add_n([x, y, x])", "tf.addN([x, y, x])"),
    ("add_n_one", "tf.add_n([x])", "tf.addN([x])"),
    ("add_n_one_named", "tf.add_n([x], name='s')", "tf.addN([x], 's')"),
    ("add_n_named", "tf.add_n([x, y], name='s')", "tf.addN([x, y], 's')"),
    ("add_n_empty", "tf.add_n([])", "tf.addN([])"),
    ("add_n_mismatch", "tf.add_n([x, i])", "tf.addN([x, i])"),
    ("cumsum", "tf.math.cumsum(x)", "tf.cumsum(x)"),
    ("cumsum_axis", "tf.math.cumsum(x, axis=1, exclusive=True, reverse=True)", "tf.cumsum(x, { axis: 1, exclusive: true, reverse: true })"),
    ("cumsum_positional", "tf.math.cumsum(x, 1, True)", "tf.cumsum(x, 1, true)"),
    ("clip_by_value", "tf.clip_by_value(x, 0.0, 1.0)", "tf.clipByValue(x, 0, 1)"),
    ("clip_by_value_tensors", "tf.clip_by_value(x, y, x, name='clip')", "tf.clipByValue(x, y, x, 'clip')"),
    ("clip_by_value_int", "tf.clip_by_value(i, 0, 5)", "tf.clipByValue(i, 0, 5)"),
    ("matmul", "tf.matmul(x, m)", "tf.matmul(x, m)"),
    ("matmul_transpose_b", "tf.matmul(x, x, transpose_b=True)", "tf.matmul(x, x, { transposeB: true })"),
    ("matmul_transpose_a_positional", "tf.matmul(x, x, True)", "tf.matmul(x, x, true)"),
    ("matmul_adjoint", "tf.matmul(x, x, adjoint_a=True)", "tf.matmul(x, x, { adjointA: true })"),
    ("matmul_both", "tf.matmul(x, x, transpose_a=True, adjoint_a=True)", "tf.matmul(x, x, { transposeA: true, adjointA: true })"),
    ("matmul_named", "tf.matmul(x, m, name='mm')", "tf.matmul(x, m, { name: 'mm' })"),
    ("matmul_values", "tf.matmul([[1.0, 2.0]], [[3.0], [4.0]])", "tf.matmul([[1, 2]], [[3], [4]])"),
    ("matmul_batch", "tf.matmul(T.placeholder(tf.float32, [5, 2, 3]), T.placeholder(tf.float32, [5, 3, 4]))", "tf.matmul(tf.placeholder('float32', [5, 2, 3]), tf.placeholder('float32', [5, 3, 4]))"),
    ("matmul_batch_transpose", "tf.matmul(T.placeholder(tf.float32, [5, 3, 2]), m, transpose_a=True)", "tf.matmul(tf.placeholder('float32', [5, 3, 2]), m, { transposeA: true })"),
    ("matmul_unknown_rank", "tf.matmul(u, m)", "tf.matmul(u, m)"),
    ("matmul_output_type", "tf.matmul(tf.cast(x, tf.int8), tf.cast(m, tf.int8), output_type=tf.int32)", "tf.matmul(tf.cast(x, 'int8'), tf.cast(m, 'int8'), { outputType: 'int32' })"),
    ("matmul_shape_error", "tf.matmul(x, x)", "tf.matmul(x, x)"),
    ("matmul_mismatch", "tf.matmul(x, tf.cast(m, tf.float64))", "tf.matmul(x, tf.cast(m, 'float64'))"),
    ("matmul_int", "tf.matmul(i, tf.transpose(i))", "tf.matmul(i, tf.transpose(i))"),
    ("einsum", "tf.einsum('ij,jk->ik', x, m)", "tf.einsum('ij,jk->ik', x, m)"),
    ("einsum_implicit", "tf.einsum('ij,jk', x, m)", "tf.einsum('ij,jk', x, m)"),
    ("einsum_transpose", "tf.einsum('ij->ji', x)", "tf.einsum('ij->ji', x)"),
    ("einsum_spaces", "tf.einsum('i j , j k -> i k', x, m, name='e')", "tf.einsum('i j , j k -> i k', x, m, { name: 'e' })"),
    ("einsum_ellipsis", "tf.einsum('...j,jk->...k', x, m)", "tf.einsum('...j,jk->...k', x, m)"),
    ("einsum_bad", "tf.einsum('ij,jk->ik', x)", "tf.einsum('ij,jk->ik', x)"),
    ("einsum_bad_format", "tf.einsum('ij;jk', x, m)", "tf.einsum('ij;jk', x, m)"),
    ("einsum_repeat_output", "tf.einsum('ij->ii', x)", "tf.einsum('ij->ii', x)"),
    ("argmax", "tf.argmax(x)", "tf.argmax(x)"),
    ("argmax_axis", "tf.argmax(x, 1)", "tf.argmax(x, 1)"),
    ("argmax_options", "tf.argmax(x, axis=1, output_type=tf.int32, name='am')", "tf.argmax(x, { axis: 1, outputType: 'int32', name: 'am' })"),
    ("argmax_float_axis", "tf.argmax(x, 1.5)", "tf.argmax(x, 1.5)"),
    ("argmax_tensor_axis", "tf.argmax(x, n)", "tf.argmax(x, n)"),
    ("argmax_tensor_axis_float", "tf.argmax(x, s)", "tf.argmax(x, s)"),
    ("argmin", "tf.argmin(x, 0)", "tf.argmin(x, 0)"),
    ("argmin_bad_output", "tf.argmin(x, 0, output_type=tf.float32)", "tf.argmin(x, 0, 'float32')"),
    ("range_int", "tf.range(5)", "tf.range(i32(5))"),
    ("range_float_limit", "tf.range(5.0)", "tf.range(5)"),
    ("range_start_limit", "tf.range(1, 10, 2)", "tf.range(i32(1), i32(10), i32(2))"),
    ("range_dtype", "tf.range(0, 5, dtype=tf.int64)", "tf.range(0, 5, { dtype: 'int64' })"),
    ("range_dtype_float", "tf.range(3, dtype=tf.float32)", "tf.range(3, { dtype: 'float32' })"),
    ("range_tensor", "tf.range(n)", "tf.range(n)"),
    ("range_mixed", "tf.range(0, n, 0.5)", "tf.range(i32(0), n, 0.5)"),
    ("range_named", "tf.range(3, name='r')", "tf.range(i32(3), { name: 'r' })"),
    ("range_bool", "tf.range(b)", "tf.range(b)"),
    ("top_k", "tf.math.top_k(x)", "tf.math.topK(x)"),
    ("nn_top_k", "tf.nn.top_k(x, 3)", "tf.nn.topK(x, 3)"),
    ("top_k_bad_k", "tf.math.top_k(x, 1.5)", "tf.topK(x, 1.5)"),
    ("math_namespace", "r = [tf.math.add(x, y), tf.math.multiply(x, y), tf.math.reduce_sum(x) if False else tf.math.square(x)]", "[tf.math.add(x, y), tf.math.multiply(x, y), tf.math.square(x)]"),
    ("matmul_bad_b", "tf.matmul(x, 'a')", "tf.matmul(x, 'a')"),
    ("matmul_value_b_int", "tf.matmul(i, [[1], [2], [3]])", "tf.matmul(i, [[1], [2], [3]])"),
    ("add_value_ragged", "tf.add(x, [[1.0], [2.0, 3.0]])", "tf.add(x, [[1], [2, 3]])"),
    ("cast_ragged", "tf.cast([[1.0], [2.0, 3.0]], tf.int32)", "tf.cast([[1], [2, 3]], 'int32')"),
    ("truediv_bad_y", "tf.math.truediv(x, 'a')", "tf.truediv(x, 'a')"),
    ("range_bad_limit", "tf.range(0, 'a')", "tf.range(0, 'a')"),
    ("top_k_k", "tf.math.top_k(x, 2, sorted=False)", "tf.topK(x, 2, { sorted: false })"),
    ("top_k_k_tensor", "tf.math.top_k(x, n, name='tk')", "tf.topK(x, n, { name: 'tk' })"),
]

REDUCTION = [
    ("reduce_sum", "tf.reduce_sum(x)", "tf.reduceSum(x)"),
    ("reduce_sum_axis", "tf.reduce_sum(x, 1)", "tf.reduceSum(x, 1)"),
    ("reduce_sum_axes", "tf.reduce_sum(x, [0, 1])", "tf.reduceSum(x, [0, 1])"),
    ("reduce_sum_keepdims", "tf.reduce_sum(x, keepdims=True)", "tf.reduceSum(x, { keepdims: true })"),
    ("reduce_sum_axis_keepdims", "tf.reduce_sum(x, 0, True, 'rs')", "tf.reduceSum(x, 0, true, 'rs')"),
    ("reduce_sum_axis_options", "tf.reduce_sum(x, -1, keepdims=True)", "tf.reduceSum(x, -1, { keepdims: true })"),
    ("reduce_sum_unknown_rank", "tf.reduce_sum(u)", "tf.reduceSum(u)"),
    ("reduce_sum_scalar", "tf.reduce_sum(s)", "tf.reduceSum(s)"),
    ("reduce_sum_value", "tf.reduce_sum([1.0, 2.0])", "tf.reduceSum([1, 2])"),
    ("reduce_sum_tensor_axis", "tf.reduce_sum(x, n)", "tf.reduceSum(x, n)"),
    ("reduce_sum_bad_axis", "tf.reduce_sum(x, 2)", "tf.reduceSum(x, 2)"),
    ("reduce_sum_float_axis", "tf.reduce_sum(x, 0.5)", "tf.reduceSum(x, 0.5)"),
    ("reduce_sum_bool", "tf.reduce_sum(b)", "tf.reduceSum(b)"),
    ("reduce_sum_int", "tf.reduce_sum(i, 0)", "tf.reduceSum(i, 0)"),
    ("reduce_mean", "tf.reduce_mean(x)", "tf.reduceMean(x)"),
    ("reduce_mean_axis", "tf.reduce_mean(x, axis=0)", "tf.reduceMean(x, { axis: 0 })"),
    ("reduce_max", "tf.reduce_max(x, 1)", "tf.reduceMax(x, 1)"),
    ("reduce_max_unknown", "tf.reduce_max(u, keepdims=True)", "tf.reduceMax(u, { keepdims: true })"),
    ("reduce_min", "tf.reduce_min(x)", "tf.reduceMin(x)"),
    ("reduce_prod", "tf.reduce_prod(x, [1])", "tf.reduceProd(x, [1])"),
    ("reduce_all", "tf.reduce_all(b)", "tf.reduceAll(b)"),
    ("reduce_any", "tf.reduce_any(b, 1, name='any')", "tf.reduceAny(b, 1, null, 'any')"),
    ("reduce_all_float", "tf.reduce_all(x)", "tf.reduceAll(x)"),
    ("reduce_mean_value_axis", "tf.reduce_mean([[1.0, 2.0], [3.0, 4.0]], 1)", "tf.reduceMean([[1, 2], [3, 4]], 1)"),
    ("reduce_max_int64_axis", "tf.reduce_max(x, np.int64(0))", "tf.reduceMax(x, 0n)"),
    ("reduce_bad_keepdims", "tf.reduce_sum(x, 0, 'yes')", "tf.reduceSum(x, 0, 'yes')"),
    ("reduce_named_scope", "with tf.name_scope('loss'):\n  r = tf.reduce_mean(x)", "tf.nameScope('loss', () => tf.reduceMean(x))"),
]

ARRAY = [
    ("reshape", "tf.reshape(x, [3, 2])", "tf.reshape(x, [3, 2])"),
    ("reshape_minus_one", "tf.reshape(x, [-1])", "tf.reshape(x, [-1])"),
    ("reshape_named", "tf.reshape(x, [6, 1], name='rs')", "tf.reshape(x, [6, 1], 'rs')"),
    ("reshape_tensor_shape", "tf.reshape(x, tf.shape(y))", "tf.reshape(x, tf.shape(y))"),
    ("reshape_autopack", "tf.reshape(x, [n, -1])", "tf.reshape(x, [n, -1])"),
    ("reshape_bad", "tf.reshape(x, [4, 2])", "tf.reshape(x, [4, 2])"),
    ("reshape_float_shape", "tf.reshape(x, [3.0, 2.0])", "tf.reshape(x, [3.5, 2])"),
    ("reshape_int64_shape", "tf.reshape(x, np.array([3, 2], np.int64))", "tf.reshape(x, [3n, 2n])"),
    ("reshape_unknown", "tf.reshape(u, [2, -1])", "tf.reshape(u, [2, -1])"),
    ("transpose", "tf.transpose(x)", "tf.transpose(x)"),
    ("transpose_perm", "tf.transpose(x, [1, 0])", "tf.transpose(x, [1, 0])"),
    ("transpose_perm_options", "tf.transpose(x, perm=[1, 0], name='t')", "tf.transpose(x, { perm: [1, 0], name: 't' })"),
    ("transpose_unknown_rank", "tf.transpose(u)", "tf.transpose(u)"),
    ("transpose_value", "tf.transpose([[1.0, 2.0]])", "tf.transpose([[1, 2]])"),
    ("transpose_conjugate_real", "tf.transpose(x, conjugate=True)", "tf.transpose(x, { conjugate: true })"),
    ("transpose_bad_perm", "tf.transpose(x, [0, 0])", "tf.transpose(x, [0, 0])"),
    ("transpose_twice", "r = [tf.transpose(x), tf.transpose(y)]", "[tf.transpose(x), tf.transpose(y)]"),
    ("concat", "tf.concat([x, y], 0)", "tf.concat([x, y], 0)"),
    ("concat_axis1", "tf.concat([x, y, x], 1, name='cat')", "tf.concat([x, y, x], 1, 'cat')"),
    ("concat_single", "tf.concat([x], 0)", "tf.concat([x], 0)"),
    ("concat_not_list", "tf.concat(x, 0)", "tf.concat(x, 0)"),
    ("concat_values", "tf.concat([[1.0], [2.0, 3.0]], 0)", "tf.concat([[1], [2, 3]], 0)"),
    ("concat_mixed", "tf.concat([x, i], 0)", "tf.concat([x, i], 0)"),
    ("concat_negative_axis", "tf.concat([x, y], -1)", "tf.concat([x, y], -1)"),
    ("concat_tensor_axis", "tf.concat([x, y], n)", "tf.concat([x, y], n)"),
    ("concat_shape_error", "tf.concat([x, m], 0)", "tf.concat([x, m], 0)"),
    ("stack", "tf.stack([x, y])", "tf.stack([x, y])"),
    ("stack_axis", "tf.stack([x, y], axis=1)", "tf.stack([x, y], { axis: 1 })"),
    ("stack_axis_positional", "tf.stack([x, y], 2, 'st')", "tf.stack([x, y], 2, 'st')"),
    ("stack_values", "tf.stack([1.0, 2.0])", "tf.stack([1, 2])"),
    ("stack_mixed_values", "tf.stack([s, 2.0])", "tf.stack([s, 2])"),
    ("stack_bad_axis", "tf.stack([x, y], axis=3)", "tf.stack([x, y], { axis: 3 })"),
    ("stack_negative_axis", "tf.stack([v, v], axis=-1)", "tf.stack([v, v], { axis: -1 })"),
    ("unstack", "tf.unstack(x)", "tf.unstack(x)"),
    ("unstack_axis", "tf.unstack(x, axis=1)", "tf.unstack(x, { axis: 1 })"),
    ("unstack_num", "tf.unstack(u, num=2, name='us')", "tf.unstack(u, { num: 2, name: 'us' })"),
    ("unstack_unknown", "tf.unstack(u)", "tf.unstack(u)"),
    ("unstack_bad_axis", "tf.unstack(x, axis=2)", "tf.unstack(x, { axis: 2 })"),
    ("unstack_value", "tf.unstack([[1.0, 2.0], [3.0, 4.0]])", "tf.unstack([[1, 2], [3, 4]])"),
    ("split_num", "tf.split(x, 3, axis=1)", "tf.split(x, 3, { axis: 1 })"),
    ("split_num_default_axis", "tf.split(x, 2)", "tf.split(x, 2)"),
    ("split_sizes", "tf.split(x, [1, 2], 1)", "tf.split(x, [1, 2], 1)"),
    ("split_sizes_named", "tf.split(x, [1, 1], name='sp')", "tf.split(x, [1, 1], { name: 'sp' })"),
    ("split_bad", "tf.split(x, 4, axis=1)", "tf.split(x, 4, { axis: 1 })"),
    ("split_sizes_tensor", "tf.split(x, tf.constant([2, 1]), 1)", "tf.split(x, tf.constant([2, 1], 'int32'), 1)"),
    ("slice", "tf.slice(x, [0, 1], [2, 2])", "tf.slice(x, [0, 1], [2, 2])"),
    ("slice_named", "tf.slice(x, [0, 0], [-1, 1], name='sl')", "tf.slice(x, [0, 0], [-1, 1], 'sl')"),
    ("slice_bad", "tf.slice(x, [0], [1])", "tf.slice(x, [0], [1])"),
    ("strided_slice", "tf.strided_slice(x, [0, 1], [2, 3])", "tf.stridedSlice(x, [0, 1], [2, 3])"),
    ("strided_slice_strides", "tf.strided_slice(x, [0, 0], [2, 3], [1, 2])", "tf.stridedSlice(x, [0, 0], [2, 3], [1, 2])"),
    ("strided_slice_masks", "tf.strided_slice(x, [0, 0], [1, 3], [1, 1], shrink_axis_mask=1, name='ss')", "tf.stridedSlice(x, [0, 0], [1, 3], { strides: [1, 1], shrinkAxisMask: 1, name: 'ss' })"),
    ("strided_slice_masks_positional", "tf.strided_slice(x, [0, 0], [1, 3], None, 1, 2)", "tf.stridedSlice(x, [0, 0], [1, 3], null, 1, 2)"),
    ("squeeze", "tf.squeeze(T.placeholder(tf.float32, [1, 3, 1]))", "tf.squeeze(tf.placeholder('float32', [1, 3, 1]))"),
    ("squeeze_axis", "tf.squeeze(T.placeholder(tf.float32, [1, 3, 1]), 2)", "tf.squeeze(tf.placeholder('float32', [1, 3, 1]), 2)"),
    ("squeeze_axes", "tf.squeeze(T.placeholder(tf.float32, [1, 3, 1]), [0, 2], name='sq')", "tf.squeeze(tf.placeholder('float32', [1, 3, 1]), { axis: [0, 2], name: 'sq' })"),
    ("squeeze_bad", "tf.squeeze(x, 0)", "tf.squeeze(x, 0)"),
    ("expand_dims", "tf.expand_dims(x, 0)", "tf.expandDims(x, 0)"),
    ("expand_dims_neg", "tf.expand_dims(x, -1, name='ed')", "tf.expandDims(x, -1, 'ed')"),
    ("expand_dims_bad", "tf.expand_dims(x, 5)", "tf.expandDims(x, 5)"),
    ("tile", "tf.tile(x, [2, 1])", "tf.tile(x, [2, 1])"),
    ("tile_bad", "tf.tile(x, [2])", "tf.tile(x, [2])"),
    ("pad", "tf.pad(x, [[1, 1], [2, 2]])", "tf.pad(x, [[1, 1], [2, 2]])"),
    ("pad_constant_values", "tf.pad(x, [[1, 1], [0, 0]], constant_values=1.0)", "tf.pad(x, [[1, 1], [0, 0]], { constantValues: 1 })"),
    ("pad_reflect", "tf.pad(x, [[1, 1], [1, 1]], 'REFLECT')", "tf.pad(x, [[1, 1], [1, 1]], 'REFLECT')"),
    ("pad_symmetric_lower", "tf.pad(x, [[0, 1], [1, 0]], 'symmetric', name='p')", "tf.pad(x, [[0, 1], [1, 0]], 'symmetric', 0, 'p')"),
    ("pad_bad_mode", "tf.pad(x, [[0, 1], [1, 0]], 'WRAP')", "tf.pad(x, [[0, 1], [1, 0]], 'WRAP')"),
    ("pad_unknown_dim", "tf.pad(T.placeholder(tf.float32, [None, 3]), [[1, 1], [1, 1]])", "tf.pad(tf.placeholder('float32', [null, 3]), [[1, 1], [1, 1]])"),
    ("gather", "tf.gather(x, [1, 0])", "tf.gather(x, [1, 0])"),
    ("gather_axis", "tf.gather(x, [2, 0], axis=1)", "tf.gather(x, [2, 0], { axis: 1 })"),
    ("gather_tensor_indices", "tf.gather(x, n)", "tf.gather(x, n)"),
    ("gather_named", "tf.gather(x, [0], name='g')", "tf.gather(x, [0], { name: 'g' })"),
    ("gather_float_indices", "tf.gather(x, y)", "tf.gather(x, y)"),
    ("gather_batch_dims", "tf.gather(x, [[0], [1]], batch_dims=1)", "tf.gather(x, [[0], [1]], { batchDims: 1 })"),
    ("gather_nd", "tf.gather_nd(x, [[0, 1], [1, 2]])", "tf.gatherNd(x, [[0, 1], [1, 2]])"),
    ("gather_nd_named", "tf.gather_nd(x, [[1]], name='gnd')", "tf.gatherNd(x, [[1]], { name: 'gnd' })"),
    ("shape", "tf.shape(x)", "tf.shape(x)"),
    ("shape_partial", "tf.shape(T.placeholder(tf.float32, [None, 3]))", "tf.shape(tf.placeholder('float32', [null, 3]))"),
    ("shape_out_type", "tf.shape(x, tf.int64, name='sh')", "tf.shape(x, 'int64', 'sh')"),
    ("shape_unknown_out_type", "tf.shape(u, out_type=tf.int64)", "tf.shape(u, { outType: 'int64' })"),
    ("shape_value", "tf.shape([1.0, 2.0])", "tf.shape([1, 2])"),
    ("size", "tf.size(x)", "tf.size(x)"),
    ("size_unknown", "tf.size(u)", "tf.size(u)"),
    ("size_zero_dim", "tf.size(T.placeholder(tf.float32, [None, 0]))", "tf.size(tf.placeholder('float32', [null, 0]))"),
    ("size_out_type", "tf.size(x, out_type=tf.int64)", "tf.size(x, { outType: 'int64' })"),
    ("rank", "tf.rank(x)", "tf.rank(x)"),
    ("rank_unknown", "tf.rank(u, name='rk')", "tf.rank(u, 'rk')"),
    ("fill", "tf.fill([2, 3], 1.5)", "tf.fill([2, 3], 1.5)"),
    ("fill_tensor_dims", "tf.fill(tf.shape(x), 0.0, name='f')", "tf.fill(tf.shape(x), 0, 'f')"),
    ("fill_int_value", "tf.fill([2], 7)", "tf.fill([2], i32(7))"),
    ("zeros", "tf.zeros([2, 3])", "tf.zeros([2, 3])"),
    ("zeros_dtype", "tf.zeros([2], tf.int32, name='z')", "tf.zeros([2], 'int32', 'z')"),
    ("zeros_bool", "tf.zeros([2], dtype=tf.bool)", "tf.zeros([2], { dtype: 'bool' })"),
    ("zeros_string", "tf.zeros([2], dtype=tf.string)", "tf.zeros([2], { dtype: 'string' })"),
    ("zeros_large", "tf.zeros([100, 20])", "tf.zeros([100, 20])"),
    ("zeros_tensor_shape", "tf.zeros(tf.shape(x))", "tf.zeros(tf.shape(x))"),
    ("zeros_placeholder_shape", "tf.zeros(T.placeholder(tf.int32, [2]))", "tf.zeros(tf.placeholder('int32', [2]))"),
    ("zeros_scalar_shape", "tf.zeros(n)", "tf.zeros(n)"),
    ("ones", "tf.ones([3])", "tf.ones([3])"),
    ("ones_dtype", "tf.ones([2, 2], tf.float64)", "tf.ones([2, 2], 'float64')"),
    ("ones_large", "tf.ones([1000], tf.int64)", "tf.ones([1000], 'int64')"),
    ("zeros_like", "tf.zeros_like(x)", "tf.zerosLike(x)"),
    ("zeros_like_dtype", "tf.zeros_like(x, tf.int32)", "tf.zerosLike(x, 'int32')"),
    ("zeros_like_unknown", "tf.zeros_like(u)", "tf.zerosLike(u)"),
    ("zeros_like_unknown_dtype", "tf.zeros_like(u, dtype=tf.int32)", "tf.zerosLike(u, { dtype: 'int32' })"),
    ("zeros_like_value", "tf.zeros_like([1.0, 2.0])", "tf.zerosLike([1, 2])"),
    ("ones_like", "tf.ones_like(x, name='ol')", "tf.onesLike(x, { name: 'ol' })"),
    ("ones_like_unknown", "tf.ones_like(u)", "tf.onesLike(u)"),
    ("one_hot", "tf.one_hot([0, 1, 2], 3)", "tf.oneHot([0, 1, 2], 3)"),
    ("one_hot_bad_indices", "tf.one_hot(x, 3)", "tf.oneHot(x, 3)"),
    ("one_hot_bad_depth", "tf.one_hot(i, 'a')", "tf.oneHot(i, 'a')"),
    ("split_empty_sizes", "tf.split(x, [])", "tf.split(x, [])"),
    ("split_scalar_sizes", "tf.split(x, tf.constant(2))", "tf.split(x, tf.constant(2, 'int32'))"),
    ("strided_slice_float_begin", "tf.strided_slice(x, [0.5, 1.0], [2, 3])", "tf.stridedSlice(x, [0.5, 1], [2, 3])"),
    ("strided_slice_int64_begin", "tf.strided_slice(x, np.array([0, 1], np.int64), np.array([2, 3], np.int64))", "tf.stridedSlice(x, [0n, 1n], [2n, 3n])"),
    ("concat_single_bad", "tf.concat([[1.0, [2.0]]], 0)", "tf.concat([[1, [2]]], 0)"),
    ("concat_single_bad_axis", "tf.concat([x], [0, 1])", "tf.concat([x], [0, 1])"),
    ("stack_none", "tf.stack(None)", "tf.stack(null)"),
    ("stack_axis1_values", "tf.stack([[1.0, 2.0], [3.0, 4.0]], axis=1)", "tf.stack([[1, 2], [3, 4]], { axis: 1 })"),
    ("zeros_like_string", "tf.zeros_like(tf.constant(['a', 'b']))", "tf.zerosLike(tf.constant(['a', 'b']))"),
    ("ones_like_string", "tf.ones_like(tf.constant(['a', 'b']))", "tf.onesLike(tf.constant(['a', 'b']))"),
    ("ones_bool", "tf.ones([2], tf.bool)", "tf.ones([2], 'bool')"),
    ("fill_bad_value", "tf.fill([2], [1.0, [2.0]])", "tf.fill([2], [1, [2]])"),
    ("one_hot_tensor", "tf.one_hot(i, 4)", "tf.oneHot(i, 4)"),
    ("one_hot_values", "tf.one_hot(i, 4, on_value=5.0, off_value=-1.0, axis=0)", "tf.oneHot(i, 4, { onValue: 5, offValue: -1, axis: 0 })"),
    ("one_hot_dtype", "tf.one_hot(i, 4, dtype=tf.int32, name='oh')", "tf.oneHot(i, 4, { dtype: 'int32', name: 'oh' })"),
    ("one_hot_dtype_mismatch", "tf.one_hot(i, 4, on_value=1.0, dtype=tf.int32)", "tf.oneHot(i, 4, { onValue: 1.5, dtype: 'int32' })"),
    ("one_hot_on_off_mismatch", "tf.one_hot(i, 4, on_value=1.0, off_value=True)", "tf.oneHot(i, 4, { onValue: 1, offValue: true })"),
    ("broadcast_to", "tf.broadcast_to(v, [2, 3])", "tf.broadcastTo(v, [2, 3])"),
    ("broadcast_to_bad", "tf.broadcast_to(v, [2, 4])", "tf.broadcastTo(v, [2, 4])"),
    ("where_indices", "tf.where(b)", "tf.where(b)"),
    ("where_indices_float", "tf.where(x)", "tf.where(x)"),
    ("where_value", "tf.where([True, False])", "tf.where([true, false])"),
    ("where_select", "tf.where(b, x, y)", "tf.where(b, x, y)"),
    ("where_select_const", "tf.where(b, x, 0.0, name='w')", "tf.where(b, x, 0, 'w')"),
    ("where_select_options", "tf.where(b, x=x, y=y)", "tf.where(b, { x, y })"),
    ("where_only_x", "tf.where(b, x)", "tf.where(b, x)"),
    ("where_broadcast", "tf.where(b, v, 1.0)", "tf.where(b, v, 1)"),
]

NN = [
    ("relu", "tf.nn.relu(x)", "tf.nn.relu(x)"),
    ("relu_named", "tf.nn.relu(x, name='r')", "tf.nn.relu(x, 'r')"),
    ("relu_value", "tf.nn.relu([-1.0, 1.0])", "tf.nn.relu([-1, 1])"),
    ("relu_bool", "tf.nn.relu(tf.constant([True]))", "tf.nn.relu(tf.constant([true]))"),
    ("relu6", "tf.nn.relu6(x)", "tf.nn.relu6(x)"),
    ("relu6_value", "tf.nn.relu6([1.0])", "tf.nn.relu6([1])"),
    ("elu", "tf.nn.elu(x)", "tf.nn.elu(x)"),
    ("selu", "tf.nn.selu(x, name='s')", "tf.nn.selu(x, { name: 's' })"),
    ("leaky_relu", "tf.nn.leaky_relu(x)", "tf.nn.leakyRelu(x)"),
    ("leaky_relu_alpha", "tf.nn.leaky_relu(x, 0.1, 'lr')", "tf.nn.leakyRelu(x, 0.1, 'lr')"),
    ("leaky_relu_int", "tf.nn.leaky_relu(tf.constant([1, 2]))", "tf.nn.leakyRelu(tf.constant([1, 2], 'int32'))"),
    ("leaky_relu_alpha_str", "tf.nn.leaky_relu(x, alpha='a')", "tf.nn.leakyRelu(x, { alpha: 'a' })"),
    ("softplus", "tf.nn.softplus(x)", "tf.nn.softplus(x)"),
    ("softsign", "tf.nn.softsign(x)", "tf.nn.softsign(x)"),
    ("nn_sigmoid", "tf.nn.sigmoid(x)", "tf.nn.sigmoid(x)"),
    ("nn_tanh", "tf.nn.tanh(x)", "tf.nn.tanh(x)"),
    ("softmax", "tf.nn.softmax(logits)", "tf.nn.softmax(logits)"),
    ("softmax_last_axis", "tf.nn.softmax(logits, axis=1, name='sm')", "tf.nn.softmax(logits, { axis: 1, name: 'sm' })"),
    ("softmax_axis0", "tf.nn.softmax(x, axis=0)", "tf.nn.softmax(x, 0)"),
    ("softmax_axis0_named", "tf.nn.softmax(x, axis=0, name='sm')", "tf.nn.softmax(x, 0, 'sm')"),
    ("softmax_bad_axis", "tf.nn.softmax(x, axis=2)", "tf.nn.softmax(x, 2)"),
    ("softmax_int", "tf.nn.softmax(i)", "tf.nn.softmax(i)"),
    ("log_softmax", "tf.nn.log_softmax(logits)", "tf.nn.logSoftmax(logits)"),
    ("log_softmax_axis0", "tf.nn.log_softmax(x, 0)", "tf.nn.logSoftmax(x, 0)"),
    ("bias_add", "tf.nn.bias_add(x, [1.0, 2.0, 3.0])", "tf.nn.biasAdd(x, [1, 2, 3])"),
    ("bias_add_tensor", "tf.nn.bias_add(img, bias)", "tf.nn.biasAdd(img, bias)"),
    ("bias_add_format", "tf.nn.bias_add(img, bias, data_format='NHWC', name='ba')", "tf.nn.biasAdd(img, bias, { dataFormat: 'NHWC', name: 'ba' })"),
    ("bias_add_nchw", "tf.nn.bias_add(T.placeholder(tf.float32, [2, 3, 4, 4]), bias, 'NCHW')", "tf.nn.biasAdd(tf.placeholder('float32', [2, 3, 4, 4]), bias, 'NCHW')"),
    ("bias_add_bad_format", "tf.nn.bias_add(img, bias, data_format='HWCN')", "tf.nn.biasAdd(img, bias, { dataFormat: 'HWCN' })"),
    ("bias_add_mismatch", "tf.nn.bias_add(x, [1.0, 2.0])", "tf.nn.biasAdd(x, [1, 2])"),
    ("bias_add_int_bias", "tf.nn.bias_add(x, tf.constant([1, 2, 3]))", "tf.nn.biasAdd(x, tf.constant([1, 2, 3], 'int32'))"),
    ("conv2d", "tf.nn.conv2d(img, k, 1, 'SAME')", "tf.nn.conv2d(img, k, 1, 'SAME')"),
    ("conv2d_strides", "tf.nn.conv2d(img, k, [2, 2], 'VALID', name='conv')", "tf.nn.conv2d(img, k, [2, 2], 'VALID', { name: 'conv' })"),
    ("conv2d_strides4", "tf.nn.conv2d(img, k, [1, 2, 2, 1], 'SAME')", "tf.nn.conv2d(img, k, [1, 2, 2, 1], 'SAME')"),
    ("conv2d_dilations", "tf.nn.conv2d(img, k, 1, 'SAME', dilations=2)", "tf.nn.conv2d(img, k, 1, 'SAME', { dilations: 2 })"),
    ("conv2d_explicit", "tf.nn.conv2d(img, k, 1, [[0, 0], [1, 1], [1, 1], [0, 0]])", "tf.nn.conv2d(img, k, 1, [[0, 0], [1, 1], [1, 1], [0, 0]])"),
    ("conv2d_explicit_bad", "tf.nn.conv2d(img, k, 1, [[1, 1], [1, 1]])", "tf.nn.conv2d(img, k, 1, [[1, 1], [1, 1]])"),
    ("conv2d_explicit_keyword", "tf.nn.conv2d(img, k, 1, 'EXPLICIT')", "tf.nn.conv2d(img, k, 1, 'EXPLICIT')"),
    ("conv2d_bad_padding", "tf.nn.conv2d(img, k, 1, 'FULL')", "tf.nn.conv2d(img, k, 1, 'FULL')"),
    ("conv2d_bad_strides", "tf.nn.conv2d(img, k, [1, 1, 1], 'SAME')", "tf.nn.conv2d(img, k, [1, 1, 1], 'SAME')"),
    ("conv2d_channels_mismatch", "tf.nn.conv2d(img, dk, 1, 'SAME')", "tf.nn.conv2d(img, dk, 1, 'SAME')"),
    ("conv2d_const_filter", "tf.nn.conv2d(img, tf.ones([1, 1, 3, 2]), 1, 'SAME')", "tf.nn.conv2d(img, tf.ones([1, 1, 3, 2]), 1, 'SAME')"),
    ("depthwise_conv2d", "tf.nn.depthwise_conv2d(img, dk, [1, 1, 1, 1], 'SAME')", "tf.nn.depthwiseConv2d(img, dk, [1, 1, 1, 1], 'SAME')"),
    ("depthwise_conv2d_named", "tf.nn.depthwise_conv2d(img, dk, [1, 2, 2, 1], 'VALID', name='dw')", "tf.nn.depthwiseConv2d(img, dk, [1, 2, 2, 1], 'VALID', { name: 'dw' })"),
    ("max_pool", "tf.nn.max_pool(img, 2, 2, 'VALID')", "tf.nn.maxPool(img, 2, 2, 'VALID')"),
    ("max_pool_named", "tf.nn.max_pool(img, [3, 3], [2, 2], 'SAME', name='mp')", "tf.nn.maxPool(img, [3, 3], [2, 2], 'SAME', { name: 'mp' })"),
    ("max_pool2d", "tf.nn.max_pool2d(img, 2, 2, 'VALID')", "tf.nn.maxPool2d(img, 2, 2, 'VALID')"),
    ("max_pool2d_bad_ksize", "tf.nn.max_pool2d(img, [2, 2, 2], 2, 'VALID')", "tf.nn.maxPool2d(img, [2, 2, 2], 2, 'VALID')"),
    ("max_pool_bad_rank", "tf.nn.max_pool(x, 2, 2, 'VALID')", "tf.nn.maxPool(x, 2, 2, 'VALID')"),
    ("avg_pool", "tf.nn.avg_pool(img, 2, 2, 'VALID')", "tf.nn.avgPool(img, 2, 2, 'VALID')"),
    ("avg_pool_named", "tf.nn.avg_pool(img, [2, 2], [1, 1], 'SAME', name='ap')", "tf.nn.avgPool(img, [2, 2], [1, 1], 'SAME', { name: 'ap' })"),
    ("avg_pool2d", "tf.nn.avg_pool2d(img, 2, 2, 'SAME')", "tf.nn.avgPool2d(img, 2, 2, 'SAME')"),
    ("avg_pool_bad_padding", "tf.nn.avg_pool(img, 2, 2, 'FULL')", "tf.nn.avgPool(img, 2, 2, 'FULL')"),
    ("l2_loss", "tf.nn.l2_loss(x)", "tf.nn.l2Loss(x)"),
    ("conv2d_bad_filter_value", "tf.nn.conv2d(img, 'a', 1, 'SAME')", "tf.nn.conv2d(img, 'a', 1, 'SAME')"),
    ("max_pool2d_str_ksize", "tf.nn.max_pool2d(img, 'a', 2, 'VALID')", "tf.nn.maxPool2d(img, 'a', 2, 'VALID')"),
    ("bias_add_value_bad", "tf.nn.bias_add(x, 'a')", "tf.nn.biasAdd(x, 'a')"),
    ("depthwise_bad_filter", "tf.nn.depthwise_conv2d(img, 'a', [1, 1, 1, 1], 'SAME')", "tf.nn.depthwiseConv2d(img, 'a', [1, 1, 1, 1], 'SAME')"),
    ("l2_loss_named", "tf.nn.l2_loss(x, name='l2')", "tf.nn.l2Loss(x, 'l2')"),
    ("softmax_xent", "tf.nn.softmax_cross_entropy_with_logits(labels, logits)", "tf.nn.softmaxCrossEntropyWithLogits(labels, logits)"),
    ("softmax_xent_named", "tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, name='xent')", "tf.nn.softmaxCrossEntropyWithLogits(labels, logits, { name: 'xent' })"),
    ("sparse_softmax_xent", "tf.nn.sparse_softmax_cross_entropy_with_logits(ilabels, logits)", "tf.nn.sparseSoftmaxCrossEntropyWithLogits(ilabels, logits)"),
    ("sparse_softmax_xent_named", "tf.nn.sparse_softmax_cross_entropy_with_logits(ilabels, logits, name='loss')", "tf.nn.sparseSoftmaxCrossEntropyWithLogits(ilabels, logits, 'loss')"),
    ("sparse_softmax_xent_bad_rank", "tf.nn.sparse_softmax_cross_entropy_with_logits(logits, logits)", "tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, logits)"),
    ("sparse_softmax_xent_bad_shape", "tf.nn.sparse_softmax_cross_entropy_with_logits(T.placeholder(tf.int32, [3]), logits)", "tf.nn.sparseSoftmaxCrossEntropyWithLogits(tf.placeholder('int32', [3]), logits)"),
    ("sparse_softmax_xent_scalar", "tf.nn.sparse_softmax_cross_entropy_with_logits(1, 2.0)", "tf.nn.sparseSoftmaxCrossEntropyWithLogits(i32(1), 2)"),
    ("fused_batch_norm", "T.nn.fused_batch_norm(img, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0])", "tf.nn.fusedBatchNorm(img, [1, 1, 1], [0, 0, 0])"),
    ("fused_batch_norm_inference", "T.nn.fused_batch_norm(img, bias, bias, bias, bias, is_training=False, name='bn')", "tf.nn.fusedBatchNorm(img, bias, bias, { mean: bias, variance: bias, isTraining: false, name: 'bn' })"),
    ("fused_batch_norm_missing_mean", "T.nn.fused_batch_norm(img, bias, bias, is_training=False)", "tf.nn.fusedBatchNorm(img, bias, bias, { isTraining: false })"),
    ("resize_bilinear", "T.image.resize_bilinear(img, [4, 4])", "tf.image.resizeBilinear(img, [4, 4])"),
    ("resize_bilinear_opts", "T.image.resize_bilinear(img, [16, 16], align_corners=True, name='rb')", "tf.image.resizeBilinear(img, [16, 16], { alignCorners: true, name: 'rb' })"),
]

SPARSE = [
    ("sparse_values", "tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])", "new tf.SparseTensor([[0, 0], [1, 2]], [1, 2], [3, 4])"),
    ("sparse_tensors", "tf.SparseTensor(T.placeholder(tf.int64, [None, 2]), v, l)", "new tf.SparseTensor(tf.placeholder('int64', [null, 2]), v, l)"),
    ("sparse_twice", "r = [tf.SparseTensor([[0]], [1.0], [2]), tf.SparseTensor([[1]], [True], [2])]", "[new tf.SparseTensor([[0]], [1], [2]), new tf.SparseTensor([[1]], [true], [2])]"),
    ("sparse_all_tensors_then_values", "r = [tf.SparseTensor(T.placeholder(tf.int64, [3, 1]), v, T.placeholder(tf.int64, [1])), tf.SparseTensor([[0]], [1.0], [2])]",
     "[new tf.SparseTensor(tf.placeholder('int64', [3, 1]), v, tf.placeholder('int64', [1])), new tf.SparseTensor([[0]], [1], [2])]"),
    ("sparse_in_scope", "with tf.name_scope('s'):\n  r = tf.SparseTensor([[0]], ['a'], [2])", "tf.nameScope('s', () => new tf.SparseTensor([[0]], ['a'], [2]))"),
    ("sparse_indices_rank", "tf.SparseTensor([0, 1], [1.0, 2.0], [3])", "new tf.SparseTensor([0, 1], [1, 2], [3])"),
    ("sparse_values_rank", "tf.SparseTensor([[0]], [[1.0]], [3])", "new tf.SparseTensor([[0]], [[1]], [3])"),
    ("sparse_dense_shape_rank", "tf.SparseTensor([[0]], [1.0], [[3]])", "new tf.SparseTensor([[0]], [1], [[3]])"),
    ("sparse_count_mismatch", "tf.SparseTensor([[0], [1]], [1.0], [3])", "new tf.SparseTensor([[0], [1]], [1], [3])"),
    ("sparse_ndims_mismatch", "tf.SparseTensor([[0, 0]], [1.0], [3])", "new tf.SparseTensor([[0, 0]], [1], [3])"),
    ("sparse_float_indices", "tf.SparseTensor([[0.5]], [1.0], [3])", "new tf.SparseTensor([[0.5]], [1], [3])"),
    ("sparse_int32_indices_tensor", "tf.SparseTensor(T.placeholder(tf.int32, [1, 1]), [1.0], [3])", "new tf.SparseTensor(tf.placeholder('int32', [1, 1]), [1], [3])"),
    ("sparse_ragged_values", "tf.SparseTensor([[0], [1]], [1.0, [2.0]], [3])", "new tf.SparseTensor([[0], [1]], [1, [2]], [3])"),
    ("sparse_shape_from_tensor", "tf.SparseTensor([[0, 0]], [1.0], tf.shape(x, out_type=tf.int64))", "new tf.SparseTensor([[0, 0]], [1], tf.shape(x, 'int64'))"),
    ("sparse_unknown_shape", "tf.SparseTensor([[0, 0]], [1.0], l)", "new tf.SparseTensor([[0, 0]], [1], l)"),
    ("sparse_dense_shape_minus_one", "tf.SparseTensor([[0, 0]], [1.0], [-1, 3])", "new tf.SparseTensor([[0, 0]], [1], [-1, 3])"),
    ("sparse_str", "r = str(tf.SparseTensor([[0]], [1.0], [2]))", "String(new tf.SparseTensor([[0]], [1], [2]))"),
]

FAMILY_SETUP = {"nn": "nn"}

FAMILIES = {
    "apply-op": APPLY_OP,
    "constant-control": CONSTANT,
    "math": MATH,
    "reduction": REDUCTION,
    "array": ARRAY,
    "nn": NN,
    "sparse": SPARSE,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for family, cases in FAMILIES.items():
        seen = set()
        records = []
        for c in cases:
            cid, py, ts = c[0], c[1], c[2]
            setup = c[3] if len(c) > 3 else FAMILY_SETUP.get(family, "std")
            if cid in seen:
                raise SystemExit(f"duplicate case id {cid}")
            seen.add(cid)
            rec = {"id": cid, "setup": setup, "py": py, "ts": ts}
            rec.update(run_case(setup, py))
            records.append(rec)
        data = {"setups": {k: v[1] for k, v in SETUPS.items()}, "cases": records}
        with open(os.path.join(OUT, f"{family}.json"), "w") as f:
            f.write(json.dumps(data, indent=1, sort_keys=False) + "\n")
        total += len(records)
        print(f"{family}: {len(records)} cases")
    print(f"total: {total}")


if __name__ == "__main__":
    main()
