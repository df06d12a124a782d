"""Records how TensorFlow (and numpy / ml_dtypes under it) turns host values into
tensors, for packages/core/test/dtype and packages/core/test/ndarray.

Run: .venv-tf/bin/python tools/oracle/gen_value_fixtures.py
Writes tools/oracle/fixtures/values/*.json:

  dtype-facts.json   DType.is_* flags, min/max, real_dtype, size (TF's own answers)
  float-decode.json  every bit pattern of float16/bfloat16 (SHA-256 of the decoded
                     float64 table plus samples) and of the 8- and 4-bit floats (full)
  float-encode.json  a deterministic input stream (defined below, rebuilt in the
                     tests) encoded by ml_dtypes/numpy along each path TF uses:
                     SHA-256 of the encoded bits, plus samples
  convert.json       tf.constant in graph mode (make_tensor_proto) per JS value and
                     requested dtype ("to"; null for none)
  feed.json          Session.run feeds of a placeholder of dtype "to" per JS value
  astype.json        numpy array (JS TypedArray / NDArray) -> dtype, element by element
  sparse.json        tf.SparseTensor construction: {"in": parts, "out": parts} or an error
  numpy.json         numpy's str() of TF's arrays, item() and reshape() answers, and
                     Python's repr() of the scalars TF's messages print

JS values are spelled JSON-safely: numbers (or {"$num": "NaN"|"Infinity"|"-Infinity"|
"-0"}), {"$bigint": "12"}, booleans, strings, {"$bytes": hex}, {"$complex": [re, im]},
null, arrays, {"$typed": ctor, "values": [...]}, {"$object": {...}}. The Python value
each stands for follows the rules of packages/core/src/ndarray (DESIGN.md): a JS
number is a Python float, except that with an integer/bool/string/quantized dtype an
integral number is a Python int; in a feed an integral number (not -0) is a Python int.

Answers: {"dtype", "shape", "values"} (values flat: numbers or "nan"/"inf"/"-inf"/"-0";
int64/uint64 as decimal strings; float16/bfloat16/float8/float4 as raw bits; complex
as [re, im]; strings as hex) or {"error": class, "message": text}. Where tensorgraph
deliberately differs from TF, "ours" holds our answer and "why" the reason.
"""
import hashlib
import json
import math
import os
import struct
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.simplefilter("ignore")

import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework import tensor_util  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "values")
tf1 = tf.compat.v1

DTYPES = [
    "float32", "float64", "int32", "uint8", "int16", "int8", "string", "complex64",
    "int64", "bool", "qint8", "quint8", "qint32", "bfloat16", "qint16", "quint16",
    "uint16", "complex128", "float16", "resource", "variant", "uint32", "uint64",
    "float8_e5m2", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz",
    "float8_e5m2fnuz", "int4", "uint4", "int2", "uint2", "float4_e2m1fn",
]
FLOAT_BITS = {
    "float16": (np.float16, np.uint16),
    "bfloat16": (ml_dtypes.bfloat16, np.uint16),
    "float8_e5m2": (ml_dtypes.float8_e5m2, np.uint8),
    "float8_e4m3fn": (ml_dtypes.float8_e4m3fn, np.uint8),
    "float8_e4m3fnuz": (ml_dtypes.float8_e4m3fnuz, np.uint8),
    "float8_e4m3b11fnuz": (ml_dtypes.float8_e4m3b11fnuz, np.uint8),
    "float8_e5m2fnuz": (ml_dtypes.float8_e5m2fnuz, np.uint8),
    "float4_e2m1fn": (ml_dtypes.float4_e2m1fn, np.uint8),
}
# TF's make_tensor_proto has no append function for these two; host values have no
# such limit, so tensorgraph converts them as ml_dtypes does.
PROTO_UNSUPPORTED = "Element type not supported in TensorProto"


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        if isinstance(data, list):  # one case per line keeps the files small and diffable
            f.write("[\n" + ",\n".join(json.dumps(x) for x in data) + "\n]\n")
        else:
            json.dump(data, f, indent=1)
            f.write("\n")


def jnum(x):
    """A float as JSON."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and math.copysign(1, x) < 0:
        return "-0"
    return x


def sha256(arr):
    return hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()


def err(e):
    return {"error": type(e).__name__, "message": str(e)}


# ----------------------------------------------------------------------------- facts

def dtype_facts():
    out = {}
    for name in DTYPES:
        d = tf.as_dtype(name)
        rec = {
            "enum": d.as_datatype_enum,
            "is_floating": d.is_floating,
            "is_integer": d.is_integer,
            "is_unsigned": d.is_unsigned,
            "is_complex": d.is_complex,
            "is_quantized": d.is_quantized,
            "is_bool": d.is_bool,
            "real_dtype": d.real_dtype.name,
            "size": d.size,
        }
        for key in ("min", "max"):
            try:
                v = getattr(d, key)
                if d.is_integer:
                    rec[key] = str(int(v))
                else:
                    rec[key] = jnum(float(v))
            except Exception as e:  # pylint: disable=broad-except
                rec[key] = err(e)
        out[name] = rec
    write("dtype-facts.json", out)


# ----------------------------------------------------------------------------- floats

def decode_all(name):
    t, u = FLOAT_BITS[name]
    n = 16 if name == "float4_e2m1fn" else (256 if u == np.uint8 else 65536)
    bits = np.arange(n, dtype=u)
    return bits, bits.view(t).astype(np.float64)


def canon(vals):
    """float64 values with every NaN as 0x7ff8000000000000 (JS cannot keep payloads)."""
    v = np.array(vals, dtype=np.float64)
    v[np.isnan(v)] = np.float64("nan")
    return v


def float_decode():
    out = {}
    for name in FLOAT_BITS:
        bits, vals = decode_all(name)
        if len(bits) <= 256:
            out[name] = {"values": [jnum(v) for v in vals]}
        else:
            picks = list(range(0, 65536, 1021)) + [0x0001, 0x03ff, 0x0400, 0x7bff, 0x7c00,
                                                   0x7c01, 0x7e00, 0x7f80, 0x7f7f, 0x8000,
                                                   0xfc00, 0xff80, 0xffff, 0x3c00, 0x3f80]
            out[name] = {
                "count": len(bits),
                "sha256_float64le": sha256(canon(vals).astype("<f8")),
                "samples": [[int(b), jnum(vals[b])] for b in picks],
            }
    write("float-decode.json", out)


MASK64 = (1 << 64) - 1


def splitmix64(seed):
    state = seed & MASK64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def bits_to_f64(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def encode_inputs(name):
    """The input stream for `name` (rebuilt identically by the tests, see
    packages/core/test/dtype/encode-inputs.ts). NaNs are all the canonical +NaN."""
    _, vals = decode_all(name)
    pos = sorted({float(v) for v in vals if np.isfinite(v) and v >= 0})
    pos = [0.0 if v == 0 else v for v in pos]
    top, below = pos[-1], pos[-2]
    beyond = top + (top - below)
    grid = pos + [beyond]
    out = []

    def emit(v):
        out.append(v)
        out.append(-v)

    for a, b in zip(grid, grid[1:]):
        d = b - a
        mid = a + d / 2
        for v in (a, mid, mid + d * 2.0 ** -20, mid - d * 2.0 ** -20,
                  math.nextafter(mid, math.inf), math.nextafter(mid, -math.inf),
                  a + d / 4, a + 3 * d / 4):
            emit(v)
    for v in (beyond, beyond * 2, beyond * 4, math.inf, math.nan, 1.7976931348623157e308,
              5e-324, 2.0 ** -1022):
        emit(v)
    lo = math.floor(math.log2(pos[1]))
    hi = math.floor(math.log2(top))
    span = hi - lo + 5
    rng = splitmix64(0x5EED0000 + len(name))
    for _ in range(4000):
        r = next(rng)
        exp = lo - 2 + ((r >> 52) & 0x7FF) % span
        b = ((r >> 63) << 63) | ((exp + 1023) << 52) | (r & ((1 << 52) - 1))
        out.append(bits_to_f64(b))
    for _ in range(1000):
        out.append(bits_to_f64(next(rng)))
    arr = np.array(out, dtype=np.float64)
    arr[np.isnan(arr)] = np.float64("nan")
    return arr


def float_encode():
    out = {}
    for name, (t, u) in FLOAT_BITS.items():
        x = encode_inputs(name)
        pylist = [float(v) for v in x]
        direct = np.array(pylist, dtype=t).view(u)
        # np.array(list, dtype) converts each Python float on its own: spot-check that.
        for i in range(0, len(pylist), 97):
            assert np.array(pylist[i], dtype=t).view(u) == direct[i], (name, pylist[i])
        astype64 = x.astype(t).view(u)
        astype32 = x.astype(np.float32).astype(t).view(u)
        enc = lambda a: a.astype("<u2" if u == np.uint16 else "u1")  # noqa: E731
        picks = list(range(0, 40)) + list(range(len(x) - 5200, len(x) - 5190)) + \
            list(range(len(x) - 20, len(x)))
        out[name] = {
            "count": len(x),
            "inputs_sha256_float64le": sha256(x.astype("<f8")),
            "paths": {
                "python-float": sha256(enc(direct)),
                "astype-float64": sha256(enc(astype64)),
                "astype-float32": sha256(enc(astype32)),
            },
            "samples": [[jnum(x[i]), int(direct[i]), int(astype64[i]), int(astype32[i])]
                        for i in picks],
        }
    write("float-encode.json", out)


# ----------------------------------------------------------------------------- JS values

def jv_to_py(jv, int_policy, bytes_array=False):
    """int_policy: 'float' (numbers are floats), 'int' (integral numbers are ints),
    'feed' (integral numbers other than -0 are ints). A Uint8Array is bytes only for a
    string dtype; otherwise (bytes_array) it is a uint8 array."""
    if isinstance(jv, bool) or jv is None or isinstance(jv, str):
        return jv
    if isinstance(jv, (int, float)):
        v = float(jv)
        if int_policy == "int" and v.is_integer():
            return int(v)
        if int_policy == "feed" and v.is_integer() and not (v == 0 and math.copysign(1, v) < 0):
            return int(v)
        return v
    if isinstance(jv, list):
        return [jv_to_py(x, int_policy, bytes_array) for x in jv]
    if "$num" in jv:
        v = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}[jv["$num"]]
        return jv_to_py(v, int_policy) if jv["$num"] == "-0" else v
    if "$bigint" in jv:
        return int(jv["$bigint"])
    if "$bytes" in jv:
        b = bytes.fromhex(jv["$bytes"])
        return np.frombuffer(b, dtype=np.uint8).copy() if bytes_array else b
    if "$complex" in jv:
        re_, im = jv["$complex"]
        return complex(float(re_), float(im))
    if "$typed" in jv:
        np_dt = {
            "Float32Array": np.float32, "Float64Array": np.float64, "Int8Array": np.int8,
            "Int16Array": np.int16, "Int32Array": np.int32, "Uint8Array": np.uint8,
            "Uint16Array": np.uint16, "Uint32Array": np.uint32, "BigInt64Array": np.int64,
            "BigUint64Array": np.uint64,
        }[jv["$typed"]]
        return np.array([jv_to_py(x, "int" if np.issubdtype(np_dt, np.integer) else "float")
                         for x in jv["values"]]).astype(np_dt)
    if "$object" in jv:
        return dict(jv["$object"])
    raise ValueError(jv)


def has_object(jv):
    if isinstance(jv, list):
        return any(has_object(x) for x in jv)
    return isinstance(jv, dict) and "$object" in jv


def has_bigint(jv):
    if isinstance(jv, list):
        return any(has_bigint(x) for x in jv)
    return isinstance(jv, dict) and "$bigint" in jv


def enc_values(dtype, arr):
    flat = np.asarray(arr).reshape(-1)
    if dtype in FLOAT_BITS:
        t, u = FLOAT_BITS[dtype]
        return [int(b) for b in flat.astype(t).view(u)]
    if dtype in ("float32", "float64"):
        return [jnum(v) for v in flat]
    if dtype in ("complex64", "complex128"):
        return [[jnum(v.real), jnum(v.imag)] for v in flat]
    if dtype in ("int64", "uint64"):
        return [str(int(v)) for v in flat]
    if dtype == "bool":
        return [bool(v) for v in flat]
    if dtype == "string":
        return [bytes(v).hex() if isinstance(v, (bytes, bytearray)) else str(v).encode().hex()
                for v in flat]
    if dtype in ("qint8", "quint8", "qint16", "quint16", "qint32"):
        return [int(v[0]) if isinstance(v, (tuple, np.void)) else int(v) for v in flat]
    return [int(v) for v in flat]


def answer(dtype, arr):
    arr = np.asarray(arr) if not isinstance(arr, np.ndarray) else arr
    return {"dtype": dtype, "shape": list(arr.shape), "values": enc_values(dtype, arr)}


def is_floatlike(dtype):
    d = tf.as_dtype(dtype)
    return d.is_floating or d.is_complex


def convert_one(jv, dtype):
    policy = "float" if dtype is None or is_floatlike(dtype) else "int"
    py = jv_to_py(jv, policy, dtype != "string")
    g = tf.Graph()
    with g.as_default():
        try:
            proto = tensor_util.make_tensor_proto(py, dtype=dtype)
            name = tf.as_dtype(proto.dtype).name
            rec = answer(name, tensor_util.MakeNdarray(proto))
        except Exception as e:  # pylint: disable=broad-except
            rec = err(e)
    if "error" in rec and rec["message"].startswith(PROTO_UNSUPPORTED):
        t = FLOAT_BITS[dtype][0]
        try:
            ours = answer(dtype, np.array(py, dtype=t))
        except Exception as e:  # pylint: disable=broad-except
            ours = err(e)
        rec = {**rec, "ours": ours, "why": "host values need no TensorProto; as ml_dtypes"}
    if has_object(jv) and "error" not in rec:
        rec = {**rec, "ours": {"error": "TypeError", "message": "(class only)"},
               "why": "a plain JS object is no value; TF reads a Python dict as a sequence"}
    if dtype is None and has_bigint(jv) and rec.get("dtype") == "int32":
        rec = {**rec, "ours": {**rec, "dtype": "int64",
                               "values": [str(v) for v in rec["values"]]},
               "why": "DESIGN.md: a bigint is int64"}
    return {"value": jv, "to": dtype, **rec}


N = lambda s: {"$num": s}  # noqa: E731
B = lambda s: {"$bigint": str(s)}  # noqa: E731
C = lambda re_, im: {"$complex": [re_, im]}  # noqa: E731
BY = lambda b: {"$bytes": b.hex()}  # noqa: E731

NO_DTYPE_VALUES = [
    5, 5.5, N("-0"), N("NaN"), N("Infinity"), 1e40, -1e40, 3.4028235677973366e38, True, False,
    "a", "", "h\u00e9llo \u2603", B(5), B(2 ** 31), B(-2 ** 31 - 1), B(2 ** 63),
    B(2 ** 64 - 1), B(2 ** 64), B(-2 ** 63), B(-2 ** 63 - 1), C(1, 2), C(0, -1.5), None,
    [], [[], []], [[]], [[[]]], [1, 2.5], [1, True], [True, False], [[True], [False]],
    [1, "a"], [True, "a"], ["a", None], [1, None], [None],
    [[1, 2], [3]], [[1, 2], 3], [1, [2]], [[[1], [2]], [[1], [2, 3]]], [[1, 2], [3, [4]]],
    ["a", ["b"]], [["a"], "b"], [[1, 2], [3, 4, 5]], [[[1, 2], [3, 4]], [[5, 6], [7, 8]]],
    [B(1), B(2)], [B(1), True], [B(1), 2.5], [B(2 ** 63), B(1)], [B(2 ** 63)],
    [B(2 ** 63), B(-1)], [B(-2 ** 63 - 1)], [1.5, B(2 ** 64)], [B(1), "a"],
    [C(1, 2), 1], [C(1, 2), True], [C(1, 2), B(3)], [[C(1, 2)], [C(3, -4)]],
    [N("NaN"), N("-Infinity"), N("-0")], [1e40, 1], [[1, 2], [3, 4]],
    {"$object": {}}, {"$object": {"a": 1}}, [{"$object": {}}],
]

DTYPE_VALUES = [
    1, 0, -1, 1.5, -1.5, N("-0"), 7, 8, 127, 128, 255, 256, -129, 300, 65504, 70000,
    2 ** 31, -2 ** 31 - 1, 2 ** 53, 2 ** 63, 1e19, 2 ** 64, 1e40, N("NaN"), N("Infinity"),
    True, False, "a", "1", BY(b"\xff"), B(1), B(-1), B(2 ** 63), B(2 ** 64), B(-2 ** 63 - 1),
    C(1, 2), C(1.5, 0), None, [1, 2], [1.5, 2], [True, 1], [True, False], [1, "a"],
    [[1], [2, 3]], [[1.5], [2, 3]], [1, None], [], ["a", "b"], [B(2 ** 40), 1],
    [2 ** 40, -1], [1e19, 1], [N("NaN"), 1], [464, 465, 240, 248, 7, 6.5, 5],
    {"$object": {}},
]


# A Uint8Array is a string element only for the string dtype (else a uint8 array).
STRING_VALUES = [BY(b"\xff\x00"), ["a", BY(b"b")], [[BY(b"")], [BY(b"\x00")]], ["h\u00e9", BY(b"\xc3")]]


def convert_cases():
    cases = [convert_one(v, None) for v in NO_DTYPE_VALUES]
    cases += [convert_one(v, "string") for v in STRING_VALUES]
    for dtype in DTYPES:
        for v in DTYPE_VALUES:
            cases.append(convert_one(v, dtype))
    write("convert.json", cases)


def feed_cases():
    cases = []
    for dtype in DTYPES:
        g = tf.Graph()
        with g.as_default():
            p = tf1.placeholder(dtype)
            y = tf.identity(p)
            sess = tf1.Session(graph=g)
            for v in DTYPE_VALUES + [" 12 ", "1_000", "+3", "-1", "1e3", "inf", "-Infinity",
                                     " 1.5 ", ".5", "1.", "0x10", "1+2j", "", "0",
                                     "99999999999999999999", [1.5, "2"], [True, "2"],
                                     [1.5, -2.7, 3e9, -3e9, 1e19, -1e19, 70000.0, -70000.0],
                                     [7.9, 8.5, -8.5, -9.5, 15.5], [3e9 + 3, -3e9 - 5],
                                     [N("NaN")], [N("Infinity")], [N("-Infinity")],
                                     [2 ** 63, 2 ** 64 - 2048], [B(2 ** 64 - 1)], [B(2 ** 64)],
                                     [None]]:
                py = jv_to_py(v, "feed", dtype != "string")
                try:
                    r = sess.run(y, {p: py})
                    rec = answer(dtype, r)
                except Exception as e:  # pylint: disable=broad-except
                    rec = err(e)
                ours = None
                why = None
                m = rec.get("message", "")
                if dtype == "string" and not isinstance(py, list) and \
                        rec.get("error") == "AttributeError":
                    why = "TF 2.21 fails on a scalar str/bytes feed (bytes has no dtype)"
                    ours = answer("string", np.array(py if isinstance(py, bytes) else
                                                     str(py).encode(), dtype=object))
                elif "VoidDType" in m:
                    why = "TF 2.21 fails on any scalar int feed of a quantized dtype"
                    base = {"qint8": np.int8, "quint8": np.uint8, "qint16": np.int16,
                            "quint16": np.uint16, "qint32": np.int32}[dtype]
                    try:
                        ours = answer(dtype, np.asarray(py, dtype=base))
                    except Exception as e:  # pylint: disable=broad-except
                        ours = err(e)
                elif rec.get("error") == "KeyError":
                    why = "TF raises a bare KeyError for a dtype with no numpy type"
                    ours = {"error": "TypeError",
                            "message": f"Cannot feed a value of dtype {dtype}: it has no host "
                                       "representation."}
                elif m.startswith("Graph execution error:\n\n"):
                    why = "raised while converting, before any graph runs"
                    ours = {"error": rec["error"],
                            "message": m[len("Graph execution error:\n\n"):].split("\n")[0]}
                if has_object(v) and "error" not in rec:
                    why = "a plain JS object is no value; numpy reads a Python dict as an object"
                    ours = {"error": "TypeError", "message": "(class only)"}
                case = {"value": v, "to": dtype, **rec}
                if why:
                    case.update(ours=ours, why=why)
                cases.append(case)
            sess.close()
    write("feed.json", cases)


# ----------------------------------------------------------------------------- astype

ASTYPE_SOURCES = {
    "float64": [0, N("-0"), 0.5, -0.5, 1.5, -1.5, 2.5, 7.9, 8.5, -8.5, -9.5, 15.5, 127.9, 128,
                255.5, 256, -129, 300, 32768, 65536, -32769, 70000, -70000, 2147483647.5,
                2147483648, -2147483649, 3e9 + 3, -3e9 - 5, 4294967296, 9.3e18, 1e19, -1e19,
                1.8e19, 2e19, 1e300, -1e300, N("NaN"), N("Infinity"), N("-Infinity"), 1e-40,
                65504, 65520, 3.4e38, 3.5e38, 448, 464, 465, 240, 6.5, 1 + 2 ** -8 + 2 ** -30,
                1 + 2 ** -4 + 2 ** -30, 1e-8],
    "float32": [0, N("-0"), 1.5, -1.5, 2.5, 300, 70000, -70000, 3e9, 1e19, -1e19, N("NaN"),
                N("Infinity"), 65520, 3.4028234663852886e38, 1e-40, 464, 1.00390625],
    "int64": [B(0), B(1), B(-1), B(127), B(128), B(255), B(256), B(-129), B(32768), B(2 ** 31),
              B(-2 ** 31 - 1), B(2 ** 53 + 1), B(2 ** 63 - 1), B(-2 ** 63), B(2 ** 24 + 1),
              B(65520), B(16777217)],
    "uint64": [B(0), B(2 ** 63), B(2 ** 64 - 1), B(2 ** 53 + 1), B(300)],
    "int32": [0, -1, 300, -70000, 2 ** 31 - 1, 16777217],
    "uint32": [0, 2 ** 32 - 1, 2 ** 31],
    "int16": [-32768, 300],
    "uint16": [65535, 300],
    "int8": [-128, 127],
    "uint8": [0, 128, 255],
}
TYPED_FOR = {"float64": "Float64Array", "float32": "Float32Array", "int64": "BigInt64Array",
             "uint64": "BigUint64Array", "int32": "Int32Array", "uint32": "Uint32Array",
             "int16": "Int16Array", "uint16": "Uint16Array", "int8": "Int8Array",
             "uint8": "Uint8Array"}


def astype_cases():
    """tf.constant(np_array, dtype) in graph mode: values.astype(dtype), per element."""
    cases = []
    for src, values in ASTYPE_SOURCES.items():
        for dtype in DTYPES:
            outs = []
            for v in values:
                arr = jv_to_py({"$typed": TYPED_FOR[src], "values": [v]}, None)
                try:
                    proto = tensor_util.make_tensor_proto(arr, dtype=dtype)
                    name = tf.as_dtype(proto.dtype).name
                    rec = answer(name, tensor_util.MakeNdarray(proto))
                    outs.append(rec["values"][0])
                except Exception as e:  # pylint: disable=broad-except
                    if str(e).startswith(PROTO_UNSUPPORTED):
                        outs.append(answer(dtype, arr.astype(FLOAT_BITS[dtype][0]))["values"][0])
                    else:
                        outs.append(err(e))
            cases.append({"source": src, "values": values, "dtype": dtype, "results": outs})
    # Booleans and complex numbers as sources.
    for dtype in DTYPES:
        outs = []
        for arr in (np.array([True]), np.array([False]), np.array([1.5 + 2j]),
                    np.array([complex(math.nan, 0)])):
            try:
                proto = tensor_util.make_tensor_proto(arr, dtype=dtype)
                outs.append(answer(tf.as_dtype(proto.dtype).name,
                                   tensor_util.MakeNdarray(proto))["values"][0])
            except Exception as e:  # pylint: disable=broad-except
                if str(e).startswith(PROTO_UNSUPPORTED):
                    outs.append(answer(dtype, arr.astype(FLOAT_BITS[dtype][0]))["values"][0])
                else:
                    outs.append(err(e))
        cases.append({"source": "bool+complex128", "values": [True, False, C(1.5, 2), C("nan", 0)],
                      "dtype": dtype, "results": outs})
    write("astype.json", cases)


# ----------------------------------------------------------------------------- sparse

def sparse_cases():
    cases = []
    for i, v, d in [
        ([[0, 0], [1, 2]], [1, 2], [3, 4]), ([[0, 0], [1, 2]], [1.5, 2], [3, 4]),
        ([0, 1], [1, 2], [3]), ([[0, 0]], [1, 2], [3, 4]), ([[0, 0]], [1], [3, 4, 5]),
        ([[0, 0]], [[1]], [3, 4]), ([[0, 0]], [1], [[3, 4]]), ([[0.5, 0]], [1], [3, 4]),
        ([[0, 0]], [1], [3.5, 4]), ([[0, 0]], ["a"], [3, 4]), ([[-1, 0]], [1], [3, 4]),
        ([[0, 0]], [True], [3, 4]), (5, [1], [3]), ([[0]], 1, [3]), ([[0]], [1], 3),
        (None, [1], [3]), ([[0, 0]], [1], [B(2 ** 63), 4]), ([[0, 0]], [None], [3, 4]),
        ([[[0]]], [1], [3]), ([[0, 0]], [[1, 2], [3]], [3, 4]),
    ]:
        pi = jv_to_py(i, "int")
        pv = jv_to_py(v, "float")
        pd = jv_to_py(d, "int")
        g = tf.Graph()
        with g.as_default():
            try:
                st = tf.SparseTensor(pi, pv, pd)
                with tf1.Session() as s:
                    r = s.run(st)
                rec = {"out": {"indices": answer("int64", r.indices), "values":
                               answer(st.values.dtype.name, r.values),
                               "dense_shape": answer("int64", r.dense_shape)}}
            except Exception as e:  # pylint: disable=broad-except
                rec = err(e)
        cases.append({"in": {"indices": i, "values": v, "dense_shape": d}, **rec})
    write("sparse.json", cases)


# ----------------------------------------------------------------------------- numpy

STR_CASES = [
    ([1.5, 10], "float32"), ([[1, 2], [3, 4]], "float32"), ([1, -20, 300], "int32"),
    ([True, False], "bool"), ([0.1, 0.25], "float32"), ([1e20, 1], "float64"),
    ([N("NaN"), N("-Infinity"), 1], "float64"), (5, "float32"), (5, "float64"), (1e20, "float64"),
    (0.1, "float32"), ([N("-0"), 1], "float64"), ([1e-5, 1], "float64"), ([-1.5, 2.25], "float32"),
    ([1 / 3, 2], "float64"), (7, "int64"), (True, "bool"), (BY(b"ab\xff"), "string"),
    ([BY(b"a"), BY(b"bc")], "string"), ([[1, 2], [3, 4]], "uint8"), ([1.5, 1000.25], "float16"),
    ([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], "int16"), ([B(2 ** 40), B(-3)], "int64"),
    ([1.5, 999], "float16"), ([0.5, 1000], "float32"), ([[1.5, 100], [3, N("NaN")]], "bfloat16"),
    ([1e10, 0.1, 1 / 3, N("-0"), 1e-5], "bfloat16"), ([448, 0.1, 3], "float8_e4m3fn"),
    ([N("Infinity"), 1.25, -2], "float32"), ([1e-5, N("NaN"), -3], "float64"),
]


def numpy_cases():
    """numpy's str() of arrays, item() and reshape() errors (NDArray.toString/item/reshape)."""
    out = {"str": [], "item": [], "reshape": []}
    for jv, dtype in STR_CASES:
        policy = "float" if is_floatlike(dtype) else "int"
        arr = tensor_util.MakeNdarray(tensor_util.make_tensor_proto(jv_to_py(jv, policy), dtype=dtype))
        out["str"].append({"value": jv, "to": dtype, "str": str(arr)})
    for n in (1000, 1001, 2000):
        out["str"].append({"arange": n, "to": "int32", "str": str(np.arange(n, dtype=np.int32))})
    out["str"].append({"arange": 3000, "to": "float64", "reshape": [1000, 3],
                       "str": str(np.arange(3000.0).reshape(1000, 3))})
    for shape in ([], [1], [1, 1], [2], [0], [2, 3]):
        a = np.zeros(shape, dtype=np.float32)
        try:
            out["item"].append({"shape": shape, "value": a.item()})
        except Exception as e:  # pylint: disable=broad-except
            out["item"].append({"shape": shape, **err(e)})
    for shape, new in (([6], [4]), ([6], [2, 3]), ([6], [-1, 2]), ([6], [-1, -1]), ([6], [-1, 4]),
                       ([2, 3], [6]), ([], [1, 1]), ([0], [0, 5]), ([6], [3, -1])):
        a = np.zeros(shape, dtype=np.float32)
        try:
            out["reshape"].append({"shape": shape, "new": new, "result": list(a.reshape(new).shape)})
        except Exception as e:  # pylint: disable=broad-except
            out["reshape"].append({"shape": shape, "new": new, **err(e)})
    out["repr"] = {
        "float": [[jnum(x), repr(x)] for x in (
            1.0, 1.5, -0.0, 0.0, 1e16, 1.5e16, 9999999999999998.0, 1e-5, 0.0001, 0.00012,
            123456789012345678.0, 1e22, 1.5e-7, math.nan, math.inf, -math.inf, 5e-324,
            1.7976931348623157e308, 0.1, 1 / 3, -2.5e-300, 100.0, 1234567.125)],
        "complex": [[[jnum(c.real), jnum(c.imag)], repr(c)] for c in (
            complex(0, 1), complex(-0.0, 1), complex(1, -0.0), complex(math.nan, math.nan),
            complex(1e16, 1.5e-7), complex(1.5, 2), complex(0, 0), complex(-1, -1),
            complex(0, -0.0), complex(math.inf, -math.inf))],
        "str": [[t, repr(t)] for t in (
            "it's", "a\"b'c", "\x00\x7f\u0080\u00a0\u2028\u00e9\n\t\\", "plain", "",
            "\U0001f600\ud7ff", "\r")],
        "bytes": [[b.hex(), repr(b)] for b in (b"\x00a'\"\x7f\xff", b"it's", b"\\\n\r\t", b"")],
    }
    write("numpy.json", out)


def main():
    dtype_facts()
    float_decode()
    float_encode()
    convert_cases()
    feed_cases()
    astype_cases()
    sparse_cases()
    numpy_cases()


if __name__ == "__main__":
    main()
