"""Records TensorFlow's shape inference for the math/nn ops of @tensorgraph/core.

Each case builds one op in TF graph mode (tf.compat.v1) from placeholders of fully known,
partially known and unknown-rank shapes, constants (axes, sizes) and stacked scalars (a
partially known shape tensor), and records TF's inferred output shapes, or the error TF
raises at graph construction (a shape function's InvalidArgument, which Python reports as
ValueError; the message is kept up to " for '{{node ...").

Run: .venv-tf/bin/python tools/oracle/gen_shape_cases_math.py
Writes tools/oracle/fixtures/ops/shapes-math.json.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import op_def_library
from tensorflow.python.framework import op_def_registry

sys.path.insert(0, os.path.dirname(__file__))
from gen_op_registry import attr_value  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "fixtures", "ops", "shapes-math.json")
v1 = tf.compat.v1
U = None  # an unknown dim / unknown rank


class P:
    """A placeholder input (shape None: unknown rank)."""

    def __init__(self, shape, dtype="float32"):
        self.shape, self.dtype = shape, dtype


class C:
    """A constant input."""

    def __init__(self, value, dtype="int32"):
        self.value, self.dtype = value, dtype


class S:
    """A 1-D int tensor stacked from scalars: None entries are unknown (a partial shape)."""

    def __init__(self, dims, dtype="int32"):
        self.dims, self.dtype = dims, dtype


def build(spec):
    dt = tf.as_dtype(spec.dtype)
    if isinstance(spec, P):
        return v1.placeholder(dt, shape=spec.shape)
    if isinstance(spec, C):
        return tf.constant(spec.value, dtype=dt)
    parts = [v1.placeholder(dt, shape=[]) if d is None else tf.constant(d, dtype=dt)
             for d in spec.dims]
    return tf.stack(parts)


def json_value(value):
    arr = np.asarray(value)
    values = arr.flatten().tolist()
    values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]
    return list(arr.shape), values


def record_input(arg, spec):
    if isinstance(spec, P):
        return {"arg": arg, "dtype": spec.dtype, "shape": spec.shape}
    if isinstance(spec, C):
        shape, values = json_value(spec.value)
        return {"arg": arg, "dtype": spec.dtype, "shape": shape,
                "value": {"dtype": spec.dtype, "shape": shape, "values": values}}
    return {"arg": arg, "dtype": spec.dtype, "shape": [len(spec.dims)], "as_shape": spec.dims}


def shape_json(shape):
    if shape.rank is None:
        return None
    return [d for d in shape.as_list()]


def attr_json(name, value, op_def):
    attr = next(a for a in op_def.attr if a.name == name)
    if attr.type == "type":
        return tf.as_dtype(value).name
    if attr.type == "list(type)":
        return [tf.as_dtype(v).name for v in value]
    if attr.type == "shape":
        return shape_json(tf.TensorShape(value))
    if attr.type == "list(shape)":
        return [shape_json(tf.TensorShape(v)) for v in value]
    return value


def tf_attr(name, value, op_def):
    attr = next(a for a in op_def.attr if a.name == name)
    if attr.type == "type":
        return tf.as_dtype(value)
    if attr.type == "list(type)":
        return [tf.as_dtype(v) for v in value]
    return value


CASES = []
SKIPPED = []


def case(op, inputs, attrs=None, note=None):
    """One case: `inputs` in op-definition order (a list for a list arg)."""
    attrs = attrs or {}
    op_def = op_def_registry.get(op)
    args = list(op_def.input_arg)
    assert len(args) == len(inputs), (op, len(args), len(inputs))
    recorded = []
    for arg, spec in zip(args, inputs):
        specs = spec if isinstance(spec, list) else [spec]
        recorded += [record_input(arg.name, s) for s in specs]
    entry = {"op": op, "inputs": recorded}
    if note:
        entry["note"] = note
    g = tf.Graph()
    with g.as_default():
        kwargs = {}
        for arg, spec in zip(args, inputs):
            kwargs[arg.name] = [build(s) for s in spec] if isinstance(spec, list) else build(spec)
        for k, v in attrs.items():
            kwargs[k] = tf_attr(k, v, op_def)
        # _apply_op_helper wants every attr it cannot infer from the inputs, defaults too.
        inferred = {a.type_attr or a.type_list_attr for a in args} | {a.number_attr for a in args}
        for a in op_def.attr:
            if a.name not in kwargs and a.name not in inferred and a.HasField("default_value"):
                kwargs[a.name] = tf_attr(a.name, attr_value(a.default_value), op_def)
        try:
            # OpDef arg names (raw_ops renames some, e.g. Sum's reduction_indices).
            op_def_library._apply_op_helper(op, name=op, **kwargs)
        except ValueError as err:
            msg = str(err)
            if " for '{{node " not in msg:
                SKIPPED.append((op, msg[:200]))
                return
            entry["attrs"] = {k: attr_json(k, v, op_def) for k, v in sorted(attrs.items())}
            entry["error"] = {"class": "ValueError", "message": msg.split(" for '{{node ")[0]}
            CASES.append(entry)
            return
        except TypeError as err:
            SKIPPED.append((op, str(err)[:200]))
            return
        node = g.get_operation_by_name(op)
        entry["attrs"] = {k: attr_value(v) for k, v in sorted(node.node_def.attr.items())
                          if not k.startswith("_")}
        entry["outputs"] = [shape_json(t.shape) for t in node.outputs]
    CASES.append(entry)


def allowed(op, attr="T"):
    op_def = op_def_registry.get(op)
    for a in op_def.attr:
        if a.name == attr and a.HasField("allowed_values"):
            return [tf.as_dtype(t).name for t in a.allowed_values.list.type]
    return None


def pick_dtype(op, attr="T"):
    first = op_def_registry.get(op).input_arg[0]
    if first.type:
        return tf.as_dtype(first.type).name
    names = allowed(op, attr)
    if names is None:
        return "float32"
    for want in ("float32", "int32", "bool", "complex64", "string"):
        if want in names:
            return want
    return names[0]


UNARY = """Abs Neg Sign Reciprocal Inv Square Sqrt Rsqrt Exp Expm1 Log Log1p Sin Cos Tan Asin Acos
Atan Sinh Cosh Tanh Asinh Acosh Atanh Floor Ceil Round Rint IsNan IsInf IsFinite Erf Erfc Lgamma
Digamma Sigmoid OnesLike ZerosLike Erfinv""".split()

BINARY = """Add AddV2 Sub Mul Div RealDiv DivNoNan FloorDiv FloorMod TruncateDiv TruncateMod Mod
Maximum Minimum Pow SquaredDifference Atan2 Xdivy Xlogy MulNoNan BitwiseAnd BitwiseOr BitwiseXor
LeftShift RightShift Complex Equal NotEqual Less LessEqual Greater GreaterEqual LogicalAnd
LogicalOr""".split()


def unary_cases():
    shapes = [[2, 3], [U, 4], None, []]
    for op in UNARY:
        dt = pick_dtype(op)
        for s in shapes[:3]:
            case(op, [P(s, dt)])
    for s in shapes:
        case("LogicalNot", [P(s, "bool")])
        case("Invert", [P(s, "int32")])
    for op in ("Real", "Imag", "Conj", "ComplexAbs", "Angle"):
        for s in shapes[:3]:
            case(op, [P(s, "complex64")])
    for s in shapes:
        case("Cast", [P(s)], {"DstT": "int32"})
        case("CheckNumerics", [P(s)], {"message": "bad"})
    case("Cast", [P([U, 2, U], "int64")], {"DstT": "float32", "Truncate": True})


BCAST_PAIRS = [
    ([2, 3], [3]), ([2, 3], [2, 3]), ([2, 1], [1, 3]), ([U, 3], [3]), ([U], [1]), ([1], [U]),
    ([U], [U]), ([2, 3], [4]), (None, [3]), ([3], None), ([0], [U]), ([U], [0]), ([5, 1, 3], [2, 1]),
    ([], [2, 3]), ([U, 1], [U, 5]), ([2], [0]), ([1], [0]), ([0], [1]), ([4, U], [U, 4]),
    ([2, 3, 4], [3, 5]), ([U, 2], [3, 1, 1]), ([1, 1], [U]), ([7], [U, 1]), ([2, U], [3, 1]),
]


def binary_cases():
    few = [([2, 3], [3]), ([U, 1], [1, 4]), ([2, 3], [4]), (None, [2])]
    for op in BINARY:
        dt = pick_dtype(op)
        if op == "Complex":
            dt = "float32"
        for x, y in few:
            case(op, [P(x, dt), P(y, dt)])
    for x, y in BCAST_PAIRS:
        case("AddV2", [P(x), P(y)])
    for x, y in BCAST_PAIRS[:16]:
        case("Equal", [P(x), P(y)], {"incompatible_shape_error": False})
        case("NotEqual", [P(x), P(y)], {"incompatible_shape_error": False})
    for x, y in [([2, 3], [2, 3]), ([U, 3], [2, U]), ([2], [3]), (None, [2]), ([2, 3], [3])]:
        case("ApproximateEqual", [P(x), P(y)])


def addn_cases():
    for shapes in ([[2, 3], [2, 3]], [[U, 3], [2, U], [2, 3]], [[2], [3]], [None, [2, U]],
                   [[2, 3], [2]], [None, None], [[U], [U], [4]], [[2, 3], [2, 3], [2, 4]],
                   [[1]], [[2, U], None, [U, 5]]):
        case("AddN", [[P(s) for s in shapes]])


def bitcast_cases():
    for src, dst, shape in [
        ("float32", "int8", [2, 3]), ("int8", "float32", [2, 4]), ("int8", "float32", [2, 3]),
        ("float32", "int32", [U, 3]), ("complex64", "float32", [2]), ("float64", "int32", [U]),
        ("int16", "float32", [3, 2]), ("int8", "float32", []), ("int8", "float32", None),
        ("int8", "float32", [3, U]), ("uint8", "float64", [8]), ("float16", "int8", [5]),
        ("int64", "complex64", [2, 1]), ("complex128", "uint16", [3]),
    ]:
        case("Bitcast", [P(shape, src)], {"type": dst})


def matmul_cases():
    for a, b, ta, tb in [
        ([2, 3], [3, 4], False, False), ([3, 2], [3, 4], True, False),
        ([2, 3], [4, 3], False, True), ([3, 2], [4, 3], True, True), ([2, 3], [4, 5], False, False),
        ([U, 3], [3, U], False, False), (None, [3, 4], False, False), ([2, 3, 4], [4, 5], False, False),
        ([2], [2, 3], False, False), (None, None, True, True), ([U, U], [U, 7], True, False),
    ]:
        case("MatMul", [P(a), P(b)], {"transpose_a": ta, "transpose_b": tb})
    bmm = [
        ([2, 3, 4], [2, 4, 5], False, False), ([2, 4, 3], [2, 4, 5], True, False),
        ([2, 3, 4], [2, 5, 4], False, True), ([3, 4], [4, 5], False, False),
        ([2, 3, 4], [3, 4, 5], False, False), ([U, 3, 4], [2, U, 5], False, False),
        ([1, 3, 4], [5, 4, 2], False, False), ([2, 3, 4], [4, 5], False, False),
        (None, [2, 4, 5], False, False), ([2, 3, 4], [2, 5, 5], False, False), ([3], [3, 4], False, False),
        ([6, 1, 3, 4], [5, 4, 2], False, False), ([U, 3, 4], None, False, True),
    ]
    for a, b, ax, ay in bmm:
        case("BatchMatMul", [P(a), P(b)], {"adj_x": ax, "adj_y": ay})
        case("BatchMatMulV2", [P(a), P(b)], {"adj_x": ax, "adj_y": ay})
    for a, b, ax, ay in bmm[:6]:
        case("BatchMatMulV3", [P(a), P(b)], {"adj_x": ax, "adj_y": ay, "Tout": "float32"})
    for eq, shapes in [
        ("ij,jk->ik", [[2, 3], [3, 4]]), ("ij,jk->ki", [[2, 3], [3, 4]]), ("ij->ji", [[2, 3]]),
        ("ii->i", [[3, 3]]), ("ij->", [[2, 3]]), ("...ij,...jk->...ik", [[5, 2, 3], [3, 4]]),
        ("bij,bjk->bik", [[U, 2, 3], [7, 3, U]]), ("ij,jk->ik", [[2, 3], [4, 5]]),
        ("ij,jk->ik", [[2, 3, 1], [3, 4]]), ("...ij->...ji", [None]), ("ij,jk->ik", [None, [3, 4]]),
        ("ab...,b->a...", [[2, 3, 4, 5], [3]]), ("i,i->", [[4], [4]]), ("i,j->ij", [[2], [3]]),
        ("ij,jk->iz", [[2, 3], [3, 4]]), ("...i,...i->...", [[2, 1, 3], [4, 3]]),
        ("ij,ij->ij", [[2, U], [U, 3]]), ("...ij,...jk->ik", [[5, 2, 3], [3, 4]]),
    ]:
        case("Einsum", [[P(s) for s in shapes]], {"equation": eq})
    for ind, vals, shape, b, aa, ab in [
        (P([5, 2], "int64"), P([5]), C([3, 4], "int64"), P([4, 6]), False, False),
        (P([5, 2], "int64"), P([5]), C([3, 4], "int64"), P([3, 6]), True, False),
        (P([5, 2], "int64"), P([5]), C([3, 4], "int64"), P([6, 4]), False, True),
        (P([5, 2], "int64"), P([5]), P([2], "int64"), P([4, 6]), False, False),
        (P([5, 2], "int64"), P([5]), C([3, 4], "int64"), P([5, 6]), False, False),
        (P([5, 2, 1], "int64"), P([5]), C([3, 4], "int64"), P([4, 6]), False, False),
        (P([U, 2], "int64"), P([U]), S([U, 4], "int64"), P([4, U]), False, False),
        (P([5, 2], "int64"), P([5]), C([3, 4, 5], "int64"), P([4, 6]), False, False),
    ]:
        case("SparseTensorDenseMatMul", [ind, vals, shape, b], {"adjoint_a": aa, "adjoint_b": ab})


def reduction_cases():
    sum_cases = [
        ([2, 3, 4], C([1]), False), ([2, 3, 4], C([1]), True), ([2, 3, 4], C([0, 2]), False),
        ([2, 3, 4], C([-1]), False), ([2, 3, 4], C(1), True), ([2, 3, 4], C([], "int32"), False),
        ([2, 3, 4], C([1, 1]), False), ([2, 3, 4], C([3]), False), ([2, 3, 4], C([-4]), False),
        ([2, 3, 4], P([1], "int32"), False), ([2, 3, 4], P([1], "int32"), True),
        (None, C([0]), True), (None, C([0]), False), ([U, 3], C([0], "int64"), False),
        ([U, 3], C([0, 1], "int64"), True), ([], C([], "int32"), False), ([2, 3], P([1, 1], "int32"), False),
        ([2, 3], C([[0]]), False), ([U, U, 5], C([-2]), True), ([2, 3, 4], P(None, "int32"), True),
    ]
    for shape, axes, keep in sum_cases:
        case("Sum", [P(shape), axes], {"keep_dims": keep})
    for op in ("Mean", "Max", "Min", "Prod"):
        for shape, axes, keep in sum_cases[:5] + [sum_cases[7], sum_cases[11]]:
            case(op, [P(shape), axes], {"keep_dims": keep})
    for op in ("All", "Any"):
        for shape, axes, keep in sum_cases[:4] + [sum_cases[8], sum_cases[12]]:
            case(op, [P(shape, "bool"), axes], {"keep_dims": keep})
    for op in ("ArgMax", "ArgMin"):
        for shape, dim in [([2, 3, 4], C(1)), ([2, 3, 4], C(-1)), ([2, 3, 4], C(3)),
                           ([2, 3], C(-3)), ([U, 3], C(0, "int64")), (None, C(0)),
                           ([2, 3], P([], "int32")), (None, P([], "int32")), ([5], C(0)),
                           ([2, 3], C([1])), ([], P([], "int32")), ([], C(0))]:
            case(op, [P(shape), dim])
    for op in ("Cumsum", "Cumprod"):
        for shape, axis in [([2, 3], C(1)), ([U, 3], C(0)), (None, C(0)), ([], C(0)),
                            ([2, 3], C([1])), ([2, 3], P([], "int32")), ([4], C(5))]:
            case(op, [P(shape), axis], {"exclusive": False, "reverse": True})


def select_cases():
    for cond, t, e in [
        ([2, 3], [2, 3], [2, 3]), ([], [2, 3], [2, 3]), ([2], [2, 3], [2, 3]), ([3], [2, 3], [2, 3]),
        ([2, 3], [2, 3], [2, 4]), ([2, 1], [2, 3], [2, 3]), (None, [2, 3], [U, 3]),
        ([U], [U, 3], [4, U]), ([2], [], []), ([1], [], []), ([2, 3], None, [2, 3]),
        ([2, 3, 4], [2, 3], [2, 3]), ([U, 3], [2, U], [U, U]), ([], [], []),
    ]:
        case("Select", [P(cond, "bool"), P(t), P(e)])
    for cond, t, e in [
        ([2, 3], [2, 3], [2, 3]), ([], [2, 3], [3]), ([2, 1], [1, 3], [3]), ([2], [3], [3]),
        ([U, 1], [1, 5], [U, 1]), (None, [2], [2]), ([2, 3], [4], [3]), ([4, 1, 1], [U, 3], []),
    ]:
        case("SelectV2", [P(cond, "bool"), P(t), P(e)])
    for t, lo, hi in [([2, 3], [], []), ([2, 3], [2, 3], [2, 3]), ([2, 3], [3], []),
                      (None, [], []), ([U, 3], [2, 3], [])]:
        case("ClipByValue", [P(t), P(lo), P(hi)])


def random_cases():
    for shape in (C([2, 3]), P([3], "int32"), P(None, "int32"), S([U, 3]), C([], "int32"),
                  C([2, -1]), P([2, 2], "int32"), C(5), S([4, U, 2], "int64")):
        for op in ("RandomUniform", "RandomStandardNormal", "TruncatedNormal"):
            case(op, [shape], {"dtype": "float32"})
    for shape, lo, hi in [(C([2, 3]), P([], "int32"), P([], "int32")),
                          (C([2, 3]), P([2], "int32"), P([], "int32")),
                          (S([U, 4]), P([], "int32"), P([], "int32")),
                          (C([4]), P([], "int32"), P([1, 1], "int32"))]:
        case("RandomUniformInt", [shape, lo, hi])
    for logits, n in [(P([2, 5]), C(3)), (P([U, 5]), P([], "int32")), (P([5]), C(3)),
                      (P([2, 5]), C([3])), (P(None), C(4)), (P([2, 5]), C(-1))]:
        case("Multinomial", [logits, n])
    for shape, key, counter, alg in [
        (C([2, 3]), P([1], "uint64"), P([2], "uint64"), P([], "int32")),
        (P([2], "int32"), P([1], "uint64"), P([2], "uint64"), P([], "int32")),
        (C([2, 3]), P([2], "uint64"), P([2], "uint64"), P([], "int32")),
        (C([2, 3]), P([1], "uint64"), P([2, 2], "uint64"), P([], "int32")),
        (C([2, 3]), P([1], "uint64"), P([2], "uint64"), P([1], "int32")),
    ]:
        case("StatelessRandomUniformV2", [shape, key, counter, alg])


def misc_cases():
    for start, stop, num in [(P([]), P([]), C(5)), (P([]), P([]), P([], "int32")),
                             (P([1]), P([]), C(5)), (P([]), P([2]), C(5)), (P([]), P([]), C(0)),
                             (P([]), P([]), C(-2)), (P([]), P([]), C([3])), (P(None), P([]), C(3, "int64"))]:
        case("LinSpace", [start, stop, num])
    for a, b in [([3], [3]), ([2, 3], [2, 3]), ([2, 3], [2, 4]), ([2, 4], [2, 4]),
                 ([U, U], [5, 3]), (None, [3]), ([], [3]), ([2, 3], [3])]:
        case("Cross", [P(a), P(b)])
    for s in ([5], [U], None, [2, 3], []):
        case("Unique", [P(s)])
    for shapes in ([[], []], [[2], []], [[2, 3], [2, 3]], [[2], [3]], [None, []], [None, [4]],
                   [[U], [5], []], [[2, U], [U, 3]], [[]]):
        case("StringJoin", [[P(s, "string") for s in shapes]], {"separator": "-"})
    for s in ([2, 3], None):
        case("AsString", [P(s, "int32")])
        case("StringToNumber", [P(s, "string")], {"out_type": "float32"})
    for template, shapes in [("%s and %s", [[2], []]), ("none", []), ("%s", [[2], [3]]),
                             ("x{}y", [[2]])]:
        attrs = {"template": template}
        if "{}" in template:
            attrs["placeholder"] = "{}"
        case("StringFormat", [[P(s) for s in shapes]], attrs)
    for inp, shape in [([2, 3], [2, 3]), ([U, 3], [2, U]), ([2, 3], [2, 4]), (None, [U, 3]),
                       ([2, 3], None), ([2, 3], [2, 3, 1]), ([U], [])]:
        case("EnsureShape", [P(inp)], {"shape": shape})
    for ind, depth, axis in [([3], C(5), -1), ([2, 3], C(5), 0), ([2, 3], C(5), 1),
                             ([2, 3], P([], "int32"), -1), (None, C(4), -1), ([2, 3], C(5), 2),
                             ([2, 3], C(5), 3), ([2], C(5), -2), ([], C(3), -1), ([2], C(-1), -1),
                             ([2], C([3]), -1)]:
        case("OneHot", [P(ind, "int32"), depth, P([]), P([])], {"axis": axis})


def conv_cases():
    C2 = "Conv2D"
    for inp, filt, strides, padding, fmt, dil, expl in [
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([2, 7, 9, 3], [3, 2, 3, 4], [1, 2, 3, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([2, 7, 9, 3], [3, 2, 3, 4], [1, 2, 3, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([2, 7, 9, 3], [3, 3, 3, 4], [1, 1, 1, 1], "VALID", "NHWC", [1, 2, 2, 1], []),
        ([2, 7, 9, 3], [3, 3, 3, 4], [1, 1, 1, 1], "SAME", "NHWC", [1, 2, 3, 1], []),
        ([2, 3, 7, 9], [3, 3, 3, 4], [1, 1, 2, 2], "VALID", "NCHW", [1, 1, 1, 1], []),
        ([2, 3, 7, 9], [3, 3, 3, 4], [1, 1, 2, 2], "SAME", "NCHW", [1, 1, 1, 1], []),
        ([2, 3, 7, 9], [3, 3, 3, 4], [1, 1, 1, 1], "VALID", "NCHW", [1, 1, 2, 2], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "EXPLICIT", "NHWC", [1, 1, 1, 1],
         [0, 0, 1, 2, 3, 4, 0, 0]),
        ([1, 3, 5, 5], [3, 3, 3, 8], [1, 1, 2, 1], "EXPLICIT", "NCHW", [1, 1, 1, 1],
         [0, 0, 0, 0, 1, 1, 2, 2]),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "EXPLICIT", "NHWC", [1, 1, 1, 1], [1, 1]),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "EXPLICIT", "NHWC", [1, 1, 1, 1],
         [1, 0, 1, 2, 3, 4, 0, 0]),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "EXPLICIT", "NHWC", [1, 1, 1, 1],
         [0, 0, -1, 2, 3, 4, 0, 0]),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1],
         [0, 0, 1, 2, 3, 4, 0, 0]),
        ([1, 5, 5, 3], [3, 3, 4, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 6], [3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 6], [3, 3, 3, 7], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 2, 2, 3], [3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 4, 4, 3], [3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 2, 2, 1], []),
        ([U, U, 5, 3], [3, U, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([U, U, U, U], [3, 3, U, 8], [1, 2, 2, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        (None, [3, 3, 3, 8], [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5], [3, 3, 3, 8], [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "SAME", "NHWC", [1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 0, 1, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NHWC", [1, 0, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 8], [1, 1, 1, 1], "EXPLICIT", "NCHW", [1, 1, 1, 1],
         [0, 0, 1, 2, 3, 4, 0, 0]),
        ([3, 8, 8, 4], [1, 1, 4, 2], [1, 3, 3, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
    ]:
        case(C2, [P(inp), P(filt)], {"strides": strides, "padding": padding, "data_format": fmt,
                                      "dilations": dil, "explicit_paddings": expl})
    for sizes, filt, grad, fmt, padding in [
        (C([1, 5, 5, 3]), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "VALID"),
        (C([1, 3, 5, 5]), [3, 3, 3, 8], [1, 8, 3, 3], "NCHW", "VALID"),
        (C([5, 5]), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "VALID"),
        (P([4], "int32"), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "SAME"),
        (P([2], "int32"), [3, 3, 3, 8], [U, 3, 3, U], "NHWC", "SAME"),
        (C([1, 5, 5, 3]), [3, 3, 3, 8], [1, 3, 3, 7], "NHWC", "VALID"),
        (C([2, 5, 5, 3]), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "VALID"),
        (C([1, 5, 5]), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "VALID"),
        (P(None, "int32"), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "VALID"),
        (S([U, 5, U, 6]), [3, 3, 3, 8], [1, 3, 3, 8], "NHWC", "VALID"),
        (C([1, 5, 5, 3]), [3, 3, 3], [1, 3, 3, 8], "NHWC", "VALID"),
    ]:
        case("Conv2DBackpropInput", [sizes, P(filt), P(grad)],
             {"strides": [1, 1, 1, 1], "padding": padding, "data_format": fmt})
    for inp, sizes, grad in [([1, 5, 5, 3], C([3, 3, 3, 8]), [1, 3, 3, 8]),
                             ([1, 5, 5, 3], P([4], "int32"), [1, 3, 3, 8]),
                             ([1, 5, 5, 3], C([3, 3, 8]), [1, 3, 3, 8]),
                             ([1, 5, 5, 3], S([3, U, 3, 8]), [1, 3, 3, 8]),
                             ([1, 5, 5, 3], P(None, "int32"), [1, 3, 3, 8])]:
        case("Conv2DBackpropFilter", [P(inp), sizes, P(grad)],
             {"strides": [1, 1, 1, 1], "padding": "VALID"})
    for inp, filt, strides, padding, fmt, dil, expl in [
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 2, 2, 1], "SAME", "NHWC", [1, 1, 1, 1], []),
        ([1, 3, 5, 5], [3, 3, 3, 2], [1, 1, 2, 2], "VALID", "NCHW", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 4, 2], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 9, 9, 3], [3, 3, 3, 2], [1, 1, 1, 1], "VALID", "NHWC", [1, 2, 2, 1], []),
        ([U, 5, 5, U], [3, 3, 3, U], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 1, 1, 1], "EXPLICIT", "NHWC", [1, 1, 1, 1],
         [0, 0, 1, 1, 2, 2, 0, 0]),
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1], []),
        (None, [3, 3, 3, 2], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
        ([1, 5, 5, 3], [3, 3, 3, 0], [1, 1, 1, 1], "VALID", "NHWC", [1, 1, 1, 1], []),
    ]:
        case("DepthwiseConv2dNative", [P(inp), P(filt)],
             {"strides": strides, "padding": padding, "data_format": fmt, "dilations": dil,
              "explicit_paddings": expl})
    for sizes in (C([1, 5, 5, 3]), P([4], "int32"), C([5, 5, 3]), S([1, U, 5, 3])):
        case("DepthwiseConv2dNativeBackpropInput", [sizes, P([3, 3, 3, 2]), P([1, 3, 3, 6])],
             {"strides": [1, 1, 1, 1], "padding": "VALID"})
        case("DepthwiseConv2dNativeBackpropFilter", [P([1, 5, 5, 3]), sizes, P([1, 3, 3, 6])],
             {"strides": [1, 1, 1, 1], "padding": "VALID"})
    for inp, filt, strides, padding, fmt, dil in [
        ([1, 5, 6, 7, 3], [2, 3, 3, 3, 8], [1, 1, 1, 1, 1], "VALID", "NDHWC", [1, 1, 1, 1, 1]),
        ([1, 5, 6, 7, 3], [2, 3, 3, 3, 8], [1, 2, 2, 2, 1], "SAME", "NDHWC", [1, 1, 1, 1, 1]),
        ([1, 3, 5, 6, 7], [2, 3, 3, 3, 8], [1, 1, 1, 2, 3], "VALID", "NCDHW", [1, 1, 1, 1, 1]),
        ([1, 9, 9, 9, 3], [2, 3, 3, 3, 8], [1, 1, 1, 1, 1], "VALID", "NDHWC", [1, 2, 1, 3, 1]),
        ([1, 3, 9, 9, 9], [2, 3, 3, 3, 8], [1, 1, 1, 1, 1], "VALID", "NCDHW", [1, 1, 2, 1, 3]),
        ([1, 5, 6, 7, 3], [2, 3, 3, 4, 8], [1, 1, 1, 1, 1], "VALID", "NDHWC", [1, 1, 1, 1, 1]),
        ([1, 5, 6, 7, 6], [2, 3, 3, 3, 8], [1, 1, 1, 1, 1], "VALID", "NDHWC", [1, 1, 1, 1, 1]),
        ([1, 5, 6, 7], [2, 3, 3, 3, 8], [1, 1, 1, 1, 1], "VALID", "NDHWC", [1, 1, 1, 1, 1]),
        ([1, 5, 6, 7, 3], [2, 3, 3, 3, 8], [1, 1, 1, 1], "VALID", "NDHWC", [1, 1, 1, 1, 1]),
        ([U, U, 6, 7, 3], [2, 3, U, 3, 8], [1, 1, 1, 1, 1], "SAME", "NDHWC", [1, 1, 1, 1, 1]),
        ([1, 1, 6, 7, 3], [2, 3, 3, 3, 8], [1, 1, 1, 1, 1], "VALID", "NDHWC", [1, 1, 1, 1, 1]),
    ]:
        case("Conv3D", [P(inp), P(filt)], {"strides": strides, "padding": padding,
                                            "data_format": fmt, "dilations": dil})


def bias_cases():
    for value, bias, fmt in [([2, 3], [3], "NHWC"), ([2, 3, 4, 5], [5], "NHWC"),
                             ([2, 3, 4, 5], [3], "NCHW"), ([2, 3], [4], "NHWC"),
                             ([2, 3, 4], [3], "NCHW"), ([2, 3], [3], "NCHW"), ([3], [3], "NHWC"),
                             (None, [3], "NHWC"), ([U, U], [7], "NHWC"), ([2, U, 4], [6], "NCHW"),
                             ([2, 3], [3, 1], "NHWC"), ([2, 3, 4, 5], [4], "NCHW")]:
        case("BiasAdd", [P(value), P(bias)], {"data_format": fmt})
    for value, bias in [([2, 3], [3]), ([2, 3], [4]), ([3], [3]), (None, [2])]:
        case("BiasAddV1", [P(value), P(bias)])
    for g, fmt in [([2, 3], "NHWC"), ([2, 3, 4, 5], "NCHW"), ([2, 3, 4, 5], "NHWC"), ([3], "NHWC"),
                   ([2, 3], "NCHW"), (None, "NHWC"), (None, "NCHW"), ([2, U, 4], "NCHW")]:
        case("BiasAddGrad", [P(g)], {"data_format": fmt})


def pool_cases():
    for inp, ksize, strides, padding, fmt in [
        ([1, 5, 5, 3], [1, 2, 2, 1], [1, 2, 2, 1], "VALID", "NHWC"),
        ([1, 5, 5, 3], [1, 2, 2, 1], [1, 2, 2, 1], "SAME", "NHWC"),
        ([1, 3, 5, 5], [1, 1, 3, 3], [1, 1, 2, 2], "VALID", "NCHW"),
        ([1, 3, 5, 5], [1, 1, 3, 3], [1, 1, 2, 2], "SAME", "NCHW"),
        ([1, 5, 5, 4], [1, 1, 1, 2], [1, 1, 1, 2], "VALID", "NHWC"),
        ([U, 7, U, 3], [1, 3, 3, 1], [1, 2, 2, 1], "VALID", "NHWC"),
        ([1, 2, 2, 3], [1, 3, 3, 1], [1, 1, 1, 1], "VALID", "NHWC"),
        ([1, 5, 5], [1, 2, 2, 1], [1, 2, 2, 1], "VALID", "NHWC"),
        ([1, 5, 5, 3], [1, 2, 2], [1, 2, 2, 1], "VALID", "NHWC"),
        ([1, 5, 5, 3], [1, 2, 2, 1], [1, 2, 2], "VALID", "NHWC"),
        (None, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", "NHWC"),
        ([1, 5, 5, 3], [1, 2, 2, 1], [1, 0, 2, 1], "VALID", "NHWC"),
    ]:
        attrs = {"ksize": ksize, "strides": strides, "padding": padding, "data_format": fmt}
        case("MaxPool", [P(inp)], attrs)
        case("AvgPool", [P(inp)], attrs)
    for inp, ksize, strides in [([1, 5, 5, 3], C([1, 2, 2, 1]), C([1, 2, 2, 1])),
                                ([1, 5, 5, 3], P([4], "int32"), C([1, 2, 2, 1])),
                                ([1, 5, 5, 3], C([1, 2, 2]), C([1, 2, 2, 1])),
                                ([1, 5, 5, 3], C([1, 2, 2, 1]), P([3], "int32")),
                                ([U, 9, 9, 3], C([1, 3, 3, 1]), C([1, 3, 3, 1]))]:
        case("MaxPoolV2", [P(inp), ksize, strides], {"padding": "VALID"})
    attrs = {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}
    for a, b, c in [([1, 4, 4, 3], [1, 2, 2, 3], [1, 2, 2, 3]), (None, [1, 2, 2, 3], [1, 2, 2, 3]),
                    ([1, 4, 4], [1, 2, 2, 3], [1, 2, 2, 3]), ([U, 4, 4, 3], None, None)]:
        case("MaxPoolGrad", [P(a), P(b), P(c)], attrs)
        case("MaxPoolGradV2", [P(a), P(b), P(c), C([1, 2, 2, 1]), C([1, 2, 2, 1])], {"padding": "VALID"})
    for shape in (C([1, 4, 4, 3]), P([4], "int32"), C([4, 4, 3]), S([U, 4, 4, U]), P(None, "int32")):
        case("AvgPoolGrad", [shape, P([1, 2, 2, 3])], attrs)


def batchnorm_cases():
    for op in ("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"):
        u = "float32"
        for x, vecs, fmt, training in [
            ([2, 4, 4, 3], [[3], [3], [0], [0]], "NHWC", True),
            ([2, 3, 4, 4], [[3], [3], [0], [0]], "NCHW", True),
            ([2, 4, 4, 3], [[3], [3], [3], [3]], "NHWC", False),
            ([2, 4, 4, 3], [[4], [3], [0], [0]], "NHWC", True),
            ([2, 4, 4, 3], [[3], [3], [4], [3]], "NHWC", False),
            ([2, 4, 4, 3], [[3], [3], [4], [3]], "NHWC", True),
            ([U, U, U, U], [[U], [5], [U], [U]], "NHWC", False),
            (None, [[3], [U], [0], [0]], "NCHW", True),
            ([2, 4, 3], [[3], [3], [0], [0]], "NHWC", True),
            ([2, 4, 4, 3], [[3, 1], [3], [0], [0]], "NHWC", True),
            ([2, 4, 4, 3], [[3], [3], [3, 1], [3]], "NHWC", True),
        ]:
            attrs = {"data_format": fmt, "is_training": training}
            ins = [P(x)] + [P(v, u) for v in vecs]
            case(op, ins, attrs)
        if op == "FusedBatchNormV3":
            case(op, [P([2, 4, 4, 3])] + [P(v) for v in [[3], [3], [4], [3]]],
                 {"is_training": True, "exponential_avg_factor": 0.5})
            case(op, [P([2, 4, 4, 4, 3])] + [P(v) for v in [[3], [3], [0], [0]]],
                 {"data_format": "NDHWC"})
            case(op, [P([2, 3, 4, 4, 4])] + [P(v) for v in [[3], [3], [0], [0]]],
                 {"data_format": "NCDHW"})
            case(op, [P([2, 4, 4, 3])] + [P(v) for v in [[3], [3], [0], [0]]],
                 {"data_format": "NDHWC"})
    for op in ("FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"):
        for dy, x, vecs, fmt in [
            ([2, 4, 4, 3], [2, 4, 4, 3], [[3], [3], [3]], "NHWC"),
            ([2, 3, 4, 4], [2, 3, 4, 4], [[3], [3], [3]], "NCHW"),
            ([2, 4, 4, 3], [2, 4, 4, 5], [[3], [3], [3]], "NHWC"),
            ([U, 4, 4, U], [2, U, U, U], [[U], [7], [U]], "NHWC"),
            ([2, 4, 4, 3], [2, 4, 4, 3], [[3], [3], [2]], "NHWC"),
            ([2, 4, 3], [2, 4, 4, 3], [[3], [3], [3]], "NHWC"),
            (None, None, [[3], [3], [3]], "NCHW"),
        ]:
            ins = [P(dy), P(x)] + [P(v) for v in vecs]
            if op == "FusedBatchNormGradV3":
                ins.append(P([U]))
            case(op, ins, {"data_format": fmt})
        if op == "FusedBatchNormGradV3":
            case(op, [P([2, 4, 4, 4, 3]), P([2, 4, 4, 4, 3]), P([3]), P([3]), P([3]), P([U])],
                 {"data_format": "NDHWC"})


ACTIVATIONS = "Relu Relu6 Elu Selu LeakyRelu Softplus Softsign".split()
GRADS = """ReluGrad Relu6Grad EluGrad SeluGrad LeakyReluGrad SoftplusGrad SoftsignGrad SigmoidGrad
TanhGrad""".split()


def activation_cases():
    for op in ACTIVATIONS:
        for s in ([2, 3], None, []):
            case(op, [P(s)])
    for op in GRADS:
        for a, b in [([2, 3], [2, 3]), ([U, 3], [2, U]), ([2, 3], [3, 3]), ([2, 3], [3]), (None, [4])]:
            case(op, [P(a), P(b)])
    for op in ("Softmax", "LogSoftmax"):
        for s in ([2, 3], [3], [], None, [U, 2, 5]):
            case(op, [P(s)])
    for f, l in [([2, 3], [2, 3]), ([U, 3], [2, U]), ([2, 3], [2, 4]), ([2, 3], [3]),
                 ([1, 3], [2, 3]), ([2, 3, 1], [2, 3]), (None, [2, 3]), ([3], [2, 3]),
                 ([2, 1], [1, 3]), ([U, 3], [1, U]), (None, None), ([2, 3], None),
                 ([2, 1, 3], [1, 3]), ([3], [3]), ([], [2, 3]), (None, [3]), ([U], [U, 4])]:
        case("SoftmaxCrossEntropyWithLogits", [P(f), P(l)])
    for f, l in [([2, 5], [2]), ([U, 5], [3]), ([2, 5], [3]), ([2, 5, 1], [2]), ([2, 5], [2, 1]),
                 (None, [U]), ([U, U], None)]:
        case("SparseSoftmaxCrossEntropyWithLogits", [P(f), P(l, "int32")])
    for s in ([2, 3], None, []):
        case("L2Loss", [P(s)])
    for s, k in [([2, 10], C(3)), ([10], C(10)), ([10], C(11)), ([2, U], C(3)), ([], C(1)),
                 (None, C(2)), ([2, 10], P([], "int32")), ([2, 10], C([3])), ([5], C(-1)),
                 ([0], C(0))]:
        case("TopKV2", [P(s), k])


def image_cases():
    for op in ("ResizeBilinear", "ResizeNearestNeighbor"):
        for img, size in [([1, 4, 4, 3], C([8, 6])), ([U, 4, 4, U], P([2], "int32")),
                          ([1, 4, 4], C([8, 8])), ([1, 4, 4, 3], C([8, 8, 8])),
                          ([1, 4, 4, 3], C([[8, 8]])), (None, C([2, 3])),
                          ([1, 4, 4, 3], S([U, 5]))]:
            case(op, [P(img), size])
    for g, orig in [([1, 8, 8, 3], [1, 4, 4, 3]), ([1, 8, 8], [1, 4, 4, 3]),
                    ([1, 8, 8, 3], [1, 4, 4]), (None, [U, 4, 4, 3]), ([1, 8, 8, 3], None)]:
        case("ResizeBilinearGrad", [P(g), P(orig)])
    for boxes, scores, mos, iou, st in [
        ([5, 4], [5], [], [], []), ([U, 4], [3], [], [], []), ([5, 4], [6], [], [], []),
        ([5, 3], [5], [], [], []), ([5, 4], [5], [1], [], []), ([5, 4, 1], [5], [], [], []),
        (None, None, [], [], []), ([5, 4], [5], [], [], [2]),
    ]:
        case("NonMaxSuppressionV3", [P(boxes), P(scores), P(mos, "int32"), P(iou), P(st)])


def extra_cases():
    """Edge paths: explicit-padded and NCHW_VECT_C pooling, 3-D formats, odd equations."""
    for inp, ksize, strides, padding, fmt, expl in [
        ([1, 5, 5, 3], [1, 3, 3, 1], [1, 2, 2, 1], "EXPLICIT", "NHWC", [0, 0, 1, 1, 2, 0, 0, 0]),
        ([1, 3, 5, 5], [1, 1, 3, 3], [1, 1, 1, 2], "EXPLICIT", "NCHW", [0, 0, 0, 0, 1, 1, 1, 1]),
        ([1, 5, 5, 3], [1, 3, 3, 1], [1, 2, 2, 1], "EXPLICIT", "NHWC", [0, 0, 1, 1]),
        ([1, 5, 5, 3], [1, 3, 3, 1], [1, 2, 2, 1], "SAME", "NHWC", [0, 0, 1, 1, 2, 0, 0, 0]),
        ([1, 5, 5, 3], [1, 3, 3, 1], [1, 2, 2, 1], "EXPLICIT", "NHWC", [0, 0, 1, 1, 2, 0, 1, 0]),
        ([1, 2, 5, 5, 4], [1, 1, 2, 2], [1, 1, 2, 2], "VALID", "NCHW_VECT_C", []),
        ([1, 2, 5, 5, 3], [1, 1, 2, 2], [1, 1, 2, 2], "VALID", "NCHW_VECT_C", []),
        ([1, 2, 5, 5], [1, 1, 2, 2], [1, 1, 2, 2], "VALID", "NCHW_VECT_C", []),
        ([1, 2, 5, 5, 32], [1, 1, 2, 2], [1, 1, 2, 2], "VALID", "NCHW_VECT_C", []),
        ([1, 2, 5, 5, U], [1, 1, 2, 2], [1, 1, 2, 2], "SAME", "NCHW_VECT_C", []),
    ]:
        case("MaxPool", [P(inp, "qint8" if fmt == "NCHW_VECT_C" else "float32")],
             {"ksize": ksize, "strides": strides, "padding": padding, "data_format": fmt,
              "explicit_paddings": expl})
    case("MaxPoolV2", [P([1, 2, 6, 6, 4], "qint8"), C([1, 1, 2, 2]), C([1, 1, 2, 2])],
         {"padding": "SAME", "data_format": "NCHW_VECT_C"})
    for op in ("FusedBatchNormGrad", "FusedBatchNormGradV3"):
        ins = [P([2, 4, 4, 3]), P([2, 4, 4, 3]), P([3]), P([3]), P([3])]
        if op == "FusedBatchNormGradV3":
            ins.append(P([U]))
        case(op, ins, {"is_training": False})
    case("FusedBatchNormV3", [P([2, 4, 4, 3])] + [P(v) for v in [[3], [3], [3], [3]]],
         {"is_training": False, "data_format": "NCHW"})
    case("FusedBatchNormV3", [P([2, 4, 4, 4, 3])] + [P(v) for v in [[3], [3], [0], [0]]],
         {"data_format": "NCDHW"})
    for eq, shapes in [
        ("...ij,...jk->...ik", [None, [3, 4]]), ("i..j,jk->ik", [[2, 3], [3, 4]]),
        ("i.j,jk->ik", [[2, 3], [3, 4]]), ("ij,jk,kl->il", [[2, 3], [3, 4], [4, 5]]),
        ("ij", [[2, 3]]), ("...i->i", [[4]]), ("...i->...", [[2, 3, 4]]),
        ("ij,jk->ik", [[2, U], [U, U]]), ("...ij->...", [None]), ("ij,jk", [[2, 3], [3, 4]]),
        ("aa->a", [[3, 4]]), ("...,...->...", [[2, 3], [3]]), ("i...,i...->i...", [[2, 3], [U, 1, 3]]),
    ]:
        case("Einsum", [[P(s) for s in shapes]], {"equation": eq})
    for x, y in [([2, 3], [2, 3]), ([2, 3], [3, 1]), ([U, U], [3]), (None, None), ([], [])]:
        case("Xlogy", [P(x), P(y)])
        case("Equal", [P(x), P(y)], {"incompatible_shape_error": False})
    for shape, k in [([U, 4, 5], C(2, "int64")), ([3, 0], C(0, "int64"))]:
        case("TopKV2", [P(shape), k])
    for inp, filt, strides, padding, fmt, expl in [
        ([1, 3, 5, 5], [3, 3, 3, 2], [1, 1, 1, 1], "EXPLICIT", "NCHW", [0, 0, 0, 0, 1, 1, 2, 2]),
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 1, 1, 1], "EXPLICIT", "NHWC", [0, 0, 1, 1]),
        ([1, 5, 5, 3], [3, 3, 3, 2], [1, 1, 1, 1], "SAME", "NHWC", [0, 0, 1, 1, 1, 1, 0, 0]),
        ([1, 3, 5, 5], [3, 3, 3, 2], [1, 1, 1, 1], "EXPLICIT", "NCHW", [0, 0, 1, 0, 1, 1, 2, 2]),
    ]:
        case("DepthwiseConv2dNative", [P(inp), P(filt)],
             {"strides": strides, "padding": padding, "data_format": fmt, "explicit_paddings": expl})
    for inp, filt in [([2, 5, 5, 6], [3, 3, 2, 9]), ([2, 5, 5, 6], [3, 3, 2, U]),
                      ([2, 5, 5, U], [3, 3, 2, 9]), ([2, 5, 5, 6], [3, 3, 0, 9]),
                      ([2, 5, 5, U], [3, 3, 0, 9]), ([2, 5, 5, 0], [3, 3, 0, 9])]:
        case("Conv2D", [P(inp), P(filt)], {"strides": [1, 1, 1, 1], "padding": "VALID"})
    for inp, filt, strides, dil in [
        ([1, 9, 9, 3], [3, 3, 3, 4], [1, 2, 3, 1], [1, 2, 1, 1]),
        ([1, 10, 10, 3], [4, 4, 3, 4], [1, 3, 3, 1], [1, 3, 2, 1]),
    ]:
        for padding in ("VALID", "SAME"):
            case("Conv2D", [P(inp), P(filt)], {"strides": strides, "padding": padding,
                                                "dilations": dil})
    for shape, axes in [([2, 3], C([0, -2])), ([2, 3], C([-1, 1, 1])), ([U, U], C([], "int64"))]:
        case("Max", [P(shape), axes], {"keep_dims": True})
    for start, limit in [([2, 3], [2, 3])]:
        case("ApproximateEqual", [P(start), P(limit)], {"tolerance": 0.5})
    case("EnsureShape", [P(None)], {"shape": None})
    case("EnsureShape", [P([])], {"shape": []})
    case("BiasAdd", [P([U, U, U]), P([U])], {"data_format": "NCHW"})
    for filt in ([2, 3, 3, 0, 8], [2, 3, 3, 1, 8]):
        case("Conv3D", [P([1, 5, 6, 7, 3]), P(filt)], {"strides": [1, 1, 1, 1, 1], "padding": "VALID"})
    case("BiasAdd", [P([2, 3, 4, 5, 6]), P([6])], {"data_format": "NHWC"})
    case("BiasAdd", [P([2, 3, 4, 5, 6]), P([3])], {"data_format": "NCHW"})
    case("StringFormat", [[P([2], "int32"), P([], "string")]], {"template": "{} {}", "placeholder": "{}"})
    case("Cast", [P([3], "bool")], {"DstT": "string"})
    case("Bitcast", [P([U], "int8"), ], {"type": "int64"})


def main():
    extra_cases()
    unary_cases()
    binary_cases()
    addn_cases()
    bitcast_cases()
    matmul_cases()
    reduction_cases()
    select_cases()
    random_cases()
    misc_cases()
    conv_cases()
    bias_cases()
    pool_cases()
    batchnorm_cases()
    activation_cases()
    image_cases()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "cases": CASES}, f, indent=None,
                  separators=(",", ":"), sort_keys=True)
        f.write("\n")
    errors = sum(1 for c in CASES if "error" in c)
    print(f"{len(CASES)} cases ({errors} errors); {len(SKIPPED)} skipped", file=sys.stderr)
    for op, msg in SKIPPED:
        print(f"  skipped {op}: {msg}", file=sys.stderr)


if __name__ == "__main__":
    main()
