"""Shared helpers for oracle scripts: JSON encodings of arrays and attrs that the
TypeScript side decodes (packages/core/src/testing/json-array.ts), and a runner that
executes one op in real TensorFlow and records its outputs or its error.
"""
import base64
import json
import math
import os
import re

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import error_interpolation

T = tf.compat.v1


def encode_scalar(v, dtype):
    if dtype.is_bool:
        return bool(v)
    if dtype == tf.string:
        b = bytes(v)
        try:
            return {"utf8": b.decode("utf-8")}
        except UnicodeDecodeError:
            return {"b64": base64.b64encode(b).decode("ascii")}
    if dtype.is_complex:
        return [encode_scalar(np.real(v), tf.float64), encode_scalar(np.imag(v), tf.float64)]
    if dtype.is_floating:
        f = float(v)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        if f == 0 and math.copysign(1, f) < 0:
            return "-0"
        return f
    if dtype in (tf.int64, tf.uint64):
        return str(int(v))
    return int(v)


def encode_array(value, dtype=None):
    """{"dtype", "shape", "values"}: values flat, row-major, in a JSON-safe spelling."""
    arr = np.asarray(value)
    dt = tf.as_dtype(dtype if dtype is not None else arr.dtype)
    return {"dtype": dt.name, "shape": list(arr.shape),
            "values": [encode_scalar(v, dt) for v in arr.reshape(-1)]}


def decode_array(spec):
    dt = tf.as_dtype(spec["dtype"])
    vals = []
    for v in spec["values"]:
        if isinstance(v, dict):
            vals.append(v["utf8"].encode() if "utf8" in v else base64.b64decode(v["b64"]))
        elif isinstance(v, list):
            vals.append(complex(float(v[0]), float(v[1])))
        elif v in ("nan", "inf", "-inf", "-0"):
            vals.append(float(v.replace("-0", "-0.0")) if v != "nan" else float("nan"))
        elif dt in (tf.int64, tf.uint64):
            vals.append(int(v))
        else:
            vals.append(v)
    np_dtype = object if dt == tf.string else dt.as_numpy_dtype
    return np.array(vals, dtype=np_dtype).reshape(spec["shape"])


# TF's Python session rewrites a runtime error's message (error_interpolation.interpolate_graph):
# a "Graph execution error" preamble with the node's traceback, then the kernel's message
# with its surrounding whitespace stripped. A few kernel messages begin or end in whitespace,
# and the TypeScript side reproduces the kernel's message, so the raw one is remembered here.
_RAW_MESSAGES = {}
_interpolate_graph = error_interpolation.interpolate_graph


def _remembering_interpolate_graph(message, graph):
    interpolated = _interpolate_graph(message, graph)
    _RAW_MESSAGES[interpolated] = message
    return interpolated


error_interpolation.interpolate_graph = _remembering_interpolate_graph


def core_message(message):
    """The kernel's own message, exact (whitespace included), without TF's node trailer."""
    raw = _RAW_MESSAGES.get(message)
    if raw is None:
        lines = message.split("\n")
        if lines and lines[0].startswith("Graph execution error"):
            # Not seen by the session hook: the op's message follows the "Node: 'x'" line.
            for i, line in enumerate(lines):
                if line.startswith("Node: "):
                    lines = lines[i + 1:]
                    break
        raw = "\n".join(lines)
    return re.sub(r"\n\t \[\[.*$", "", raw, flags=re.S)


def run_op(op_type, inputs, attrs=None, input_arg_names=None):
    """Runs tf.raw_ops.<op_type> on CPU in graph mode with placeholders fed the inputs.

    inputs: list of (arg_name, spec-or-list-of-specs). Returns {"outputs": [...]} or
    {"error": {"class", "message"}}.
    """
    g = tf.Graph()
    feeds = {}
    with g.as_default(), g.device("/device:CPU:0"):
        kwargs = {}
        for name, spec in inputs:
            if isinstance(spec, list):
                phs = []
                for k, s in enumerate(spec):
                    arr = decode_array(s)
                    ph = T.placeholder(tf.as_dtype(s["dtype"]), shape=arr.shape, name=f"{name}_{k}")
                    feeds[ph] = arr
                    phs.append(ph)
                kwargs[name] = phs
            else:
                arr = decode_array(spec)
                ph = T.placeholder(tf.as_dtype(spec["dtype"]), shape=arr.shape, name=name)
                feeds[ph] = arr
                kwargs[name] = ph
        # Tensor-valued attrs go to TF as TensorProtos.
        kwargs.update({k: (tf.make_tensor_proto(v) if isinstance(v, np.ndarray) else v)
                       for k, v in (attrs or {}).items()})
        try:
            out = getattr(tf.raw_ops, op_type)(**kwargs, name="node")
        except (ValueError, TypeError) as e:
            return {"build_error": {"class": type(e).__name__, "message": str(e)}}
        op = g.get_operation_by_name("node")
    with T.Session(graph=g) as sess:
        try:
            values = sess.run(list(op.outputs), feeds)
        except tf.errors.OpError as e:
            return {"error": {"class": type(e).__name__, "message": core_message(e.message)}}
    return {"outputs": [encode_array(v, t.dtype) for v, t in zip(values, op.outputs)]}


def encode_attr(value):
    """An attr value in the JSON form packages/core/src/testing/json-attrs.ts reads."""
    if isinstance(value, tf.dtypes.DType):
        return value.name
    if isinstance(value, (list, tuple)):
        return [encode_attr(v) for v in value]
    if isinstance(value, np.ndarray):
        return encode_array(value)
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, tf.TensorShape):
        return None if value.rank is None else [d for d in value.as_list()]
    return value


def kernel_case(op_type, inputs, attrs=None, note=None):
    """One kernel fixture case: the op, its attrs and inputs, and what TF computed."""
    attrs = attrs or {}
    case = {"op": op_type,
            "attrs": {k: encode_attr(v) for k, v in attrs.items()},
            "inputs": [[name, spec] for name, spec in inputs]}
    if note:
        case["note"] = note
    case.update(run_op(op_type, inputs, attrs))
    return case


# Programs of raw-op steps (gen_list_fixtures.py, gen_stack_fixtures.py and the TensorArray
# cases): a step names an op, its inputs (arrays, or refs to an earlier step's outputs) and
# its attrs, so the TypeScript side can replay each step as one kernel call.

def array_spec(values, dtype):
    return encode_array(np.array(values, dtype=dtype), tf.as_dtype(dtype))


def f32(v):
    return array_spec(v, np.float32)


def i32(v):
    return array_spec(v, np.int32)


def i64(v):
    return array_spec(v, np.int64)


def ref(step, out=0):
    return {"ref": [step, out]}


def step(op, inputs, **attrs):
    return {"op": op, "inputs": list(inputs.items()), "attrs": attrs}


def step_error(e):
    """A program's runtime error: TF's class, its core message, and the failing step."""
    node = e.op.name if e.op is not None else None
    return {"class": type(e).__name__, "message": core_message(e.message),
            "step": int(node[1:]) if node and node.startswith("s") else None}


def write_fixture(path, content):
    """Writes `content` (TF's version first) as the indented JSON the fixtures use."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"tf_version": tf.__version__, **content}, f, indent=1)
        f.write("\n")

