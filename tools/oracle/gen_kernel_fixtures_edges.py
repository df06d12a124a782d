"""Edge-case kernel fixtures for the everyday op families: empty tensors, scalars, NaN/Inf,
broadcasting, and big odd shapes (1x1023, 7x13x17) that defeat a kernel's fast paths
(vector widths, tiles, thread splits), for elementwise unary and binary ops, comparisons,
Cast, Select, reductions, scans, matmuls, softmax, bias/activations, and the array ops
every graph uses (Transpose, ConcatV2, Reshape, Slice, StridedSlice, GatherV2, Tile, Pad,
Pack, Split, ReverseV2, OneHot, Conv2D, MaxPool, AvgPool).

Runs each op in real TensorFlow exactly as gen_kernel_fixtures_math.py does (placeholders of
unknown shape, CPU, graph mode). Inputs are small multiples of 1/8 so they print short; float
outputs use the shortest decimal that reads back to the same float32 (the fixtures stay small).

Run: cd tools/oracle && ../../.venv-tf/bin/python gen_kernel_fixtures_edges.py
Writes packages/conformance/fixtures/ops/edges-{elementwise,reduce,array,nn}.json.
"""
import os
import sys
import zlib

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_kernel_fixtures_math as m  # noqa: E402
from gen_kernel_fixtures_nn import compact_case  # noqa: E402

# tf.raw_ops spells these reductions' axis input `axis`, as gen_kernel_fixtures_math.py's ones.
m.PY_KWARG.update({"Split": {"split_dim": "axis"},
                   "SplitV": {"split_dim": "axis"}, "ExpandDims": {"dim": "axis"},
                   "Where": {"input": "condition"}})
NAN, INF = float("nan"), float("inf")
SEED = 20251126
RNG = np.random.default_rng(SEED)
BIG = [[1, 1023], [7, 13, 17]]
SPECIALS = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0]


def eighths(n, lo=-32, hi=32):
    """n values k/8 for integers k in [lo, hi]: exact in every float type, short in JSON."""
    return list(RNG.integers(lo, hi, n, endpoint=True) / 8.0)


def ints(n, lo=-50, hi=50):
    return [int(v) for v in RNG.integers(lo, hi, n, endpoint=True)]


def vals(dt, shape, lo=-32, hi=32):
    n = int(np.prod(shape))
    if dt == "bool":
        return m.A(list(RNG.integers(0, 1, n, endpoint=True).astype(bool)), dt, shape)
    if dt.startswith("int") or dt.startswith("uint"):
        return m.A(ints(n, max(lo, 0) if dt.startswith("u") else lo, hi), dt, shape)
    return m.A(eighths(n, lo, hi), dt, shape)


class Edges(m.Family):
    def case(self, op, inputs, attrs=None, note=None, tol=None):
        c = super().case(op, inputs, attrs, note, tol)
        compact_case(c)
        return c


F32_TRANS = m.TRANS_TOL["float32"]
SUM = m.LONG_SUM_TOL["float32"]
MM = m.MM_TOL["float32"]
SOFTMAX = {"rtol": 2e-6, "atol": 1e-7}
# TF's float32 sigmoid is a rational approximation: a few ulp from the true value.
SIGMOID = {"rtol": 1e-6, "atol": 1e-7}
# Activations built on exp/expm1/log1p (Eigen's in TF): per dtype, as gen_kernel_fixtures_math.py.
ACT = m.ACT_TOL

UNARY = {  # op: (domain lo, hi in eighths, tolerance)
    "Abs": (-32, 32, None), "Neg": (-32, 32, None), "Square": (-32, 32, None),
    "Floor": (-32, 32, None), "Ceil": (-32, 32, None), "Round": (-32, 32, None),
    "Sign": (-32, 32, None), "Sqrt": (0, 64, None), "Rsqrt": (1, 64, F32_TRANS),
    "Exp": (-40, 40, F32_TRANS), "Log": (1, 64, F32_TRANS), "Log1p": (-7, 64, F32_TRANS),
    "Tanh": (-32, 32, F32_TRANS), "Sigmoid": (-48, 48, SIGMOID), "Erf": (-24, 24, m.SPECIAL_FN_TOL["float32"]),
    "Sin": (-32, 32, F32_TRANS), "Cos": (-32, 32, F32_TRANS), "Reciprocal": (1, 32, m.RECIP_TOL["float32"]),
    "Relu": (-32, 32, None), "Relu6": (-64, 64, None), "Elu": (-32, 32, ACT["float32"]),
    "Softplus": (-48, 48, ACT["float32"]), "IsNan": (-8, 8, None), "IsFinite": (-8, 8, None),
}
BINARY = {  # op: (x domain, y domain, tolerance)
    "AddV2": ((-32, 32), (-32, 32), None), "Sub": ((-32, 32), (-32, 32), None),
    "Mul": ((-32, 32), (-32, 32), None), "RealDiv": ((-32, 32), (1, 32), None),
    "Maximum": ((-32, 32), (-32, 32), None), "Minimum": ((-32, 32), (-32, 32), None),
    "SquaredDifference": ((-32, 32), (-32, 32), None), "Pow": ((1, 24), (-16, 16), F32_TRANS),
    "FloorDiv": ((-32, 32), (1, 16), None), "FloorMod": ((-32, 32), (1, 16), None),
    "Less": ((-4, 4), (-4, 4), None), "Equal": ((-4, 4), (-4, 4), None),
    "GreaterEqual": ((-4, 4), (-4, 4), None),
}
# Broadcasts: an odd 3-d output from small inputs, a scalar either side, empty outputs. The
# big row ([1, 1023] with [1023]) runs for BIG_BINARY only, to keep the files small.
BCAST = [([7, 1, 17], [1, 13, 1]), ([31, 1], [1, 3]), ([], [3, 5, 7]), ([3, 5, 7], []),
         ([3, 5, 7], [5, 1]), ([0, 3], [3]), ([3, 0], [1]), ([0], []), ([2, 0, 3], [2, 1, 3])]
BIG_BINARY = {"AddV2", "Mul", "Maximum", "RealDiv", "Less"}
# Unary ops also run on [7, 13, 17] (the rest on [1, 1023] only).
BIG_UNARY = {"Abs", "Exp", "Tanh", "Sigmoid", "Relu", "Sqrt"}


def gen_elementwise():
    fam = Edges("edges-elementwise")
    for op, (lo, hi, tol) in UNARY.items():
        for shape in BIG if op in BIG_UNARY else BIG[:1]:
            fam.case(op, [vals("float32", shape, lo, hi)], note=f"float32 {shape}", tol=tol)
        fam.case(op, [m.A([], "float32", [0])], note="empty [0]")
        fam.case(op, [m.A([], "float32", [3, 0, 2])], note="empty [3,0,2]")
        fam.case(op, [m.A([lo / 8 + 0.375], "float32", [])], note="scalar", tol=tol)
        fam.case(op, [m.A(SPECIALS, "float32")], note="nan inf", tol=tol)
        f64 = ACT["float64"] if op in ("Elu", "Softplus") else m.TRANS_TOL["float64"]
        fam.case(op, [vals("float64", [3, 5, 7], lo, hi)], note="float64 [3,5,7]",
                 tol=f64 if tol else None)
    for op in ("Abs", "Neg", "Square", "Relu", "Sign"):
        for dt in ("int32", "int64"):
            fam.case(op, [vals(dt, [3, 5, 7])], note=f"{dt} [3,5,7]")
            fam.case(op, [m.A([], dt, [0, 4])], note=f"{dt} empty")
            fam.case(op, [m.A([-5], dt, [])], note=f"{dt} scalar")
    for op, ((xl, xh), (yl, yh), tol) in BINARY.items():
        for sx, sy in BCAST + ([([1, 1023], [1023])] if op in BIG_BINARY else []):
            fam.case(op, [vals("float32", sx, xl, xh), vals("float32", sy, yl, yh)],
                     note=f"float32 {sx} {sy}", tol=tol)
        fam.case(op, [m.A([2.5], "float32", []), m.A([yl / 8 + 0.5], "float32", [])],
                 note="scalar scalar", tol=tol)
        gx, gy = m.grid_pairs(SPECIALS, SPECIALS)
        fam.case(op, [m.A(gx, "float32"), m.A(gy, "float32")], note="nan inf grid", tol=tol)
        if op not in ("Pow", "RealDiv"):
            for dt in ("int32", "int64"):
                fam.case(op, [vals(dt, [7, 1, 17], xl, xh), vals(dt, [13, 1], yl, yh)],
                         note=f"{dt} [7,1,17] [13,1]")
        fam.case(op, [vals("float32", [3, 5, 7]), vals("float32", [3, 4, 7])],
                 note="incompatible shapes")
    for op in ("LogicalAnd", "LogicalOr"):
        for sx, sy in BCAST[:7]:
            fam.case(op, [vals("bool", sx), vals("bool", sy)], note=f"{sx} {sy}")
    for sx, sy, sc in (([7, 1, 17], [13, 1], [7, 13, 1]), ([1, 1023], [1023], [1, 1]),
                       ([7, 13, 17], [], [13, 17]), ([0, 3], [0, 3], [3]), ([], [], [])):
        fam.case("SelectV2", [vals("bool", sc), vals("float32", sx), vals("float32", sy)],
                 note=f"{sc} {sx} {sy}")
    for src, dst in (("float32", "int32"), ("int32", "float32"), ("float32", "bool"), ("bool", "float32"),
                     ("float32", "float64"), ("int64", "int32"), ("float32", "float16"), ("float32", "uint8")):
        shape = [1, 1023] if dst in ("int32", "float16") else [3, 5, 7]
        # (Floats out of an integer type's range are C++ undefined behaviour in TF's cast:
        # left out, as gen_kernel_fixtures_math.py does.)
        lo, hi = (0, 2040) if dst == "uint8" else (-2048, 2048)
        x = vals(src, shape, lo, hi) if src == "float32" else vals(src, shape)
        fam.case("Cast", [x], {"DstT": tf.as_dtype(dst)}, note=f"{src} -> {dst} {shape}")
        fam.case("Cast", [m.A([], src, [0, 2])], {"DstT": tf.as_dtype(dst)}, note=f"{src} -> {dst} empty")
    fam.case("Cast", [m.A([-0.0, 2.5, -2.5, 0.875, -0.875, 2147483520.0, -2147483648.0], "float32")],
             {"DstT": tf.int32}, note="truncation and int32 limits")
    fam.case("Cast", [m.A([NAN, INF, -INF, -0.0, 1e-40, 3.5e38], "float32")], {"DstT": tf.float64},
             note="nan inf subnormal -> float64")
    fam.case("Cast", [m.A([NAN, INF, -INF, -0.0, 0.0, 2.5], "float32")], {"DstT": tf.bool},
             note="nan inf -> bool")
    fam.case("AddN", [("inputs", [vals("float32", [1, 1023]) for _ in range(3)])], note="[1,1023] x3")
    fam.case("AddN", [("inputs", [m.A([], "float32", [0, 5])] * 2)], note="empty")
    fam.write()


REDUCE_TOL = {"Sum": SUM, "Mean": SUM, "Prod": {"rtol": 1e-5, "atol": 1e-30}}


def gen_reduce():
    fam = Edges("edges-reduce")
    big = vals("float32", [7, 13, 17])
    row = vals("float32", [1, 1023])
    for op in ("Sum", "Mean", "Max", "Min", "Prod"):
        tol = REDUCE_TOL.get(op)
        x = big if op != "Prod" else vals("float32", [7, 13, 17], 6, 10)
        every = ([0], [1], [2], [0, 2], [-1], [0, 1, 2], [])
        for axes in every if op in ("Sum", "Max") else ([1], [0, 2]):
            fam.case(op, [x, m.A(axes, "int32")], note=f"[7,13,17] axes {axes}", tol=tol)
        fam.case(op, [x, m.A([1], "int32")], {"keep_dims": True}, note="[7,13,17] keep_dims", tol=tol)
        fam.case(op, [row if op != "Prod" else vals("float32", [1, 1023], 7, 9), m.A([1], "int32")],
                 note="[1,1023] axis 1", tol=tol)
        fam.case(op, [m.A([], "float32", [0, 5]), m.A([0], "int32")], note="empty axis 0")
        fam.case(op, [m.A([], "float32", [0, 5]), m.A([1], "int32")], note="empty axis 1")
        fam.case(op, [m.A([2.5], "float32", []), m.A([], "int32")], note="scalar")
        fam.case(op, [m.A([1, NAN, 3, INF, -INF, 2], "float32", [2, 3]), m.A([1], "int32")], note="nan inf")
        fam.case(op, [vals("int32", [7, 13, 17], -3, 3), m.A([0, 2], "int32")], note="int32 [7,13,17]")
        fam.case(op, [vals("float64", [3, 5, 7]), m.A([1], "int32")], note="float64 [3,5,7]",
                 tol=m.LONG_SUM_TOL["float64"] if tol else None)
    for op in ("ArgMax", "ArgMin"):
        for axis in (0, 1, 2):
            fam.case(op, [big, m.A(axis, "int32", [])], note=f"[7,13,17] axis {axis}")
        fam.case(op, [row, m.A(1, "int32", [])], note="[1,1023]")
        fam.case(op, [m.A([1, NAN, 3, 2, INF, 0], "float32", [2, 3]), m.A(1, "int32", [])], note="nan inf")
        fam.case(op, [m.A([], "float32", [0, 5]), m.A(1, "int32", [])], note="empty rows")
        fam.case(op, [m.A([], "float32", [3, 0]), m.A(1, "int32", [])], note="empty axis")
        fam.case(op, [vals("int32", [7, 13, 17], -3, 3), m.A(2, "int32", [])], note="int32 ties")
    for op in ("All", "Any"):
        fam.case(op, [vals("bool", [7, 13, 17]), m.A([1], "int32")], note="[7,13,17]")
        fam.case(op, [m.A([], "bool", [0, 3]), m.A([0], "int32")], note="empty")
    for op in ("Cumsum", "Cumprod"):
        x = row if op == "Cumsum" else vals("float32", [1, 1023], 7, 9)
        fam.case(op, [x, m.A(1, "int32", [])], note="[1,1023]", tol=SUM if op == "Cumsum" else {"rtol": 1e-4})
        fam.case(op, [big, m.A(1, "int32", [])], {"reverse": True}, note="[7,13,17] reverse", tol=SUM)
        fam.case(op, [m.A([1, NAN, 2, INF, 1], "float32"), m.A(0, "int32", [])], note="nan inf")
    fam.write()


def gen_array():
    fam = Edges("edges-array")
    big = vals("float32", [7, 13, 17])
    for perm in ([2, 0, 1], [1, 0, 2], [0, 2, 1], [2, 1, 0]):
        fam.case("Transpose", [big, m.A(perm, "int32")], note=f"[7,13,17] {perm}")
    fam.case("Transpose", [vals("float32", [1, 1023]), m.A([1, 0], "int32")], note="[1,1023]")
    fam.case("Transpose", [m.A([], "float32", [0, 3]), m.A([1, 0], "int32")], note="empty")
    fam.case("Transpose", [m.A([4], "float32", []), m.A([], "int32")], note="scalar")
    for axis, other in ((0, [2, 13, 17]), (1, [7, 4, 17]), (2, [7, 13, 1]), (-1, [7, 13, 0])):
        fam.case("ConcatV2", [("values", [big, vals("float32", other)]), ("axis", m.A(axis, "int32", []))],
                 note=f"[7,13,17] + {other} axis {axis}")
    fam.case("ConcatV2", [("values", [m.A([], "float32", [0, 3])] * 2), ("axis", m.A(0, "int32", []))],
             note="empty")
    fam.case("ConcatV2", [("values", [big, vals("float32", [7, 12, 17])]), ("axis", m.A(0, "int32", []))],
             note="mismatch")
    fam.case("Reshape", [big, m.A([17, -1], "int32")], note="[7,13,17] -> [17,-1]")
    fam.case("Reshape", [m.A([], "float32", [0, 3]), m.A([3, 0, -1], "int32")], note="empty")
    fam.case("Reshape", [m.A([7], "float32", []), m.A([1, 1], "int32")], note="scalar")
    fam.case("Slice", [big, m.A([1, 2, 3], "int32"), m.A([5, -1, 11], "int32")], note="[7,13,17]")
    fam.case("Slice", [big, m.A([0, 0, 0], "int32"), m.A([0, 13, 17], "int32")], note="empty")
    for begin, end, strides, masks in (([1, 0, 16], [6, 13, 0], [2, 3, -3], {}),
                                       ([0, 1, 0], [0, 12, 0], [1, 1, 1], {"begin_mask": 5, "end_mask": 5}),
                                       ([0, 0], [0, 1], [1, 1], {"begin_mask": 1, "end_mask": 1, "shrink_axis_mask": 2}),
                                       ([0, 3], [0, 4], [1, 1], {"ellipsis_mask": 1, "new_axis_mask": 0})):
        fam.case("StridedSlice", [big, m.A(begin, "int32"), m.A(end, "int32"), m.A(strides, "int32")], masks,
                 note=f"[7,13,17] {begin} {end} {strides} {masks}")
    row = vals("float32", [1, 1023])
    fam.case("StridedSlice", [row, m.A([0, 1022], "int32"), m.A([1, 0], "int32"), m.A([1, -7], "int32")],
             note="[1,1023] reverse stride 7")
    for axis, idx, bd in ((0, [6, 0, 3], 0), (1, [[12, 0], [5, 5]], 0), (2, [16, 1], 0), (-1, [[0], [16], [8], [1], [2], [3], [4]], 1)):
        fam.case("GatherV2", [big, m.A(idx, "int32"), m.A(axis, "int32", [])], {"batch_dims": bd},
                 note=f"[7,13,17] axis {axis} batch_dims {bd}")
    fam.case("GatherV2", [big, m.A([], "int32", [0]), m.A(1, "int32", [])], note="no indices")
    fam.case("GatherV2", [big, m.A([13], "int32"), m.A(1, "int32", [])], note="out of range")
    fam.case("GatherV2", [vals("float32", [1023]), m.A(1022, "int64", []), m.A(0, "int64", [])], note="scalar index")
    fam.case("Tile", [vals("float32", [7, 1, 17]), m.A([1, 13, 1], "int32")], note="[7,1,17] x13")
    fam.case("Tile", [m.A([], "float32", [0, 2]), m.A([3, 2], "int32")], note="empty")
    fam.case("Pad", [big, m.A([[1, 0], [0, 2], [3, 1]], "int32")], note="[7,13,17]")
    fam.case("PadV2", [row, m.A([[0, 1], [2, 3]], "int32"), m.A(-1.5, "float32", [])], note="[1,1023]")
    fam.case("MirrorPad", [big, m.A([[1, 1], [2, 0], [0, 3]], "int32")], {"mode": "REFLECT"}, note="reflect")
    fam.case("Pack", [("values", [big, big, big])], {"axis": 1}, note="3 x [7,13,17] axis 1")
    fam.case("Pack", [("values", [m.A([1.5], "float32", []), m.A([2.5], "float32", [])])], note="scalars")
    fam.case("Unpack", [big], {"num": 13, "axis": 1}, note="[7,13,17] axis 1")
    fam.case("Split", [m.A(2, "int32", []), big], {"num_split": 1}, note="one split")
    fam.case("SplitV", [big, m.A([4, -1, 1], "int32"), m.A(1, "int32", [])], {"num_split": 3}, note="[4,-1,1]")
    fam.case("ReverseV2", [big, m.A([0, 2], "int32")], note="[7,13,17] axes 0 2")
    fam.case("ReverseV2", [row, m.A([1], "int32")], note="[1,1023]")
    fam.case("OneHot", [m.A(ints(91, -1, 16), "int32", [7, 13]), m.A(17, "int32", []),
                        m.A(1.0, "float32", []), m.A(0.0, "float32", [])], note="[7,13] depth 17, -1 and 16")
    fam.case("ExpandDims", [m.A([3.5], "float32", []), m.A(0, "int32", [])], note="scalar")
    fam.case("Squeeze", [row], note="[1,1023]")
    fam.case("Fill", [m.A([7, 13, 17], "int32"), m.A(NAN, "float32", [])], note="nan")
    fam.case("ZerosLike", [m.A([], "float32", [0, 7])], note="empty")
    fam.case("Where", [vals("bool", [7, 13, 17])], note="[7,13,17]")
    fam.case("Where", [m.A([], "bool", [0, 3])], note="empty")
    fam.write()


def gen_nn():
    fam = Edges("edges-nn")
    big = vals("float32", [7, 13, 17])
    row = vals("float32", [1, 1023])
    for op in ("Softmax", "LogSoftmax"):
        fam.case(op, [big], note="[7,13,17]", tol=SOFTMAX)
        fam.case(op, [row], note="[1,1023]", tol=SOFTMAX)
        fam.case(op, [m.A([NAN, 1, 2, INF, 1, 2, -INF, 0, 1], "float32", [3, 3])], note="nan inf rows", tol=SOFTMAX)
    fam.case("BiasAdd", [big, vals("float32", [17])], note="[7,13,17]")
    fam.case("BiasAdd", [row, vals("float32", [1023])], note="[1,1023]")
    fam.case("BiasAddGrad", [big], note="[7,13,17]", tol=SUM)
    for a, b, attrs in (([1, 1023], [1023, 3], {}), ([7, 13], [17, 13], {"transpose_b": True}),
                        ([13, 7], [13, 17], {"transpose_a": True}), ([0, 5], [5, 3], {}), ([3, 0], [0, 4], {})):
        fam.case("MatMul", [vals("float32", a, -8, 8), vals("float32", b, -8, 8)], attrs,
                 note=f"{a} {b} {attrs}", tol=MM)
    fam.case("MatMul", [m.A([NAN, 1, INF, 0, -INF, 2], "float32", [2, 3]), vals("float32", [3, 2], 1, 8)],
             note="nan inf", tol=MM)
    fam.case("BatchMatMulV2", [vals("float32", [7, 13, 17], -8, 8), vals("float32", [1, 17, 5], -8, 8)],
             note="[7,13,17] [1,17,5]", tol=MM)
    fam.case("BatchMatMulV2", [vals("float32", [7, 1, 13, 17], -8, 8), vals("float32", [3, 17, 2], -8, 8)],
             {"adj_x": False, "adj_y": False}, note="[7,1,13,17] [3,17,2]", tol=MM)
    img = vals("float32", [2, 13, 17, 3], -8, 8)
    for strides, padding, dil in (([1, 1, 1, 1], "SAME", [1, 1, 1, 1]), ([1, 2, 3, 1], "VALID", [1, 1, 1, 1]),
                                  ([1, 2, 2, 1], "SAME", [1, 1, 1, 1]), ([1, 1, 1, 1], "VALID", [1, 2, 2, 1])):
        fam.case("Conv2D", [img, vals("float32", [3, 3, 3, 5], -8, 8)],
                 {"strides": strides, "padding": padding, "dilations": dil},
                 note=f"[2,13,17,3] {strides} {padding} {dil}", tol=MM)
        fam.case("DepthwiseConv2dNative", [img, vals("float32", [3, 3, 3, 2], -8, 8)],
                 {"strides": strides, "padding": padding, "dilations": dil},
                 note=f"[2,13,17,3] {strides} {padding} {dil}", tol=MM)
    fam.case("Conv2D", [m.A([], "float32", [0, 5, 5, 3]), vals("float32", [3, 3, 3, 2])],
             {"strides": [1, 1, 1, 1], "padding": "SAME"}, note="empty batch")
    for op in ("MaxPool", "AvgPool"):
        for ksize, strides, padding in (([1, 3, 3, 1], [1, 2, 2, 1], "SAME"), ([1, 2, 5, 1], [1, 3, 1, 1], "VALID")):
            fam.case(op, [img], {"ksize": ksize, "strides": strides, "padding": padding},
                     note=f"[2,13,17,3] {ksize} {strides} {padding}", tol=SUM if op == "AvgPool" else None)
        fam.case(op, [m.A([NAN, 1, INF, 2, -INF, 3, 0, 4], "float32", [1, 2, 4, 1])],
                 {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}, note="nan inf")
    bn = fam.case("FusedBatchNormV3", [img, vals("float32", [3], 1, 16), vals("float32", [3]),
                                       vals("float32", [3]), vals("float32", [3], 1, 16)],
                  {"is_training": False, "epsilon": 0.001}, note="inference [2,13,17,3]",
                  tol={"rtol": 1e-5, "atol": 1e-5})
    # In inference TF's CPU kernel leaves the reserve spaces (outputs 3, 4) uninitialized.
    bn["compare_outputs"] = [0, 1, 2]
    fam.case("LeakyRelu", [big], {"alpha": 0.2}, note="[7,13,17]")
    fam.case("ResizeBilinear", [img, m.A([7, 31], "int32")], {"half_pixel_centers": True},
             note="[2,13,17,3] -> [7,31] half pixel", tol={"rtol": 1e-5, "atol": 1e-5})
    fam.case("ResizeBilinear", [img, m.A([26, 9], "int32")], {"align_corners": True},
             note="[2,13,17,3] -> [26,9] align corners", tol={"rtol": 1e-5, "atol": 1e-5})
    fam.case("ResizeNearestNeighbor", [img, m.A([7, 31], "int32")], {"half_pixel_centers": True},
             note="[2,13,17,3] -> [7,31]")
    fam.write()


if __name__ == "__main__":
    # Each family draws from its own seeded stream, so regenerating one (`... edges.py array`)
    # leaves the other files unchanged.
    which = set(sys.argv[1:])
    for name, fn in list(globals().items()):
        if name.startswith("gen_") and (not which or name[4:] in which):
            RNG = np.random.default_rng([SEED, zlib.crc32(name.encode())])
            fn()
