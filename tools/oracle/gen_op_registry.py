"""Dumps real TensorFlow's op registry facts for the ops @tensorgraph/core defines.

The op list is read from packages/core/src/ops/op-list.ts (the one list); ops TF does
not register are reported and left out. Long descriptions are left out too.

Run: .venv-tf/bin/python tools/oracle/gen_op_registry.py
Writes tools/oracle/fixtures/ops/registry.json (sorted, deterministic).
"""
import json
import math
import os
import re
import sys

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import op_def_registry
from tensorflow.python.framework import tensor_util

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
OP_LIST = os.path.join(ROOT, "packages", "core", "src", "ops", "op-list.ts")
OUT = os.path.join(os.path.dirname(__file__), "fixtures", "ops", "registry.json")


def read_op_list():
    with open(OP_LIST) as f:
        text = f.read()
    body = text[text.index("OP_LIST = [") : text.index("] as const")]
    return sorted(set(re.findall(r"'([A-Za-z0-9_]+)'", body)))


def dtype_name(enum):
    return tf.as_dtype(enum).name


def float32_value(x):
    # Attr floats are float32 on the wire: keep the shortest decimal that rounds back to it.
    if not math.isfinite(x):
        raise ValueError(f"non-finite float attr default {x}")
    return float(np.format_float_positional(np.float32(x), unique=True, trim="0"))


def shape_value(proto):
    if proto.unknown_rank:
        return None
    return [d.size if d.size >= 0 else None for d in proto.dim]


def tensor_value(proto):
    arr = tensor_util.MakeNdarray(proto)
    values = arr.flatten().tolist()
    if arr.dtype.kind in "SO":
        values = [v.decode("latin-1") if isinstance(v, bytes) else v for v in values]
    return {
        "dtype": dtype_name(proto.dtype),
        "shape": list(arr.shape),
        "values": values,
    }


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
        # A list default is one of the typed lists; an empty list is [] for any list type.
        for field, conv in (
            ("s", lambda s: s.decode("utf-8")),
            ("i", int),
            ("f", float32_value),
            ("b", bool),
            ("type", dtype_name),
            ("shape", shape_value),
            ("tensor", tensor_value),
            ("func", func_value),
        ):
            items = getattr(lst, field)
            if len(items):
                return [conv(x) for x in items]
        return []
    raise ValueError(f"unsupported attr value kind {kind}")


def arg_def(arg):
    out = {"name": arg.name}
    if arg.type:
        out["type"] = dtype_name(arg.type)
    if arg.type_attr:
        out["type_attr"] = arg.type_attr
    if arg.number_attr:
        out["number_attr"] = arg.number_attr
    if arg.type_list_attr:
        out["type_list_attr"] = arg.type_list_attr
    if arg.is_ref:
        out["is_ref"] = True
    return out


def attr_def(attr):
    out = {"name": attr.name, "type": attr.type}
    if attr.HasField("default_value"):
        out["default_value"] = attr_value(attr.default_value)
    if attr.HasField("allowed_values"):
        lst = attr.allowed_values.list
        if attr.type in ("type", "list(type)"):
            out["allowed_values"] = [dtype_name(t) for t in lst.type]
        else:
            out["allowed_values"] = [s.decode("utf-8") for s in lst.s]
    if attr.has_minimum:
        out["has_minimum"] = True
        out["minimum"] = attr.minimum
    return out


def op_facts(op_def):
    facts = {
        "name": op_def.name,
        "inputs": [arg_def(a) for a in op_def.input_arg],
        "outputs": [arg_def(a) for a in op_def.output_arg],
        "attrs": [attr_def(a) for a in op_def.attr],
        "is_stateful": op_def.is_stateful,
        "is_commutative": op_def.is_commutative,
        "is_aggregate": op_def.is_aggregate,
        "allows_uninitialized_input": op_def.allows_uninitialized_input,
        "is_distributed_communication": op_def.is_distributed_communication,
        "summary": op_def.summary,
    }
    if op_def.HasField("deprecation"):
        facts["deprecation"] = {
            "version": op_def.deprecation.version,
            "explanation": op_def.deprecation.explanation,
        }
    return facts


def main():
    ops = {}
    dropped = []
    for name in read_op_list():
        op_def = op_def_registry.get(name)
        if op_def is None:
            dropped.append(name)
            continue
        ops[name] = op_facts(op_def)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "dropped": dropped, "ops": ops},
                  f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(ops)} ops written, dropped: {dropped}", file=sys.stderr)


if __name__ == "__main__":
    main()
