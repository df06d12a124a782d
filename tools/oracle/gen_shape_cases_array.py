"""Records TensorFlow's graph-mode shape inference for the array, state, control-flow,
TensorArray and TensorList ops, for packages/core/test/ops/{array,state,control-flow}*.test.ts.

Run: .venv-tf/bin/python tools/oracle/gen_shape_cases_array.py
Writes tools/oracle/fixtures/ops/shapes-{array,state,control-flow}.json.

Each case builds one op with `tf.raw_ops.<Op>` in a fresh `tf.Graph()` and records:
  op, label, attrs (every attr of the NodeDef, encoded as registry.json does),
  inputs: flat list of {shape, dtype, value?, as_shape?} where
    shape    the input's static shape (null: unknown rank; null dims: unknown),
    value    the input's constant value ({dtype, shape, values}) when TF can see it,
    as_shape `tensor_util.constant_value_as_shape` of a shape-like input that is not a
             Const (what TF's MakeShapeFromShapeTensor sees, our ctx.inputAsShape),
  num_outputs, and either outputs (one shape per output) or
  error: {class, message}: TF's shape-function message (the part before " for '{{node").
Cases whose output TF derives from data our ShapeContext does not carry (resource handle
data, function bodies) are marked `"approx": "handle_data"` / `"function_body"`: ours must
only be compatible with TF's there.
"""
import inspect
import json
import math
import os
import re
import sys

import numpy as np
import tensorflow as tf
from tensorflow.core.framework import graph_pb2, types_pb2
from tensorflow.python.framework import op_def_registry
from tensorflow.python.framework import ops
from tensorflow.python.framework import tensor_util

tf1 = tf.compat.v1
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "fixtures", "ops")

# --------------------------------------------------------------------------- inputs


class Spec:
    """How to build one input tensor inside the case's graph."""

    def build(self, g):  # pragma: no cover - interface
        raise NotImplementedError


class P(Spec):
    """A placeholder: shape None is unknown rank."""

    def __init__(self, shape, dtype="float32"):
        self.shape, self.dtype = shape, dtype

    def build(self, g):
        return tf1.placeholder(self.dtype, self.shape)


class C(Spec):
    """A Const."""

    def __init__(self, value, dtype="int32"):
        self.value, self.dtype = value, dtype

    def build(self, g):
        return tf.constant(self.value, dtype=self.dtype)


class SH(Spec):
    """tf.shape of a placeholder (a partially known shape tensor)."""

    def __init__(self, shape, dtype="int32"):
        self.shape, self.dtype = shape, dtype

    def build(self, g):
        return tf.raw_ops.Shape(input=tf1.placeholder("float32", self.shape), out_type=self.dtype)


class PK(Spec):
    """tf.stack of scalars: ints become Consts, None a scalar placeholder."""

    def __init__(self, elems, dtype="int32"):
        self.elems, self.dtype = elems, dtype

    def build(self, g):
        parts = [
            tf.constant(e, dtype=self.dtype) if e is not None else tf1.placeholder(self.dtype, [])
            for e in self.elems
        ]
        return tf.raw_ops.Pack(values=parts, axis=0)


class F(Spec):
    """Any tensor built by fn()."""

    def __init__(self, fn):
        self.fn = fn

    def build(self, g):
        return self.fn()


def RES():
    return P([], "resource")


def VAR():
    return P([], "variant")


def build_input(spec, g):
    if isinstance(spec, list):
        return [build_input(s, g) for s in spec]
    if isinstance(spec, Spec):
        return spec.build(g)
    return spec


# --------------------------------------------------------------------------- encoding


def dtype_name(enum):
    return tf.as_dtype(enum).name


def float32_value(x):
    if not math.isfinite(x):
        return str(x)
    return float(np.format_float_positional(np.float32(x), unique=True, trim="0"))


def shape_value(proto):
    if proto.unknown_rank:
        return None
    return [d.size if d.size >= 0 else None for d in proto.dim]


def array_value(arr, dtype):
    arr = np.asarray(arr)
    values = arr.flatten().tolist()
    if arr.dtype.kind in "SO":
        values = [v.decode("latin-1") if isinstance(v, bytes) else v for v in values]
    elif arr.dtype.kind == "b":
        values = [bool(v) for v in values]
    elif arr.dtype.kind == "f":
        values = [float32_value(v) if dtype in ("float32", "float16", "bfloat16") else float(v) for v in values]
    return {"dtype": dtype, "shape": list(arr.shape), "values": values}


def tensor_value(proto):
    return array_value(tensor_util.MakeNdarray(proto), dtype_name(proto.dtype))


def func_value(proto):
    return {"name": proto.name, "attr": {k: attr_value(v) for k, v in sorted(proto.attr.items())}}


def attr_value(value):
    kind = value.WhichOneof("value")
    if kind == "s":
        return value.s.decode("utf-8")
    if kind == "i":
        return value.i
    if kind == "f":
        return float32_value(value.f)
    if kind == "b":
        return value.b
    if kind == "type":
        return dtype_name(value.type)
    if kind == "shape":
        return shape_value(value.shape)
    if kind == "tensor":
        return tensor_value(value.tensor)
    if kind == "func":
        return func_value(value.func)
    if kind == "list":
        lst = value.list
        if lst.s:
            return [s.decode("utf-8") for s in lst.s]
        if lst.i:
            return list(lst.i)
        if lst.f:
            return [float32_value(f) for f in lst.f]
        if lst.b:
            return list(lst.b)
        if lst.type:
            return [dtype_name(t) for t in lst.type]
        if lst.shape:
            return [shape_value(s) for s in lst.shape]
        if lst.tensor:
            return [tensor_value(t) for t in lst.tensor]
        if lst.func:
            return [func_value(f) for f in lst.func]
        return []
    if kind is None:
        return None
    raise ValueError(f"unhandled attr kind {kind}")


def dims_of(shape):
    return None if shape.rank is None else [d for d in shape.as_list()]


def describe_input(t):
    rec = {"shape": dims_of(t.shape), "dtype": t.dtype.base_dtype.name}
    if t.dtype.base_dtype in (tf.resource, tf.variant):
        return rec
    try:
        value = tensor_util.constant_value(t)
    except Exception:  # pylint: disable=broad-except
        value = None
    if value is not None:
        rec["value"] = array_value(value, t.dtype.base_dtype.name)
    elif t.op.type not in ("Placeholder",) and t.dtype.base_dtype in (tf.int32, tf.int64) and t.shape.rank in (0, 1):
        try:
            rec["as_shape"] = dims_of(tensor_util.constant_value_as_shape(t))
        except Exception:  # pylint: disable=broad-except
            pass
    return rec


CORE = re.compile(r"^(.*?) for '\{\{node [^}]*\}\}", re.S)


def core_message(msg):
    m = CORE.match(msg)
    return m.group(1) if m else None


# --------------------------------------------------------------------------- running

# Attrs the Python wrappers spell differently from the op registry.
ATTR_RENAMES = {("Squeeze", "squeeze_dims"): "axis"}
GROUPS = {"array": [], "state": [], "control-flow": []}
CURRENT = ["array"]
SKIPPED = []


def group(name):
    CURRENT[0] = name


# The NodeDef and inputs of the last op handed to TF's C layer: a failing op never joins the
# graph, so its attrs (inferred types filled in) and input tensors are taken from here.
LAST = {}
_create_c_op = ops._create_c_op


def _capturing_create_c_op(graph, node_def, inputs, control_inputs, *args, **kwargs):
    LAST.update(node_def=node_def, inputs=list(inputs), in_c=True)
    return _create_c_op(graph, node_def, inputs, control_inputs, *args, **kwargs)


ops._create_c_op = _capturing_create_c_op


def make_op(op, inputs, attrs, g):
    op_def = op_def_registry.get(op)
    # Python renames some args (Split's split_dim is `axis`): take the wrapper's own names.
    params = list(inspect.signature(getattr(tf.raw_ops, op)).parameters)
    names = params[: len(op_def.input_arg)]
    if len(names) != len(inputs):
        raise SystemExit(f"{op}: expects inputs {names}, got {len(inputs)}")
    kwargs = {}
    for name, spec in zip(names, inputs):
        kwargs[name] = build_input(spec, g)
    for k, v in attrs.items():
        kwargs[ATTR_RENAMES.get((op, k), k)] = v
    LAST.clear()
    result = getattr(tf.raw_ops, op)(**kwargs)
    if isinstance(result, tf.Operation):
        return result
    if isinstance(result, (list, tuple)):
        return result[0].op if result else g.get_operations()[-1]
    return result.op


def node_attrs(op, node_def):
    """Every attr of a NodeDef, the registry's defaults filled in as TF does."""
    attrs = {k: attr_value(v) for k, v in node_def.attr.items()}
    for a in op_def_registry.get(op).attr:
        if a.name not in attrs and a.HasField("default_value"):
            attrs[a.name] = attr_value(a.default_value)
    return dict(sorted(attrs.items()))


def tag_args(op, attrs, inputs):
    """Names each flat input after its op-definition arg (a list arg spans several)."""
    names = []
    for arg in op_def_registry.get(op).input_arg:
        if arg.number_attr:
            n = attrs[arg.number_attr]
        elif arg.type_list_attr:
            n = len(attrs[arg.type_list_attr])
        else:
            n = 1
        names.extend([arg.name] * n)
    if len(names) != len(inputs):
        raise SystemExit(f"{op}: {len(inputs)} inputs for args {names}")
    return [dict(rec, arg=name) for rec, name in zip(inputs, names)]


def count_outputs(op, attrs):
    n = 0
    for arg in op_def_registry.get(op).output_arg:
        if arg.number_attr:
            n += attrs[arg.number_attr]
        elif arg.type_list_attr:
            n += len(attrs[arg.type_list_attr])
        else:
            n += 1
    return n


def case(op, inputs, attrs=None, label=None, approx=None, build=None):
    """One case: `build(g)` (returns the op) overrides the generic raw-op builder."""
    attrs = attrs or {}
    rec = {"op": op, "label": label or ""}
    g = tf.Graph()
    LAST.clear()
    try:
        with g.as_default():
            node = build(g) if build is not None else make_op(op, inputs, attrs, g)
    except (TypeError, NotImplementedError) as err:
        SKIPPED.append((op, label, "builder: " + str(err)[:300]))
        return
    except (ValueError, tf.errors.OpError) as err:
        msg = err.message if isinstance(err, tf.errors.OpError) else str(err)
        if not LAST.get("in_c") or LAST["node_def"].op != op:
            SKIPPED.append((op, label, "not from shape inference: " + msg[:300]))
            return
        # Messages from the shape function carry the node after " for '{{node"; those from
        # reading a shape input (MakeShapeFromShapeTensor in the refiner) carry none.
        core = core_message(msg) or msg
        rec["attrs"] = node_attrs(op, LAST["node_def"])
        rec["inputs"] = [describe_input(t) for t in LAST["inputs"]]
        rec["num_outputs"] = count_outputs(op, rec["attrs"])
        cls = "InvalidArgumentError" if isinstance(err, ValueError) else type(err).__name__
        rec["error"] = {"class": cls, "message": core}
    else:
        rec["attrs"] = node_attrs(op, node.node_def)
        rec["inputs"] = [describe_input(t) for t in node.inputs]
        rec["num_outputs"] = len(node.outputs)
        rec["outputs"] = [dims_of(t.shape) for t in node.outputs]
    rec["inputs"] = tag_args(op, rec["attrs"], rec["inputs"])
    if approx:
        rec["approx"] = approx
    GROUPS[CURRENT[0]].append(rec)


def write():
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, cases in GROUPS.items():
        path = os.path.join(OUT_DIR, f"shapes-{name}.json")
        with open(path, "w") as f:
            json.dump({"tf_version": tf.__version__, "cases": cases}, f, indent=1, sort_keys=True)
            f.write("\n")
        errors = sum(1 for c in cases if "error" in c)
        print(f"{path}: {len(cases)} cases ({errors} errors)")
    for s in SKIPPED:
        print("skipped:", s, file=sys.stderr)


# --------------------------------------------------------------------------- cases

SHAPES = [None, [], [3], [None], [2, 3], [2, None], [None, None], [2, 3, 4], [None, 3, None], [1, 2, 1, 3]]


def array_cases():
    group("array")
    # Const: shape from the value attr.
    for v, dt in [(1.5, "float32"), ([1, 2, 3], "int32"), ([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "float32"),
                  (np.zeros((0, 2)), "float32"), (["a", "bc"], "string"), ([[True], [False]], "bool"),
                  (np.zeros((2, 1, 3)), "int64")]:
        case("Const", [], label=f"value {np.asarray(v).shape}",
             build=lambda g, v=v, dt=dt: tf.constant(v, dtype=dt).op)

    for shape in [None, [], [2, None], [None], [0, 3], [1, 2, 3, 4]]:
        case("Placeholder", [], {"dtype": "float32", "shape": shape}, label=f"shape {shape}")
        case("PlaceholderV2", [], label=f"shape {shape}", build=placeholder_v2(shape))
    for inp, shape in [([2, 3], [2, 3]), ([2, 3], [None, 3]), ([2, None], [2, 3]), (None, [2, 3]),
                       ([2, 3], None), ([2, 3], [3, 3]), ([2, 3], [2]), ([], []), ([None], [4])]:
        case("PlaceholderWithDefault", [P(inp)], {"shape": shape}, label=f"{inp} as {shape}")

    for op in ["Identity", "Snapshot", "StopGradient", "PreventGradient"]:
        for s in [None, [], [2, None, 3]]:
            case(op, [P(s)], label=f"{s}")
    case("IdentityN", [[P([2]), P(None), P([None, 3], "int32")]], label="three")
    case("IdentityN", [[P([])]], label="one")
    case("NoOp", [], label="no outputs")

    reshape_cases()
    transpose_cases()
    concat_cases()
    pack_cases()
    split_cases()
    slice_cases()
    strided_slice_cases()
    squeeze_expand_cases()
    tile_pad_cases()
    gather_scatter_cases()
    shape_size_fill_range_cases()
    broadcast_cases()
    space_depth_cases()
    segment_cases()
    matrix_misc_cases()
    extra_array_cases()


def CS(x_shape, tail):
    """tf.concat of a slice of tf.shape(x) and constants: a partial shape through ConcatV2."""
    return F(lambda: tf.raw_ops.ConcatV2(
        values=[tf.raw_ops.StridedSlice(input=tf.raw_ops.Shape(input=tf1.placeholder("float32", x_shape)),
                                        begin=tf.constant([0]), end=tf.constant([1]), strides=tf.constant([1])),
                tf.constant(tail, dtype="int32")], axis=tf.constant(0)))


def extra_array_cases():
    case("Reshape", [P([4, 6]), CS([None, 5], [3])], label="concat of shape slice")
    case("Reshape", [P([4, 6]), CS([4, None], [-1])], label="concat with -1")
    case("Reshape", [P([None]), C([2, -1])], label="one unknown in, -1 out")
    case("Reshape", [P([None, 2]), C([4, -1])], label="unknown in, 4,-1")
    case("Reshape", [P([None, 2]), SH([None, 3])], label="unknown both from shape")
    case("Fill", [CS([None, 5], [3]), P([])], label="concat of shape slice")
    case("Fill", [PK([-1, 3]), P([])], label="const pack with -1")
    case("Fill", [C([2, -2]), P([])], label="-2")
    case("BroadcastTo", [P([3]), CS([None, 5], [3])], label="concat of shape slice")
    case("BroadcastTo", [P([3]), C(3)], label="shape scalar")
    for bd in [-1, -2, 1, 2, 3]:
        case("GatherV2", [P([4, 5, 3]), P([4, 2], "int32"), P([], "int32")], {"batch_dims": bd},
             label=f"axis unknown bd {bd}")
    case("GatherV2", [P(None), P([4, 2], "int32"), P([], "int32")], {"batch_dims": 1}, label="params unknown, bd 1")
    case("GatherV2", [P([4, 5]), P(None, "int32"), C(1)], {"batch_dims": -1}, label="indices unknown, bd -1")
    case("Concat", [P([], "int32"), [P([2, None]), P(None), P([None, 3])]], label="axis unknown, mixed")
    case("ConcatV2", [[P([2, None]), P(None), P([None, 3])], C(1)], label="axis 1, mixed")
    case("ConcatV2", [[P([2, 3]), P([2, 3])], C(1, "int64")], label="int64 axis 1")
    case("Tile", [P([2, 3]), PK([None, 2], "int64")], label="int64 partial multiples")
    case("Tile", [P([None, 3]), C([2, 0])], label="zero multiple")
    case("Squeeze", [P([None, 1, None])], {"squeeze_dims": [-1, 0]}, label="negative on unknown")
    case("Split", [C(-1), P(None)], {"num_split": 2}, label="negative axis unknown rank")
    case("Split", [C(-1), P([4, None])], {"num_split": 2}, label="negative axis unknown dim")
    case("ScatterNd", [P([4, 1], "int32"), P([4, 3]), P(None, "int32")], label="shape unknown rank")
    case("ScatterNd", [P([4, 2], "int32"), P([4, 3]), C([8, 3])], label="too deep for updates")
    case("Pad", [P([2, 3, 4]), C([[1, 1], [2, 0]])], label="rank mismatch, constant paddings")
    case("Transpose", [P([2, 3, 4]), C([1, 0])], label="perm short, constant")
    case("SpaceToBatchND", [P([2, 4, 6, 3]), P([2], "int32"), C([[0, -1], [0, 0]])], label="negative padding, block unknown")
    case("BatchToSpaceND", [P([8, 2, 3, 3]), P([2], "int32"), C([[0, -1], [0, 0]])], label="negative crop, block unknown")
    case("Where", [P([2, 3], "float32")], label="float input")
    case("Slice", [P([4, 5]), C([1, 2]), CS([None, 5], [3])], label="size from shape slice")
    case("StridedSlice", [P([5, 6, 7]), C([0, 1], "int64"), C([2, 3], "int64"), C([1, 1], "int64")],
         {"shrink_axis_mask": 2}, label="int64 shrink second")
    for v in [np.zeros((3, 0, 2)), np.int64(7), [[b"x"]]]:
        case("Const", [], label=f"value {np.asarray(v).shape} {np.asarray(v).dtype}",
             build=lambda g, v=v: tf.constant(v).op)


def placeholder_v2(shape):
    """PlaceholderV2 is refused by Python's op builder (deprecated at GraphDef version 23): import it."""
    def build(g):
        gd = graph_pb2.GraphDef()
        gd.versions.producer = 22
        node = gd.node.add(name="p", op="PlaceholderV2")
        node.attr["dtype"].type = types_pb2.DT_INT32
        node.attr["shape"].shape.CopyFrom(tf.TensorShape(shape).as_proto())
        tf.graph_util.import_graph_def(gd, name="")
        return g.get_operation_by_name("p")
    return build


def reshape_cases():
    rs = [
        ([2, 3], C([6]), "flatten"),
        ([2, 3], C([-1]), "-1"),
        ([2, 3], C([3, -1]), "3,-1"),
        ([2, 3], C([4]), "6 to [4]"),
        ([2, 3], C([4, -1]), "6 to [4,-1]"),
        ([2, 3], C([-1, -1]), "two -1"),
        ([2, 3], C([0, -1]), "0,-1"),
        ([0, 3], C([0, -1]), "empty 0,-1"),
        ([0, 3], C([-1, 5]), "empty -1,5"),
        ([0, 3], C([5, 2]), "empty to 10"),
        ([2, 3], C([1, 2, 3]), "rank 3"),
        ([2, 3], C([7]), "6 to 7"),
        ([None, 3], C([-1]), "unknown in, -1"),
        ([None, 3], C([3, -1]), "unknown in, 3,-1"),
        ([None, 3], C([6]), "unknown in, [6]"),
        ([None, 3], C([4]), "unknown in, [4] not divisible"),
        ([None, 3], C([2, 9]), "unknown in, [2,9]"),
        ([None, None], C([6]), "two unknown in"),
        ([None, None], C([-1, 2]), "two unknown in, -1"),
        ([None, 3], C([-1, 3]), "both one unknown equal"),
        ([None, 3], C([-1, 6]), "both one unknown diff"),
        ([None, 0], C([-1, 2]), "unknown with 0 in"),
        ([None, 3], C([0, 2]), "unknown in, 0 out"),
        (None, C([2, -1]), "unknown rank in"),
        (None, C([2, 3]), "unknown rank in full"),
        ([2, 3], P([2], "int32"), "placeholder shape [2]"),
        ([2, 3], P([None], "int32"), "placeholder shape [?]"),
        ([2, 3], P(None, "int32"), "placeholder unknown rank"),
        ([2, 3], SH([3, None]), "shape of [3,?]"),
        ([2, 3], SH([None, 2]), "shape of [?,2]"),
        ([2, 3], SH([2, 3]), "shape of [2,3] folded"),
        ([4, 6], SH([None, 5]), "shape of [?,5] bad"),
        ([2, 3], PK([None, 3]), "pack ?,3"),
        ([2, 3], PK([-1, None]), "pack -1,?"),
        ([2, 3], PK([2, None, 3]), "pack 2,?,3"),
        ([2, 3], C([], "int32"), "to scalar"),
        ([1, 1], C([], "int32"), "[1,1] to scalar"),
        ([], C([1, 1]), "scalar to [1,1]"),
        ([2, 3], C([6], "int64"), "int64 shape"),
        ([2, 3], C(-1), "scalar shape -1"),
        ([2, 3], C([[6]]), "rank-2 shape"),
        ([2, 3], C([-2, 3]), "bad -2"),
        ([2, 3, 4], C([-1, 0]), "24 to -1,0"),
    ]
    for inp, shp, label in rs:
        case("Reshape", [P(inp), shp], label=label)


def transpose_cases():
    for op in ["Transpose", "ConjugateTranspose"]:
        dt = "float32" if op == "Transpose" else "complex64"
        ts = [
            ([2, 3, 4], C([2, 0, 1]), "perm 2,0,1"),
            ([2, None, 4], C([1, 0, 2]), "partial"),
            ([2, 3], C([1, 0], "int64"), "int64 perm"),
            ([2, 3, 4], P([3], "int32"), "perm unknown"),
            ([2, 3, 4], P(None, "int32"), "perm unknown rank"),
            (None, C([1, 0]), "input unknown rank, perm known"),
            (None, P([3], "int32"), "unknown rank, perm [3]"),
            (None, P([None], "int32"), "unknown rank, perm [?]"),
            (None, C([0]), "unknown rank, perm one"),
            (None, P([1], "int32"), "unknown rank, perm [1] unknown"),
            ([2, 3], C([1, 0, 2]), "perm too long"),
            ([2, 3], C([2, 0]), "perm out of range"),
            ([2, 3], C([0, 0]), "perm repeated"),
            ([2, 3], C([-1, 0]), "perm negative"),
            ([], C([], "int32"), "scalar"),
            ([5], C([0]), "vector"),
            ([2, 3], C([[1, 0]]), "perm rank 2"),
        ]
        for inp, perm, label in ts:
            case(op, [P(inp, dt), perm], label=label)


def concat_cases():
    cs = [
        ([[2, 3], [4, 3]], C(0), "axis 0"),
        ([[2, 3], [2, 5]], C(1), "axis 1"),
        ([[2, 3], [2, 5]], C(-1), "axis -1"),
        ([[2, 3], [2, 5], [2, 1]], C(-1), "three axis -1"),
        ([[2, 3], [4, 3]], C(-2), "axis -2"),
        ([[2, 3], [4, 3]], C(2), "axis out of range"),
        ([[2, 3], [4, 3]], C(-3), "axis -3"),
        ([[2, 3], [4, 4]], C(0), "mismatch"),
        ([[2, 3], [4, 3, 1]], C(0), "rank mismatch"),
        ([[None, 3], [4, None]], C(0), "partial"),
        ([[None, 3], [4, 3]], C(1), "partial axis 1"),
        ([None, [4, 3]], C(0), "one unknown rank"),
        ([None, None], C(0), "all unknown rank"),
        ([[2, 3], [4, 3]], P([], "int32"), "axis unknown"),
        ([None, [4, 3]], P([], "int32"), "axis unknown, one rank"),
        ([None, None], P([], "int32"), "axis unknown, no rank"),
        ([[2, 3], [4]], P([], "int32"), "axis unknown, rank mismatch"),
        ([[], []], P([], "int32"), "axis unknown, scalars"),
        ([[], []], C(0), "scalars"),
        ([[2, 3], [4, 3]], C([0]), "axis vector"),
        ([[2, 3], [2, 3]], C(0, "int64"), "int64 axis"),
        ([[0, 3], [2, 3]], C(0), "zero dim"),
        ([[None, 3], [0, 3]], C(0), "unknown + 0"),
    ]
    for vals, axis, label in cs:
        case("ConcatV2", [[P(s) for s in vals], axis], label=label)
        if not (isinstance(axis, C) and axis.dtype == "int64"):
            case("Concat", [axis, [P(s) for s in vals]], label=label)
    case("ConcatOffset", [C(1), [C([2, 3]), C([2, 5])]], label="known")
    case("ConcatOffset", [P([], "int32"), [P([3], "int32"), P([None], "int32"), P(None, "int32")]], label="unknown")
    case("ConcatOffset", [C(0), [C([2, 3]), C([2, 5])]], label="mismatch (runtime only)")


def pack_cases():
    ps = [
        ([[2, 3], [2, 3]], 0), ([[2, 3], [2, 3]], 1), ([[2, 3], [2, 3]], 2), ([[2, 3], [2, 3]], -1),
        ([[2, 3], [2, 3]], -3), ([[2, 3], [2, 3]], 3), ([[2, 3], [2, 3]], -4),
        ([[2, None], [None, 3]], 0), ([None, [2, 3]], 1), ([None, None], 0), ([None, None], 5),
        ([[2, 3], [2, 4]], 0), ([[2, 3], [2]], 0), ([[], [], []], 0), ([[], []], -1), ([[4]], 0),
        ([[2, 3], [2, 4], [2, 3]], 0),
    ]
    for vals, axis in ps:
        case("Pack", [[P(s) for s in vals]], {"axis": axis}, label=f"{vals} axis {axis}")
    us = [
        ([3, 4], 3, 0), ([3, 4], 4, 1), ([3, 4], 4, -1), ([3, 4], 3, -2), ([3, 4], 2, 0), ([3, 4], 3, 2),
        ([3, 4], 3, -3), ([None, 4], 5, 0), (None, 2, 0), (None, 2, 7), ([], 1, 0), ([0, 2], 0, 0),
        ([2, None, 3], 3, 1),
    ]
    for shape, num, axis in us:
        case("Unpack", [P(shape)], {"num": num, "axis": axis}, label=f"{shape} num {num} axis {axis}")


def split_cases():
    ss = [
        (C(0), [6, 4], 3), (C(1), [6, 4], 2), (C(-1), [6, 4], 4), (C(-2), [6, 4], 2), (C(1), [6, 4], 3),
        (C(2), [6, 4], 2), (C(-3), [6, 4], 2), (C(0), [None, 4], 2), (C(0), None, 2), (C(3), None, 2),
        (P([], "int32"), [6, 4], 2), (P([], "int32"), None, 2), (C(0), [], 1), (C(0), [0, 4], 2), (C([0]), [6, 4], 2),
        (C(0), [6, 4], 1),
    ]
    for dim, shape, n in ss:
        case("Split", [dim, P(shape)], {"num_split": n}, label=f"{shape} into {n}")
    vs = [
        ([6, 4], C([1, 2, 3]), C(0), "1,2,3"),
        ([6, 4], C([1, -1, 3]), C(0), "1,-1,3"),
        ([6, 4], C([-1, 1]), C(1), "-1,1 axis 1"),
        ([6, 4], C([1, 2, 3]), C(-2), "axis -2"),
        ([6, 4], C([1, 2, 2]), C(0), "sum 5 != 6"),
        ([6, 4], C([4, -1, 3]), C(0), "-1 overflow"),
        ([6, 4], C([-1, -1]), C(0), "two -1"),
        ([6, 4], C([1, 2]), C(0), "wrong count"),
        ([None, 4], C([1, 2, 3]), C(0), "unknown dim"),
        ([None, 4], C([1, -1, 3]), C(0), "unknown dim with -1"),
        (None, C([1, 2]), C(0), "unknown rank"),
        ([], C([1]), C(0), "scalar"),
        ([6, 4], P([3], "int64"), C(0), "sizes unknown"),
        ([6, 4], C([1, 2, 3]), P([], "int32"), "axis unknown"),
        ([6, 4], P([3], "int64"), P([], "int32"), "both unknown"),
        ([6, 4], C([1, 2, 3]), C(2), "axis out of range"),
        ([6, 4], C([1, 2, 3], "int64"), C(0), "int64 sizes"),
        ([6, 4], C([2, 4]), C(1), "sum 6 != 4"),
        ([6, 4], C([6]), C(0), "one piece"),
        ([6, 4], C([-2, 8]), C(0), "size -2"),
        ([None, 4], C([-2, 3]), C(0), "size -2 unknown dim"),
        ([6, None], C([1, 2, 3]), P([], "int32"), "axis unknown, last dim unknown"),
        ([6, 4], C([1, 3]), P([], "int32"), "axis unknown, sums to last dim"),
        ([6, 4], C([-1, 3]), P([], "int32"), "axis unknown, -1"),
        (None, C([1, 2]), P([], "int32"), "unknown rank, axis unknown"),
        ([6, 4], C([0, 6]), C(0), "zero piece"),
        ([6, 4], PK([1, None, 3], "int64"), C(0), "sizes partial"),
    ]
    for shape, sizes, axis, label in vs:
        n = len(sizes.value) if isinstance(sizes, C) else len(sizes.elems) if isinstance(sizes, PK) else 3
        if label == "wrong count":
            n = 3
        case("SplitV", [P(shape), sizes, axis], {"num_split": n}, label=label)


def slice_cases():
    ss = [
        ([4, 5], C([1, 2]), C([2, 3]), "known"),
        ([4, 5], C([1, 2]), C([-1, 3]), "-1 size"),
        ([4, 5], C([1, 2]), C([-1, -1]), "all -1"),
        ([None, 5], C([1, 2]), C([-1, 2]), "-1 on unknown dim"),
        ([4, 5], C([1, 2]), C([5, 3]), "too big (runtime)"),
        ([4, 5], C([1, 2]), C([-2, 3]), "size -2"),
        ([4, 5], C([5, 2]), C([-1, 3]), "begin past end with -1"),
        ([4, 5], C([1, 2, 0]), C([1, 1, 1]), "rank mismatch"),
        ([4, 5], C([1, 2]), C([1, 1, 1]), "begin/size mismatch"),
        ([4, 5], P([2], "int32"), C([2, 3]), "begin unknown"),
        ([4, 5], P([2], "int32"), C([-1, 3]), "begin unknown, -1"),
        ([4, 5], C([1, 2]), P([2], "int32"), "size unknown"),
        ([4, 5], C([1, 2]), PK([None, 3]), "size partial"),
        ([4, 5], C([1, 2]), PK([-1, 3]), "size partial -1"),
        ([4, 5], P([None], "int32"), P([None], "int32"), "both unknown length"),
        (None, P([None], "int32"), P([None], "int32"), "all unknown"),
        (None, C([0, 0]), C([1, 2]), "unknown rank, known"),
        (None, C([0, 0]), P([2], "int32"), "unknown rank, size unknown"),
        ([4, 5], C([1, 2], "int64"), C([2, -1], "int64"), "int64"),
        ([4, 5], C([[1, 2]]), C([2, 3]), "begin rank 2"),
        ([4, 5], PK([1, None]), C([2, -1]), "begin partial, -1"),
        ([], C([], "int32"), C([], "int32"), "scalar"),
        ([4, 5], SH([2, None]), C([1, 1]), "begin from shape"),
    ]
    for shape, b, s, label in ss:
        case("Slice", [P(shape), b, s], label=label)


def ss_case(shape, begin, end, strides, label, **masks):
    case("StridedSlice", [P(shape), begin, end, strides], masks, label=label)


def strided_slice_cases():
    x = [5, 6, 7]
    ss_case(x, C([1]), C([3]), C([1]), "basic")
    ss_case(x, C([1, 2]), C([3, 5]), C([1, 2]), "two dims step 2")
    ss_case(x, C([0]), C([0]), C([1]), "begin mask", begin_mask=1)
    ss_case(x, C([2]), C([0]), C([1]), "end mask", end_mask=1)
    ss_case(x, C([0]), C([0]), C([1]), "begin+end mask", begin_mask=1, end_mask=1)
    ss_case(x, C([-1]), C([0]), C([-1]), "negative stride end mask", end_mask=1)
    ss_case(x, C([4]), C([1]), C([-1]), "negative stride")
    ss_case(x, C([4]), C([1]), C([-2]), "negative stride 2")
    ss_case(x, C([1]), C([4]), C([-1]), "negative stride empty")
    ss_case(x, C([3]), C([1]), C([1]), "positive empty")
    ss_case(x, C([-3]), C([-1]), C([1]), "negative indices")
    ss_case(x, C([-100]), C([100]), C([1]), "clamped")
    ss_case(x, C([100]), C([-100]), C([-1]), "clamped reverse")
    ss_case(x, C([2]), C([3]), C([1]), "shrink", shrink_axis_mask=1)
    ss_case(x, C([-1]), C([0]), C([1]), "shrink negative", shrink_axis_mask=1)
    ss_case(x, C([5]), C([6]), C([1]), "shrink out of range", shrink_axis_mask=1)
    ss_case(x, C([-6]), C([-5]), C([1]), "shrink out of range neg", shrink_axis_mask=1)
    ss_case(x, C([1, 2]), C([2, 3]), C([1, 1]), "shrink two", shrink_axis_mask=3)
    ss_case(x, C([0]), C([1]), C([1]), "new axis", new_axis_mask=1)
    ss_case(x, C([0, 1]), C([1, 2]), C([1, 1]), "new axis then dim", new_axis_mask=1)
    ss_case(x, C([1, 0]), C([2, 1]), C([1, 1]), "dim then new axis", new_axis_mask=2)
    ss_case(x, C([0, 1]), C([0, 2]), C([1, 1]), "ellipsis first", ellipsis_mask=1)
    ss_case(x, C([1, 0]), C([2, 0]), C([1, 1]), "ellipsis last", ellipsis_mask=2)
    ss_case(x, C([0, 0, 1]), C([0, 0, 3]), C([1, 1, 1]), "ellipsis + new axis", ellipsis_mask=1, new_axis_mask=2)
    ss_case(x, C([0, 0]), C([0, 0]), C([1, 1]), "two ellipsis", ellipsis_mask=3)
    ss_case(x, C([0, 2]), C([0, 3]), C([1, 1]), "ellipsis + shrink", ellipsis_mask=1, shrink_axis_mask=2)
    ss_case(x, C([0]), C([0]), C([1]), "only ellipsis", ellipsis_mask=1)
    ss_case(x, C([1]), C([3]), C([0]), "zero stride")
    ss_case(x, C([1, 1, 1, 1]), C([2, 2, 2, 2]), C([1, 1, 1, 1]), "too many dims")
    ss_case(x, C([1]), C([3, 4]), C([1]), "length mismatch")
    ss_case(x, C([[1]]), C([[3]]), C([[1]]), "rank 2 begin")
    ss_case(x, P([1], "int32"), C([3]), C([1]), "begin unknown")
    ss_case(x, P([1], "int32"), P([1], "int32"), C([1]), "begin end unknown")
    ss_case(x, P([2], "int32"), P([2], "int32"), C([1, 1]), "two unknown")
    ss_case(x, P([1], "int32"), P([1], "int32"), C([1]), "begin end unknown shrink", shrink_axis_mask=1)
    ss_case(x, P([1], "int32"), C([3]), C([1]), "begin unknown begin mask", begin_mask=1)
    ss_case(x, P([1], "int32"), P([1], "int32"), C([1]), "both unknown both masks", begin_mask=1, end_mask=1)
    ss_case(x, P([1], "int32"), P([1], "int32"), C([2]), "unknown with stride 2")
    ss_case(x, C([1]), C([3]), P([1], "int32"), "strides unknown")
    ss_case(x, P([None], "int32"), P([None], "int32"), C([1, 1]), "unknown length")
    ss_case(x, P([None], "int32"), P([None], "int32"), P([None], "int32"), "all unknown length")
    ss_case([None, 6, 7], C([1]), C([3]), C([1]), "unknown dim")
    ss_case([None, 6, 7], C([1]), C([0]), C([1]), "unknown dim end mask", end_mask=1)
    ss_case([None, 6, 7], C([-1]), C([0]), C([-1]), "unknown dim reverse", end_mask=1)
    ss_case([None, 6, 7], C([2]), C([3]), C([1]), "unknown dim shrink", shrink_axis_mask=1)
    ss_case([None, 6, 7], C([0, 1]), C([0, 3]), C([1, 2]), "unknown dim begin/end mask", begin_mask=1, end_mask=1)
    ss_case(None, C([1]), C([3]), C([1]), "unknown rank")
    ss_case([], C([0]), C([1]), C([1]), "scalar new axis", new_axis_mask=1)
    ss_case([], C([0]), C([1]), C([1]), "scalar slice")
    ss_case(x, C([1], "int64"), C([3], "int64"), C([1], "int64"), "int64")
    ss_case([10], C([1]), C([9]), C([3]), "stride 3")
    ss_case([10], C([8]), C([1]), C([-3]), "stride -3")
    ss_case([10], C([0]), C([0]), C([-3]), "reverse masks", begin_mask=1, end_mask=1)
    ss_case(x, C([0, 0, 0]), C([1, 2, 3]), C([1, 1, 1]), "all dims")
    ss_case(x, C([0, 1, 0, 0]), C([1, 2, 0, 3]), C([1, 1, 1, 1]), "newaxis middle", new_axis_mask=4)
    ss_case(x, C([0, 0]), C([1, 1]), C([1, 1]), "new axis twice", new_axis_mask=3)
    ss_case(x, C([1, 0]), C([2, 0]), C([1, 1]), "shrink + ellipsis", shrink_axis_mask=1, ellipsis_mask=2)
    ss_case(x, C([1]), C([2]), C([1]), "shrink+new same bit", shrink_axis_mask=1, new_axis_mask=1)
    ss_case(x, SH([2]), C([3, 4]), C([1, 1]), "begin from shape")
    ss_case(x, PK([1, None]), C([3, 4]), C([1, 1]), "begin partial pack")
    ss_case([5, 6, 7], C([1]), C([3]), C([1]), "shrink on ellipsis after", ellipsis_mask=0, shrink_axis_mask=0)
    ss_case(x, P([1], "int32"), P([1], "int32"), C([-1]), "unknown begin end negative stride")
    ss_case(x, P([1], "int32"), P([1], "int32"), C([-1]), "unknown, negative stride shrink", shrink_axis_mask=1)
    ss_case(x, C([1]), P([1], "int32"), C([1]), "end unknown end mask", end_mask=1)
    ss_case(x, C([2]), P([1], "int32"), C([1]), "end unknown")
    ss_case([None, 6, 7], C([3]), C([1]), C([-1]), "unknown dim negative stride")
    ss_case([None, 6, 7], C([-1]), C([0]), C([1]), "unknown dim shrink negative", shrink_axis_mask=1)
    ss_case([10], C([0]), C([2]), C([-1]), "begin mask negative stride", begin_mask=1)
    ss_case([10], C([0]), C([2]), C([-1]), "both masks negative stride", begin_mask=1, end_mask=1)
    ss_case(x, C([1, 0, 1]), C([2, 0, 3]), C([1, 1, 1]), "ellipsis middle", ellipsis_mask=2)
    ss_case(x, C([1, 0, 1]), C([2, 0, 3]), C([1, 1, 1]), "ellipsis middle shrink", ellipsis_mask=2, shrink_axis_mask=5)
    ss_case(None, C([0]), C([1]), C([1]), "unknown rank new axis", new_axis_mask=1)
    ss_case(x, P([None], "int32"), P([None], "int32"), C([1]), "unknown length, known strides [1]")
    ss_case([4, 5], C([0, 0, 0]), C([1, 1, 1]), C([1, 1, 1]), "new axis last", new_axis_mask=4)
    ss_case([4, 5], C([0, 1]), C([0, 2]), C([1, 1]), "new axis with ellipsis", new_axis_mask=2, ellipsis_mask=1)
    ss_case([4, 5], C([3, 1]), C([1, 4]), C([-1, 2]), "mixed strides")
    ss_case([4, 5], C([-10, -1]), C([10, -10]), C([1, -1]), "mixed clamped")
    ss_case([4, 0], C([0, 0]), C([4, 0]), C([1, 1]), "zero dim")
    ss_case([4, 0], C([0, 0]), C([4, 1]), C([1, 1]), "zero dim shrink", shrink_axis_mask=2)
    ss_case([4, 5], C([1, 2], "int64"), C([3, 4], "int64"), C([1, 1], "int64"), "int64 two dims", shrink_axis_mask=1)
    # StridedSliceGrad: output is the shape input.
    case("StridedSliceGrad", [C([5, 6]), C([1]), C([3]), C([1]), P([2, 6])], label="known")
    case("StridedSliceGrad", [SH([None, 6]), C([1]), C([3]), C([1]), P([2, 6])], label="partial")
    case("StridedSliceGrad", [P([3], "int32"), C([1]), C([3]), C([1]), P(None)], label="unknown")
    case("StridedSliceGrad", [P(None, "int32"), C([1]), C([3]), C([1]), P(None)], label="unknown rank")


def squeeze_expand_cases():
    for shape, dims in [([1, 2, 1, 3], []), ([1, 2, 1, 3], [0]), ([1, 2, 1, 3], [-2]), ([1, 2, 1, 3], [0, 2]),
                        ([1, 2, 1, 3], [1]), ([1, 2, 1, 3], [4]), ([1, 2, 1, 3], [-5]), ([None, 2, 1], []),
                        ([None, 2, 1], [0]), ([None, 2, 1], [2]), (None, [0]), (None, []), ([], []), ([1], []),
                        ([1, None], [1, 0]), ([2, 3], []), ([1, 1], [0, 0])]:
        case("Squeeze", [P(shape)], {"squeeze_dims": dims}, label=f"{shape} {dims}")
    for shape, dim in [([2, 3], C(0)), ([2, 3], C(2)), ([2, 3], C(-1)), ([2, 3], C(-3)), ([2, 3], C(3)),
                       ([2, 3], C(-4)), ([2, 3], C([1])), ([2, 3], C([0, 1])), ([2, 3], P([], "int32")),
                       (None, C(0)), ([], C(0)), ([], C(-1)), ([2, None], C(1, "int64")), ([2, 3], C([[1]]))]:
        case("ExpandDims", [P(shape), dim], label=f"{shape} {getattr(dim, 'value', 'unknown')}")


def tile_pad_cases():
    for shape, mult in [([2, 3], C([2, 3])), ([2, None], C([1, 2])), ([2, 3], C([0, 1])), ([2, None], C([0, 2])),
                        ([2, 3], C([2])), ([2, 3], P([2], "int32")), ([2, 3], P([None], "int32")),
                        (None, C([2, 2])), (None, P([3], "int32")), (None, P(None, "int32")),
                        ([2, 3], PK([None, 2])), ([2, 3], C([1, 2], "int64")), ([], C([], "int32")),
                        ([2, 3], C([[1, 2]])), ([2, 3], P([3], "int32")), ([None, 3], SH([5, None]))]:
        case("Tile", [P(shape), mult], label=f"{shape} x {getattr(mult, 'value', type(mult).__name__)}")
    pads = [
        ([2, 3], C([[1, 1], [2, 0]]), "known"),
        ([2, None], C([[1, 1], [2, 0]]), "partial"),
        ([2, 3], C([[1, 1]]), "rank mismatch"),
        ([2, 3], C([[1, 1], [2, 0], [0, 0]]), "too many"),
        ([2, 3], C([[1, -1], [2, 0]]), "negative"),
        ([2, 3], C([1, 1]), "paddings rank 1"),
        ([2, 3], C([[1, 1, 1], [2, 0, 0]]), "paddings width 3"),
        ([2, 3], P([2, 2], "int32"), "unknown values"),
        ([2, 3], P([None, 2], "int32"), "unknown n"),
        (None, P([3, 2], "int32"), "unknown rank, n=3"),
        (None, P([None, 2], "int32"), "all unknown"),
        (None, C([[0, 1]]), "unknown rank, known pads"),
        ([2, 3], P([3, 2], "int32"), "n mismatch"),
        ([2, 3], C([[1, 1], [2, 0]], "int64"), "int64"),
        ([], C(np.zeros((0, 2), np.int32)), "scalar"),
    ]
    for shape, p, label in pads:
        case("Pad", [P(shape), p], label=label)
        case("PadV2", [P(shape), p, P([])], label=label)
    for shape, p, mode, label in [([4, 5], C([[1, 1], [2, 0]]), "REFLECT", "reflect"),
                                  ([4, 5], C([[1, 1], [2, 0]]), "SYMMETRIC", "symmetric"),
                                  ([None, 5], P([2, 2], "int32"), "REFLECT", "unknown"),
                                  ([4, 5], C([[1, -1], [2, 0]]), "REFLECT", "negative")]:
        case("MirrorPad", [P(shape), p], {"mode": mode}, label=label)


def gather_scatter_cases():
    for params, indices in [([5, 3], [2]), ([5, 3], [4, 2]), ([5, 3], []), ([5], [None]), (None, [2]),
                            ([5, 3], None), ([], [2]), ([None, None], [1, 2])]:
        case("Gather", [P(params), P(indices, "int32")], label=f"{params} {indices}")
    gv = [
        ([5, 3], [2], C(0), 0), ([5, 3], [2], C(1), 0), ([5, 3], [2], C(-1), 0), ([5, 3], [4, 2], C(-2), 0),
        ([5, 3], [2], C(2), 0), ([5, 3], [2], C(-3), 0), ([5, 3], [2], P([], "int32"), 0),
        (None, [2], P([], "int32"), 0), ([5, 3], None, C(0), 0), (None, [2], C(1), 0), ([5, 3], [], C(1), 0),
        ([4, 5, 3], [4, 2], C(1), 1), ([4, 5, 3], [4, 2], C(2), 1), ([4, 5, 3], [4, 2], C(1), -1),
        ([4, 5, 3], [4, 2], C(0), 1), ([4, 5, 3], [4], C(1), 2), ([4, 5, 3], [4, 2], C(1), 3),
        ([4, 5, 3], [4, 2], C(1), -3), ([4, 5, 3], [4, 2], C(2), 2), ([4, 5, 3], [4, 2], P([], "int32"), 1),
        ([5, 3], [2], C([0]), 0), ([], [2], C(0), 0), ([5, 3], [2], C(0, "int64"), 0), ([5, 3], [2], C(1), -1),
        ([4, 5, 3], [None, 2], C(-1), 1), ([4, 5, 3], [4, 2], C(-2), 1),
    ]
    for params, indices, axis, bd in gv:
        case("GatherV2", [P(params), P(indices, "int32"), axis], {"batch_dims": bd},
             label=f"{params} {indices} axis {getattr(axis, 'value', '?')} bd {bd}")
    for params, indices in [([5, 3], [4, 1]), ([5, 3], [4, 2]), ([5, 3], [2, 3]), ([5, 3, 2], [1]), ([5, 3], [None]),
                            (None, [4, 2]), ([5, 3], None), ([5, 3], []), ([5, 3], [2, 0]), ([None, 3], [6, 7, 2])]:
        case("GatherNd", [P(params), P(indices, "int32")], label=f"{params} {indices}")
    sc = [
        ([4, 1], [4], C([8]), "1-D"),
        ([4, 1], [4, 3], C([8, 3]), "slices"),
        ([4, 2], [4], C([8, 3]), "scalars into 2-D"),
        ([2, 4, 1], [2, 4, 3], C([8, 3]), "batched"),
        ([4, 1], [5], C([8]), "outer mismatch"),
        ([4, 1], [4, 2], C([8, 3]), "inner mismatch"),
        ([4, 3], [4], C([8, 3]), "index too deep"),
        ([4, 1], [4], P([1], "int32"), "shape unknown"),
        ([4, 1], [4, 3], P([2], "int32"), "shape unknown rank 2"),
        ([4, 1], [4, 3], SH([None, 3]), "shape partial"),
        (None, [4], C([8]), "indices unknown"),
        ([4, None], [4, 3], C([8, 3]), "index depth unknown"),
        ([4, 1], None, C([8]), "updates unknown"),
        ([], [4], C([8]), "indices scalar"),
        ([4, 1], [], C([8]), "updates scalar"),
        ([4, 1], [4], C([], "int32"), "shape scalar"),
        ([0, 1], [0], C([0]), "empty output"),
        ([4, 1], [4], C([0]), "updates into empty"),
    ]
    for ind, upd, shape, label in sc:
        case("ScatterNd", [P(ind, "int32"), P(upd), shape], label=label)


def shape_size_fill_range_cases():
    for s in SHAPES:
        case("Shape", [P(s)], label=f"{s}")
        case("Size", [P(s)], label=f"{s}")
        case("Rank", [P(s)], label=f"{s}")
    case("Shape", [P([2, 3])], {"out_type": "int64"}, label="int64")
    case("ShapeN", [[P([2, 3]), P(None), P([])]], label="three")
    case("ShapeN", [[P([None])]], {"out_type": "int64"}, label="one int64")
    fills = [
        (C([2, 3]), P([]), "known"),
        (C([2, 0]), P([]), "zero"),
        (C([2, -1]), P([]), "negative"),
        (P([2], "int32"), P([]), "dims unknown"),
        (P([None], "int32"), P([]), "dims unknown length"),
        (P(None, "int32"), P([]), "dims unknown rank"),
        (SH([None, 4]), P([]), "dims partial"),
        (PK([3, None]), P([]), "dims pack"),
        (C([2, 3]), P([1]), "value not scalar"),
        (C([[2, 3]]), P([]), "dims rank 2"),
        (C(3), P([]), "dims scalar"),
        (C([2, 3], "int64"), P([]), "int64"),
        (C([], "int32"), P([]), "scalar output"),
    ]
    for dims, val, label in fills:
        case("Fill", [dims, val], label=label)
    rs = [
        (C(0), C(10), C(1), "0..10"), (C(3), C(18), C(3), "3..18 by 3"), (C(3), C(19), C(3), "ceil"),
        (C(10), C(0), C(-2), "down"), (C(10), C(0), C(2), "bad direction"), (C(0), C(10), C(-1), "bad direction 2"),
        (C(0), C(10), C(0), "zero delta"), (C(5), C(5), C(1), "empty"), (C(5), C(5), C(0), "empty zero delta"),
        (C(0.0, "float32"), C(1.0, "float32"), C(0.3, "float32"), "float 0.3"),
        (C(0.5, "float32"), C(2.5, "float32"), C(0.5, "float32"), "float exact"),
        (C(1.0, "float64"), C(0.0, "float64"), C(-0.1, "float64"), "double down"),
        (C(2.5, "float32"), C(1.0, "float32"), C(0.5, "float32"), "float bad direction"),
        (C(0, "int64"), C(7, "int64"), C(2, "int64"), "int64"),
        (C(0), P([], "int32"), C(1), "limit unknown"),
        (C([0]), C(10), C(1), "start vector"),
        (C(0), C([10]), C(1), "limit vector"),
        (C(0), C(10), C([1]), "delta vector"),
        (C(0.0, "float32"), C(10.0, "float32"), C(0.0, "float32"), "float zero delta"),
        (C(-1e10, "float64"), C(1e10, "float64"), C(1e-10, "float64"), "huge double"),
        (C(1, "int32"), C(-7, "int32"), C(-3, "int32"), "negative ceil"),
        (C(0.0, "float32"), C(0.9, "float32"), C(0.1, "float32"), "float32 rounding"),
        (C(0.0, "float64"), C(0.9, "float64"), C(0.1, "float64"), "float64 rounding"),
        (C(1.0, "float64"), C(5.5, "float64"), C(1.5, "float64"), "double 1..5.5"),
        (C(0, "int32"), C(5, "int32"), C(10, "int32"), "delta beyond"),
        (C(-3, "int64"), C(3, "int64"), C(1, "int64"), "int64 negative start"),
        (C(1e10, "float32"), C(0.0, "float32"), C(1.5, "float32"), "float big bad direction"),
        (C(0.1, "float32"), C(0.0, "float32"), C(1.0, "float32"), "float small bad direction"),
        (C(0.0, "float64"), C(1e-5, "float64"), C(-1.0, "float64"), "tiny bad direction"),
        (C(0, "int32"), C(10, "int32"), P([], "int32"), "delta unknown"),
    ]
    for a, b, d, label in rs:
        case("Range", [a, b, d], label=label)


def broadcast_cases():
    bs = [
        ([3], C([2, 3]), "vector"), ([1, 3], C([2, 3]), "1 to 2"), ([3], C([2, 4]), "mismatch"),
        ([2, 3], C([3]), "rank too big"), ([], C([2, 3]), "scalar"), (None, C([2, 3]), "unknown rank in"),
        ([3], P([2], "int32"), "shape unknown"), ([3], P(None, "int32"), "shape unknown rank"),
        ([None, 3], C([2, 3]), "unknown dim"), ([5, 1], SH([None, None]), "partial shape"),
        ([5, 1], SH([None, 4]), "partial shape 2"), ([3], C([[2, 3]]), "shape rank 2"),
        ([3], C([2, 3], "int64"), "int64"), ([2], SH([None, 3]), "partial mismatch"),
    ]
    for shape, target, label in bs:
        case("BroadcastTo", [P(shape), target], label=label)
    for a, b in [([2], [3]), ([None], [3]), ([4], [None]), ([], [3]), (None, [3]), ([2, 1], [3])]:
        case("BroadcastArgs", [P(a, "int32"), P(b, "int32")], label=f"{a} {b}")
        case("BroadcastGradientArgs", [P(a, "int32"), P(b, "int32")], label=f"{a} {b}")
    case("BroadcastArgs", [C([2, 1]), C([3])], label="constants")
    case("BroadcastGradientArgs", [C([2, 1]), C([3])], label="constants")


def space_depth_cases():
    sb = [
        ([2, 4, 6, 3], C([2, 3]), C([[0, 0], [0, 0]]), "known"),
        ([2, 4, 6, 3], C([2, 2]), C([[1, 1], [0, 2]]), "padded"),
        ([2, 5, 6, 3], C([2, 2]), C([[0, 0], [0, 0]]), "not divisible"),
        ([None, 4, None, 3], C([2, 2]), C([[0, 0], [0, 0]]), "partial"),
        ([2, 4, 6, 3], P([2], "int32"), C([[0, 0], [0, 0]]), "block unknown"),
        ([2, 4, 6, 3], C([2, 2]), P([2, 2], "int32"), "paddings unknown"),
        ([2, 4, 6, 3], P([None], "int32"), P([None, 2], "int32"), "block length unknown"),
        ([2, 4, 6, 3], C([0, 2]), C([[0, 0], [0, 0]]), "block zero"),
        ([2, 4, 6, 3], C([2, 2]), C([[0, -1], [0, 0]]), "negative padding"),
        ([2, 4], C([2, 2]), C([[0, 0], [0, 0]]), "rank too small"),
        ([2, 4, 6, 3], C([2, 2]), C([[0, 0]]), "paddings mismatch"),
        (None, C([2, 2]), C([[0, 0], [0, 0]]), "unknown rank"),
        ([2, 4, 6, 3], C([[2, 2]]), C([[0, 0], [0, 0]]), "block rank 2"),
        ([2, 4, 6, 3], C(np.zeros(0, np.int32)), C(np.zeros((0, 2), np.int32)), "no block dims"),
        ([2, 4, 6, 3], C([4]), C([[0, 0]]), "one block dim"),
    ]
    for shape, block, pads, label in sb:
        case("SpaceToBatchND", [P(shape), block, pads], label=label)
    bs = [
        ([12, 2, 2, 3], C([2, 3]), C([[0, 0], [0, 0]]), "known"),
        ([8, 2, 3, 3], C([2, 2]), C([[1, 1], [0, 2]]), "cropped"),
        ([10, 2, 3, 3], C([2, 2]), C([[0, 0], [0, 0]]), "batch not divisible"),
        ([None, 2, None, 3], C([2, 2]), C([[0, 0], [0, 0]]), "partial"),
        ([8, 2, 3, 3], P([2], "int32"), C([[0, 0], [0, 0]]), "block unknown"),
        ([8, 2, 3, 3], C([2, 2]), P([2, 2], "int32"), "crops unknown"),
        ([8, 2, 3, 3], C([2, 2]), C([[0, -1], [0, 0]]), "negative crop"),
        ([8, 2, 3, 3], C([2, 2]), C([[3, 3], [0, 0]]), "over-crop"),
        ([8, 2, 3, 3], C([-2, 2]), C([[0, 0], [0, 0]]), "negative block"),
        (None, C([2, 2]), C([[0, 0], [0, 0]]), "unknown rank"),
    ]
    for shape, block, crops, label in bs:
        case("BatchToSpaceND", [P(shape), block, crops], label=label)
    for op in ["SpaceToDepth", "DepthToSpace"]:
        for shape, bsz, fmt in [([2, 4, 6, 3], 2, "NHWC"), ([2, 4, 6, 12], 2, "NHWC"), ([2, 5, 6, 3], 2, "NHWC"),
                                ([2, 3, 4, 6], 2, "NCHW"), ([2, 12, 4, 6], 2, "NCHW"), ([None, None, 6, 8], 2, "NHWC"),
                                (None, 2, "NHWC"), ([2, 4, 6], 2, "NHWC"), ([2, 6, 6, 9], 3, "NHWC"),
                                ([2, 4, 6, 3, 4], 2, "NCHW_VECT_C"), ([2, 4, 6, 6, 4], 2, "NCHW_VECT_C")]:
            dt = "qint8" if fmt == "NCHW_VECT_C" else "float32"
            case(op, [P(shape, dt)], {"block_size": bsz, "data_format": fmt}, label=f"{shape} {bsz} {fmt}")


def segment_cases():
    for op in ["UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin"]:
        us = [
            ([6, 3], [6], C(4), "known"), ([6, 3], [6, 3], C(4), "full ids"), ([6, 3], [5], C(4), "mismatch"),
            ([6, 3], [6], P([], "int32"), "num unknown"), (None, [6], C(4), "data unknown"),
            ([6, 3], None, C(4), "ids unknown"), ([6, 3], [6], C([4]), "num vector"),
            ([None, 3, 2], [4, None], C(7), "partial"), ([6], [6, 3], C(4), "ids longer"),
            ([6, 3], [6], C(-1), "negative num"), ([6, 3], [6], C(4, "int64"), "int64 num"),
        ]
        for data, ids, num, label in us:
            case(op, [P(data), P(ids, "int32"), num], label=label)
    for data, ids in [([6, 3], [6]), ([6, 3], [5]), ([6], [None]), (None, [6]), ([6, 3], None), ([], [1]),
                      ([6, 3], [6, 1])]:
        case("SegmentSum", [P(data), P(ids, "int32")], label=f"{data} {ids}")
    case("SegmentSum", [P([6, 3]), C([0, 0, 1, 1, 2, 2])], label="constant ids")


def matrix_misc_cases():
    for s in [[3, 4], [2, 3, 4], None, [5], []]:
        case("MatrixBandPart", [P(s), C(1, "int64"), C(-1, "int64")], label=f"{s}")
        case("MatrixDiag", [P(s)], label=f"{s}")
        case("MatrixDiagPart", [P(s)], label=f"{s}")
    case("MatrixDiagPart", [P([None, 3])], label="partial")
    case("MatrixDiagPart", [P([4, 0])], label="zero")
    case("MatrixDiagPart", [P([4, None])], label="partial 2")
    for shape, axis in [([2, 3], C([0])), ([2, 3], C([-1])), ([2, 3], C([0, 1])), ([2, 3], C([2])), ([2, 3], C([-3])),
                        ([2, 3], C([0, -2])), ([2, 3], C([[0]])), ([2, 3], P([None], "int32")), (None, C([5])),
                        ([1] * 9, C([0])), ([2, 3], C(np.zeros(0, np.int32))), ([2, 3], C([1], "int64"))]:
        case("ReverseV2", [P(shape), axis], label=f"{shape} {getattr(axis, 'value', '?')}")
    sd = [
        ([4, 2], C([5, 6]), [4], "known"), ([4], C([5]), [4], "1-D"), ([4, 2], SH([None, 6]), [4], "partial"),
        ([4, 2], P([2], "int32"), [4], "unknown"), ([4, 2], C([[5, 6]]), [4], "rank 2 shape"),
        ([4, 2], C([5, -1]), [4], "-1 dim"), ([4, 2], C([5, -2]), [4], "bad dim"), ([], C(5), [], "scalar shape"),
    ]
    for idx, shp, vals, label in sd:
        case("SparseToDense", [P(idx, "int32"), shp, P(vals), P([])], label=label)
    for s in SHAPES:
        case("Where", [P(s, "bool")], label=f"{s}")
    for s in [[5], [None], None, [], [2, 3]]:
        case("InvertPermutation", [P(s, "int32")], label=f"{s}")
    case("InvertPermutation", [C([2, 0, 1])], label="constant")
    for s in [[3], [2, 3], None, [None, 2], []]:
        case("Diag", [P(s)], label=f"{s}")


# --------------------------------------------------------------------------- state


def var_handle(shape, dtype="float32"):
    return F(lambda: tf.raw_ops.VarHandleOp(dtype=dtype, shape=shape, shared_name="v"))


def ref_var(shape, dtype="float32"):
    return F(lambda: tf.raw_ops.VariableV2(shape=shape, dtype=dtype))


def state_cases():
    group("state")
    for shape in [[2, 3], [], [None, 3], None]:
        case("VariableV2", [], {"shape": shape, "dtype": "float32"}, label=f"{shape}")
        case("Variable", [], {"shape": shape, "dtype": "float32"}, label=f"{shape}")
        case("VarHandleOp", [], {"shape": shape, "dtype": "float32", "shared_name": "v"}, label=f"{shape}")
    for op in ["Assign", "AssignAdd", "AssignSub"]:
        for ref, val, vs in [([2, 3], [2, 3], True), ([2, 3], [3, 2], True), ([2, 3], [3, 2], False),
                             ([None, 3], [2, 3], True), ([2, 3], None, True), ([2, 3], [2], False)]:
            attrs = {"validate_shape": vs} if op == "Assign" else {}
            if op != "Assign" and not vs:
                continue
            case(op, [ref_var(ref), P(val)], attrs, label=f"{ref} <- {val} validate {vs}")
        case(op, [ref_var(None), P([2, 3])], {"validate_shape": True} if op == "Assign" else {},
             label="unknown rank var")
    case("IsVariableInitialized", [ref_var([2, 3])], label="ref")
    for shape in [[2, 3], None, [None]]:
        case("ReadVariableOp", [var_handle(shape)], {"dtype": "float32"}, label=f"handle {shape}",
             approx="handle_data")
    case("ReadVariableOp", [RES()], {"dtype": "float32"}, label="placeholder handle")
    case("ReadVariableOp", [var_handle([2, 3], "int32")], {"dtype": "float32"}, label="wrong dtype",
         approx="handle_data")
    for op in ["AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp"]:
        case(op, [RES(), P([2, 3])], label="placeholder handle")
        case(op, [var_handle([2, 3]), P([2, 3])], label="matching", approx="handle_data")
        case(op, [var_handle([2, 3]), P([3, 3])], label="mismatch", approx="handle_data")
    case("AssignVariableOp", [var_handle([2, 3]), P([3, 3])], {"validate_shape": False},
         label="mismatch no validate", approx="handle_data")
    case("VarIsInitializedOp", [RES()], label="")
    case("DestroyResourceOp", [RES()], label="")
    # Ref-variable optimizers: var shape merged with every slot; scalars checked.
    v = [3, 4]
    case("ApplyGradientDescent", [ref_var(v), P([]), P(v)], label="ok")
    case("ApplyGradientDescent", [ref_var(v), P([1]), P(v)], label="alpha not scalar")
    case("ApplyGradientDescent", [ref_var(v), P([]), P([4, 3])], label="delta mismatch")
    case("ApplyGradientDescent", [ref_var([None, 4]), P([]), P([3, None])], label="merge partial")
    case("ApplyGradientDescent", [ref_var(None), P([]), P([3, 4])], label="unknown var")
    case("ApplyMomentum", [ref_var(v), ref_var(v), P([]), P(v), P([])], label="ok")
    case("ApplyMomentum", [ref_var(v), ref_var([3, 5]), P([]), P(v), P([])], label="accum mismatch")
    case("ApplyMomentum", [ref_var(v), ref_var(v), P([]), P(v), P([2])], label="momentum not scalar")
    case("ApplyAdam", [ref_var(v), ref_var(v), ref_var(v)] + [P([])] * 6 + [P(v)], label="ok")
    case("ApplyAdam", [ref_var(v), ref_var(v), ref_var([None, None])] + [P([])] * 6 + [P([3, 5])], label="grad mismatch")
    case("ApplyAdam", [ref_var([None, 4]), ref_var([3, None]), ref_var(v)] + [P([])] * 6 + [P(v)], label="partial")
    case("ApplyAdam", [ref_var(v), ref_var(v), ref_var(v)] + [P([])] * 5 + [P([1])] + [P(v)], label="epsilon not scalar")
    case("ApplyRMSProp", [ref_var(v), ref_var(v), ref_var(v)] + [P([])] * 4 + [P(v)], label="ok")
    case("ApplyRMSProp", [ref_var(v), ref_var([3, 4, 1]), ref_var(v)] + [P([])] * 4 + [P(v)], label="ms rank")
    case("ApplyRMSProp", [ref_var(v), ref_var(v), ref_var(v)] + [P([])] * 3 + [P([2])] + [P(v)], label="epsilon not scalar")
    case("ResourceApplyGradientDescent", [RES(), P([]), P(v)], label="ok")
    case("ResourceApplyGradientDescent", [RES(), P([2]), P(v)], label="alpha not scalar")
    case("ResourceApplyGradientDescent", [var_handle(v), P([]), P([4, 4])], label="handle mismatch",
         approx="handle_data")
    case("ResourceApplyMomentum", [RES(), RES(), P([]), P(v), P([])], label="ok")
    case("ResourceApplyMomentum", [RES(), RES(), P([]), P(v), P([3])], label="momentum not scalar")
    case("ResourceApplyAdam", [RES(), RES(), RES()] + [P([])] * 6 + [P(v)], label="ok")
    case("ResourceApplyAdam", [RES(), RES(), RES()] + [P([])] * 2 + [P([2])] + [P([])] * 3 + [P(v)], label="lr not scalar")
    case("ResourceApplyRMSProp", [RES(), RES(), RES()] + [P([])] * 4 + [P(v)], label="ok")
    case("ResourceApplyRMSProp", [RES(), RES(), RES()] + [P([5])] + [P([])] * 3 + [P(v)], label="lr not scalar")

    # Queues and readers.
    case("FIFOQueueV2", [], {"component_types": ["float32", "int32"], "shapes": [[2], []], "capacity": 5}, label="shapes")
    case("FIFOQueueV2", [], {"component_types": ["float32"]}, label="no shapes")
    q = F(lambda: tf.raw_ops.FIFOQueueV2(component_types=["float32"]))
    for comps in [[P([2, 3])], [P([2]), P(None, "int32")]]:
        case("QueueEnqueueV2", [RES(), comps], label=f"{len(comps)} components")
        case("QueueEnqueueManyV2", [RES(), comps], label=f"{len(comps)} components")
    case("QueueEnqueueV2", [q, [P([2])]], label="queue op handle")
    for op, n in [("QueueDequeueV2", None), ("QueueDequeueManyV2", C(4)), ("QueueDequeueUpToV2", C(4))]:
        # Dequeue ops have no shapes attr: TF reads component shapes from the queue handle's
        # data, which FIFOQueueV2 does not set (Python's queue sets them after the op).
        for types in [["float32", "int32"], ["float32"], ["string", "int64", "float32"]]:
            inputs = [RES()] if n is None else [RES(), n]
            case(op, inputs, {"component_types": types, "timeout_ms": -1}, label=f"{types}")

        def dq(op=op, n=n):
            def build(g):
                qh = tf.raw_ops.FIFOQueueV2(component_types=["float32", "int32"], shapes=[[2, 3], []])
                if n is None:
                    outs = tf.raw_ops.QueueDequeueV2(handle=qh, component_types=["float32", "int32"])
                else:
                    outs = getattr(tf.raw_ops, op)(handle=qh, n=tf.constant(4), component_types=["float32", "int32"])
                return outs[0].op
            return build
        case(op, [], label="from queue with shapes", build=dq())
        if n is not None:
            case(op, [RES(), P([], "int32")], {"component_types": ["float32"]}, label="n unknown")
            case(op, [RES(), P([2], "int32")], {"component_types": ["float32"]}, label="n not scalar")
    case("QueueCloseV2", [RES()], {"cancel_pending_enqueues": True}, label="")
    case("QueueSizeV2", [RES()], label="")
    case("QueueCloseV2", [P([2], "resource")], label="handle not scalar")
    case("QueueSizeV2", [P([2], "resource")], label="handle not scalar")
    case("QueueEnqueueV2", [P([2], "resource"), [P([2])]], label="handle not scalar")
    case("QueueDequeueV2", [P([2], "resource")], {"component_types": ["float32"]}, label="handle not scalar")
    case("ReaderReadV2", [P([2], "resource"), RES()], label="reader not scalar")
    case("ReaderReadV2", [RES(), P([2], "resource")], label="queue not scalar")
    case("WholeFileReaderV2", [], label="")
    case("ReaderReadV2", [RES(), RES()], label="")
    case("ReadFile", [P([], "string")], label="scalar")
    case("ReadFile", [P([2], "string")], label="vector")
    case("ReadFile", [P(None, "string")], label="unknown")
    # Logging and checkpoints.
    case("Assert", [P([], "bool"), [P([2]), P(None, "int32")]], label="ok")
    case("Assert", [P([2], "bool"), [P([2])]], label="condition not scalar")
    case("Assert", [P(None, "bool"), [P([2])]], label="condition unknown")
    case("Print", [P([2, 3]), [P([4]), P(None, "int32")]], {"message": "m"}, label="unchanged")
    case("Print", [P(None), [P([4])]], label="unknown")
    case("PrintV2", [P([], "string")], label="ok")
    case("PrintV2", [P([2], "string")], label="not scalar")
    sv = [
        (P([], "string"), P([2], "string"), P([2], "string"), [P([2, 3]), P([], "int32")], "ok"),
        (P([1], "string"), P([2], "string"), P([2], "string"), [P([2, 3]), P([], "int32")], "prefix not scalar"),
        (P([], "string"), P([3], "string"), P([3], "string"), [P([2, 3]), P([], "int32")], "names mismatch"),
        (P([], "string"), P([2], "string"), P([3], "string"), [P([2, 3]), P([], "int32")], "slices mismatch"),
        (P([], "string"), P([None], "string"), P([None], "string"), [P([2, 3]), P([], "int32")], "unknown"),
        (P([], "string"), P([2, 1], "string"), P([2], "string"), [P([2, 3]), P([], "int32")], "names rank 2"),
    ]
    for prefix, names, slices, tensors, label in sv:
        case("SaveV2", [prefix, names, slices, tensors], label=label)
    rv = [
        (P([], "string"), P([2], "string"), P([2], "string"), "unknown slices"),
        (P([], "string"), C(["a", "b"], "string"), C(["", ""], "string"), "empty slices"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 0,2:-", ""], "string"), "shape and slice"),
        (P([], "string"), C(["a", "b"], "string"), C(["3 0,1", "2 3 -:-"], "string"), "two slices"),
        (P([], "string"), C(["a", "b"], "string"), C(["bogus", ""], "string"), "bad slice"),
        (P([], "string"), C(["a", "b", "c"], "string"), C(["", "", ""], "string"), "too many"),
        (P([1], "string"), P([2], "string"), P([2], "string"), "prefix not scalar"),
        (P([], "string"), P([2], "string"), P([3], "string"), "mismatch"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 1,3:0,5", "7"], "string"), "full slice"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5", ""], "string"), "shape only"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 0,2", ""], "string"), "slice rank mismatch"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 0,2:3,3", ""], "string"), "slice out of bounds"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 x 0,2:-", ""], "string"), "non numerical dim"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 -1,2:-", ""], "string"), "negative start"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 0,0:-", ""], "string"), "zero length"),
        (P([], "string"), C(["a", "b"], "string"), C(["4 5 -:-", "2 3 1,1:0,3"], "string"), "full and partial"),
        (P([], "string"), C(["a", "b"], "string"), C(["", "4 5 0,4:2,3"], "string"), "second"),
        (P([], "string"), C(["a", "b"], "string"), C(["0 -", ""], "string"), "zero dim"),
        (P([], "string"), P([None], "string"), P([None], "string"), "unknown lengths"),
    ]
    for prefix, names, slices, label in rv:
        case("RestoreV2", [prefix, names, slices], {"dtypes": ["float32", "int32"]}, label=label)
    case("MergeV2Checkpoints", [P([2], "string"), P([], "string")], label="ok")
    case("MergeV2Checkpoints", [P([], "string"), P([], "string")], label="prefixes scalar")
    case("MergeV2Checkpoints", [P([2], "string"), P([1], "string")], label="dest not scalar")
    case("MergeV2Checkpoints", [P(None, "string"), P(None, "string")], label="unknown")


# --------------------------------------------------------------------------- control flow


def control_flow_cases():
    group("control-flow")
    for s in [[2, 3], None, []]:
        case("Switch", [P(s), P([], "bool")], label=f"{s}")
        case("RefSwitch", [ref_var(s if s is not None else None), P([], "bool")], label=f"{s}")
        case("Enter", [P(s)], {"frame_name": "f"}, label=f"{s}")
        case("RefEnter", [ref_var(s)], {"frame_name": "f"}, label=f"{s}")
        case("Exit", [P(s)], label=f"{s}")
        case("RefExit", [ref_var(s)], label=f"{s}")
        case("NextIteration", [P(s)], label=f"{s}")
        case("RefNextIteration", [ref_var(s)], label=f"{s}")
        case("Enter", [P(s)], {"frame_name": "f", "is_constant": True}, label=f"{s} constant")
        case("RefEnter", [ref_var(s)], {"frame_name": "f", "is_constant": True}, label=f"{s} constant")
    case("Switch", [P([2]), P([2], "bool")], label="pred not scalar")
    case("Switch", [P([2]), P(None, "bool")], label="pred unknown")
    case("RefSwitch", [ref_var([2]), P([1], "bool")], label="pred not scalar")
    for ins in [[[2, 3], [2, 3]], [[2, 3], [2, 4]], [[2, 3], [3]], [[2, None], [None, 3]], [[2, 3], None],
                [[2, 3], [2, 3], [2, 3]], [[None, 3], [None, 3]], [[1], [2, 3], [3]], [[]]]:
        case("Merge", [[P(s) for s in ins]], label=f"{ins}")
    case("RefMerge", [[ref_var([2, 3]), ref_var([2, 4])]], label="mismatch")
    case("RefMerge", [[ref_var([2, 3]), ref_var([2, 3])]], label="same")
    case("LoopCond", [P([], "bool")], label="scalar")
    case("LoopCond", [P([2], "bool")], label="not scalar")
    case("LoopCond", [P(None, "bool")], label="unknown")
    case("ControlTrigger", [], label="")
    functional_cases()
    tensor_array_cases()
    tensor_list_cases()


def add_fn(g, fn, *specs):
    cf = tf.function(fn).get_concrete_function(*specs)
    cf.add_to_graph(g)
    return cf.name.decode() if isinstance(cf.name, bytes) else cf.name


def functional_cases():
    spec = tf.TensorSpec(None, tf.float32)

    def if_build(op, shapes, n_out=2, inputs_shape=[2, 3], pred_shape=[], known=False):
        def build(g):
            sp = tf.TensorSpec([2, 3], tf.float32) if known else spec
            then_name = add_fn(g, lambda a: (a, a * 2.0)[:n_out], sp)
            else_name = add_fn(g, lambda a: (a + 1.0, a)[:n_out], sp)
            pred = tf1.placeholder(tf.bool, pred_shape)
            x = tf1.placeholder(tf.float32, inputs_shape)
            outs = getattr(tf.raw_ops, op)(cond=pred, input=[x], Tout=[tf.float32] * n_out, then_branch=then_name,
                                           else_branch=else_name, output_shapes=shapes)
            return outs[0].op
        return build

    for op in ["If", "StatelessIf"]:
        for shapes in [[], [[2, 3], [None, 3]], [None, []], [[2, 3]]]:
            case(op, [], label=f"output_shapes {shapes}", build=if_build(op, shapes))
        case(op, [], label="pred not scalar", build=if_build(op, [], pred_shape=[2]))
        case(op, [], label="branches with known shapes", build=if_build(op, [], known=True))

    def case_build(op, shapes, branch_index_shape=[]):
        def build(g):
            b0 = add_fn(g, lambda a: (a,), spec)
            b1 = add_fn(g, lambda a: (a * 3.0,), spec)
            idx = tf1.placeholder(tf.int32, branch_index_shape)
            x = tf1.placeholder(tf.float32, [4])
            outs = getattr(tf.raw_ops, op)(branch_index=idx, input=[x], Tout=[tf.float32], branches=[b0, b1],
                                           output_shapes=shapes)
            return outs[0].op
        return build

    for op in ["Case", "StatelessCase"]:
        for shapes in [[], [[4]], [None], [[4], [4]]]:
            case(op, [], label=f"output_shapes {shapes}", build=case_build(op, shapes))
        case(op, [], label="index not scalar", build=case_build(op, [], [3]))

    def while_build(op, shapes, in_shapes=([2, 3], [])):
        def build(g):
            specs = [tf.TensorSpec(None, tf.float32), tf.TensorSpec(None, tf.int32)]
            cond = add_fn(g, lambda a, i: i < 3, *specs)
            body = add_fn(g, lambda a, i: (a * 2.0, i + 1), *specs)
            x = tf1.placeholder(tf.float32, in_shapes[0])
            i = tf1.placeholder(tf.int32, in_shapes[1])
            outs = getattr(tf.raw_ops, op)(input=[x, i], cond=cond, body=body, output_shapes=shapes)
            return outs[0].op
        return build

    for op in ["While", "StatelessWhile"]:
        for shapes in [[], [[None, 3], []], [[2, 3]], [None, None]]:
            case(op, [], label=f"output_shapes {shapes}", build=while_build(op, shapes))
        case(op, [], label="unknown inputs", build=while_build(op, [], (None, None)))

    def call_build(op, x_shape, fn):
        def build(g):
            name = add_fn(g, fn, spec)
            x = tf1.placeholder(tf.float32, x_shape)
            outs = getattr(tf.raw_ops, op)(args=[x], Tout=[tf.float32, tf.float32], f=name)
            return outs[0].op
        return build

    for op in ["PartitionedCall", "StatefulPartitionedCall"]:
        case(op, [], label="body gives shapes", approx="function_body",
             build=call_build(op, [2, 3], lambda a: (a * 2.0, tf.reshape(a, [-1]))))
        case(op, [], label="body unknown", approx="function_body",
             build=call_build(op, None, lambda a: (a * 2.0, tf.reshape(a, [-1]))))


def tensor_array_cases():
    def ta(dtype="float32", element_shape=None, size=C(3), dynamic=False):
        def make():
            kw = {"dtype": dtype, "dynamic_size": dynamic}
            if element_shape is not None:
                kw["element_shape"] = element_shape
            return tf.raw_ops.TensorArrayV3(size=size.build(None), **kw)
        return make

    for es in [None, [2, 3], [None, 3]]:
        attrs = {"dtype": "float32"}
        if es is not None:
            attrs["element_shape"] = es
        case("TensorArrayV3", [C(3)], attrs, label=f"element_shape {es}")
    case("TensorArrayV3", [C([3])], {"dtype": "float32"}, label="size not scalar")
    case("TensorArrayV3", [P(None, "int32")], {"dtype": "float32"}, label="size unknown")
    TA = P([2], "resource")
    case("TensorArrayReadV3", [TA, C(0), P([])], {"dtype": "float32"}, label="vector handle")
    case("TensorArrayReadV3", [P(None, "resource"), P([], "int32"), P(None)], {"dtype": "float32"}, label="unknown handle")
    case("TensorArrayReadV3", [TA, C([0]), P([])], {"dtype": "float32"}, label="vector handle, index not scalar")
    case("TensorArrayReadV3", [TA, C(0), P([2])], {"dtype": "float32"}, label="vector handle, flow not scalar")
    case("TensorArrayWriteV3", [TA, C(0), P([2, 3]), P([])], label="vector handle")
    case("TensorArrayWriteV3", [TA, C([0]), P([2, 3]), P([])], label="vector handle, index not scalar")
    case("TensorArrayWriteV3", [TA, C(0), P([2, 3]), P([1])], label="vector handle, flow not scalar")
    for es in [None, [2, None], []]:
        attrs = {"dtype": "float32"}
        if es is not None:
            attrs["element_shape"] = es
        case("TensorArrayGatherV3", [TA, P([4], "int32"), P([])], attrs, label=f"vector handle, element_shape {es}")
    case("TensorArrayGatherV3", [TA, P(None, "int32"), P([])], {"dtype": "float32", "element_shape": [3]},
         label="vector handle, indices unknown")
    case("TensorArrayGatherV3", [TA, P([2, 2], "int32"), P([])], {"dtype": "float32"}, label="vector handle, indices rank 2")
    case("TensorArrayGatherV3", [P([3], "resource"), P([4], "int32"), P([])], {"dtype": "float32"}, label="handle [3]")
    case("TensorArrayScatterV3", [TA, P([4], "int32"), P([4, 2]), P([])], label="vector handle")
    case("TensorArrayScatterV3", [TA, P([3], "int32"), P([4, 2]), P([])], label="vector handle, length mismatch")
    case("TensorArrayScatterV3", [TA, P([4], "int32"), P([]), P([])], label="vector handle, value scalar")
    case("TensorArrayScatterV3", [TA, P([4], "int32"), P(None), P([])], label="vector handle, value unknown")
    case("TensorArrayScatterV3", [TA, P([4], "int32"), P([4, 2]), P([3])], label="vector handle, flow not scalar")
    case("TensorArrayConcatV3", [TA, P([])], {"dtype": "float32", "element_shape_except0": [3]}, label="vector handle")
    case("TensorArrayConcatV3", [TA, P([2])], {"dtype": "float32"}, label="vector handle, flow not scalar")
    case("TensorArraySplitV3", [TA, P([6, 2]), P([3], "int64"), P([])], label="vector handle")
    case("TensorArraySplitV3", [TA, P([6, 2]), P([3, 1], "int64"), P([])], label="vector handle, lengths rank 2")
    case("TensorArraySplitV3", [TA, P([]), P([3], "int64"), P([2])], label="vector handle, flow not scalar")
    case("TensorArraySizeV3", [TA, P([])], label="vector handle")
    case("TensorArraySizeV3", [TA, P([2])], label="vector handle, flow not scalar (unchecked)")
    case("TensorArraySizeV3", [P([3], "resource"), P([])], label="handle [3]")
    case("TensorArrayCloseV3", [P(None, "resource")], label="unknown handle")
    case("TensorArrayGradV3", [TA, P([2])], {"source": "g"}, label="vector handle, flow not scalar (unchecked)")
    case("TensorArrayGradV3", [P([1], "resource"), P([])], {"source": "g"}, label="handle [1]")
    # Ops on a handle placeholder: no handle data, TF gives what the attrs and inputs say.
    case("TensorArrayReadV3", [RES(), C(0), P([])], {"dtype": "float32"}, label="resource placeholder")
    case("TensorArrayReadV3", [RES(), C([0]), P([])], {"dtype": "float32"}, label="index not scalar")
    case("TensorArrayReadV3", [RES(), C(0), P([2])], {"dtype": "float32"}, label="flow not scalar")
    case("TensorArrayReadV3", [P([3], "resource"), C(0), P([])], {"dtype": "float32"}, label="handle [3]")
    case("TensorArrayWriteV3", [RES(), C(0), P([2, 3]), P([])], label="ok")
    case("TensorArrayWriteV3", [RES(), C([0]), P([2, 3]), P([])], label="index not scalar")
    case("TensorArrayWriteV3", [P([2], "resource"), C(0), P([2, 3]), P([])], label="handle [2]")
    case("TensorArrayWriteV3", [RES(), C(0), P([2, 3]), P([1])], label="flow not scalar")
    case("TensorArrayGatherV3", [RES(), P([4], "int32"), P([])], {"dtype": "float32"}, label="no element shape")
    case("TensorArrayGatherV3", [RES(), P([4], "int32"), P([])], {"dtype": "float32", "element_shape": [2, None]},
         label="element shape")
    case("TensorArrayGatherV3", [RES(), P([None], "int32"), P([])], {"dtype": "float32", "element_shape": [2]},
         label="indices unknown length")
    case("TensorArrayGatherV3", [RES(), P([2, 2], "int32"), P([])], {"dtype": "float32"}, label="indices rank 2")
    case("TensorArrayScatterV3", [RES(), P([4], "int32"), P([4, 2]), P([])], label="ok")
    case("TensorArrayScatterV3", [RES(), P([3], "int32"), P([4, 2]), P([])], label="length mismatch")
    case("TensorArrayScatterV3", [RES(), P([4], "int32"), P([]), P([])], label="value scalar")
    case("TensorArrayScatterV3", [RES(), P([4, 1], "int32"), P([4, 2]), P([])], label="indices rank 2")
    case("TensorArrayConcatV3", [RES(), P([])], {"dtype": "float32"}, label="no shape")
    case("TensorArrayConcatV3", [RES(), P([])], {"dtype": "float32", "element_shape_except0": [3, None]},
         label="element_shape_except0")
    case("TensorArraySplitV3", [RES(), P([6, 2]), P([3], "int64"), P([])], label="ok")
    case("TensorArraySplitV3", [RES(), P([]), P([3], "int64"), P([])], label="value scalar")
    case("TensorArraySplitV3", [RES(), P([6, 2]), P([3, 1], "int64"), P([])], label="lengths rank 2")
    case("TensorArraySizeV3", [RES(), P([])], label="ok")
    case("TensorArraySizeV3", [RES(), P([2])], label="flow not scalar")
    case("TensorArrayCloseV3", [RES()], label="ok")
    case("TensorArrayCloseV3", [P([2], "resource")], label="handle [2]")
    case("TensorArrayGradV3", [RES(), P([])], {"source": "g"}, label="ok")
    case("TensorArrayGradV3", [P([2], "resource"), P([])], {"source": "g"}, label="handle [2]")
    # With real handle data from TensorArrayV3 (TF reads the element shape through the handle).
    case("TensorArrayReadV3", [F(lambda: ta(element_shape=[2, 3])()[0]), C(0), P([])], {"dtype": "float32"},
         label="from TensorArrayV3 [2,3]", approx="handle_data")
    case("TensorArrayGatherV3", [F(lambda: ta(element_shape=[2, None])()[0]), P([4], "int32"), P([])],
         {"dtype": "float32"}, label="from TensorArrayV3 [2,?]", approx="handle_data")
    case("TensorArrayWriteV3", [F(lambda: ta(element_shape=[2, 3])()[0]), C(0), P([3, 3]), P([])],
         label="write mismatching element shape", approx="handle_data")


def tensor_list_cases():
    case("EmptyTensorList", [C([2, 3]), C(5)], {"element_dtype": "float32"}, label="ok")
    case("EmptyTensorList", [C(-1), C(5)], {"element_dtype": "float32"}, label="unknown element shape")
    case("EmptyTensorList", [C([2, 3]), C([5])], {"element_dtype": "float32"}, label="max not scalar")
    case("EmptyTensorList", [C([[2, 3]]), C(5)], {"element_dtype": "float32"}, label="element shape rank 2")
    case("TensorListReserve", [C([2, 3]), C(5)], {"element_dtype": "float32"}, label="ok")
    case("TensorListReserve", [C([2, 3]), C([5])], {"element_dtype": "float32"}, label="num not scalar")
    case("TensorListFromTensor", [P([4, 2, 3]), C([2, 3])], label="ok")
    case("TensorListFromTensor", [P([]), C(-1)], label="scalar tensor")
    case("TensorListFromTensor", [P([4, 2, 3]), C([[2, 3]])], label="element shape rank 2")
    case("TensorListFromTensor", [P([4, 2, 3]), C([3, 3])], label="element shape mismatch")
    case("TensorListFromTensor", [P([4, 2, 3]), C([2])], label="element shape rank mismatch")
    case("TensorListFromTensor", [P(None), P([2], "int32")], label="unknown")
    case("TensorListFromTensor", [P([4, 2, 3]), C(5)], label="scalar not -1")
    case("TensorListReserve", [C(-1), C(5)], {"element_dtype": "float32"}, label="unknown element shape")
    case("TensorListReserve", [P([], "int32"), C(5)], {"element_dtype": "float32"}, label="scalar placeholder")
    case("TensorListReserve", [C([2, -2]), C(5)], {"element_dtype": "float32"}, label="bad dim")
    case("EmptyTensorList", [C(4), C(5)], {"element_dtype": "float32"}, label="scalar not -1")
    case("TensorListLength", [VAR()], label="ok")
    case("TensorListLength", [P([2], "variant")], label="handle not scalar")
    case("TensorListElementShape", [VAR()], {"shape_type": "int32"}, label="ok")
    case("TensorListElementShape", [P([2], "variant")], {"shape_type": "int32"}, label="handle not scalar")
    gi = [
        (C([2, 3]), "element shape const"), (C(-1), "unknown"), (SH([None, 3]), "partial"),
        (P([2], "int32"), "placeholder"), (C([[2]]), "rank 2"), (C(3), "scalar not -1"),
        (P([], "int32"), "scalar placeholder"), (C([-1, 4]), "-1 dim"),
    ]
    for es, label in gi:
        case("TensorListGetItem", [VAR(), C(0), es], {"element_dtype": "float32"}, label=label)
        case("TensorListStack", [VAR(), es], {"element_dtype": "float32"}, label=label)
        case("TensorListPopBack", [VAR(), es], {"element_dtype": "float32"}, label=label)
        case("TensorListGather", [VAR(), P([4], "int32"), es], {"element_dtype": "float32"}, label=label)
    case("TensorListGetItem", [VAR(), C([0]), C(-1)], {"element_dtype": "float32"}, label="index not scalar")
    case("TensorListStack", [VAR(), C([2, 3])], {"element_dtype": "float32", "num_elements": 4}, label="num_elements")
    case("TensorListStack", [VAR(), C([2, None] if False else [2, -1])], {"element_dtype": "float32", "num_elements": 4},
         label="num_elements partial")
    case("TensorListGather", [VAR(), P([None], "int32"), C([2])], {"element_dtype": "float32"}, label="unknown count")
    case("TensorListGather", [VAR(), P(None, "int32"), C([2])], {"element_dtype": "float32"}, label="unknown indices")
    case("TensorListSetItem", [VAR(), C(0), P([2, 3])], label="ok")
    case("TensorListSetItem", [VAR(), C([0]), P([2, 3])], label="index not scalar")
    case("TensorListPushBack", [VAR(), P([2, 3])], label="ok")
    case("TensorListPushBack", [P([2], "variant"), P([2, 3])], label="handle not scalar")
    case("TensorListScatterIntoExistingList", [VAR(), P([4, 2]), P([4], "int32")], label="ok")
    case("TensorListScatterIntoExistingList", [VAR(), P([]), P([4], "int32")], label="tensor scalar")
    case("TensorListScatterIntoExistingList", [VAR(), P([4, 2]), P([4, 1], "int32")], label="indices rank 2")
    for es, label in [(C([-1, 3]), "partial"), (C(-1), "unknown"), (C([2, 3]), "known"), (P([2], "int32"), "placeholder")]:
        case("TensorListConcatV2", [VAR(), es, C([], "int64")], {"element_dtype": "float32"}, label=label)
    case("TensorListConcatV2", [VAR(), C([2, 3]), C([[1]], "int64")], {"element_dtype": "float32"},
         label="lengths rank 2")
    # Through real handle data (element shape and dtype travel with the variant).
    case("TensorListGetItem", [F(lambda: tf.raw_ops.TensorListReserve(element_shape=tf.constant([2, 3]),
                                                                          num_elements=tf.constant(5),
                                                                          element_dtype=tf.float32)),
                               C(0), C(-1)], {"element_dtype": "float32"}, label="from reserve", approx="handle_data")
    case("TensorListStack", [F(lambda: tf.raw_ops.TensorListFromTensor(tensor=tf1.placeholder(tf.float32, [4, 2, 3]),
                                                                       element_shape=tf.constant(-1))),
                             C(-1)], {"element_dtype": "float32"}, label="from tensor", approx="handle_data")
    case("TensorListGetItem", [F(lambda: tf.raw_ops.TensorListReserve(element_shape=tf.constant([2, 3]),
                                                                          num_elements=tf.constant(5),
                                                                          element_dtype=tf.int32)),
                               C(0), C(-1)], {"element_dtype": "float32"}, label="dtype mismatch", approx="handle_data")


def main():
    array_cases()
    state_cases()
    control_flow_cases()
    write()


if __name__ == "__main__":
    main()
