"""Kernel fixtures for the array / shape / indexing / string op family, from real TF.

Run: cd tools/oracle && ../../.venv-tf/bin/python gen_kernel_fixtures_array.py
Writes packages/conformance/fixtures/ops/array-*.json, one file per family.

Every input is fed through a placeholder of unknown shape, so TF's shape functions
cannot reject a case at graph-build time: what is recorded is what the CPU kernel
computes, or the error the kernel itself raises. Grappler is off for the same reason.
Inputs are seeded numpy values; the script is deterministic.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from oracle_util import T, core_message, decode_array, encode_array, encode_attr

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "conformance",
                       "fixtures", "ops")

F32, F64, F16, BF16 = tf.float32, tf.float64, tf.float16, tf.bfloat16
I8, I16, I32, I64 = tf.int8, tf.int16, tf.int32, tf.int64
U8, U16, U32, U64 = tf.uint8, tf.uint16, tf.uint32, tf.uint64
C64, C128, BOOL, STR = tf.complex64, tf.complex128, tf.bool, tf.string

# The dtypes every type-generic op is checked with.
REP = [F32, I32, I64, BOOL, STR, C64, F16]
# More dtypes for a few ops, to prove copies by storage work for every storage kind.
EXTRA = [F64, BF16, I8, I16, U8, U16, U32, U64, C128]


def session_config():
    config = T.ConfigProto()
    config.graph_options.rewrite_options.disable_meta_optimizer = True
    return config


def np_dtype(dt):
    return object if dt == STR else dt.as_numpy_dtype


def arr(values, dt):
    """A fixture array of `dt` from nested Python values (bytes or str for strings)."""
    if dt == STR:
        a = np.array(values, dtype=object)
        flat = [v.encode() if isinstance(v, str) else v for v in a.reshape(-1)]
        a = np.array(flat, dtype=object).reshape(a.shape)
        return encode_array(a, dt)
    return encode_array(np.array(values, dtype=np_dtype(dt)), dt)


_RNG = np.random.default_rng(20240611)


def rand(dt, shape, low=-9, high=10):
    """Distinct-ish seeded values of `dt` (small, exactly representable where it matters)."""
    n = int(np.prod(shape)) if len(shape) else 1
    if dt == STR:
        words = ["a", "bc", "", "héllo", "x y", "z", "0", "tf", "\u00e9t\u00e9", "q"]
        vals = [f"{words[int(i) % len(words)]}{int(i)}".encode() for i in _RNG.integers(0, 100, n)]
        return encode_array(np.array(vals, dtype=object).reshape(shape), dt)
    if dt == BOOL:
        return encode_array(_RNG.random(n).reshape(shape) < 0.5, dt)
    if dt.is_complex:
        re = _RNG.integers(low, high, n) / 4
        im = _RNG.integers(low, high, n) / 4
        return encode_array((re + 1j * im).astype(np_dtype(dt)).reshape(shape), dt)
    if dt.is_floating:
        return encode_array((_RNG.integers(low * 4, high * 4, n) / 4).astype(np_dtype(dt)).reshape(shape), dt)
    if dt.is_unsigned:
        return encode_array(_RNG.integers(0, 200, n).astype(np_dtype(dt)).reshape(shape), dt)
    if dt == I64:
        return encode_array((_RNG.integers(-1000, 1000, n) * (2 ** 33) + 7).astype(np.int64).reshape(shape), dt)
    if dt == I8:
        return encode_array(_RNG.integers(-100, 100, n).astype(np.int8).reshape(shape), dt)
    return encode_array(_RNG.integers(-500, 500, n).astype(np_dtype(dt)).reshape(shape), dt)


# tf.raw_ops spells a few args by their Python API names, not their op-definition names.
PY_NAMES = {("Split", "split_dim"): "axis", ("SplitV", "split_dim"): "axis",
            ("Squeeze", "squeeze_dims"): "axis", ("ExpandDims", "dim"): "axis",
            ("Where", "input"): "condition"}


def run(op_type, inputs, attrs):
    g = tf.Graph()
    feeds = {}
    with g.as_default(), g.device("/device:CPU:0"):
        kwargs = {}
        for name, spec in inputs:
            specs = spec if isinstance(spec, list) else [spec]
            phs = []
            for k, s in enumerate(specs):
                ph = T.placeholder(tf.as_dtype(s["dtype"]), shape=None, name=f"{name}_{k}")
                feeds[ph] = decode_array(s)
                phs.append(ph)
            kwargs[PY_NAMES.get((op_type, name), name)] = phs if isinstance(spec, list) else phs[0]
        kwargs.update({PY_NAMES.get((op_type, k), k): v for k, v in attrs.items()})
        try:
            getattr(tf.raw_ops, op_type)(**kwargs, name=op_type)
        except (ValueError, TypeError) as e:
            return {"build_error": {"class": type(e).__name__, "message": str(e)}}
        op = g.get_operation_by_name(op_type)
    with T.Session(graph=g, config=session_config()) as sess:
        try:
            fetches = list(op.outputs) if op.outputs else [op]
            values = sess.run(fetches, feeds)
        except tf.errors.OpError as e:
            return {"error": {"class": type(e).__name__, "message": core_message(e.message)}}
    if not op.outputs:
        return {"outputs": []}
    return {"outputs": [encode_array(v, t.dtype) for v, t in zip(values, op.outputs)]}


class Family:
    """The cases of one fixture file."""

    def __init__(self, name):
        self.name = name
        self.cases = []

    def case(self, op_type, inputs, attrs=None, note=None, expect=None):
        attrs = attrs or {}
        case = {"op": op_type,
                "attrs": {k: encode_attr(v) for k, v in attrs.items()},
                "inputs": [[name, spec] for name, spec in inputs]}
        if note:
            case["note"] = note
        result = run(op_type, inputs, attrs)
        if "build_error" in result:
            raise RuntimeError(f"{op_type} {note}: TF refused to build: {result['build_error']}")
        # A surprise is kept (TF is the reference) but reported, so the case list stays honest.
        if expect == "error" and "error" not in result:
            print(f"NOTE {op_type} ({note}): TF computed it, no error", file=sys.stderr)
        if expect != "error" and "error" in result:
            print(f"NOTE {op_type} ({note}): TF error {result['error']}", file=sys.stderr)
        case.update(result)
        self.cases.append(case)
        return case

    def err(self, op_type, inputs, attrs=None, note=None):
        return self.case(op_type, inputs, attrs, note, expect="error")

    def write(self):
        path = os.path.join(OUT_DIR, f"array-{self.name}.json")
        with open(path, "w") as f:
            f.write('{"tf_version": %s, "tolerance": %s, "cases": [\n' % (
                json.dumps(tf.__version__), json.dumps(TOLERANCE)))
            f.write(",\n".join(json.dumps(c, separators=(",", ":"), ensure_ascii=False)
                               for c in self.cases))
            f.write("\n]}\n")
        print(f"{path}: {len(self.cases)} cases, "
              f"{sum(1 for c in self.cases if 'error' in c)} errors, {os.path.getsize(path)} bytes")


# Copies are exact; only arithmetic ops on narrow floats may round differently.
TOLERANCE = {}


def i32(v):
    return arr(v, I32)


def i64(v):
    return arr(v, I64)


def gen_reshape(f):
    for dt in REP + EXTRA:
        x = rand(dt, [2, 3])
        f.case("Reshape", [("tensor", x), ("shape", i32([3, 2]))], note=dt.name)
    x = rand(F32, [2, 3, 4])
    for shape in ([-1], [4, -1], [2, -1, 3], [24], [1, 24, 1]):
        f.case("Reshape", [("tensor", x), ("shape", i32(shape))], note=f"shape {shape}")
    f.case("Reshape", [("tensor", rand(STR, [2, 2])), ("shape", i64([-1, 1]))], note="int64 shape")
    f.case("Reshape", [("tensor", rand(I32, [])), ("shape", i32([1, 1]))], note="scalar to [1,1]")
    f.case("Reshape", [("tensor", rand(I32, [1, 1])), ("shape", i32(np.zeros([0], np.int32)))],
           note="to scalar")
    f.case("Reshape", [("tensor", rand(F32, [0, 3])), ("shape", i32([3, 0]))], note="empty")
    f.case("Reshape", [("tensor", rand(F32, [0, 3])), ("shape", i32([-1, 3]))], note="empty -1")
    f.err("Reshape", [("tensor", rand(F32, [2, 3])), ("shape", i32([4]))], note="wrong size")
    f.err("Reshape", [("tensor", rand(F32, [2, 3])), ("shape", i32([-1, -1]))], note="two -1")
    f.err("Reshape", [("tensor", rand(F32, [2, 3])), ("shape", i32([-1, 4]))], note="-1 not dividing")
    f.err("Reshape", [("tensor", rand(F32, [2, 3])), ("shape", i32([-2, 3]))], note="-2")
    f.err("Reshape", [("tensor", rand(F32, [0, 3])), ("shape", i32([-1, 0]))], note="empty -1 with 0")
    f.err("Reshape", [("tensor", rand(F32, [2, 3])), ("shape", i32([[2, 3]]))], note="2-D shape")
    f.err("Reshape", [("tensor", rand(F32, [2, 3])), ("shape", i64([2, 2 ** 40]))], note="huge")


def gen_squeeze_expand(f):
    for dt in REP:
        f.case("Squeeze", [("input", rand(dt, [1, 2, 1, 3]))], note=dt.name)
    x = rand(F32, [1, 2, 1, 3, 1])
    for dims in ([0], [2], [-1], [0, -3], [4, 0]):
        f.case("Squeeze", [("input", x)], {"squeeze_dims": dims}, note=f"dims {dims}")
    f.case("Squeeze", [("input", rand(F32, [1, 1]))], note="to scalar")
    f.case("Squeeze", [("input", rand(F32, [2, 3]))], note="nothing to squeeze")
    f.err("Squeeze", [("input", x)], {"squeeze_dims": [1]}, note="not 1")
    f.err("Squeeze", [("input", x)], {"squeeze_dims": [5]}, note="out of range")
    f.err("Squeeze", [("input", x)], {"squeeze_dims": [-6]}, note="out of range negative")
    for dt in REP:
        f.case("ExpandDims", [("input", rand(dt, [2, 3])), ("dim", i32(1))], note=dt.name)
    x = rand(F32, [2, 3])
    for d in (0, 2, -1, -3):
        f.case("ExpandDims", [("input", x), ("dim", i32(d))], note=f"dim {d}")
    f.case("ExpandDims", [("input", x), ("dim", i64(1))], note="int64 dim")
    f.case("ExpandDims", [("input", x), ("dim", i32([1]))], note="dim as [1]")
    f.case("ExpandDims", [("input", rand(I32, [])), ("dim", i32(0))], note="scalar")
    f.err("ExpandDims", [("input", x), ("dim", i32(3))], note="out of range")
    f.err("ExpandDims", [("input", x), ("dim", i32(-4))], note="out of range negative")
    f.err("ExpandDims", [("input", x), ("dim", i32([0, 1]))], note="two dims")


def gen_shape_ops(f):
    for dt in REP + [C128, BF16, U8]:
        f.case("Shape", [("input", rand(dt, [2, 0, 3]))], note=dt.name)
    f.case("Shape", [("input", rand(F32, [3, 1]))], {"out_type": I64}, note="int64")
    f.case("Shape", [("input", rand(F32, []))], note="scalar")
    f.case("ShapeN", [("input", [rand(F32, [2, 3]), rand(F32, [4]), rand(F32, [])])], note="3 inputs")
    f.case("ShapeN", [("input", [rand(STR, [1, 2])])], {"out_type": I64}, note="int64")
    for dt in [F32, STR, BOOL, C64]:
        f.case("Size", [("input", rand(dt, [2, 3]))], note=dt.name)
        f.case("Rank", [("input", rand(dt, [2, 3]))], note=dt.name)
    f.case("Size", [("input", rand(F32, [2, 0]))], {"out_type": I64}, note="int64 empty")
    f.case("Size", [("input", rand(F32, []))], note="scalar")
    f.case("Rank", [("input", rand(F32, []))], note="scalar")
    for t, a, b in [(I32, [2, 3], [3]), (I64, [1, 4], [5, 1]), (I32, [], [2, 1]), (I32, [2, 1, 3], [7, 1, 1, 1]),
                    (I32, [0, 1], [1]), (I32, [1], [0])]:
        f.case("BroadcastArgs", [("s0", arr(a, t)), ("s1", arr(b, t))], note=f"{a} {b}")
        f.case("BroadcastGradientArgs", [("s0", arr(a, t)), ("s1", arr(b, t))], note=f"{a} {b}")
    f.case("BroadcastGradientArgs", [("s0", i32([1, 1])), ("s1", i32([1]))], note="all ones")
    f.case("BroadcastGradientArgs", [("s0", i32([2, 3])), ("s1", i32([2, 3]))], note="same")
    f.err("BroadcastArgs", [("s0", i32([2, 3])), ("s1", i32([4]))], note="incompatible")
    f.err("BroadcastGradientArgs", [("s0", i32([2, 3])), ("s1", i32([2, 4]))], note="incompatible")
    f.err("BroadcastArgs", [("s0", i32([[2, 3]])), ("s1", i32([3]))], note="not a vector")
    for t in (I32, I64):
        f.case("ConcatOffset", [("concat_dim", i32(1)), ("shape", [arr([2, 3, 5], t), arr([2, 7, 5], t),
                                                                    arr([2, 1, 5], t)])], note=t.name)
    f.case("ConcatOffset", [("concat_dim", i32(-3)), ("shape", [i32([2, 3, 5]), i32([4, 3, 5])])],
           note="negative dim")
    f.err("ConcatOffset", [("concat_dim", i32(1)), ("shape", [i32([2, 3]), i32([3, 3])])], note="mismatch")
    f.err("ConcatOffset", [("concat_dim", i32(1)), ("shape", [i32([2, 3]), i32([2, 3, 1])])], note="rank")
    f.err("ConcatOffset", [("concat_dim", i32(2)), ("shape", [i32([2, 3]), i32([2, 3])])], note="dim range")
    f.err("ConcatOffset", [("concat_dim", i32(0)), ("shape", [i32([[2]]), i32([2])])], note="not vector")
    for t in (I32, I64):
        f.case("InvertPermutation", [("x", arr([3, 0, 2, 1], t))], note=t.name)
    f.case("InvertPermutation", [("x", i32(np.zeros([0], np.int32)))], note="empty")
    f.err("InvertPermutation", [("x", i32([0, 0, 1]))], note="duplicate")
    f.err("InvertPermutation", [("x", i32([0, 3, 1]))], note="out of range")
    f.err("InvertPermutation", [("x", i32([-1, 0]))], note="negative")
    f.err("InvertPermutation", [("x", i32([[0, 1]]))], note="not a vector")


def gen_identity_like(f):
    for dt in REP:
        x = rand(dt, [2, 2])
        f.case("PlaceholderWithDefault", [("input", x)], {"shape": [2, 2]}, note=dt.name)
        if dt != STR:  # TF's Snapshot has no string kernel
            f.case("Snapshot", [("input", x)], note=dt.name)
        f.case("PreventGradient", [("input", x)], {"message": "no"}, note=dt.name)
        f.case("EnsureShape", [("input", x)], {"shape": [2, None]}, note=dt.name)
    f.case("IdentityN", [("input", [rand(F32, [2]), rand(STR, [1]), rand(I64, [])])], note="3 dtypes")
    f.case("EnsureShape", [("input", rand(F32, [2, 3]))], {"shape": tf.TensorShape(None)}, note="unknown rank")
    f.case("EnsureShape", [("input", rand(F32, []))], {"shape": []}, note="scalar")
    # (EnsureShape's error names the input tensor, which a kernel is not told:
    # array-kernels.test.ts checks the rest of that message.)
    for dt in [F32, F64, F16, BF16]:
        f.case("CheckNumerics", [("tensor", rand(dt, [3]))], {"message": "fine"}, note=dt.name)
        f.err("CheckNumerics", [("tensor", arr([1.0, np.nan, 2.0], dt))], {"message": "has nan"},
              note=f"{dt.name} nan")
        f.err("CheckNumerics", [("tensor", arr([1.0, np.inf], dt))], {"message": "inf!"},
              note=f"{dt.name} inf")
    f.err("CheckNumerics", [("tensor", arr([-np.inf, np.nan], F32))], {"message": "both"}, note="both")
    # An empty message: TF's text then starts with a space, kept as TF wrote it.
    f.err("CheckNumerics", [("tensor", arr([np.nan], F32))], {"message": ""}, note="empty message")


def gen_bitcast(f):
    pairs = [(F32, I32), (F32, U8), (U8, F32), (I64, I32), (I32, I64), (F64, C64), (C64, F64), (C128, F64),
             (F16, U16), (U16, F16), (BF16, I16), (F32, F16), (U8, I8), (I8, U8), (I64, F64), (F64, C128),
             (U32, F32), (U64, I64), (C64, I32), (F16, BF16)]
    for a, b in pairs:
        shape = [2, 4] if a.size < b.size else [2, 2]
        if a.size < b.size and b.size // a.size > 4:
            shape = [3, b.size // a.size]
        if a.size < b.size:
            shape = [2, b.size // a.size]
        x = rand(a, shape)
        f.case("Bitcast", [("input", x)], {"type": b}, note=f"{a.name} to {b.name}")
    f.case("Bitcast", [("input", arr([1.0, -2.5, np.inf], F32))], {"type": I32}, note="special floats")
    f.case("Bitcast", [("input", arr([0x7fc00000, -0x800000], I32))], {"type": F32}, note="to nan")
    f.case("Bitcast", [("input", rand(I32, []))], {"type": F32}, note="scalar")
    f.err("Bitcast", [("input", rand(U8, [3]))], {"type": I16}, note="not divisible")
    f.err("Bitcast", [("input", rand(U8, []))], {"type": I16}, note="scalar to wider")


def gen_fill(f):
    for dt in REP + EXTRA:
        v = rand(dt, [])
        f.case("Fill", [("dims", i32([2, 3])), ("value", v)], note=dt.name)
    f.case("Fill", [("dims", i64([2, 0])), ("value", rand(F32, []))], note="int64 dims, empty")
    f.case("Fill", [("dims", i32(np.zeros([0], np.int32))), ("value", rand(F32, []))], note="scalar")
    f.err("Fill", [("dims", i32([[2, 3]])), ("value", rand(F32, []))], note="dims not a vector")
    f.err("Fill", [("dims", i32([2])), ("value", rand(F32, [1]))], note="value not a scalar")
    f.err("Fill", [("dims", i32([2, -1])), ("value", rand(F32, []))], note="negative dim")
    f.err("Fill", [("dims", i32([2])), ("value", rand(F32, [2]))], note="value of 2 elements")
    for dt in REP + EXTRA:
        x = rand(dt, [2, 3])
        if dt != STR:
            f.case("OnesLike", [("x", x)], note=dt.name)
        f.case("ZerosLike", [("x", x)], note=dt.name)


def gen_range(f):
    for dt in [I32, I64]:
        for s, l, d in [(0, 5, 1), (2, 11, 3), (10, 1, -2), (3, 3, 1), (-5, 5, 4), (5, 1, -1)]:
            f.case("Range", [("start", arr(s, dt)), ("limit", arr(l, dt)), ("delta", arr(d, dt))],
                   note=f"{dt.name} {s}:{l}:{d}")
    for dt in [F32, F64, F16, BF16]:
        for s, l, d in [(0, 1, 0.1), (1.5, -2, -0.5), (0, 5, 1), (0.25, 3.3, 0.7), (0, 10, 3.5)]:
            f.case("Range", [("start", arr(s, dt)), ("limit", arr(l, dt)), ("delta", arr(d, dt))],
                   note=f"{dt.name} {s}:{l}:{d}")
    f.err("Range", [("start", i32(5)), ("limit", i32(1)), ("delta", i32(1))], note="start > limit")
    f.err("Range", [("start", i32(1)), ("limit", i32(5)), ("delta", i32(-1))], note="start < limit")
    f.err("Range", [("start", i32(1)), ("limit", i32(5)), ("delta", i32(0))], note="zero delta")
    f.err("Range", [("start", arr(1.5, F32)), ("limit", arr(0.5, F32)), ("delta", arr(0.5, F32))],
          note="float start > limit")
    f.err("Range", [("start", arr(0.1, F32)), ("limit", arr(-0.3, F32)), ("delta", arr(0.2, F32))],
          note="float32 message digits")
    f.err("Range", [("start", arr(0.1, F64)), ("limit", arr(-0.3, F64)), ("delta", arr(0.2, F64))],
          note="float64 message digits")
    f.err("Range", [("start", arr(0.1, F16)), ("limit", arr(-0.3, F16)), ("delta", arr(0.2, F16))],
          note="float16 message digits")
    f.err("Range", [("start", arr(0.123456789, F32)), ("limit", arr(0, F32)), ("delta", arr(1, F32))],
          note="float32 digits of 0.123456789")
    f.err("Range", [("start", arr(0.123456789, F64)), ("limit", arr(0, F64)), ("delta", arr(1, F64))],
          note="float64 digits of 0.123456789")
    f.err("Range", [("start", arr(1e20, F32)), ("limit", arr(0, F32)), ("delta", arr(1e-5, F32))],
          note="float32 big message")
    f.err("Range", [("start", arr(0, F32)), ("limit", arr(1, F32)), ("delta", arr(0.0, F32))],
          note="float zero delta")
    f.err("Range", [("start", i64(2 ** 40)), ("limit", i64(0)), ("delta", i64(1))], note="int64 message")
    f.err("Range", [("start", i32([1, 2])), ("limit", i32(5)), ("delta", i32(1))], note="start of 2")
    f.case("Range", [("start", i32([1])), ("limit", i32(5)), ("delta", i32(1))], note="start [1]")
    f.err("Range", [("start", i32(1)), ("limit", i32([5, 6])), ("delta", i32(1))], note="limit of 2")
    f.err("Range", [("start", i32(1)), ("limit", i32(5)), ("delta", i32([[1, 1]]))], note="delta of 2")


def gen_string_join(f):
    f.case("StringJoin", [("inputs", [arr(["a", "b"], STR), arr(["c", "d"], STR)])], note="two vectors")
    f.case("StringJoin", [("inputs", [arr(["a", "b"], STR), arr("-", STR), arr(["x", "y"], STR)])],
           {"separator": ", "}, note="scalar and separator")
    f.case("StringJoin", [("inputs", [arr("p", STR), arr("q", STR)])], {"separator": "héllo"}, note="scalars")
    f.case("StringJoin", [("inputs", [arr(["only"], STR)])], note="one input")
    f.case("StringJoin", [("inputs", [rand(STR, [2, 3]), rand(STR, [2, 3]), rand(STR, [])])], {"separator": "|"},
           note="2x3")
    f.err("StringJoin", [("inputs", [arr(["a", "b"], STR), arr(["c", "d", "e"], STR)])], note="mismatch")
    f.err("StringJoin", [("inputs", [arr(["a", "b"], STR), arr([["c", "d"]], STR)])], note="rank mismatch")


def gen_as_string(f):
    floats = [0.0, -0.0, 1.5, -2.25, 3.14159265, 1e-7, 123456789.0, 2.5, 0.5, 1e20, -1e-20, np.inf, -np.inf,
              np.nan, 100.0, 0.1]
    for dt in (F32, F64):
        x = arr(floats, dt)
        f.case("AsString", [("input", x)], note=dt.name)
        for attrs in ({"precision": 2}, {"precision": 0}, {"scientific": True}, {"shortest": True},
                      {"scientific": True, "precision": 3}, {"shortest": True, "precision": 3},
                      {"width": 12}, {"width": 12, "fill": "0"}, {"width": 10, "fill": "-"},
                      {"width": 10, "fill": "+"}, {"width": 10, "fill": " "}, {"width": 3, "precision": 1},
                      {"fill": "#", "width": 8, "precision": 0}, {"fill": "#", "width": 8, "shortest": True}):
            f.case("AsString", [("input", x)], attrs, note=f"{dt.name} {attrs}")
    for dt in (F16, BF16):
        f.case("AsString", [("input", arr([1.5, -0.1, 65504.0 if dt == F16 else 1e30, np.nan], dt))],
               note=dt.name)
        f.case("AsString", [("input", arr([1.5, -0.1], dt))], {"precision": 2}, note=f"{dt.name} precision 2")
    for dt in (I8, I16, I32, I64, U8, U16, U32, U64):
        x = arr([0, 1, -5 if not dt.is_unsigned else 5, dt.max, dt.min], dt)
        f.case("AsString", [("input", x)], note=dt.name)
        f.case("AsString", [("input", x)], {"width": 6}, note=f"{dt.name} width 6")
        f.case("AsString", [("input", x)], {"width": 6, "fill": "0"}, note=f"{dt.name} width 6 fill 0")
        f.case("AsString", [("input", x)], {"width": 6, "fill": "-"}, note=f"{dt.name} width 6 fill -")
        f.case("AsString", [("input", x)], {"width": 6, "fill": "+"}, note=f"{dt.name} width 6 fill +")
    f.case("AsString", [("input", arr([[True, False]], BOOL))], note="bool")
    f.case("AsString", [("input", arr([True, False], BOOL))], {"width": 7}, note="bool width")
    for dt in (C64, C128):
        x = arr([1.5 - 2j, -0.25 + 1e-7j, complex(np.inf, np.nan)], dt)
        f.case("AsString", [("input", x)], note=dt.name)
        f.case("AsString", [("input", x)], {"precision": 1, "width": 7}, note=f"{dt.name} precision 1 width 7")
        f.case("AsString", [("input", x)], {"shortest": True}, note=f"{dt.name} shortest")
    f.case("AsString", [("input", arr(["ab", "c"], STR))], note="string")
    f.case("AsString", [("input", arr(["ab", "c"], STR))], {"width": 4}, note="string width")
    for fill in ("-", "0", "+", " ", "#"):
        f.case("AsString", [("input", arr(["ab", "c"], STR))], {"width": 4, "fill": fill}, note=f"string fill {fill}")
    f.case("AsString", [("input", arr([1, 0], U8))], {"width": 4, "fill": " "}, note="uint8 fill space")
    f.case("AsString", [("input", arr([1, -1], I32))], {"width": 4, "fill": " "}, note="int32 fill space")
    f.case("AsString", [("input", arr([1, -1], I32))], {"width": 4, "fill": "#"}, note="int32 fill #")
    f.case("AsString", [("input", arr([1.0, 2.5], F16))], {"scientific": True}, note="float16 scientific")
    f.case("AsString", [("input", arr([1.0, 2.5], BF16))], {"shortest": True}, note="bfloat16 shortest")
    f.case("AsString", [("input", arr([1.0, 2.5], F32))], {"width": 0}, note="width 0")
    f.case("AsString", [("input", arr([1.0, 2.5], F32))], {"fill": "0"}, note="fill without width")
    f.err("AsString", [("input", arr([1], I32))], {"precision": 2}, note="int precision")
    f.err("AsString", [("input", arr([1], I32))], {"scientific": True}, note="int scientific")
    f.err("AsString", [("input", arr([1.0], F32))], {"scientific": True, "shortest": True}, note="both")
    f.err("AsString", [("input", arr([1.0], F32))], {"fill": "ab"}, note="long fill")
    f.err("AsString", [("input", arr([1.0], F32))], {"fill": "x", "width": 4}, note="bad fill")
    f.err("AsString", [("input", arr([True], BOOL))], {"precision": 1}, note="bool precision")


def gen_string_to_number(f):
    texts = ["0", "1.5", "-2.25", "  3", "1e5", "inf", "-inf", "nan", "0x10", "+7", "1e40", "-1e-50",
             "3.4028236e38", "12", "-0", "1.", ".5", "INF", "NaN", "Infinity", "-nan", " inf ", "1E+5", "0X1p3",
             "0x1.8p1", "1e-400", "\t5\n", "-0x1A", "00.5", "-.5", "1e500", "-1e500", "0x7fffffff", "4.9e-324",
             "1.4e-45", "7e-46", "0.000000000000000000000000000001", "16777217", "0.1", "123456789012345678901"]
    for dt in (F32, F64):
        f.case("StringToNumber", [("string_tensor", arr(texts, STR))], {"out_type": dt}, note=dt.name)
    ints = ["0", "12", "-34", "+5", " 7", "2147483647", "-2147483648", "00012", "\t5\n", " 9 "]
    for dt in (I32, I64):
        f.case("StringToNumber", [("string_tensor", arr(ints, STR))], {"out_type": dt}, note=dt.name)
    f.case("StringToNumber", [("string_tensor", arr(["9223372036854775807", "-9223372036854775808"], STR))],
           {"out_type": I64}, note="int64 limits")
    f.case("StringToNumber", [("string_tensor", arr(["4294967295", "0", "17", "+5", " 8 "], STR))],
           {"out_type": U32}, note="uint32")
    f.case("StringToNumber", [("string_tensor", arr(["18446744073709551615", "3"], STR))], {"out_type": U64},
           note="uint64")
    f.case("StringToNumber", [("string_tensor", arr([["1", "2"], ["3", "4"]], STR))], note="2-D default float")
    f.case("StringToNumber", [("string_tensor", arr(np.zeros([0], object), STR))], note="empty")
    bad_float = ["abc", "1e", "1 2", "héllo", "1_0", "infx", "nanx", "0x", "-", "+", ".", "e5", "1.5e", "0b1",
                 "1,5", "0xg", "0x-1", "1 e5", "--1", "+-1", "1e+", "inff", "in", "1d5", "1f", "\u0661"]
    for bad in bad_float:
        f.err("StringToNumber", [("string_tensor", arr(["1", bad], STR))], {"out_type": F32}, note=f"float32 {bad!r}")
    for bad in ["0x", "1e", "abc", "1f"]:
        f.err("StringToNumber", [("string_tensor", arr([bad], STR))], {"out_type": F64}, note=f"float64 {bad!r}")
    for bad, dt in [("1.5", I32), ("2147483648", I32), ("-2147483649", I32), ("-1", U32), ("12a", I64),
                    ("4294967296", U32), ("0x10", I32), ("9223372036854775808", I64), ("-0", U32), ("-0", U64),
                    ("18446744073709551616", U64), ("1e3", I64), ("+-1", I32), ("inf", I32), ("٣", I32)]:
        f.err("StringToNumber", [("string_tensor", arr([bad], STR))], {"out_type": dt},
               note=f"{dt.name} {bad!r}")
    # An empty or blank string: TF's message then ends in a space, kept as TF wrote it.
    for bad, dt in [("", I32), (" ", I64), ("", F32), (" ", F64)]:
        f.err("StringToNumber", [("string_tensor", arr([bad], STR))], {"out_type": dt},
              note=f"{dt.name} {bad!r}")


def gen_string_format(f):
    f.case("StringFormat", [("inputs", [arr([1, 2, 3], I32)])], note="default")
    f.case("StringFormat", [("inputs", [])], {"template": "no args"}, note="no inputs")
    f.case("StringFormat", [("inputs", [arr(7, I32), arr("s", STR)])], {"template": "x={} y={}!",
                                                                           "placeholder": "{}"},
           note="placeholder {}")
    vals = {
        "f32": arr(np.arange(24).reshape(2, 3, 4) / 4 - 2.1, F32),
        "f64": arr([0.1, 1 / 3, 1e20, -1e-7, 123456789.125], F64),
        "f16": arr([0.1, 1.5, 65504], F16),
        "bf16": arr([0.1, 3.0], BF16),
        "i64": arr(np.arange(12).reshape(3, 4) * 2 ** 40, I64),
        "bool": arr([[True, False], [False, True]], BOOL),
        "str": arr([["a", "b\n\"q\""], ["\u00e9", "\x01\xff"]], STR),
        "bytes": arr([b"\xff\x00\x7f", b"\t\r'\\", "\u2603".encode(), b"\xc3\x28\xe2\x82"], STR),
        "u8": arr([1, 2, 255], U8),
        "c64": arr([1 + 2j, -0.5j], C64),
        "scalar": arr(3.25, F32),
        "sstr": arr("hi \"there\"", STR),
        "empty": arr(np.zeros([0, 3], np.float32), F32),
        "specials": arr([np.nan, np.inf, -np.inf, -0.0, 1e-40, 1.5], F32),
        "f64specials": arr([np.nan, -np.inf, 1e-310], F64),
        "u32": arr([1, 4294967295], U32),
        "u64": arr([1, 2 ** 64 - 1], U64),
        "big1d": arr(np.arange(10), I32),
        "big2d": arr(np.arange(100).reshape(10, 10), I32),
        "big3d": arr(np.arange(60).reshape(3, 4, 5), I32),
        "i8": arr([-1, 2], I8),
    }
    for name, v in vals.items():
        f.case("StringFormat", [("inputs", [v])], {"template": f"{name}: %s"}, note=name)
    for summ in (1, 2, -1, 0):
        for name in ("big1d", "big2d", "big3d", "f32"):
            f.case("StringFormat", [("inputs", [vals[name]])], {"summarize": summ}, note=f"{name} summarize {summ}")
    f.case("StringFormat", [("inputs", [vals["big1d"], vals["str"]])], {"template": "%s and %s, 100%"},
           note="two")


def gen_assert(f):
    f.case("Assert", [("condition", arr(True, BOOL)), ("data", [arr([1, 2], I32)])], note="true")
    f.err("Assert", [("condition", arr(False, BOOL)), ("data", [arr("x is bad", STR), arr([1, 2, 3, 4], I32)])],
          note="false")
    f.err("Assert", [("condition", arr(False, BOOL)),
                     ("data", [arr(np.arange(12).reshape(3, 4) / 3, F32), arr([True, False], BOOL)])],
          {"summarize": 5}, note="summarize 5")
    f.err("Assert", [("condition", arr(False, BOOL)),
                     ("data", [arr([["a", "b\n"], ["c", "d"]], STR), arr(np.arange(30).reshape(2, 3, 5), I64),
                               arr([1.5, -2], F16), arr([0.1], F64), arr(np.zeros([0, 2]), F32),
                               arr([1 + 2j], C64), arr([7], U8)])],
          {"summarize": -1}, note="all dtypes summarize -1")
    f.err("Assert", [("condition", arr(False, BOOL)), ("data", [arr(np.arange(10), I32)])], {"summarize": 0},
          note="summarize 0")
    f.err("Assert", [("condition", arr([False], BOOL)), ("data", [arr(1, I32)])], note="condition [1]")
    f.err("Assert", [("condition", arr([True, True], BOOL)), ("data", [arr(1, I32)])], note="condition not scalar")


def gen_transpose(f):
    x3 = {dt: rand(dt, [2, 3, 4]) for dt in REP + EXTRA}
    for dt in REP + EXTRA:
        f.case("Transpose", [("x", x3[dt]), ("perm", i32([2, 0, 1]))], note=dt.name)
    x = x3[F32]
    for perm in ([0, 1, 2], [1, 0, 2], [0, 2, 1], [2, 1, 0], [1, 2, 0]):
        f.case("Transpose", [("x", x), ("perm", i32(perm))], note=f"perm {perm}")
    f.case("Transpose", [("x", rand(F32, [2, 1, 3, 1, 2])), ("perm", i64([4, 2, 0, 3, 1]))], note="rank 5 int64")
    f.case("Transpose", [("x", rand(I32, [])), ("perm", i32(np.zeros([0], np.int32)))], note="scalar")
    f.case("Transpose", [("x", rand(I32, [5])), ("perm", i32([0]))], note="vector")
    f.case("Transpose", [("x", rand(F32, [0, 3])), ("perm", i32([1, 0]))], note="empty")
    f.case("Transpose", [("x", rand(F32, [40, 50])), ("perm", i32([1, 0]))], note="40x50")
    # Long contiguous runs (the typed-array block copy path) and merged dims.
    for dt in (F32, STR, C64):
        x4 = rand(dt, [3, 4, 5, 6])
        for perm in ([0, 2, 1, 3], [3, 1, 2, 0], [1, 0, 2, 3], [0, 1, 3, 2]):
            f.case("Transpose", [("x", x4), ("perm", i32(perm))], note=f"{dt.name} rank 4 perm {perm}")
    f.err("Transpose", [("x", x), ("perm", i32([1, 0]))], note="perm too short")
    f.err("Transpose", [("x", x), ("perm", i32([0, 0, 1]))], note="duplicate")
    f.err("Transpose", [("x", x), ("perm", i32([0, 5, 1]))], note="out of range")
    f.case("Transpose", [("x", x), ("perm", i32([0, -1, 1]))], note="negative")
    f.err("Transpose", [("x", x), ("perm", i32([0, -4, 1]))], note="negative out of range")
    f.err("Transpose", [("x", x), ("perm", i32([[0, 1, 2]]))], note="perm not a vector")
    for dt in (C64, C128, F32, I32):
        f.case("ConjugateTranspose", [("x", x3[dt]), ("perm", i32([1, 2, 0]))], note=dt.name)
    f.case("ConjugateTranspose", [("x", rand(C64, [3])), ("perm", i32([0]))], note="identity perm")
    f.case("ConjugateTranspose", [("x", rand(C128, [])), ("perm", i32(np.zeros([0], np.int32)))], note="scalar")


def gen_concat(f):
    for dt in REP + EXTRA:
        a, b = rand(dt, [2, 3]), rand(dt, [2, 2])
        f.case("ConcatV2", [("values", [a, b]), ("axis", i32(1))], note=dt.name)
        f.case("Concat", [("concat_dim", i32(0)), ("values", [rand(dt, [1, 3]), rand(dt, [2, 3])])], note=dt.name)
    for dt in (F32, STR, C128):
        f.case("ConcatV2", [("values", [rand(dt, [3, 40]), rand(dt, [3, 33])]), ("axis", i32(1))],
               note=f"{dt.name} long rows")
    a, b, c = rand(F32, [2, 3, 2]), rand(F32, [2, 1, 2]), rand(F32, [2, 4, 2])
    for axis in (1, -2):
        f.case("ConcatV2", [("values", [a, b, c]), ("axis", i32(axis))], note=f"3 inputs axis {axis}")
    f.case("ConcatV2", [("values", [a, a]), ("axis", i64(-1))], note="int64 axis -1")
    f.case("ConcatV2", [("values", [a, a]), ("axis", i32(0))], note="axis 0")
    f.case("ConcatV2", [("values", [rand(I32, [3]), rand(I32, [0]), rand(I32, [2])]), ("axis", i32(0))],
           note="with empty")
    f.case("Concat", [("concat_dim", i32(-1)), ("values", [a, a])], note="concat_dim -1")
    f.err("ConcatV2", [("values", [a, b]), ("axis", i32(3))], note="axis out of range")
    f.err("ConcatV2", [("values", [a, b]), ("axis", i32(-4))], note="axis negative out of range")
    f.err("ConcatV2", [("values", [a, b]), ("axis", i32(0))], note="mismatch")
    f.err("ConcatV2", [("values", [a, rand(F32, [2, 3])]), ("axis", i32(0))], note="rank mismatch")
    f.err("ConcatV2", [("values", [rand(F32, []), rand(F32, [])]), ("axis", i32(0))], note="scalars")
    f.case("ConcatV2", [("values", [a, a]), ("axis", i32([0]))], note="axis of shape [1]")
    f.err("ConcatV2", [("values", [a, a]), ("axis", i32([0, 0]))], note="axis not scalar")
    f.err("Concat", [("concat_dim", i32([0, 0])), ("values", [a, a])], note="concat_dim not scalar")
    f.err("Concat", [("concat_dim", i32(2)), ("values", [rand(F32, [2]), rand(F32, [2])])], note="dim out of range")
    f.err("Concat", [("concat_dim", i32(0)), ("values", [rand(F32, [2, 2]), rand(F32, [2, 3])])], note="mismatch")


def gen_pack(f):
    for dt in REP + EXTRA:
        f.case("Pack", [("values", [rand(dt, [2, 3]), rand(dt, [2, 3])])], {"axis": 1}, note=dt.name)
    vs = [rand(F32, [2, 3]) for _ in range(3)]
    for axis in (0, 1, 2, -1, -3):
        f.case("Pack", [("values", vs)], {"axis": axis}, note=f"axis {axis}")
    f.case("Pack", [("values", [rand(I32, []), rand(I32, [])])], note="scalars")
    f.case("Pack", [("values", [rand(STR, [2])])], note="one input")
    f.err("Pack", [("values", [rand(F32, [2]), rand(F32, [3])])], note="shape mismatch")
    f.err("Pack", [("values", vs)], {"axis": 3}, note="axis out of range")
    f.err("Pack", [("values", vs)], {"axis": -4}, note="axis negative out of range")
    for dt in REP + EXTRA:
        f.case("Unpack", [("value", rand(dt, [3, 2]))], {"num": 3}, note=dt.name)
    x = rand(F32, [2, 3, 4])
    for axis, num in ((0, 2), (1, 3), (2, 4), (-1, 4), (-3, 2)):
        f.case("Unpack", [("value", x)], {"num": num, "axis": axis}, note=f"axis {axis}")
    f.case("Unpack", [("value", rand(F32, [0, 2]))], {"num": 0}, note="num 0")
    f.err("Unpack", [("value", x)], {"num": 3, "axis": 0}, note="wrong num")
    f.err("Unpack", [("value", x)], {"num": 2, "axis": 3}, note="axis out of range")
    f.err("Unpack", [("value", rand(F32, []))], {"num": 1}, note="scalar")


def gen_split(f):
    for dt in REP + EXTRA:
        f.case("Split", [("split_dim", i32(1)), ("value", rand(dt, [2, 4]))], {"num_split": 2}, note=dt.name)
    x = rand(F32, [2, 6, 2])
    for dim, n in ((0, 2), (1, 3), (-1, 2), (1, 1), (2, 1)):
        f.case("Split", [("split_dim", i32(dim)), ("value", x)], {"num_split": n}, note=f"dim {dim} n {n}")
    f.err("Split", [("split_dim", i32(1)), ("value", x)], {"num_split": 4}, note="not divisible")
    f.err("Split", [("split_dim", i32(3)), ("value", x)], {"num_split": 2}, note="dim out of range")
    f.err("Split", [("split_dim", i32(-4)), ("value", x)], {"num_split": 2}, note="dim negative out of range")
    f.err("Split", [("split_dim", i32([1])), ("value", x)], {"num_split": 2}, note="dim not scalar")
    for dt in REP + EXTRA:
        f.case("SplitV", [("value", rand(dt, [2, 5])), ("size_splits", i64([2, 3])), ("split_dim", i32(1))],
               {"num_split": 2}, note=dt.name)
    for sizes, t in (([1, -1, 2], I32), ([6], I64), ([0, 6], I8), ([-1], I32), ([2, 2, 2], I64)):
        f.case("SplitV", [("value", x), ("size_splits", arr(sizes, t)), ("split_dim", i32(1))],
               {"num_split": len(sizes)}, note=f"sizes {sizes} {t.name}")
    f.case("SplitV", [("value", x), ("size_splits", i32([1, 1])), ("split_dim", i32(-1))], {"num_split": 2},
           note="dim -1")
    f.err("SplitV", [("value", x), ("size_splits", i32([1, 2])), ("split_dim", i32(1))], {"num_split": 2},
          note="sizes do not add up")
    f.err("SplitV", [("value", x), ("size_splits", i32([-1, -1])), ("split_dim", i32(1))], {"num_split": 2},
          note="two -1")
    f.err("SplitV", [("value", x), ("size_splits", i32([-1, 7])), ("split_dim", i32(1))], {"num_split": 2},
          note="-1 would be negative")
    f.err("SplitV", [("value", x), ("size_splits", i32([1, 2, 3])), ("split_dim", i32(1))], {"num_split": 2},
          note="wrong count")
    f.err("SplitV", [("value", x), ("size_splits", i32([3, 3])), ("split_dim", i32(3))], {"num_split": 2},
          note="dim out of range")
    f.err("SplitV", [("value", x), ("size_splits", i32([-2, 8])), ("split_dim", i32(1))], {"num_split": 2},
          note="negative size")


def gen_tile(f):
    for dt in REP + EXTRA:
        if dt != U16:
            f.case("Tile", [("input", rand(dt, [2, 3])), ("multiples", i32([2, 1]))], note=dt.name)
    # TF's Tile has no uint16 (or quantized) kernel body, only its scalar shortcut.
    f.err("Tile", [("input", rand(U16, [2, 3])), ("multiples", i32([2, 1]))], note="uint16")
    f.case("Tile", [("input", rand(U16, [])), ("multiples", i32(np.zeros([0], np.int32)))], note="uint16 scalar")
    x = rand(F32, [2, 3])
    for m, t in (([1, 1], I32), ([2, 3], I64), ([3, 2], I32), ([0, 2], I32), ([1, 4], I32)):
        f.case("Tile", [("input", x), ("multiples", arr(m, t))], note=f"multiples {m} {t.name}")
    f.case("Tile", [("input", rand(I32, [])), ("multiples", i32(np.zeros([0], np.int32)))], note="scalar")
    f.case("Tile", [("input", rand(I32, [2, 1, 2])), ("multiples", i32([2, 3, 2]))], note="rank 3")
    for dt in (F32, STR, C64):
        f.case("Tile", [("input", rand(dt, [2, 40])), ("multiples", i32([2, 2]))], note=f"{dt.name} long rows")
    f.err("Tile", [("input", x), ("multiples", i32([2]))], note="wrong length")
    f.err("Tile", [("input", x), ("multiples", i32([2, -1]))], note="negative")
    f.err("Tile", [("input", x), ("multiples", i32([[2, 1]]))], note="not a vector")


def gen_pad(f):
    for dt in REP + EXTRA:
        f.case("Pad", [("input", rand(dt, [2, 3])), ("paddings", i32([[1, 0], [2, 1]]))], note=dt.name)
        f.case("PadV2", [("input", rand(dt, [2, 3])), ("paddings", i32([[0, 1], [1, 1]])),
                         ("constant_values", rand(dt, []))], note=dt.name)
    x = rand(F32, [2, 3, 2])
    f.case("Pad", [("input", x), ("paddings", i64([[0, 0], [1, 2], [0, 3]]))], note="int64 paddings")
    f.case("Pad", [("input", rand(F32, [])), ("paddings", i32(np.zeros([0, 2], np.int32)))], note="scalar")
    f.case("Pad", [("input", rand(F32, [0, 2])), ("paddings", i32([[1, 1], [0, 0]]))], note="empty input")
    f.err("Pad", [("input", x), ("paddings", i32([[0, 0], [1, 1]]))], note="wrong rows")
    f.err("Pad", [("input", x), ("paddings", i32([[0, 0, 0], [1, 1, 1], [0, 0, 0]]))], note="three columns")
    f.err("Pad", [("input", x), ("paddings", i32([[0, 0], [-1, 1], [0, 0]]))], note="negative")
    f.err("PadV2", [("input", x), ("paddings", i32([[0, 0], [1, 1], [0, 0]])), ("constant_values", rand(F32, [1]))],
          note="constant not scalar")
    for dt in REP + EXTRA:
        f.case("MirrorPad", [("input", rand(dt, [3, 4])), ("paddings", i32([[1, 2], [2, 1]]))],
               {"mode": "REFLECT"}, note=f"{dt.name} REFLECT")
        f.case("MirrorPad", [("input", rand(dt, [3, 4])), ("paddings", i32([[2, 3], [0, 4]]))],
               {"mode": "SYMMETRIC"}, note=f"{dt.name} SYMMETRIC")
    y = rand(I32, [2, 3, 4])
    for mode in ("REFLECT", "SYMMETRIC"):
        f.case("MirrorPad", [("input", y), ("paddings", i64([[1, 1], [2, 2], [3, 3]]))], {"mode": mode},
               note=f"rank 3 {mode}")
        f.case("MirrorPad", [("input", rand(I32, [])), ("paddings", i32(np.zeros([0, 2], np.int32)))],
               {"mode": mode}, note=f"scalar {mode}")
    f.err("MirrorPad", [("input", y), ("paddings", i32([[0, 0], [3, 0], [0, 0]]))], {"mode": "REFLECT"},
          note="REFLECT too wide")
    f.err("MirrorPad", [("input", y), ("paddings", i32([[0, 0], [0, 4], [0, 0]]))], {"mode": "SYMMETRIC"},
          note="SYMMETRIC too wide")
    f.err("MirrorPad", [("input", y), ("paddings", i32([[0, 0], [-1, 0], [0, 0]]))], {"mode": "SYMMETRIC"},
          note="negative")
    f.err("MirrorPad", [("input", y), ("paddings", i32([[0, 0], [0, 0]]))], {"mode": "SYMMETRIC"},
          note="wrong rows")


def gen_broadcast_to(f):
    for dt in REP + EXTRA:
        f.case("BroadcastTo", [("input", rand(dt, [3, 1])), ("shape", i32([2, 3, 4]))], note=dt.name)
    x = rand(F32, [1, 3])
    for shape, t in (([2, 3], I32), ([1, 3], I32), ([4, 2, 3], I64), ([0, 3], I32), ([2, 1, 3], I32)):
        f.case("BroadcastTo", [("input", x), ("shape", arr(shape, t))], note=f"to {shape} {t.name}")
    f.case("BroadcastTo", [("input", rand(F32, [])), ("shape", i32([2, 2]))], note="scalar")
    f.err("BroadcastTo", [("input", x), ("shape", i32([2, 4]))], note="incompatible")
    f.err("BroadcastTo", [("input", x), ("shape", i32([3]))], note="fewer dims")
    f.err("BroadcastTo", [("input", rand(F32, [2, 3])), ("shape", i32([1, 3]))], note="shrinking")
    f.err("BroadcastTo", [("input", x), ("shape", i32([-1, 3]))], note="negative")


def gen_reverse(f):
    for dt in REP + EXTRA:
        f.case("ReverseV2", [("tensor", rand(dt, [2, 3])), ("axis", i32([1]))], note=dt.name)
    x = rand(F32, [2, 3, 4])
    for axes, t in (([0], I32), ([1, 2], I64), ([-1], I32), ([], I32), ([0, 1, 2], I32), ([-3, 2], I32)):
        f.case("ReverseV2", [("tensor", x), ("axis", arr(np.array(axes, np.int64), t))], note=f"axes {axes}")
    f.case("ReverseV2", [("tensor", rand(I32, [])), ("axis", i32(np.zeros([0], np.int32)))], note="scalar")
    f.err("ReverseV2", [("tensor", x), ("axis", i32([3]))], note="out of range")
    f.err("ReverseV2", [("tensor", x), ("axis", i32([-4]))], note="negative out of range")
    f.err("ReverseV2", [("tensor", x), ("axis", i32([1, -2]))], note="duplicate")
    f.err("ReverseV2", [("tensor", x), ("axis", i32([[1]]))], note="axis not a vector")


def gen_slice(f):
    for dt in REP + EXTRA:
        f.case("Slice", [("input", rand(dt, [3, 4])), ("begin", i32([1, 1])), ("size", i32([2, -1]))], note=dt.name)
    x = rand(F32, [3, 4, 5])
    for b, sz, t in (([0, 0, 0], [3, 4, 5], I32), ([1, 2, 3], [1, 1, 1], I64), ([0, 1, 0], [-1, 2, -1], I32),
                     ([2, 0, 4], [1, 4, 1], I32), ([1, 1, 1], [0, 2, 2], I32), ([3, 0, 0], [0, 4, 5], I32)):
        f.case("Slice", [("input", x), ("begin", arr(b, t)), ("size", arr(sz, t))], note=f"begin {b} size {sz}")
    f.case("Slice", [("input", rand(I32, [])), ("begin", i32(np.zeros([0], np.int32))),
                     ("size", i32(np.zeros([0], np.int32)))], note="scalar")
    f.err("Slice", [("input", x), ("begin", i32([0, 0])), ("size", i32([1, 1, 1]))], note="begin too short")
    f.err("Slice", [("input", x), ("begin", i32([0, 0, 0])), ("size", i32([1, 5, 1]))], note="size too big")
    f.err("Slice", [("input", x), ("begin", i32([0, -1, 0])), ("size", i32([1, 1, 1]))], note="negative begin")
    f.err("Slice", [("input", x), ("begin", i32([4, 0, 0])), ("size", i32([-1, 1, 1]))], note="begin past end")
    f.err("Slice", [("input", x), ("begin", i32([0, 0, 0])), ("size", i32([1, -2, 1]))], note="size -2")
    f.err("Slice", [("input", x), ("begin", i32([[0, 0, 0]])), ("size", i32([1, 1, 1]))], note="begin 2-D")


def ss(f, x, begin, end, strides, note, t=I32, **masks):
    f.case("StridedSlice", [("input", x), ("begin", arr(begin, t)), ("end", arr(end, t)),
                            ("strides", arr(strides, t))], masks, note=note)


def ss_err(f, x, begin, end, strides, note, t=I32, **masks):
    f.err("StridedSlice", [("input", x), ("begin", arr(begin, t)), ("end", arr(end, t)),
                           ("strides", arr(strides, t))], masks, note=note)


def gen_strided_slice(f):
    for dt in REP + EXTRA:
        ss(f, rand(dt, [4, 5]), [1, 0], [3, 5], [1, 2], dt.name)
    x = rand(F32, [4, 5, 6])
    ss(f, x, [0, 0, 0], [4, 5, 6], [1, 1, 1], "all")
    for dt in (F32, STR, C64, I64):
        wide = rand(dt, [6, 40])
        ss(f, wide, [1, 0], [5, 40], [1, 1], f"{dt.name} long rows")
        ss(f, wide, [5, 39], [0, 0], [-2, -1], f"{dt.name} long rows reversed", begin_mask=0, end_mask=3)
    ss(f, x, [3, 4, 5], [0, 0, 0], [-1, -1, -1], "reverse, stops before 0")
    ss(f, x, [-1, -1, -1], [-5, -6, -7], [-1, -2, -3], "negative indices, negative strides")
    ss(f, x, [0, 0, 0], [0, 0, 0], [1, 1, 1], "begin_mask end_mask", begin_mask=7, end_mask=7)
    ss(f, x, [0, 0, 0], [0, 0, 0], [-1, -1, -2], "reverse with masks", begin_mask=7, end_mask=7)
    ss(f, x, [1, 2, 3], [2, 3, 4], [1, 1, 1], "shrink all", shrink_axis_mask=7)
    ss(f, x, [-1, 0, -2], [0, 5, 0], [1, 1, 1], "shrink negative", shrink_axis_mask=5)
    ss(f, x, [0, 1], [0, 3], [1, 1], "ellipsis first", ellipsis_mask=1)
    ss(f, x, [1, 0, 2], [2, 0, 4], [1, 1, 1], "ellipsis middle", ellipsis_mask=2)
    ss(f, x, [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1], "new axis", new_axis_mask=5, begin_mask=10, end_mask=10)
    ss(f, x, [0, 0, 1], [0, 0, 2], [1, 1, 1], "ellipsis, new axis, shrink", ellipsis_mask=1, new_axis_mask=2,
       shrink_axis_mask=4)
    ss(f, x, [1], [3], [1], "fewer specs than dims")
    ss(f, x, [-100, 2], [100, -100], [1, -1], "clamped")
    ss(f, x, [2, 0, 0], [1, 5, 6], [1, 1, 1], "empty range")
    ss(f, x, [0, 0, 0], [4, 5, 6], [3, 2, 4], "strides > 1")
    ss(f, x, [1, 1, 1], [4, 5, 6], [2, 2, 2], "int64", t=I64)
    ss(f, x, [1, 1, 1], [4, 5, 6], [2, 2, 2], "int16", t=I16)
    ss(f, x, [0, 0], [1, 1], [1, 1], "new axis only", new_axis_mask=3)
    ss(f, x, [0, 1], [0, 2], [1, 1], "ellipsis then shrink", ellipsis_mask=1, shrink_axis_mask=2)
    ss(f, x, [3], [0], [-1], "begin_mask with negative stride", begin_mask=1)
    ss(f, x, [3], [0], [-1], "end_mask with negative stride", end_mask=1)
    ss(f, rand(I32, [5]), [-2], [0], [1], "negative begin, end 0")
    ss(f, rand(I32, []), [0], [0], [1], "scalar with new axis", new_axis_mask=1)
    ss(f, rand(STR, [6]), [5], [0], [-2], "string reverse stride 2")
    ss(f, rand(C64, [3, 4]), [0, 3], [3, 0], [2, -1], "complex mixed")
    ss_err(f, x, [0, 0, 0], [1, 1, 1], [1, 0, 1], "zero stride")
    ss_err(f, x, [5, 0, 0], [6, 1, 1], [1, 1, 1], "shrink out of range", shrink_axis_mask=1)
    ss_err(f, x, [-5, 0, 0], [0, 1, 1], [1, 1, 1], "shrink negative out of range", shrink_axis_mask=1)
    ss_err(f, x, [0, 0], [1, 1, 1], [1, 1, 1], "length mismatch")
    ss_err(f, x, [0, 0], [1, 1], [1, 1], "two ellipses", ellipsis_mask=3)
    ss_err(f, x, [[0]], [[1]], [[1]], "2-D spec")
    ss_err(f, rand(I32, [3, 4]), [0, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1], "too many specs")
    # StridedSliceGrad: dy scattered back into zeros of `shape`.
    for dt in (F32, I32, I64, BOOL, STR, C64, F16):
        x = rand(dt, [2, 3])
        f.case("StridedSliceGrad", [("shape", i32([4, 6])), ("begin", i32([1, 0])), ("end", i32([4, 6])),
                                    ("strides", i32([2, 2])), ("dy", x)], note=dt.name)
    f.case("StridedSliceGrad", [("shape", i64([4, 5, 6])), ("begin", i64([3, 0, 1])), ("end", i64([0, 0, 2])),
                                ("strides", i64([-1, 1, 1])), ("dy", rand(F32, [3, 5]))],
           {"end_mask": 2, "begin_mask": 2, "shrink_axis_mask": 4}, note="masks int64")
    f.case("StridedSliceGrad", [("shape", i32([3, 4])), ("begin", i32([0, 1])), ("end", i32([0, 3])),
                                ("strides", i32([1, 1])), ("dy", rand(F32, [1, 3, 4]))],
           {"new_axis_mask": 1, "ellipsis_mask": 2}, note="new axis ellipsis")
    f.err("StridedSliceGrad", [("shape", i32([4, 6])), ("begin", i32([1, 0])), ("end", i32([4, 6])),
                               ("strides", i32([2, 2])), ("dy", rand(F32, [2, 2]))], note="dy shape mismatch")
    f.err("StridedSliceGrad", [("shape", i32([[4, 6]])), ("begin", i32([1, 0])), ("end", i32([4, 6])),
                               ("strides", i32([2, 2])), ("dy", rand(F32, [2, 3]))], note="shape not a vector")


def gen_gather(f):
    for dt in REP + EXTRA:
        p = rand(dt, [4, 3])
        f.case("GatherV2", [("params", p), ("indices", i32([3, 0, 0])), ("axis", i32(0))], note=dt.name)
        f.case("Gather", [("params", p), ("indices", i64([[1, 2], [3, 0]]))], note=dt.name)
    p = rand(F32, [2, 3, 4])
    for idx, axis, bd, t in (([2, 0], 1, 0, I32), ([[3, 1], [0, 0]], 2, 0, I64), ([1], -1, 0, I32),
                             (1, 1, 0, I32), ([[0, 2], [1, 1]], 1, 1, I32), ([[0, 3, 1], [2, 2, 0]], 2, 1, I64),
                             ([[[0], [1], [2]], [[2], [1], [0]]], 2, 2, I32), ([[1, 0], [0, 1]], -1, -1, I32),
                             (np.zeros([0], np.int32), 0, 0, I32), ([0, 1], 0, 0, I16)):
        f.case("GatherV2", [("params", p), ("indices", arr(idx, t)), ("axis", arr(axis, t if t != I16 else I32))],
               {"batch_dims": bd}, note=f"axis {axis} batch_dims {bd} {t.name}")
    f.case("GatherV2", [("params", p), ("indices", i32([1, 0])), ("axis", i64(0))], note="int64 axis")
    for dt in (F32, STR, C64):
        f.case("GatherV2", [("params", rand(dt, [5, 40])), ("indices", i32([4, 0, 4, 2])), ("axis", i32(0))],
               note=f"{dt.name} long rows")
    f.case("Gather", [("params", rand(I32, [5])), ("indices", i32(3))], note="scalar index")
    f.err("GatherV2", [("params", rand(F32, [3, 2])), ("indices", i32([0, 5])), ("axis", i32(0))],
          note="index out of range")
    f.err("GatherV2", [("params", rand(F32, [3, 2])), ("indices", i32([[0, -1]])), ("axis", i32(0))],
          note="negative index")
    f.err("Gather", [("params", rand(F32, [3, 2])), ("indices", i64([7]))], note="Gather out of range")
    f.err("GatherV2", [("params", p), ("indices", i32([0])), ("axis", i32(3))], note="axis out of range")
    f.err("GatherV2", [("params", p), ("indices", i32([0])), ("axis", i32(-4))], note="axis negative out of range")
    f.err("GatherV2", [("params", p), ("indices", i32([[0, 1]])), ("axis", i32(1))], {"batch_dims": 1},
          note="batch dims mismatch")
    f.err("GatherV2", [("params", p), ("indices", i32([[0, 1], [0, 1]])), ("axis", i32(0))], {"batch_dims": 1},
          note="axis < batch_dims")
    f.err("GatherV2", [("params", p), ("indices", i32([0, 1])), ("axis", i32(1))], {"batch_dims": 2},
          note="batch_dims > indices rank")
    f.err("GatherV2", [("params", rand(F32, [])), ("indices", i32([0])), ("axis", i32(0))], note="scalar params")
    f.err("GatherV2", [("params", p), ("indices", i32([0])), ("axis", i32([0, 1]))], note="axis not scalar")
    for dt in REP + EXTRA:
        f.case("GatherNd", [("params", rand(dt, [3, 2, 2])), ("indices", i32([[2, 1], [0, 0]]))], note=dt.name)
    p = rand(F32, [3, 4, 2])
    for idx, t in (([[1, 2, 0], [2, 3, 1]], I32), ([[[1]], [[0]]], I64), ([2, 1], I32), ([[0, 0, 0]], I16),
                   (np.zeros([2, 0], np.int32), I32), (np.zeros([0, 2], np.int32), I32)):
        f.case("GatherNd", [("params", p), ("indices", arr(idx, t))], note=f"indices {np.array(idx).shape} {t.name}")
    f.err("GatherNd", [("params", p), ("indices", i32([[0, 4]]))], note="out of range")
    f.err("GatherNd", [("params", p), ("indices", i32([[0, 1], [3, 0]]))], note="second out of range")
    f.err("GatherNd", [("params", p), ("indices", i32([[0, 0, 0, 0]]))], note="index too long")
    f.err("GatherNd", [("params", p), ("indices", i32(1))], note="scalar indices")
    f.err("GatherNd", [("params", rand(F32, [])), ("indices", i32([0]))], note="scalar params")


def gen_scatter_nd(f):
    for dt in [F32, I32, I64, BOOL, STR, C64, F16, F64, BF16, U8, I8, U64, C128]:
        f.case("ScatterNd", [("indices", i32([[0], [2]])), ("updates", rand(dt, [2, 3])), ("shape", i32([4, 3]))],
               note=dt.name)
    f.case("ScatterNd", [("indices", i64([[1, 1], [1, 1], [0, 2]])), ("updates", arr([1.5, 2.25, -1], F32)),
                         ("shape", i64([2, 3]))], note="duplicates add")
    f.case("ScatterNd", [("indices", i32([[1, 1], [1, 1]])), ("updates", arr([7, 9], I32)),
                         ("shape", i32([2, 2]))], note="int duplicates add")
    f.case("ScatterNd", [("indices", i32([[1], [1]])), ("updates", arr([True, True], BOOL)),
                         ("shape", i32([3]))], note="bool duplicates")
    f.case("ScatterNd", [("indices", i32([[1], [1]])), ("updates", arr(["a", "b"], STR)),
                         ("shape", i32([3]))], note="string duplicates")
    f.case("ScatterNd", [("indices", i32(np.zeros([0, 1], np.int32))), ("updates", rand(F32, [0, 2])),
                         ("shape", i32([2, 2]))], note="no updates")
    f.err("ScatterNd", [("indices", i32([[0], [4]])), ("updates", rand(F32, [2, 3])), ("shape", i32([4, 3]))],
          note="index out of range")
    f.err("ScatterNd", [("indices", i32([[0], [1]])), ("updates", rand(F32, [2, 2])), ("shape", i32([4, 3]))],
          note="updates shape mismatch")
    f.err("ScatterNd", [("indices", i32([[0, 0, 0]])), ("updates", rand(F32, [1])), ("shape", i32([4, 3]))],
          note="index too long")
    f.err("ScatterNd", [("indices", i32([[0]])), ("updates", rand(F32, [1, 3])), ("shape", i32([4, -3]))],
          note="negative shape")


def gen_where_unique(f):
    for dt in [F32, I32, I64, BOOL, C64, F64, BF16, U8, I8, U64, C128, U16, I16, U32]:
        x = rand(dt, [3, 4]) if dt != BOOL else arr([[True, False, True, False], [False] * 4, [True] * 4], BOOL)
        if dt not in (BOOL,):
            v = decode_array(x)
            v.reshape(-1)[::3] = 0
            x = encode_array(v, dt)
        f.case("Where", [("input", x)], note=dt.name)
    f.err("Where", [("input", arr(True, BOOL))], note="scalar true")
    f.case("Where", [("input", arr([[[True, False], [False, True]], [[False, False], [True, True]]], BOOL))],
           note="rank 3")
    f.case("Where", [("input", arr([0.0, -0.0, np.nan, 1e-40], F32))], note="float zeros and nan")
    f.case("Where", [("input", arr(np.zeros([0, 3]), F32))], note="empty")
    f.case("Where", [("input", arr([1e-310, 0, 1], F64))], note="float64 denormal")
    f.case("Where", [("input", arr([complex(1e-40, 0), 0, 1j], C64))], note="complex64 denormal")
    f.err("Where", [("input", arr([1.0, 0], F16))], note="float16")
    for dt in [F32, I32, I64, BOOL, STR, F16, F64, BF16, U8, I8, U64]:
        x = decode_array(rand(dt, [8]))
        x[4:] = x[:4][::-1]
        f.case("Unique", [("x", encode_array(x, dt))], note=dt.name)
    f.case("Unique", [("x", arr([2, 1, 2, 3, 1], I32))], {"out_idx": I64}, note="int64 out_idx")
    f.case("Unique", [("x", arr([0.0, -0.0, np.nan, np.nan, 1.0], F32))], note="signed zero and nan")
    f.case("Unique", [("x", arr(np.zeros([0]), F32))], note="empty")
    f.err("Unique", [("x", arr([[1, 2]], I32))], note="not a vector")


def gen_segments(f):
    for dt in [F32, I32, I64, C64, F16, F64, BF16, U8, I8, U64, C128, I16, U16, U32]:
        d = rand(dt, [5, 2], low=0, high=9)
        f.case("UnsortedSegmentSum", [("data", d), ("segment_ids", i32([0, 2, 0, 3, 2])),
                                      ("num_segments", i32(4))], note=dt.name)
        f.case("SegmentSum", [("data", d), ("segment_ids", i32([0, 0, 1, 3, 3]))], note=dt.name)
        if not dt.is_complex:
            for op in ("UnsortedSegmentMax", "UnsortedSegmentMin"):
                f.case(op, [("data", d), ("segment_ids", i64([1, 2, 1, 4, 2])), ("num_segments", i64(6))],
                       note=dt.name)
    d = rand(F32, [4, 2, 3])
    f.case("UnsortedSegmentSum", [("data", d), ("segment_ids", i32([[0, 1], [1, 0], [2, 2], [0, -1]])),
                                  ("num_segments", i32(3))], note="2-D ids, -1 dropped")
    f.case("UnsortedSegmentSum", [("data", d), ("segment_ids", arr([1, 1, 0, 1], I16)), ("num_segments", i64(2))],
           note="int16 ids")
    f.case("UnsortedSegmentMax", [("data", arr([1.0, np.nan, 3.0, -np.inf], F32)),
                                  ("segment_ids", i32([0, 0, 1, 2])), ("num_segments", i32(3))], note="nan")
    f.case("UnsortedSegmentMin", [("data", arr([1.0, np.nan, 3.0, np.inf], F32)),
                                  ("segment_ids", i32([0, 0, 1, 2])), ("num_segments", i32(3))], note="nan")
    for op in ("UnsortedSegmentMax", "UnsortedSegmentMin"):
        f.case(op, [("data", arr([np.nan, 1.0, 2.0, np.nan], F64)), ("segment_ids", i32([0, 0, 1, 1])),
                    ("num_segments", i32(2))], note="nan order")
    # TF runs CPU kernels with denormals flushed to zero.
    f.case("UnsortedSegmentSum", [("data", arr([1e-40, 1e-40, 1.0], F32)), ("segment_ids", i32([0, 0, 1])),
                                  ("num_segments", i32(2))], note="float32 denormals flushed")
    f.case("SegmentSum", [("data", d), ("segment_ids", i64([0, 0, 2, 2]))], note="gap")
    f.case("SegmentSum", [("data", arr([1.0], F32)), ("segment_ids", i32([0]))], note="one")
    f.case("SegmentSum", [("data", arr(np.zeros([0, 2]), F32)), ("segment_ids", i32(np.zeros([0], np.int32)))],
           note="empty")
    f.err("UnsortedSegmentSum", [("data", d), ("segment_ids", i32([0, 3, 0, 1])), ("num_segments", i32(3))],
          note="id out of range")
    f.err("UnsortedSegmentSum", [("data", d), ("segment_ids", i32([0, 1, 0])), ("num_segments", i32(3))],
          note="ids shape mismatch")
    f.err("UnsortedSegmentSum", [("data", d), ("segment_ids", i32([0, 1, 0, 1])), ("num_segments", i32(-1))],
          note="negative num_segments")
    f.err("UnsortedSegmentMax", [("data", d), ("segment_ids", i32([0, 5, 0, 1])), ("num_segments", i32(3))],
          note="max id out of range")
    f.err("SegmentSum", [("data", d), ("segment_ids", i32([0, 2, 1, 1]))], note="not sorted")
    f.err("SegmentSum", [("data", d), ("segment_ids", i32([0, 1, 1]))], note="wrong length")
    f.err("SegmentSum", [("data", d), ("segment_ids", i32([-1, 0, 1, 1]))], note="negative id")
    f.err("SegmentSum", [("data", d), ("segment_ids", i32([[0, 0, 1, 1]]))], note="ids not a vector")


def gen_matrix(f):
    for dt in [F32, I32, I64, BOOL, C64, F16, F64, BF16, U8, C128]:
        x = rand(dt, [2, 3, 4])
        f.case("MatrixBandPart", [("input", x), ("num_lower", i64(1)), ("num_upper", i64(2))], note=dt.name)
        f.case("MatrixDiag", [("diagonal", rand(dt, [2, 3]))], note=dt.name)
        f.case("MatrixDiagPart", [("input", x)], note=dt.name)
    x = rand(F32, [4, 5])
    for lo, up, t in ((0, 0, I64), (-1, 0, I32), (0, -1, I64), (-1, -1, I32), (2, 1, I32), (4, 5, I64), (-2, -7, I64)):
        f.case("MatrixBandPart", [("input", x), ("num_lower", arr(lo, t)), ("num_upper", arr(up, t))],
               note=f"lower {lo} upper {up}")
    f.err("MatrixBandPart", [("input", x), ("num_lower", i64(5)), ("num_upper", i64(0))], note="lower too big")
    f.err("MatrixBandPart", [("input", x), ("num_lower", i64(0)), ("num_upper", i64(6))], note="upper too big")
    f.err("MatrixBandPart", [("input", rand(F32, [3])), ("num_lower", i64(0)), ("num_upper", i64(0))],
          note="vector input")
    f.err("MatrixBandPart", [("input", x), ("num_lower", i64([0])), ("num_upper", i64(0))], note="lower not scalar")
    f.case("MatrixDiagPart", [("input", rand(F32, [5, 3]))], note="tall")
    f.err("MatrixDiag", [("diagonal", rand(F32, []))], note="scalar")
    f.err("MatrixDiagPart", [("input", rand(F32, [3]))], note="vector")
    for dt in [F32, I32, I64, C64, F16, F64, C128]:
        f.case("Diag", [("diagonal", rand(dt, [2, 3]))], note=dt.name)
    f.case("Diag", [("diagonal", rand(F32, [3]))], note="vector")
    f.err("Diag", [("diagonal", rand(F32, []))], note="scalar")


def gen_sparse(f):
    for dt in [F32, I32, I64, BOOL, STR, C64, F16, F64, BF16, U8]:
        f.case("SparseToDense", [("sparse_indices", i32([[0, 1], [2, 0]])), ("output_shape", i32([3, 2])),
                                 ("sparse_values", rand(dt, [2])), ("default_value", rand(dt, []))], note=dt.name)
    f.case("SparseToDense", [("sparse_indices", i64([1, 3])), ("output_shape", i64([5])),
                             ("sparse_values", arr(7.5, F32)), ("default_value", arr(-1, F32))],
           note="vector indices, scalar value")
    f.case("SparseToDense", [("sparse_indices", i64(2)), ("output_shape", i64([4])),
                             ("sparse_values", arr(3, I32)), ("default_value", arr(0, I32))], note="scalar index")
    f.case("SparseToDense", [("sparse_indices", i32([[2, 0], [0, 1]])), ("output_shape", i32([3, 2])),
                             ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))],
           {"validate_indices": False}, note="unsorted, unvalidated")
    f.case("SparseToDense", [("sparse_indices", i32([[2, 0], [2, 0]])), ("output_shape", i32([3, 2])),
                             ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))],
           {"validate_indices": False}, note="repeated, unvalidated")
    # Unsorted indices, validated: TF's message ends in "\n\n", kept as TF wrote it.
    f.err("SparseToDense", [("sparse_indices", i32([[2, 0], [0, 1]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))],
          note="unsorted, validated")
    f.err("SparseToDense", [("sparse_indices", i32([[2, 0], [5, 1]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))],
          {"validate_indices": False}, note="out of bounds, unvalidated")
    f.err("SparseToDense", [("sparse_indices", i32([[0, 1], [-1, 0]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))],
          note="negative index")
    f.err("SparseToDense", [("sparse_indices", i32([[[0]]])), ("output_shape", i32([3])),
                            ("sparse_values", arr([1], I32)), ("default_value", arr(0, I32))],
          note="indices rank 3")
    f.err("SparseToDense", [("sparse_indices", i32([[0, 1], [0, 1]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))], note="repeated")
    f.err("SparseToDense", [("sparse_indices", i32([[0, 1], [3, 0]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2], I32)), ("default_value", arr(0, I32))], note="out of bounds")
    f.err("SparseToDense", [("sparse_indices", i32([[0, 1], [1, 0]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2, 3], I32)), ("default_value", arr(0, I32))],
          note="values length")
    f.err("SparseToDense", [("sparse_indices", i32([[0, 1], [1, 0]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1, 2], I32)), ("default_value", arr([0], I32))],
          note="default not scalar")
    f.err("SparseToDense", [("sparse_indices", i32([[0, 1, 0]])), ("output_shape", i32([3, 2])),
                            ("sparse_values", arr([1], I32)), ("default_value", arr(0, I32))], note="index rank")
    a_idx = i64([[0, 0], [1, 2], [2, 1], [2, 3]])
    for dt in [F32, F64, I32, C64, F16, BF16, C128]:
        vals = rand(dt, [4], low=-3, high=4)
        for adj_a, adj_b in ((False, False), (True, False), (False, True), (True, True)):
            a_shape = [3, 4] if not adj_a else [4, 3]
            idx = a_idx if not adj_a else i64([[0, 0], [2, 1], [1, 2], [3, 2]])
            b = rand(dt, [4, 2] if not adj_b else [2, 4], low=-3, high=4)
            f.case("SparseTensorDenseMatMul", [("a_indices", idx), ("a_values", vals), ("a_shape", i64(a_shape)),
                                               ("b", b)], {"adjoint_a": adj_a, "adjoint_b": adj_b},
                   note=f"{dt.name} adjoint {adj_a} {adj_b}")
    f.case("SparseTensorDenseMatMul", [("a_indices", i32([[0, 1], [0, 1]])), ("a_values", arr([1.0, 2.0], F32)),
                                       ("a_shape", i64([2, 2])), ("b", rand(F32, [2, 3]))], note="int32 indices repeated")
    f.err("SparseTensorDenseMatMul", [("a_indices", i64([[0, 5]])), ("a_values", arr([1.0], F32)),
                                      ("a_shape", i64([2, 4])), ("b", rand(F32, [4, 3]))], note="index out of range")
    f.err("SparseTensorDenseMatMul", [("a_indices", i64([[3, 0]])), ("a_values", arr([1.0], F32)),
                                      ("a_shape", i64([2, 4])), ("b", rand(F32, [4, 3]))], note="row out of range")
    f.err("SparseTensorDenseMatMul", [("a_indices", i64([[0, 0]])), ("a_values", arr([1.0], F32)),
                                      ("a_shape", i64([2, 4])), ("b", rand(F32, [3, 3]))], note="inner mismatch")
    f.err("SparseTensorDenseMatMul", [("a_indices", i64([[0, 0]])), ("a_values", arr([1.0, 2.0], F32)),
                                      ("a_shape", i64([2, 4])), ("b", rand(F32, [4, 3]))], note="values length")


FAMILIES = {
    "shape": [gen_reshape, gen_squeeze_expand, gen_shape_ops, gen_identity_like, gen_bitcast, gen_fill,
              gen_range],
    "copy": [gen_transpose, gen_concat, gen_pack, gen_split, gen_tile, gen_pad, gen_broadcast_to, gen_reverse],
    "slice": [gen_slice, gen_strided_slice],
    "index": [gen_gather, gen_scatter_nd, gen_where_unique, gen_segments],
    "matrix": [gen_matrix, gen_sparse],
    "string": [gen_string_join, gen_as_string, gen_string_to_number, gen_string_format, gen_assert],
}


def main():
    names = sys.argv[1:] or list(FAMILIES)
    for name in names:
        f = Family(name)
        for gen in FAMILIES[name]:
            gen(f)
        f.write()


if __name__ == "__main__":
    main()
