"""Kernel fixtures for the math family (elementwise unary/binary, comparisons, Cast, Select,
reductions, scans, matmuls, Einsum, bias and activation ops, softmax and its losses).

Every case runs one op in real TensorFlow (CPU, graph mode) from placeholders of UNKNOWN
shape, so TF's shape functions accept everything and the kernels' own runtime checks
(BCast's "Incompatible shapes", "Integer division by zero", bad axes, ...) are what raise.
Inputs are deterministic (special values plus seeded numpy draws).

Run: cd tools/oracle && ../../.venv-tf/bin/python gen_kernel_fixtures_math.py [family ...]
Writes packages/conformance/fixtures/ops/math-*.json (one file per family: unary, binary,
compare, cast, select, reduce, matmul, nn). A file's `tolerance` is per output dtype; cases
of ops whose float results cannot match TF bit for bit carry their own `tolerance` (see the
*_TOL tables below for which ops and why); every other case is compared exactly.
"""
import json
import os
import sys
import zlib

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import op_def_registry

sys.path.insert(0, os.path.dirname(__file__))
from oracle_util import core_message, encode_attr, encode_scalar  # noqa: E402

V1 = tf.compat.v1
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "conformance",
                       "fixtures", "ops")
SEED = 20250601

NAN, INF = float("nan"), float("inf")
QUANT_BASE = {"qint8": np.int8, "quint8": np.uint8, "qint16": np.int16, "quint16": np.uint16,
              "qint32": np.int32}

FLOATS = ["float32", "float64", "float16", "bfloat16"]
SINTS = ["int8", "int16", "int32", "int64"]
UINTS = ["uint8", "uint16", "uint32", "uint64"]
INTS = SINTS + UINTS
COMPLEX = ["complex64", "complex128"]


# ----------------------------------------------------------------------------- arrays

def np_dtype(name):
    return tf.as_dtype(name).as_numpy_dtype


def to_np(values, dtype, shape=None):
    """values (Python numbers, nested or flat) as a numpy array of dtype, one rounding."""
    dt = tf.as_dtype(dtype)
    if dtype in QUANT_BASE:
        arr = np.array(values, dtype=QUANT_BASE[dtype])
    elif dt.is_complex:
        arr = np.array(values, dtype=np.complex128).astype(np_dtype(dtype))
    elif dt.is_floating:
        src = np.array(values, dtype=np.float64)
        if dtype == "bfloat16":
            # Values we pick are exact in float32, so going through it rounds once.
            src = src.astype(np.float32)
        with np.errstate(over="ignore"):
            arr = src.astype(np_dtype(dtype))
    elif dt.is_bool:
        arr = np.array(values, dtype=np.bool_)
    elif dtype == "string":
        arr = np.array(values, dtype=object)
    else:
        arr = np.array([int(v) for v in np.array(values, dtype=object).reshape(-1)],
                       dtype=np_dtype(dtype)).reshape(np.shape(values))
    if shape is not None:
        arr = arr.reshape(shape)
    return arr


def enc(arr, dtype):
    """The JSON array of oracle_util, with quantized dtypes written as their integers."""
    arr = np.asarray(arr)
    if dtype in QUANT_BASE:
        base = arr.view(QUANT_BASE[dtype]) if arr.dtype.names else arr.astype(QUANT_BASE[dtype])
        return {"dtype": dtype, "shape": list(arr.shape), "values": [int(v) for v in base.reshape(-1)]}
    dt = tf.as_dtype(dtype)
    return {"dtype": dt.name, "shape": list(arr.shape),
            "values": [encode_scalar(v, dt) for v in arr.reshape(-1)]}


def A(values, dtype, shape=None):
    return enc(to_np(values, dtype, shape), dtype)


def dec(spec):
    dtype = spec["dtype"]
    vals = []
    for v in spec["values"]:
        if isinstance(v, dict):
            vals.append(v["utf8"].encode())
        elif isinstance(v, list):
            vals.append(complex(float(v[0]), float(v[1])))
        elif isinstance(v, str) and dtype not in ("int64", "uint64"):
            vals.append(-0.0 if v == "-0" else float(v))
        else:
            vals.append(v)
    if dtype in QUANT_BASE:
        return np.array(vals, dtype=QUANT_BASE[dtype]).astype(np_dtype(dtype)).reshape(spec["shape"])
    return to_np(vals, dtype, spec["shape"])


# ----------------------------------------------------------------------------- runner

# Where tf.raw_ops spells an input differently from the op definition.
PY_KWARG = {"Select": {"t": "x", "e": "y"},
            **{op: {"reduction_indices": "axis"} for op in ("Sum", "Mean", "Prod", "Max", "Min",
                                                             "All", "Any")}}


def run(op_type, inputs, attrs):
    """Runs op_type once; the node is named after its op type, as runKernel names it, so
    messages that name the node read the same on both sides."""
    g = tf.Graph()
    feeds = {}
    with g.as_default(), g.device("/device:CPU:0"):
        kwargs = {}
        for name, spec in inputs:
            specs = spec if isinstance(spec, list) else [spec]
            phs = []
            for k, s in enumerate(specs):
                ph = V1.placeholder(tf.as_dtype(s["dtype"]), shape=None, name=f"{name}_{k}")
                feeds[ph] = dec(s)
                phs.append(ph)
            kwargs[PY_KWARG.get(op_type, {}).get(name, name)] = phs if isinstance(spec, list) else phs[0]
        kwargs.update(attrs)
        try:
            out = getattr(tf.raw_ops, op_type)(**kwargs, name=op_type)
        except (ValueError, TypeError) as e:
            return {"build_error": {"class": type(e).__name__, "message": str(e)}}
        del out
        op = g.get_operation_by_name(op_type)
    with V1.Session(graph=g) as sess:
        try:
            values = sess.run(list(op.outputs), feeds)
        except tf.errors.OpError as e:
            return {"error": {"class": type(e).__name__, "message": core_message(e.message)}}
    return {"outputs": [enc(v, t.dtype.name) for v, t in zip(values, op.outputs)]}


def arg_names(op):
    return [a.name for a in op_def_registry.get(op).input_arg]


class Family:
    """The cases of one fixture file, with a tolerance per output dtype for the file."""

    def __init__(self, name, tolerance=None):
        self.name, self.tolerance, self.cases = name, tolerance or {}, []

    def case(self, op, inputs, attrs=None, note=None, tol=None):
        """inputs: [(arg name, spec)], or just the specs in op-definition order."""
        attrs = attrs or {}
        if inputs and not isinstance(inputs[0], tuple):
            inputs = list(zip(arg_names(op), inputs))
        c = {"op": op, "attrs": {k: encode_attr(v) for k, v in attrs.items()},
             "inputs": [[n, s] for n, s in inputs]}
        if note:
            c["note"] = note
        if tol:
            c["tolerance"] = tol
        c.update(run(op, inputs, attrs))
        self.cases.append(c)
        return c

    def write(self):
        path = os.path.join(OUT_DIR, f"{self.name}.json")
        with open(path, "w") as f:
            f.write('{"tf_version": %s, "tolerance": %s, "cases": [\n'
                    % (json.dumps(tf.__version__), json.dumps(self.tolerance)))
            f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in self.cases))
            f.write("\n]}\n")
        errors = sum(1 for c in self.cases if "error" in c)
        built = sum(1 for c in self.cases if "build_error" in c)
        print(f"{path}: {len(self.cases)} cases ({errors} runtime errors, {built} build errors), "
              f"{os.path.getsize(path)} bytes")


# ----------------------------------------------------------------------------- values

RNG = np.random.default_rng(SEED)

F32_SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -3.0,
               1e-3, 100.0, -100.0, 1e30, -1e30, 1e-40, -1e-40, 3.4028234663852886e38]
F64_SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -3.0,
               1e-3, 100.0, -100.0, 1e300, -1e300, 1e-310, -1e-310, 1.7976931348623157e308]
F16_SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -3.0,
               1e-3, 100.0, -100.0, 65504.0, 1e-6, -6e-8]
BF16_SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -3.0,
                1e-3, 100.0, -100.0, 1e30, -1e30, 1e-39]
SPECIAL = {"float32": F32_SPECIAL, "float64": F64_SPECIAL, "float16": F16_SPECIAL,
           "bfloat16": BF16_SPECIAL}
# A small grid for binary ops: every pair of these.
GRID = {"float32": [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 3.0, 1e-40],
        "float64": [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 3.0, 1e-310],
        "float16": [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 3.0],
        "bfloat16": [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 3.0]}
C_SPECIAL = [0j, complex(-0.0, 0.0), 1 + 0j, -1 + 0j, 1j, -1j, 1 + 1j, -2.5 + 0.5j, 3 - 4j, 0.5 - 0.25j,
             -0.75 - 2j, 1e-3 + 2j, 10 + 10j, -10 - 0.1j]
C_NONFINITE = [complex(NAN, 0), complex(INF, 0), complex(-INF, 1), complex(0, INF),
               complex(1, NAN), complex(INF, INF)]
C_GRID = [0j, 1 + 0j, 1j, -1 + 2j, 2.5 - 0.5j, -3 - 4j, 0.5 + 0.25j]


def int_special(dtype):
    info = np.iinfo(np_dtype(dtype))
    vals = [0, 1, 2, 3, 7, 100 % (info.max + 1), int(info.max), int(info.max) - 1, int(info.max) // 2]
    if info.min < 0:
        vals += [-1, -2, -3, -7, -100, int(info.min), int(info.min) + 1]
    return vals


def int_grid(dtype):
    info = np.iinfo(np_dtype(dtype))
    vals = [0, 1, 2, 7, int(info.max)]
    if info.min < 0:
        vals += [-1, -7, int(info.min)]
    return vals


def rand_float(n, scale=3.0, lo=None, hi=None):
    if lo is not None:
        return list(RNG.uniform(lo, hi, n))
    return list(RNG.standard_normal(n) * scale)


def rand_int(dtype, n, lo=None, hi=None):
    info = np.iinfo(np_dtype(dtype))
    lo = max(info.min, -1000) if lo is None else lo
    hi = min(info.max, 1000) if hi is None else hi
    return [int(v) for v in RNG.integers(lo, hi, n, endpoint=True)]


def rand_complex(n, scale=2.0):
    return list(RNG.standard_normal(n) * scale + 1j * RNG.standard_normal(n) * scale)


def values_for(dtype, n=12):
    """Special values then n random ones, for dtype."""
    if dtype in SPECIAL:
        return SPECIAL[dtype] + rand_float(n)
    if dtype in COMPLEX:
        return C_SPECIAL + rand_complex(n)
    if dtype == "bool":
        return [True, False, True, True, False, False]
    return int_special(dtype) + rand_int(dtype, n)


def grid_pairs(xs, ys):
    gx, gy = np.meshgrid(np.array(xs, dtype=object), np.array(ys, dtype=object), indexing="ij")
    return list(gx.reshape(-1)), list(gy.reshape(-1))


# ----------------------------------------------------------------------------- tolerances

# Float tolerances for ops computed with transcendental functions. TF's float32 kernels use
# Eigen's vectorized approximations (a few ulp); its float64 ones are Eigen's or libm's (up to
# ~7 ulp from the true value: tanh, erf, erfc, expm1, atan); ours round the true value once.
F32_TRANS = {"rtol": 3e-7, "atol": 1e-37}
F64_TRANS = {"rtol": 5e-16, "atol": 1e-300}
F16_1ULP = {"rtol": 1e-3, "atol": 1e-7}
BF16_1ULP = {"rtol": 8e-3, "atol": 1e-38}
# Complex results are compared per component, so a small component of a large value needs an
# absolute tolerance scaled to the value's magnitude (inputs here are of magnitude ~1-10).
C64_TOL = {"rtol": 6e-7, "atol": 1e-6}
C128_TOL = {"rtol": 2e-15, "atol": 1e-15}
TRANS_TOL = {"float32": F32_TRANS, "float64": F64_TRANS, "float16": F16_1ULP,
             "bfloat16": BF16_1ULP, "complex64": C64_TOL, "complex128": C128_TOL}
# lgamma/digamma/erfinv lose relative accuracy near their zeros (TF's too): absolute floor.
SPECIAL_FN_TOL = {"float32": {"rtol": 1e-6, "atol": 1e-6}, "float64": {"rtol": 2e-15, "atol": 5e-16},
                  "float16": F16_1ULP}
# TF's float32 reciprocal is rcpps plus a Newton step: within 1 ulp, not always exact.
RECIP_TOL = {"float32": {"rtol": 1.2e-7}}
SUBNORMALS = {1e-40, -1e-40, 1e-310, -1e-310, 1e-39}


# ----------------------------------------------------------------------------- unary

ALL_FLOATS = ["float16", "bfloat16", "float32", "float64"]
FC = ALL_FLOATS + COMPLEX

# op: (dtypes, random domain (lo, hi) or None, transcendental?)
UNARY = {
    "Abs": (ALL_FLOATS + SINTS, None, False),
    "Neg": (ALL_FLOATS + SINTS + COMPLEX, None, False),
    "Sign": (ALL_FLOATS + SINTS + COMPLEX, None, False),
    "Reciprocal": (FC, None, False),
    "Inv": (FC, None, False),
    "Square": (FC + INTS, None, False),
    "Sqrt": (FC, (0, 10), False),
    "Rsqrt": (FC, (0, 10), True),
    "Exp": (FC, (-20, 20), True),
    "Expm1": (FC, (-5, 5), True),
    "Log": (FC, (0, 10), True),
    "Log1p": (FC, (-0.99, 10), True),
    "Sin": (FC, (-10, 10), True),
    "Cos": (FC, (-10, 10), True),
    "Tan": (FC, (-10, 10), True),
    "Asin": (FC, (-1, 1), True),
    "Acos": (FC, (-1, 1), True),
    "Atan": (FC, (-5, 5), True),
    "Sinh": (FC, (-5, 5), True),
    "Cosh": (FC, (-5, 5), True),
    "Tanh": (FC, (-5, 5), True),
    "Asinh": (FC, (-5, 5), True),
    "Acosh": (FC, (1, 20), True),
    "Atanh": (FC, (-1, 1), True),
    "Floor": (ALL_FLOATS, None, False),
    "Ceil": (ALL_FLOATS, None, False),
    "Round": (ALL_FLOATS + ["int32", "int64"], None, False),
    "Rint": (["float32", "float64"], None, False),
    "IsNan": (ALL_FLOATS, None, False),
    "IsInf": (ALL_FLOATS, None, False),
    "IsFinite": (ALL_FLOATS, None, False),
    "Erf": (ALL_FLOATS, (-4, 4), True),
    "Erfc": (ALL_FLOATS, (-4, 4), True),
    "Erfinv": (["float32", "float64"], (-1, 1), True),
    "Lgamma": (["float16", "float32", "float64"], (-5, 10), True),
    "Digamma": (["float16", "float32", "float64"], (-5, 10), True),
    "Sigmoid": (FC, (-20, 20), True),
    "Invert": (INTS, None, False),
    "ComplexAbs": (COMPLEX, None, False),
    "Angle": (COMPLEX, None, True),
    "Real": (COMPLEX, None, False),
    "Imag": (COMPLEX, None, False),
    "Conj": (COMPLEX, None, False),
}
COMPLEX_NONFINITE_OK = {"Neg", "Conj", "Real", "Imag", "ComplexAbs", "Angle"}
REAL_OF = {"complex64": "float32", "complex128": "float64"}


# Complex ops whose every component TF and we compute with the same roundings: exact.
EXACT_COMPLEX = {"Neg", "Conj", "Real", "Imag", "Square", "Reciprocal", "Inv", "Add", "AddV2",
                 "Sub", "Mul", "MulNoNan", "SquaredDifference", "AddN"}
# Half types round a float32 result once, so they agree exactly except where TF's float32
# step is itself approximate (rsqrt's estimate, sigmoid's rational approximation).
HALF_APPROX = {"Rsqrt", "Sigmoid"}


def tol_for(op, dtype, transcendental):
    if dtype in COMPLEX and op in EXACT_COMPLEX or (op, dtype) == ("ComplexAbs", "complex64"):
        return None
    if dtype in ("float16", "bfloat16") and op not in HALF_APPROX:
        return None
    if op == "Pow" and dtype in COMPLEX:
        # exp(y log x) magnifies the last-bit differences of log and exp by |y log x|.
        return {"rtol": 1e-14, "atol": 1e-14} if dtype == "complex128" else {"rtol": 1e-5, "atol": 1e-5}
    if op in ("Lgamma", "Digamma", "Erfinv", "Erf", "Erfc") and dtype in SPECIAL_FN_TOL:
        return SPECIAL_FN_TOL[dtype]
    if op in ("Reciprocal", "Inv") and dtype in RECIP_TOL:
        return RECIP_TOL[dtype]
    if transcendental or dtype in COMPLEX:
        return TRANS_TOL.get(dtype)
    return None


def gen_unary():
    fam = Family("math-unary")
    for op, (dtypes, domain, trans) in UNARY.items():
        for dt in dtypes:
            attrs = {"Tout": tf.as_dtype(REAL_OF[dt])} if op in ("Real", "Imag", "Angle", "ComplexAbs") else {}
            tol = tol_for(op, dt, trans)
            vals = values_for(dt, 0)
            if trans:
                # How TF's libm/Eigen code reads a subnormal operand under DAZ differs between
                # its vector and scalar paths; only arithmetic ops get subnormal operands.
                vals = [v for v in vals if v not in SUBNORMALS]
            if dt in COMPLEX and op in COMPLEX_NONFINITE_OK:
                vals = vals + C_NONFINITE
            fam.case(op, [A(vals, dt)], attrs, "specials " + dt, tol)
            if dt in COMPLEX:
                rnd = rand_complex(12)
            elif dt in SPECIAL:
                rnd = rand_float(12) if domain is None else rand_float(12, lo=domain[0], hi=domain[1])
            else:
                rnd = rand_int(dt, 12)
            fam.case(op, [A(rnd, dt, [2, 2, 3])], attrs, "random " + dt, tol)
    # Erfinv/Lgamma/Digamma at their edges.
    for dt in ["float32", "float64"]:
        fam.case("Erfinv", [(A([-1, 1, -0.999999, 0.999999, 1e-10, -1e-10, 0.9, 2.0, -0.0], dt))],
                 {}, "edges " + dt, SPECIAL_FN_TOL[dt])
        fam.case("Lgamma", [(A([1, 2, 0.5, -0.5, 1e-8, 1e-300 if dt == "float64" else 1e-30, 1e10,
                                     171.5, 1e30, -1e10, -2.000001, 3.0, 0.9999, 1.0001], dt))],
                 {}, "edges " + dt, SPECIAL_FN_TOL[dt])
        fam.case("Digamma", [(A([1, 2, 0.5, -0.5, 1e-8, -1e-8, 1e10, 1e30, -1e10 - 0.5,
                                      1.4616321449683623, -2.000001, 3.0], dt))],
                 {}, "edges " + dt, SPECIAL_FN_TOL[dt])
    fam.case("LogicalNot", [A([True, False, True], "bool")])
    fam.case("LogicalNot", [A([], "bool", [0, 2])], note="empty")
    fam.case("Exp", [A([], "float32", [2, 0])], note="empty")
    fam.write()



# ----------------------------------------------------------------------------- binary

FI = ALL_FLOATS + INTS
BINARY = {
    # op: (dtypes, transcendental?, integer divisor must be nonzero?)
    "Add": (ALL_FLOATS + ["uint8", "int8", "int16", "int32", "int64"] + COMPLEX, False, False),
    "AddV2": (FI + COMPLEX, False, False),
    "Sub": (FI + COMPLEX, False, False),
    "Mul": (FI + COMPLEX, False, False),
    "Div": (FI + COMPLEX, False, True),
    "RealDiv": (ALL_FLOATS + COMPLEX, False, False),
    "DivNoNan": (ALL_FLOATS + COMPLEX, False, False),
    "FloorDiv": (FI, False, True),
    "TruncateDiv": (FI, False, True),
    "FloorMod": (FI, False, True),
    "TruncateMod": (["float32", "float64", "int32", "int64"], False, True),
    "Mod": (["float32", "float64", "int32", "int64"], False, True),
    "Maximum": (FI, False, False),
    "Minimum": (FI, False, False),
    "Pow": (ALL_FLOATS + SINTS + COMPLEX, True, False),
    "SquaredDifference": (ALL_FLOATS + ["int32", "int64"] + COMPLEX, False, False),
    "Atan2": (ALL_FLOATS, True, False),
    "Xdivy": (ALL_FLOATS + COMPLEX, False, False),
    "Xlogy": (ALL_FLOATS + COMPLEX, True, False),
    "MulNoNan": (ALL_FLOATS + COMPLEX, False, False),
    "BitwiseAnd": (INTS, False, False),
    "BitwiseOr": (INTS, False, False),
    "BitwiseXor": (INTS, False, False),
    "LeftShift": (INTS, False, False),
    "RightShift": (INTS, False, False),
}
COMPARE = {
    "Less": FI, "LessEqual": FI, "Greater": FI, "GreaterEqual": FI,
    "Equal": FI + COMPLEX + ["bool"], "NotEqual": FI + COMPLEX + ["bool"],
}
BCAST_SHAPES = [([2, 3], [3]), ([2, 1, 4], [3, 1]), ([], [5]), ([4], []), ([1], [2, 2]),
                ([3, 1, 2], [1, 4, 1]), ([2, 3, 1], [2, 1, 1]), ([0], [1]), ([2, 0], [2, 1])]
BAD_SHAPES = [([2], [3]), ([2, 3], [3, 2])]


def binary_values(op, dt):
    """x, y flat lists: every pair of a small grid of specials, then random pairs."""
    if dt in COMPLEX:
        x, y = grid_pairs(C_GRID, C_GRID)
        return x + rand_complex(8), y + rand_complex(8)
    if dt in GRID:
        x, y = grid_pairs(GRID[dt], GRID[dt])
        if op in ("Pow",):
            x, y = x + rand_float(10, lo=0, hi=5), y + rand_float(10, lo=-3, hi=3)
            x, y = x + [-2.0, -2.0, -8.0, 2.0], y + [3.0, 0.5, 1 / 3, -1074.0]
        elif op in ("Xlogy",):
            x, y = x + rand_float(10), y + rand_float(10, lo=0.01, hi=10)
        else:
            x, y = x + rand_float(10), y + rand_float(10)
        return x, y
    g = int_grid(dt)
    if op in ("LeftShift", "RightShift"):
        bits = np.iinfo(np_dtype(dt)).bits
        ys = [0, 1, 3, bits - 1, bits, bits + 1, 100] + ([-1, -5] if dt in SINTS else [])
        x, y = grid_pairs(g, ys)
        return x, y
    if op == "Pow":
        xs = [0, 1, -1, 2, -2, 3, 7, -7] if dt in SINTS else [0, 1, 2, 3, 7]
        ys = [0, 1, 2, 3, 5, 7, 15, 31, 63, 64]
        x, y = grid_pairs(xs, ys)
        return x, y
    x, y = grid_pairs(g, g)
    x, y = x + rand_int(dt, 10), y + rand_int(dt, 10)
    return x, y


def gen_binary():
    fam = Family("math-binary")
    for op, (dtypes, trans, nonzero) in BINARY.items():
        for dt in dtypes:
            tol = tol_for(op, dt, trans)
            x, y = binary_values(op, dt)
            if trans:
                keep = [i for i, (u, v) in enumerate(zip(x, y))
                        if u not in SUBNORMALS and v not in SUBNORMALS]
                x, y = [x[i] for i in keep], [y[i] for i in keep]
            if nonzero and dt not in SPECIAL and dt not in COMPLEX:
                keep = [i for i, v in enumerate(y) if v != 0]
                x, y = [x[i] for i in keep], [y[i] for i in keep]
                if not (dt.startswith("uint") and op == "TruncateMod"):
                    fam.case(op, [A([5, 6, 7], dt), A([1, 0, 2], dt)], note="zero divisor " + dt)
            fam.case(op, [A(x, dt), A(y, dt)], note="grid " + dt, tol=tol)
        # Broadcasting, for one float and one int dtype (and the op's first dtype otherwise).
        main = [d for d in ("float32", "int32") if d in dtypes] or dtypes[:1]
        for dt in main:
            tol = tol_for(op, dt, trans)
            for sx, sy in BCAST_SHAPES:
                nx, ny = int(np.prod(sx)), int(np.prod(sy))
                if dt in SPECIAL:
                    lo = 0.1 if op in ("Pow", "Xlogy") else None
                    xv = rand_float(nx, lo=0.1, hi=4) if lo else rand_float(nx)
                    yv = rand_float(ny, lo=0.1, hi=3) if lo else rand_float(ny)
                elif dt in COMPLEX:
                    xv, yv = rand_complex(nx), rand_complex(ny)
                elif op in ("LeftShift", "RightShift", "Pow"):
                    xv, yv = rand_int(dt, nx, -50, 50), rand_int(dt, ny, 0, 8)
                else:
                    xv = rand_int(dt, nx)
                    yv = [v if v != 0 else 3 for v in rand_int(dt, ny)]
                fam.case(op, [A(xv, dt, sx), A(yv, dt, sy)], note=f"broadcast {sx} {sy} {dt}", tol=tol)
            for sx, sy in BAD_SHAPES:
                fam.case(op, [A(np.ones(sx), dt, sx), A(np.ones(sy), dt, sy)], note=f"bad shapes {dt}")
    # Pow with negative integer exponents, and integer overflow wrapping.
    fam.case("Pow", [A([2, 3], "int32"), A([2, -1], "int32")], note="negative exponent")
    fam.case("Pow", [A([2, 3], "int64"), A([-2, 1], "int64")], note="negative exponent int64")
    fam.case("Pow", [A([1, -1, 2], "int32"), A([-3, -3, 0], "int32")], note="negative exponent of 1")
    # String concatenation, broadcast.
    fam.case("Add", [A([b"ab", b"", b"x"], "string"), A([b"1"], "string", [1])], note="string")
    fam.case("Add", [A([b"a", b"b"], "string", [2, 1]), A([b"x", b"y", b"z"], "string")],
             note="string broadcast")
    fam.case("Add", [A([b"a", b"b"], "string"), A([b"x", b"y", b"z"], "string")], note="string bad")
    # Complex(real, imag).
    for dt, out in (("float32", tf.complex64), ("float64", tf.complex128)):
        fam.case("Complex", [A(values_for(dt, 4), dt), A(values_for(dt, 4)[::-1], dt)], {"Tout": out},
                 note=dt)
        fam.case("Complex", [A(rand_float(6), dt, [2, 3]), A([1.5], dt, [1])], {"Tout": out},
                 note="broadcast " + dt)
        fam.case("Complex", [A([1, 2], dt), A([1, 2, 3], dt)], {"Tout": out}, note="bad " + dt)
    fam.write()


def gen_compare():
    fam = Family("math-compare")
    for op, dtypes in COMPARE.items():
        for dt in dtypes:
            if dt == "bool":
                x, y = grid_pairs([True, False], [True, False])
            else:
                x, y = binary_values("Less", dt)
            fam.case(op, [A(x, dt), A(y, dt)], note="grid " + dt)
        for sx, sy in BCAST_SHAPES[:5] + BAD_SHAPES:
            fam.case(op, [A(rand_int("int32", int(np.prod(sx)), -2, 2), "int32", sx),
                          A(rand_int("int32", int(np.prod(sy)), -2, 2), "int32", sy)],
                     note=f"shapes {sx} {sy}")
    for op in ("Equal", "NotEqual"):
        for flag in (True, False):
            fam.case(op, [A([1, 2], "int32"), A([1, 2, 3], "int32")],
                     {"incompatible_shape_error": flag}, note=f"incompatible {flag}")
            fam.case(op, [A([1, 2], "int32", [2, 1]), A([1, 2, 3], "int32")],
                     {"incompatible_shape_error": flag}, note=f"compatible {flag}")
        fam.case(op, [A([b"a", b"bc", b""], "string"), A([b"a", b"b", b""], "string")], note="string")
        fam.case(op, [A([b"a", b"bc"], "string", [2, 1]), A([b"a", b"bc"], "string")],
                 note="string broadcast")
        for q in ("qint8", "quint8", "qint16", "quint16", "qint32"):
            fam.case(op, [A([1, 2, 3], q), A([1, 0, 3], q)], note=q)
    x, y = grid_pairs(GRID["float32"], GRID["float32"])
    for dt in ("float32", "float64"):
        for t in (1e-5, 0.6, 2.0):
            fam.case("ApproximateEqual", [A(x, dt), A(y, dt)], {"tolerance": t}, note=f"{dt} {t}")
        fam.case("ApproximateEqual", [A([1, 2], dt), A([1, 2, 3], dt)], note="shape mismatch")
        fam.case("ApproximateEqual", [A([1, 2], dt, [2, 1]), A([1, 2], dt)], note="no broadcast")
    for op in ("LogicalAnd", "LogicalOr"):
        x, y = grid_pairs([True, False], [True, False])
        fam.case(op, [A(x, "bool"), A(y, "bool")], note="grid")
        fam.case(op, [A([True, False], "bool", [2, 1]), A([True, False, True], "bool")],
                 note="broadcast")
        fam.case(op, [A([True, False], "bool"), A([True, False, True], "bool")], note="bad")
    # AddN: same shapes only.
    for dt in ["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "int8",
               "uint64", "complex64", "complex128"]:
        for n in (1, 2, 3):
            vals = [A(values_for(dt, 4)[:12], dt, [3, 4]) for _ in range(n)]
            if n > 1:
                vals = [A(RNG.permutation(np.array(values_for(dt, 4)[:12], dtype=object)).tolist(),
                          dt, [3, 4]) for _ in range(n)]
            fam.case("AddN", [("inputs", vals)], note=f"{n} {dt}")
    fam.case("AddN", [("inputs", [A([1, 2], "float32"), A([1, 2, 3], "float32")])], note="bad shape")
    fam.case("AddN", [("inputs", [A([1, 2], "float32"), A([[1, 2]], "float32")])], note="bad rank")
    fam.write()



# ----------------------------------------------------------------------------- cast

NUM20 = (["bool"] + UINTS + SINTS + ["float16", "bfloat16", "float32", "float64"] + COMPLEX
         + ["qint8", "quint8", "qint16", "quint16", "qint32"])
F8 = ["float8_e5m2", "float8_e4m3fn"]
I4 = ["int4", "uint4"]
F_CAST = [NAN, INF, -INF, 0.0, -0.0, 0.4, -0.6, 1.5, -1.5, 2.5, -2.7, 100.7, -100.7, 127.9,
          -128.9, 255.5, 256.0, 32767.5, -32768.5, 65535.9, 65536.0, 1e5, -1e5, 2147483520.0,
          3e9, -3e9, 5e9, 1e19, 1e20, -1e20, 65519.0, 65520.0, 1e-8, 3e-5, 6e-8, 1e30, 3.4e38,
          1.0009765625, 1.00048828125, 1.00390625, 1.01171875, 448.0, 464.0, 57344.0]
F64_CAST_EXTRA = [1e-40, -1e-40, 1e-310, 1e300, 9007199254740993.0, 9.3e18, -9.3e18,
                  9.223372036854775e18, 1.0000000596046448, 1.0000001788139343]
C_CAST = [complex(1.5, 2), complex(-2.7, 0), complex(0, 1), complex(NAN, 1), complex(0, 0),
          complex(300.5, -1), complex(1e10, 5), complex(-0.0, 0), complex(65520, 3),
          complex(-1e-40, 1e-40)]


def cast_source_values(dt):
    if dt in ("float32",):
        return F_CAST + [1e-40, -1e-40, 1.0000000596046448]
    if dt == "float64":
        return F_CAST + F64_CAST_EXTRA
    if dt in ("float16", "bfloat16"):
        return F_CAST + [1e-39]
    if dt in COMPLEX:
        return C_CAST
    if dt == "bool":
        return [True, False, True]
    if dt in F8:
        return [0.0, -0.0, 1.5, -3.0, 0.25, 448.0 if dt == "float8_e4m3fn" else 57344.0, NAN]
    if dt in I4:
        return list(range(-8, 8)) if dt == "int4" else list(range(16))
    if dt in QUANT_BASE:
        info = np.iinfo(QUANT_BASE[dt])
        return [0, 1, int(info.max), int(info.min), 100 % (int(info.max) + 1), int(info.max) // 3]
    return int_special(dt) + [(1 << 24) + 1 if np.iinfo(np_dtype(dt)).bits >= 32 else 5,
                              (1 << 53) + 1 if np.iinfo(np_dtype(dt)).bits == 64 else 9,
                              2049 if np.iinfo(np_dtype(dt)).bits >= 16 else 11]


NARROW = {"int8": (-128, 127), "qint8": (-128, 127), "uint8": (0, 255), "quint8": (0, 255),
          "int16": (-32768, 32767), "qint16": (-32768, 32767), "uint16": (0, 65535),
          "quint16": (0, 65535)}


def cast_ok(v, src, dst):
    """Values whose float->integer conversion TF computes the same whatever the element's
    position (its vectorized loop saturates out-of-range values into 8/16-bit types, its
    scalar tail wraps them; uint32 differs outside (-2^31, 2^32)), judged on the value as the
    source dtype holds it."""
    if src not in SPECIAL and src not in COMPLEX and src not in F8:
        return True
    held = to_np([v], src)[0]
    held = complex(held).real if src in COMPLEX else float(held)
    if dst == "uint32":
        return not np.isnan(held) and -2147483648.0 < held < 4294967296.0
    if dst in NARROW:
        lo, hi = NARROW[dst]
        return not np.isnan(held) and lo - 1 < held < hi + 1
    return True


def gen_cast():
    fam = Family("math-cast")
    sources = NUM20 + F8 + I4
    for src in sources:
        if src in SPECIAL or src in F8:
            dsts = NUM20 + F8
        elif src in I4:
            dsts = [d for d in NUM20 if d not in ("bool",) + tuple(FLOATS) + tuple(COMPLEX)] + I4
        elif src in INTS + list(QUANT_BASE):
            dsts = NUM20 + I4
        else:
            dsts = NUM20
        for dst in dsts:
            vals = [v for v in cast_source_values(src) if cast_ok(v, src, dst)]
            fam.case("Cast", [("x", A(vals, src))], {"DstT": tf.as_dtype(dst)}, note=f"{src} to {dst}")
    for src in ["float32", "float64"]:
        for dst in ["float16", "bfloat16", "float32"] + F8:
            if src == dst:
                continue
            vals = [v for v in cast_source_values(src)]
            fam.case("Cast", [("x", A(vals, src))], {"DstT": tf.as_dtype(dst), "Truncate": True},
                     note=f"{src} to {dst} truncate")
    fam.case("Cast", [("x", A([1.0009765625, 65520.0, 1e-8], "float16"))],
             {"DstT": tf.bfloat16, "Truncate": True}, note="float16 to bfloat16 truncate")
    fam.case("Cast", [("x", A([True, False], "bool"))], {"DstT": tf.as_dtype("int4")},
             note="bool to int4 unsupported")
    fam.case("Cast", [("x", A([1.5], "float32"))], {"DstT": tf.as_dtype("int4")},
             note="float to int4 unsupported")
    fam.case("Cast", [("x", A([1.5], "float32"))], {"DstT": tf.string}, note="float to string")
    fam.case("Cast", [("x", A([b"1"], "string"))], {"DstT": tf.float32}, note="string to float")
    fam.case("Cast", [("x", A([b"1"], "string"))], {"DstT": tf.string}, note="string to string")
    fam.case("Cast", [("x", A([1, 2], "int32"))], {"DstT": tf.as_dtype("float8_e4m3fnuz")},
             note="int to float8_e4m3fnuz unsupported")
    fam.case("Cast", [("x", A([], "float32", [0, 3]))], {"DstT": tf.int64}, note="empty")
    fam.write()


# ----------------------------------------------------------------------------- select, clip

SELECT_DTYPES = ["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "int8",
                 "int16", "uint16", "uint32", "uint64", "complex64", "complex128", "bool", "string"]


def sample(dt, n):
    if dt == "string":
        return [b"s%d" % i for i in range(n)]
    if dt == "bool":
        return [bool(v) for v in RNG.integers(0, 2, n)]
    if dt in COMPLEX:
        return rand_complex(n)
    if dt in SPECIAL:
        return rand_float(n)
    return rand_int(dt, n, 0 if dt.startswith("u") else -100, 100)


def cond(shape):
    n = int(np.prod(shape))
    return A([bool(v) for v in RNG.integers(0, 2, n)], "bool", shape)


def gen_select():
    fam = Family("math-select")
    for dt in SELECT_DTYPES:
        fam.case("Select", [cond([2, 3]), A(sample(dt, 6), dt, [2, 3]), A(sample(dt, 6), dt, [2, 3])],
                 note="same shape " + dt)
        fam.case("SelectV2", [cond([2, 1]), A(sample(dt, 3), dt, [3]), A(sample(dt, 1), dt, [])],
                 note="broadcast " + dt)
    for op in ("Select", "SelectV2"):
        for cs, ts, es in [([], [2, 2], [2, 2]), ([2], [2, 3], [2, 3]), ([3], [2, 3], [2, 3]),
                           ([2, 3], [2, 3], [2, 3]), ([2, 3], [3], [2, 3]), ([2, 3], [2, 3], [2]),
                           ([2, 1], [1, 3], [2, 1]), ([2, 2], [2, 3], [2, 3]), ([], [], []),
                           ([0], [0], [0]), ([4, 1, 1], [1, 2, 1], [1, 1, 3]), ([2], [], [2]),
                           ([2, 3], [3, 2], [2, 3]), ([1, 2], [2, 3], [2, 3]), ([], [2], [3]),
                           ([2], [2, 3], [2, 2]), ([2], [2], [2]), ([2], [2, 1, 2], [2, 1, 2])]:
            fam.case(op, [cond(cs), A(sample("float32", int(np.prod(ts))), "float32", ts),
                          A(sample("float32", int(np.prod(es))), "float32", es)],
                     note=f"shapes {cs} {ts} {es}")
    # ClipByValue: scalars or t-shaped bounds.
    clip_types = ["float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64",
                  "uint8", "uint16"]
    for dt in clip_types:
        t = values_for(dt, 6) if dt in SPECIAL else sample(dt, 12)
        fam.case("ClipByValue", [A(t, dt), A([-1.5 if dt in SPECIAL else 0], dt, []),
                                 A([2.0 if dt in SPECIAL else 50], dt, [])], note="scalar bounds " + dt)
        lo = sample(dt, 6)
        hi = [max(a, b) for a, b in zip(sample(dt, 6), lo)]
        fam.case("ClipByValue", [A(sample(dt, 6), dt, [2, 3]), A(lo, dt, [2, 3]), A(hi, dt, [2, 3])],
                 note="tensor bounds " + dt)
    fam.case("ClipByValue", [A([1.0, 5.0, -3.0], "float32"), A([3.0], "float32", []),
                             A([2.0], "float32", [])], note="min above max")
    fam.case("ClipByValue", [A([1.0, NAN, 3.0], "float32"), A([NAN], "float32", []),
                             A([2.0], "float32", [])], note="nan bounds")
    for dt in COMPLEX:
        fam.case("ClipByValue", [A(sample(dt, 4), dt), A([complex(-1, 1)], dt, []),
                                 A([complex(1, -1)], dt, [])], note=dt)
    fam.case("ClipByValue", [A([1.0, 2.0, 3.0], "float32"), A([0.0, 1.0], "float32"),
                             A([2.0], "float32", [])], note="bad min shape")
    fam.case("ClipByValue", [A([1.0, 2.0, 3.0], "float32"), A([0.0], "float32", []),
                             A([2.0, 3.0], "float32")], note="bad max shape")
    fam.case("ClipByValue", [A([1.0, 2.0, 3.0], "float32", [3, 1]), A([0.0], "float32", [1]),
                             A([2.0], "float32", [])], note="min shape [1]")
    fam.write()



# ----------------------------------------------------------------------------- reductions

REDUCE = {"Sum": FI + COMPLEX, "Mean": FI + COMPLEX, "Prod": FI + COMPLEX, "Max": FI, "Min": FI}
AXES = [0, [0], [1], [2], [-1], [0, 2], [2, 0], [0, 1, 2], [], [-3], [1, -1], [0, 0], [3], [-4]]
# TF reduces in the working precision (float32, or the half type itself) in Eigen's packet
# order; we reproduce that order for short inner-most runs (bit-exact there) but not its
# unrolling of long runs or its outer/mixed-axis orders, so sums differ by a few roundings of
# the working precision (many for half types, whose every step rounds to 8-11 bits).
SUM_TOL = {"float32": {"rtol": 1e-6, "atol": 1e-6}, "float16": {"rtol": 5e-3, "atol": 2e-2},
           "bfloat16": {"rtol": 3e-2, "atol": 0.125}, "float64": {"rtol": 1e-15, "atol": 1e-15},
           "complex64": {"rtol": 1e-6, "atol": 1e-6}, "complex128": {"rtol": 5e-15, "atol": 5e-15}}
# 100-300 summands of magnitude ~3, in an order TF picks per thread split: the absolute error
# grows with the count (for bfloat16, every partial sum rounds to 8 bits).
LONG_SUM_TOL = {"float32": {"rtol": 2e-6, "atol": 1e-5}, "float64": {"rtol": 1e-14, "atol": 1e-13},
                "float16": {"rtol": 1e-2, "atol": 0.1}, "bfloat16": {"rtol": 5e-2, "atol": 2.0}}


def reduce_values(op, dt, n):
    if dt in COMPLEX:
        return rand_complex(n, 1.0)
    if dt in SPECIAL:
        return rand_float(n, lo=0.5, hi=1.5) if op == "Prod" else rand_float(n)
    if op == "Prod":
        return rand_int(dt, n, 0 if dt.startswith("u") else -3, 3)
    return rand_int(dt, n, 0 if dt.startswith("u") else -50, 50)


def gen_reduce():
    fam = Family("math-reduce")
    for op, dtypes in REDUCE.items():
        tol = None
        for dt in dtypes:
            tol = SUM_TOL.get(dt) if op in ("Sum", "Mean", "Prod") else None
            x = A(reduce_values(op, dt, 24), dt, [2, 3, 4])
            for axes in ([1], [0, 2], [0, 1, 2]):
                fam.case(op, [x, A(axes, "int32")], note=f"{dt} axes {axes}", tol=tol)
            fam.case(op, [x, A([-1], "int64")], {"keep_dims": True}, note=f"{dt} keep_dims int64 axis",
                     tol=tol)
            fam.case(op, [A([], dt, [0, 3]), A([0], "int32")], note=f"{dt} empty axis 0")
            fam.case(op, [A([], dt, [2, 0]), A([1], "int32")], note=f"{dt} empty axis 1")
            fam.case(op, [A([], dt, [0, 3]), A([1], "int32")], note=f"{dt} empty rows")
        for dt in ("float32", "int32"):
            tol = SUM_TOL.get(dt) if op in ("Sum", "Mean", "Prod") else None
            x = A(reduce_values(op, dt, 24), dt, [2, 3, 4])
            for axes in AXES:
                for keep in (False, True):
                    fam.case(op, [x, A(axes, "int32")], {"keep_dims": keep},
                             note=f"{dt} axes {axes} keep {keep}", tol=tol)
            fam.case(op, [A([5], dt, []), A([], "int32")], note=f"{dt} scalar input")
            fam.case(op, [A([5], dt, []), A([0], "int32")], note=f"{dt} scalar input axis 0")
            fam.case(op, [A([5], dt, []), A([[0]], "int32")], note=f"{dt} axes rank 2")
        # Long rows show the summation order.
        for dt in ("float32", "float64", "float16", "bfloat16"):
            tol = LONG_SUM_TOL.get(dt) if op in ("Sum", "Mean", "Prod") else None
            vals = rand_float(300, lo=0.9, hi=1.1) if op == "Prod" else rand_float(300)
            fam.case(op, [A(vals, dt, [3, 100]), A([1], "int32")], note=f"{dt} long rows", tol=tol)
            fam.case(op, [A(vals, dt, [3, 100]), A([0, 1], "int32")], note=f"{dt} long full", tol=tol)
            fam.case(op, [A(vals, dt, [3, 100]), A([0], "int32")], note=f"{dt} long cols", tol=tol)
    for op in ("Max", "Min"):
        for dt in ("float32", "float64", "float16"):
            fam.case(op, [A([1, NAN, 3, -INF, INF], dt), A([0], "int32")], note=f"{dt} nan")
            fam.case(op, [A([NAN, 1, 3], dt), A([0], "int32")], note=f"{dt} nan first")
            fam.case(op, [A([0.0, -0.0], dt), A([0], "int32")], note=f"{dt} zeros")
            fam.case(op, [A([-0.0, 0.0], dt), A([0], "int32")], note=f"{dt} zeros reversed")
    for op in ("Sum", "Prod", "Mean"):
        fam.case(op, [A([1, NAN, INF], "float32"), A([0], "int32")], note="nan")
        fam.case(op, [A([INF, -INF], "float32"), A([0], "int32")], note="inf - inf")
    fam.case("Mean", [A([200, 200, 100], "uint8"), A([0], "int32")], note="uint8 no overflow")
    fam.case("Mean", [A([2**31 - 1, 2**31 - 1, 1], "int32"), A([0], "int32")], note="int32 no overflow")
    fam.case("Mean", [A([2**63 - 1, 2**63 - 1, 1], "int64"), A([0], "int64")], note="int64 overflow")
    fam.case("Mean", [A([-7, -8, 0], "int32"), A([0], "int32")], note="int32 truncation")
    fam.case("Sum", [A([2**31 - 1, 1], "int32"), A([0], "int32")], note="int32 wraps")
    fam.case("Sum", [A([200, 100], "uint8"), A([0], "int32")], note="uint8 wraps")
    fam.case("Prod", [A([2**16, 2**16], "int32"), A([0], "int32")], note="int32 prod wraps")
    for op in ("All", "Any"):
        x = A([bool(v) for v in RNG.integers(0, 2, 24)], "bool", [2, 3, 4])
        for axes in ([1], [0, 2], [0, 1, 2], [], [-1], [0, 0], [3]):
            for keep in (False, True):
                fam.case(op, [x, A(axes, "int32")], {"keep_dims": keep}, note=f"axes {axes} keep {keep}")
        fam.case(op, [A([True, True, False], "bool"), A([0], "int64")], note="int64 axis")
        fam.case(op, [A([], "bool", [0, 2]), A([0], "int32")], note="empty")
    # ArgMax / ArgMin.
    arg_types = FI + ["bool"]
    for op in ("ArgMax", "ArgMin"):
        for dt in arg_types:
            x = A(sample(dt, 24) if dt != "bool" else [bool(v) for v in RNG.integers(0, 2, 24)], dt, [2, 3, 4])
            fam.case(op, [x, A(1, "int32", [])], note=f"{dt} axis 1")
        x = A(rand_int("int32", 24, -3, 3), "int32", [2, 3, 4])
        for axis in (0, 1, 2, -1, -3, 3, -4):
            fam.case(op, [x, A(axis, "int32", [])], note=f"axis {axis}")
        fam.case(op, [x, A(1, "int64", [])], {"output_type": tf.int32}, note="int32 output")
        if op == "ArgMax":
            fam.case(op, [x, A(1, "int32", [])], {"output_type": tf.int16}, note="int16 output")
            fam.case(op, [x, A(1, "int32", [])], {"output_type": tf.uint16}, note="uint16 output")
        fam.case(op, [A([1, NAN, 3, NAN], "float32"), A(0, "int32", [])], note="nan")
        fam.case(op, [A([NAN, 1, 3], "float32"), A(0, "int32", [])], note="nan first")
        fam.case(op, [A([2, 5, 5, 2], "float32"), A(0, "int32", [])], note="ties")
        fam.case(op, [A([], "float32", [0, 3]), A(0, "int32", [])], note="empty axis")
        fam.case(op, [A([], "float32", [0, 3]), A(1, "int32", [])], note="empty other axis")
        fam.case(op, [A([3], "float32", []), A(0, "int32", [])], note="scalar input")
        fam.case(op, [A([1, 2], "float32"), A([0], "int32")], note="axis vector")
    # Cumsum / Cumprod.
    for op in ("Cumsum", "Cumprod"):
        # Scans run sequentially in the working precision on both sides: compared exactly.
        for dt in FI + COMPLEX:
            x = A(reduce_values("Prod" if op == "Cumprod" else "Sum", dt, 12), dt, [3, 4])
            for ex, rev in ((False, False), (True, False), (False, True), (True, True)):
                fam.case(op, [x, A(1, "int32", [])], {"exclusive": ex, "reverse": rev},
                         note=f"{dt} exclusive {ex} reverse {rev}")
        x = A(rand_float(24), "float32", [2, 3, 4])
        for axis in (0, 1, 2, -1, -3, 3, -4):
            fam.case(op, [x, A(axis, "int32", [])], note=f"axis {axis}")
        fam.case(op, [x, A(2, "int64", [])], {"reverse": True}, note="int64 axis")
        fam.case(op, [x, A([1], "int32")], note="axis vector")
        fam.case(op, [A([], "float32", [0, 3]), A(0, "int32", [])], note="empty")
        fam.case(op, [A([3], "float32", []), A(0, "int32", [])], note="scalar input")
    fam.write()



# ----------------------------------------------------------------------------- matmul, einsum

MM_TYPES = ALL_FLOATS + ["int32", "int64"] + COMPLEX
# Products summed over k: TF's float32 GEMM (Eigen/oneDNN blocking) adds in its own order.
MM_TOL = {"float32": {"rtol": 2e-6, "atol": 2e-6}, "float64": {"rtol": 2e-15, "atol": 2e-15},
          "float16": {"rtol": 2e-3, "atol": 2e-3}, "bfloat16": {"rtol": 1.6e-2, "atol": 1.6e-2},
          "complex64": {"rtol": 2e-6, "atol": 2e-6}, "complex128": {"rtol": 2e-15, "atol": 2e-15}}


def mat(dt, shape):
    n = int(np.prod(shape))
    if dt in COMPLEX:
        return A(rand_complex(n, 1.0), dt, shape)
    if dt in SPECIAL:
        return A(rand_float(n, 1.0), dt, shape)
    return A(rand_int(dt, n, 0 if dt.startswith("u") else -20, 20), dt, shape)


def gen_matmul():
    fam = Family("math-matmul")
    for dt in MM_TYPES:
        tol = MM_TOL.get(dt)
        for ta, tb in ((False, False), (True, False), (False, True), (True, True)):
            a_shape = [3, 2] if ta else [2, 3]
            b_shape = [4, 3] if tb else [3, 4]
            fam.case("MatMul", [mat(dt, a_shape), mat(dt, b_shape)],
                     {"transpose_a": ta, "transpose_b": tb}, note=f"{dt} {ta} {tb}", tol=tol)
        fam.case("MatMul", [mat(dt, [5, 17]), mat(dt, [17, 6])], note=f"{dt} k=17", tol=tol)
    fam.case("MatMul", [mat("float32", [2, 3]), mat("float32", [4, 5])], note="size mismatch")
    fam.case("MatMul", [mat("float32", [3]), mat("float32", [3, 5])], note="vector a")
    fam.case("MatMul", [mat("float32", [2, 3]), mat("float32", [2, 3, 5])], note="rank 3 b")
    fam.case("MatMul", [mat("float32", [2, 2, 3]), mat("float32", [2, 3, 5])], note="rank 3")
    fam.case("BatchMatMul", [mat("float32", [3]), mat("float32", [3])], note="rank 1")
    fam.case("BatchMatMulV2", [mat("float32", [2, 3]), mat("float32", [3])], note="rank 1 y")
    fam.case("MatMul", [mat("float32", [0, 3]), mat("float32", [3, 5])], note="empty m")
    fam.case("MatMul", [mat("float32", [2, 0]), mat("float32", [0, 5])], note="empty k")
    fam.case("MatMul", [mat("float32", [2, 3]), mat("float32", [3, 4])],
             {"grad_a": True, "grad_b": True}, note="grad attrs", tol=MM_TOL["float32"])
    fam.case("MatMul", [A([NAN, 1, INF, 0], "float32", [2, 2]), A([1, 0, 0, 1], "float32", [2, 2])],
             note="nan inf")
    for op in ("BatchMatMul", "BatchMatMulV2"):
        types = MM_TYPES + (["int16"] if op == "BatchMatMulV2" else [])
        for dt in types:
            tol = MM_TOL.get(dt)
            for ax, ay in ((False, False), (True, False), (False, True), (True, True)):
                xs = [2, 3, 2] if ax else [2, 2, 3]
                ys = [2, 4, 3] if ay else [2, 3, 4]
                fam.case(op, [mat(dt, xs), mat(dt, ys)], {"adj_x": ax, "adj_y": ay},
                         note=f"{dt} {ax} {ay}", tol=tol)
        for xs, ys in (([2, 3], [3, 4]), ([2, 2, 3], [3, 4]), ([1, 2, 3], [4, 3, 2]),
                       ([2, 1, 2, 3], [3, 3, 2]), ([3, 2, 3], [2, 3, 4]), ([2, 3, 4], [2, 3, 4]),
                       ([3], [3, 4]), ([0, 2, 3], [0, 3, 4]), ([2, 2, 0], [2, 0, 3])):
            fam.case(op, [mat("float32", xs), mat("float32", ys)], note=f"shapes {xs} {ys}",
                     tol=MM_TOL["float32"])
    # The (Ta, Tb, Tout) triples TF's CPU kernel registers.
    for ta, tb, tout in (("float32", "float32", "float32"), ("int8", "int8", "int32"),
                         ("uint8", "uint8", "int32"), ("int8", "uint8", "int32"),
                         ("uint8", "int8", "int32"), ("bfloat16", "bfloat16", "bfloat16"),
                         ("bfloat16", "int8", "bfloat16"), ("uint8", "bfloat16", "bfloat16"),
                         ("int32", "int32", "int32"), ("float64", "float64", "float64"),
                         ("complex64", "complex64", "complex64"), ("int16", "int16", "int16"),
                         ("int64", "int64", "int64"), ("complex128", "complex128", "complex128")):
        tol = MM_TOL.get(tout)
        if tout == "bfloat16" and ta != tb:
            # Integer operands up to 20 make sums of magnitude ~50 before they cancel.
            tol = {"rtol": 1.6e-2, "atol": 0.25}
        fam.case("BatchMatMulV3", [mat(ta, [2, 2, 3]), mat(tb, [1, 3, 4])], {"Tout": tf.as_dtype(tout)},
                 note=f"{ta} {tb} -> {tout}", tol=tol)
        fam.case("BatchMatMulV3", [mat(ta, [2, 3, 2]), mat(tb, [1, 4, 3])],
                 {"Tout": tf.as_dtype(tout), "adj_x": True, "adj_y": True},
                 note=f"{ta} {tb} -> {tout} adjoint", tol=tol)
    # Einsum.
    eqs = [("ij,jk->ik", [[2, 3], [3, 4]]), ("ij,jk", [[2, 3], [3, 4]]), ("bij,bjk->bik", [[2, 2, 3], [2, 3, 4]]),
           ("ij->ji", [[2, 3]]), ("ii->i", [[3, 3]]), ("ii", [[3, 3]]), ("ij->", [[2, 3]]),
           ("ij->j", [[2, 3]]), ("i,j->ij", [[2], [3]]), ("i,i->", [[3], [3]]), ("i,i", [[3], [3]]),
           ("...ij,...jk->...ik", [[2, 2, 3], [3, 4]]), ("bi,bi->b", [[2, 3], [2, 3]]),
           ("abc->cba", [[2, 3, 4]]), ("ab,cd->abcd", [[2, 2], [2, 3]]), ("iij->j", [[2, 2, 3]]),
           ("ij,ij->ij", [[2, 3], [2, 3]]), ("bij,bkj->bik", [[2, 2, 3], [2, 4, 3]]),
           ("i...->...", [[2, 3, 4]]), ("...ii->...i", [[2, 3, 3]]), ("ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]),
           ("aij,jk->aik", [[2, 2, 3], [3, 4]]), ("ij,j->i", [[2, 3], [3]]), ("b...,b...->b", [[2, 3], [2, 3]]),
           ("ij,jk->ik", [[2, 3], [4, 5]]), ("ij,jk->ik", [[2, 3, 1], [3, 4]]), ("ij->ik", [[2, 3]]),
           ("ij,jk->ii", [[2, 3], [3, 4]]), ("i,i->i", [[2], [3]]), ("ij,kj->ik", [[2, 3], [4, 3]]),
           ("bij,bjk->bik", [[2, 2, 3], [3, 3, 4]]), ("...ij,...jk->...ik", [[2, 2, 3], [3, 3, 4]]),
           ("ij,jk->ik", [[0, 3], [3, 4]]), ("ij->", [[0, 3]]), ("iI->i", [[2, 2]]), ("ij,jk-ik", [[2, 3], [3, 4]])]
    for eq, shapes in eqs:
        for dt in (["float32", "int32", "float64", "complex64"] if eq in ("ij,jk->ik", "bij,bjk->bik", "ii->i", "ij->")
                   else ["float32"]):
            fam.case("Einsum", [("inputs", [mat(dt, sh) for sh in shapes])], {"equation": eq},
                     note=f"{eq} {dt}", tol=MM_TOL.get(dt))
    fam.write()


# ----------------------------------------------------------------------------- nn-style math

# exp/log in TF's float64 kernels are Eigen's, a few ulp from ours; formulas like
# log(1 + exp(x)) turn that into an absolute error of a few ulp of 1.
ACT_TOL = {"float32": {"rtol": 2e-6, "atol": 1e-7}, "float64": {"rtol": 2e-15, "atol": 5e-16},
           "float16": F16_1ULP, "bfloat16": BF16_1ULP}
# Softmax and its losses chain exp, a row sum and a division, each rounded to the half type
# in TF: up to 2 ulp apart from ours.
SOFTMAX_TOL = {**ACT_TOL, "float16": {"rtol": 2e-3, "atol": 1e-4},
               "bfloat16": {"rtol": 1.6e-2, "atol": 1e-3}}


def act_values(dt):
    vals = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 6.0, 6.5, -6.0, 20.0,
            -20.0, 100.0, -100.0, 1e-3, -1e-3] + rand_float(12)
    return vals


SIGMOID_GRAD_TOL = {"float32": {"rtol": 2.4e-7}, "float64": {"rtol": 4.5e-16}, "float16": F16_1ULP,
                    "bfloat16": BF16_1ULP}


def gen_nn():
    fam = Family("math-nn")
    all_real = ALL_FLOATS + INTS
    for op, dtypes, trans in (("Relu", all_real, False), ("Relu6", all_real, False),
                              ("Elu", ALL_FLOATS, False), ("Selu", ALL_FLOATS, True),
                              ("Softplus", ALL_FLOATS, True), ("Softsign", ALL_FLOATS, False)):
        for dt in dtypes:
            vals = act_values(dt) if dt in SPECIAL else int_special(dt)
            fam.case(op, [A(vals, dt)], note=dt, tol=ACT_TOL.get(dt) if trans else None)
    for dt in ALL_FLOATS:
        vals = act_values(dt)
        for alpha in (0.2, -0.5, 1.5):
            fam.case("LeakyRelu", [A(vals, dt)], {"alpha": alpha}, note=f"{dt} {alpha}")
    fam.case("LeakyRelu", [A(act_values("float32"), "float32")], note="default alpha")
    for op, dtypes, trans in (("ReluGrad", all_real, False), ("Relu6Grad", all_real, False),
                              ("EluGrad", ALL_FLOATS, False), ("SeluGrad", ALL_FLOATS, False),
                              ("SoftplusGrad", ALL_FLOATS, True), ("SoftsignGrad", ALL_FLOATS, False)):
        for dt in dtypes:
            # (EluGrad/SeluGrad take the activation's outputs; any values exercise the formula.)
            feats = act_values(dt) if dt in SPECIAL else int_special(dt)
            grads = (rand_float(len(feats)) if dt in SPECIAL else rand_int(dt, len(feats), 0, 10))
            fam.case(op, [A(grads, dt), A(feats, dt)], note=dt, tol=ACT_TOL.get(dt) if trans else None)
        fam.case(op, [A([1, 2], "float32"), A([1, 2, 3], "float32")], note="shape mismatch")
    for dt in ALL_FLOATS:
        vals = act_values(dt)
        grads = rand_float(len(vals))
        fam.case("LeakyReluGrad", [A(grads, dt), A(vals, dt)], {"alpha": 0.3}, note=dt)
    for op in ("SigmoidGrad", "TanhGrad"):
        for dt in FC:
            n = 14
            y = rand_complex(n, 0.5) if dt in COMPLEX else rand_float(n, lo=-1, hi=1)
            dy = rand_complex(n) if dt in COMPLEX else rand_float(n)
            # TF's vectorized and scalar paths round SigmoidGrad's product in different orders.
            tol = (TRANS_TOL.get(dt) if dt in COMPLEX else
                   SIGMOID_GRAD_TOL.get(dt) if op == "SigmoidGrad" else None)
            fam.case(op, [A(y, dt), A(dy, dt)], note=dt, tol=tol)
        fam.case(op, [A([1, 2], "float32"), A([1, 2, 3], "float32")], note="shape mismatch")
    # BiasAdd / BiasAddV1 / BiasAddGrad.
    for dt in ALL_FLOATS + INTS + COMPLEX:
        x = mat(dt, [2, 3, 4])
        b = mat(dt, [4])
        fam.case("BiasAdd", [x, b], note=dt)
        fam.case("BiasAddV1", [x, b], note=dt)
        fam.case("BiasAddGrad", [x], note=dt, tol=SUM_TOL.get(dt))
    for fmt in ("NHWC", "NCHW"):
        for shape in ([2, 3], [2, 3, 4], [2, 3, 2, 2], [1, 3, 2, 2, 2]):
            c = shape[-1] if fmt == "NHWC" else shape[1]
            fam.case("BiasAdd", [mat("float32", shape), mat("float32", [c])], {"data_format": fmt},
                     note=f"{fmt} {shape}")
            fam.case("BiasAddGrad", [mat("float32", shape)], {"data_format": fmt},
                     note=f"{fmt} {shape}", tol=SUM_TOL["float32"])
    fam.case("BiasAdd", [mat("float32", [2, 3]), mat("float32", [4])], note="bias size mismatch")
    fam.case("BiasAdd", [mat("float32", [2, 3]), mat("float32", [3, 1])], note="bias rank 2")
    fam.case("BiasAdd", [mat("float32", [3]), mat("float32", [3])], note="input rank 1")
    fam.case("BiasAdd", [mat("float32", [2, 3, 4]), mat("float32", [4])], {"data_format": "NCHW"},
             note="NCHW mismatch")
    fam.case("BiasAddGrad", [mat("float32", [3])], note="input rank 1")
    fam.case("BiasAddV1", [mat("float32", [2, 3]), mat("float32", [4])], note="bias size mismatch")
    # L2Loss.
    for dt in ALL_FLOATS:
        fam.case("L2Loss", [mat(dt, [3, 4])], note=dt, tol=SUM_TOL.get(dt))
        fam.case("L2Loss", [A([], dt, [0])], note=f"{dt} empty")
    # Softmax / LogSoftmax.
    for op in ("Softmax", "LogSoftmax"):
        for dt in ALL_FLOATS:
            for shape in ([5], [2, 5], [2, 3, 4]):
                fam.case(op, [mat(dt, shape)], note=f"{dt} {shape}", tol=SOFTMAX_TOL.get(dt))
            fam.case(op, [A([1000, 0, -1000, 1000], dt, [1, 4])], note=f"{dt} large", tol=SOFTMAX_TOL.get(dt))
            fam.case(op, [A([NAN, 1, INF, 0, -INF, 1], dt, [2, 3])], note=f"{dt} specials",
                     tol=SOFTMAX_TOL.get(dt))
        fam.case(op, [A([1.0], "float32", [])], note="scalar")
        fam.case(op, [A([], "float32", [0, 3])], note="empty")
        fam.case(op, [A([], "float32", [2, 0])], note="empty classes")
    # Cross entropy losses.
    for dt in ALL_FLOATS:
        logits = mat(dt, [3, 5])
        labels = A(RNG.dirichlet(np.ones(5), 3).reshape(-1).tolist(), dt, [3, 5])
        fam.case("SoftmaxCrossEntropyWithLogits", [logits, labels], note=dt, tol=SOFTMAX_TOL.get(dt))
        fam.case("SoftmaxCrossEntropyWithLogits", [mat(dt, [3, 5]), A(RNG.dirichlet(np.ones(5), 1).reshape(-1).tolist(), dt, [1, 5])],
                 note=f"{dt} broadcast labels", tol=SOFTMAX_TOL.get(dt))
        for lt in ("int32", "int64"):
            fam.case("SparseSoftmaxCrossEntropyWithLogits", [mat(dt, [3, 5]), A([0, 4, 2], lt)],
                     note=f"{dt} {lt}", tol=SOFTMAX_TOL.get(dt))
    fam.case("SoftmaxCrossEntropyWithLogits", [mat("float32", [3, 5]), mat("float32", [3, 4])],
             note="shape mismatch")
    fam.case("SoftmaxCrossEntropyWithLogits", [mat("float32", [5]), mat("float32", [5])], note="rank 1")
    fam.case("SoftmaxCrossEntropyWithLogits", [A([1000, 0, -1000], "float32", [1, 3]),
                                               A([0.5, 0.5, 0], "float32", [1, 3])], note="large")
    fam.case("SparseSoftmaxCrossEntropyWithLogits", [mat("float32", [3, 5]), A([0, 5, 2], "int32")],
             note="label too large")
    fam.case("SparseSoftmaxCrossEntropyWithLogits", [mat("float32", [3, 5]), A([0, -1, 2], "int64")],
             note="negative label")
    fam.case("SparseSoftmaxCrossEntropyWithLogits", [mat("float32", [3, 5]), A([0, 1], "int32")],
             note="batch mismatch")
    fam.case("SparseSoftmaxCrossEntropyWithLogits", [mat("float32", [5]), A([0], "int32")],
             note="rank 1 logits")
    fam.case("SparseSoftmaxCrossEntropyWithLogits", [A([], "float32", [2, 0]), A([0, 0], "int32")],
             note="no classes")
    fam.write()


if __name__ == "__main__":
    # Each family draws from its own seeded stream, so regenerating one leaves the others'
    # inputs unchanged: `gen_kernel_fixtures_math.py binary cast` runs just those two.
    which = set(sys.argv[1:])
    for name, fn in list(globals().items()):
        if name.startswith("gen_") and (not which or name[4:] in which):
            RNG = np.random.default_rng([SEED, zlib.crc32(name.encode())])
            fn()
