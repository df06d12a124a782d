"""Records how TensorFlow's TensorShape and DeviceSpec behave, for packages/core/test.

Run: .venv-tf/bin/python tools/oracle/gen_shape_device_fixtures.py
Writes tools/oracle/fixtures/shape/*.json and tools/oracle/fixtures/device/*.json.

Every answer is TensorFlow's own: a value, or {"error": class name, "message": text}.
Shapes are written as null (unknown rank) or a list of ints and nulls.
Inputs are restricted to what JSON carries to JavaScript unchanged (no integral
floats such as 3.0, which JSON.parse turns into the int 3).
"""
import contextlib
import json
import os

import tensorflow as tf
from tensorflow.core.framework import tensor_shape_pb2
from tensorflow.python.distribute import device_util
from tensorflow.python.framework import tensor_shape

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE_DIR = os.path.join(HERE, "fixtures", "shape")
DEVICE_DIR = os.path.join(HERE, "fixtures", "device")

T = tf.TensorShape


def enc(value):
    """A Python answer as JSON: TensorShapes keep their dims and their str()."""
    if isinstance(value, T):
        return {"shape": None if value.rank is None else list(value), "str": str(value)}
    if isinstance(value, tf.DeviceSpec):
        return {
            "job": value.job,
            "replica": value.replica,
            "task": value.task,
            "device_type": value.device_type,
            "device_index": value.device_index,
            "string": value.to_string(),
        }
    if isinstance(value, tuple):
        return [enc(v) for v in value]
    if isinstance(value, list):
        return [enc(v) for v in value]
    return value


def record(fn):
    try:
        return {"value": enc(fn())}
    except Exception as err:  # pylint: disable=broad-except
        return {"error": type(err).__name__, "message": str(err)}


def dims_of(shape):
    return None if shape.rank is None else list(shape)


# --------------------------------------------------------------------------- shapes

SHAPES = [
    None, [], [0], [1], [3], [None], [2, 3], [2, None], [None, 3], [None, None],
    [4], [3, 2], [2, 3, 4], [2, None, 4], [None, None, None], [1, 1], [0, 5],
    [2, 3, 1],
]

CONSTRUCT_INPUTS = [
    None, [], [0], [1, 2, 3], [None], [2, None, 3], [None, None], 3, 0, [0, 0],
    [1000000, 1000000], [2 ** 40], -1, [-1], [2, -1], [-2], [2, -3, None],
    2.5, [2.5], [1, 1.5], "", "ab", "12", ["2"], [[1]], [[]], [1, [2]], {},
    [None, 0, None], [7] * 8, [1e-05], [0.0001], [123456.789], [-0.5], [1e-300],
    [float("1.5e300")], ["a'b"], ['a"b'], ["x\ty"],
]


def shape_construct():
    out = []
    for inp in CONSTRUCT_INPUTS:
        rec = {"input": inp}
        try:
            s = T(inp)
        except Exception as err:  # pylint: disable=broad-except
            rec["error"] = type(err).__name__
            rec["message"] = str(err)
            out.append(rec)
            continue
        rec.update({
            "dims": dims_of(s),
            "str": str(s),
            "repr": repr(s),
            "rank": s.rank,
            "ndims": s.ndims,
            "num_elements": s.num_elements(),
            "is_fully_defined": s.is_fully_defined(),
            "assert_is_fully_defined": record(lambda s=s: s.assert_is_fully_defined()),
            "as_list": record(s.as_list),
            "len": record(lambda s=s: len(s)),
            "bool": bool(s),
            "iter": record(lambda s=s: list(iter(s))),
            "as_proto": {
                "unknown_rank": s.as_proto().unknown_rank,
                "dim": [d.size for d in s.as_proto().dim],
            },
        })
        out.append(rec)
    return out


def shape_unknown():
    out = []
    for rank in [None, 0, 1, 2, 4, -1, -3]:
        out.append({"rank": rank, "result": record(lambda: tensor_shape.unknown_shape(rank=rank))})
    return out


def shape_binary():
    out = []
    for a in SHAPES:
        for b in SHAPES:
            sa, sb = T(a), T(b)
            out.append({
                "a": a,
                "b": b,
                "is_compatible_with": record(lambda: sa.is_compatible_with(sb)),
                "assert_is_compatible_with": record(lambda: sa.assert_is_compatible_with(sb)),
                "merge_with": record(lambda: sa.merge_with(sb)),
                "most_specific_compatible_shape": record(
                    lambda: sa.most_specific_compatible_shape(sb)),
                "most_specific_common_supertype": record(
                    lambda: sa.most_specific_common_supertype([sb])),
                "concatenate": record(lambda: sa.concatenate(sb)),
                "assert_same_rank": record(lambda: sa.assert_same_rank(sb)),
                "is_subtype_of": record(lambda: sa.is_subtype_of(sb)),
                "eq": record(lambda: sa == sb),
                "ne": record(lambda: sa != sb),
            })
    return out


def shape_supertype_many():
    cases = [
        ([2, 3], [[2, 3], [2, 3]]),
        ([2, 3], [[2, 4], [2, 3]]),
        ([2, 3], [[2, 3], [5, 3]]),
        ([2, 3], []),
        ([2, None], [[2, 3]]),
        ([2, 3], [[2, 3], None]),
        (None, [[2, 3]]),
        ([], [[], []]),
        ([1, 2, 3], [[1, 2, 3], [1, 5, 3], [1, 2, 3]]),
    ]
    return [{
        "a": a,
        "others": others,
        "result": record(lambda: T(a).most_specific_common_supertype([T(o) for o in others])),
    } for a, others in cases]


def shape_rank():
    out = []
    for a in SHAPES:
        for rank in [0, 1, 2, 3]:
            s = T(a)
            out.append({
                "shape": a,
                "rank": rank,
                "with_rank": record(lambda: s.with_rank(rank)),
                "with_rank_at_least": record(lambda: s.with_rank_at_least(rank)),
                "with_rank_at_most": record(lambda: s.with_rank_at_most(rank)),
                "assert_has_rank": record(lambda: s.assert_has_rank(rank)),
            })
    return out


SLICES = [
    (None, None, None), (0, None, None), (1, None, None), (None, 1, None), (0, 2, None),
    (1, 3, None), (-1, None, None), (None, -1, None), (-2, -1, None), (2, 1, None),
    (0, 5, None), (5, 9, None), (None, None, 2), (None, None, -1), (2, 0, -1),
    (None, None, 0), (1, 4, 2), (3, 1, None),
]


def shape_index():
    out = []
    for a in [None, [], [5], [2, None, 4], [1, 2, 3, 4]]:
        s = T(a)
        gets = {str(i): record(lambda i=i: s[i]) for i in [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]}
        slices = [{
            "start": st, "stop": sp, "step": stp,
            "result": record(lambda st=st, sp=sp, stp=stp: s[slice(st, sp, stp)]),
        } for st, sp, stp in SLICES]
        at = {str(i): record(lambda i=i: tensor_shape.dimension_value(
            tensor_shape.dimension_at_index(s, i))) for i in [-2, -1, 0, 1, 2, 3]}
        out.append({"shape": a, "get": gets, "slice": slices, "dimension_at_index": at})
    return out


def shape_eq_other():
    """`==` against things that are not TensorShapes: TF converts them with as_shape."""
    out = []
    for a in [None, [], [1, 2], [3]]:
        for other in [None, [1, 2], [3], 3, [], "ab", "", -1, [None, 2], [2.5]]:
            out.append({"a": a, "other": other, "eq": record(lambda: T(a) == other),
                        "is_compatible_with": record(lambda: T(a).is_compatible_with(other)),
                        "merge_with": record(lambda: T(a).merge_with(other)),
                        "concatenate": record(lambda: T(a).concatenate(other))})
    return out


def shape_proto():
    """TensorShape(TensorShapeProto): -1 is an unknown dimension."""
    out = []
    for dims, unknown in [([], False), ([2, -1, 3], False), ([-1], False), ([], True),
                          ([2, 3], True), ([0, 7], False)]:
        proto = tensor_shape_pb2.TensorShapeProto(
            dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=d) for d in dims],
            unknown_rank=unknown)
        out.append({"dim": dims, "unknown_rank": unknown, "result": record(lambda: T(proto))})
    return out


# --------------------------------------------------------------------------- devices

SPECS = [
    "", "/", "//", "/job:localhost/replica:0/task:0/device:CPU:0",
    "/job:worker/replica:1/task:2/device:GPU:3", "/device:GPU:1", "/device:CPU:0",
    "/job:worker", "/job:ps/task:3", "/replica:2", "/task:7", "/cpu:0", "/gpu:1", "/CPU:0",
    "/GPU:2", "/Gpu:4", "/tpu:0", "/TPU:1", "/custom:0", "/epu:0", "/cpu", "/GPU", "/cpu:*",
    "/device:GPU:*", "/device:cpu:0", "/device:gpu:1", "/device:Cpu:0", "/device:tpu:0",
    "/device:FOO:3", "/device:XLA_CPU:0", "/device:CPU", "/device::0", "/device:GPU:",
    "job:worker", "cpu:0", "device:GPU:0", "/job:", "/job:a/job:b", "/task:1/task:2",
    "/job:worker/gpu:0", "/gpu:0/job:worker", "/job:worker/device:GPU:0/task:1",
    "/cpu:0/gpu:0", "/device:CPU:0/device:GPU:0", "/cpu:0/device:GPU:0",
    "/device:GPU:0/cpu:1", "/job", "/jobs:a", "/Job:a", "/foo:bar", "/bogus",
    "/job:a:b", "/cpu:0:1", "/device:GPU:0:1", "/replica:x", "/task:", "/replica:-1",
    "/task:-2", "/gpu:-1", "/device:GPU:-3", "/gpu:x", "/device:CPU:abc", "/replica: 3",
    "/task:+4", "/task:1_0", "/device:GPU:007", "/gpu:1.5", "/:x", ":", "/job:a b",
    "/job:worker/replica:0/task:0/cpu:0", "/job:localhost/device:CPU:0", "garbage",
    "/device:GPU:*/job:x", "/gpu:*", "/device:GPU:1_000", "/task:\t5", "/gpu:1__0",
    "/task:'1'", "/webgpu:0", "/task:\u0663", "/device:GPU:\uff11\uff12", "/replica:\u00a07",
    "/task:\ufeff7", "/gpu:\U0001d7d9",
]


def device_parse():
    out = []
    for spec in SPECS + [None]:
        out.append({"spec": spec, "result": record(lambda: tf.DeviceSpec.from_string(spec))})
    return out


def device_parse_non_string():
    """Specs that are not strings: TF calls `spec or ""` then `.split`."""
    out = []
    for spec in [5, 0, 1.5, True, False, []]:
        out.append({"spec": spec, "result": record(lambda: tf.DeviceSpec.from_string(spec))})
    return out


CONSTRUCT_KWARGS = [
    {},
    {"job": "worker"},
    {"job": "ps", "replica": 0, "task": 1, "device_type": "GPU", "device_index": 2},
    {"device_type": "cpu"},
    {"device_type": "gpu", "device_index": 0},
    {"device_type": "Cpu"},
    {"device_type": "tpu", "device_index": 1},
    {"device_type": "CUSTOM"},
    {"device_index": 1},
    {"replica": "3"},
    {"task": " 4 "},
    {"task": "x"},
    {"replica": 3.7},
    {"replica": -2.9},
    {"replica": True},
    {"job": 0},
    {"job": 1.5},
    {"job": True},
    {"job": ""},
    {"device_type": ""},
    {"device_type": 5},
    {"device_index": "1_0"},
    {"device_index": ""},
    {"device_index": -1, "device_type": "GPU"},
    {"job": None, "replica": None, "task": None, "device_type": None, "device_index": None},
    {"replica": "\u0663"},
    {"task": "-0"},
    {"task": "\x1f4"},
    {"task": "\x0b4\u3000"},
    {"task": "\x854"},
    {"task": "- 4"},
    {"task": "+_4"},
    {"task": "4_"},
    {"task": "0x10"},
]


def device_construct():
    return [{"kwargs": kw, "result": record(lambda kw=kw: tf.DeviceSpec(**kw))}
            for kw in CONSTRUCT_KWARGS]


def device_replace():
    base = "/job:worker/replica:1/task:2/device:GPU:3"
    cases = [
        (base, {}), (base, {"job": None}), (base, {"device_type": "cpu"}),
        (base, {"device_type": None}), (base, {"device_index": None}),
        (base, {"task": "5"}), ("", {"device_type": "GPU"}), ("/cpu:0", {"job": "ps"}),
        (base, {"replica": "z"}), (base, {"bogus": 1}),
    ]
    return [{"spec": spec, "kwargs": kw,
             "result": record(lambda spec=spec, kw=kw: tf.DeviceSpec.from_string(spec).replace(**kw))}
            for spec, kw in cases]


MERGE_SPECS = [
    "", "/job:worker", "/job:ps/task:3", "/replica:2", "/device:GPU:1", "/cpu:0", "/gpu:*",
    "/device:CPU:*", "/GPU", "/job:localhost/replica:0/task:0/device:CPU:0",
    "/job:worker/replica:1/task:2/device:GPU:3", "/device:tpu:0", "/task:5/device:GPU:2",
    "/job:",
]


def device_merge():
    out = []
    for a in MERGE_SPECS:
        for b in MERGE_SPECS:
            sa, sb = tf.DeviceSpec.from_string(a), tf.DeviceSpec.from_string(b)
            out.append({"a": a, "b": b,
                        "merged": record(lambda: sa.make_merged_spec(sb)),
                        "eq": sa == sb,
                        "hash_eq": hash(sa) == hash(sb)})
    return out


def device_v1_merge_from():
    """tf.compat.v1.DeviceSpec.merge_from mutates; its result is make_merged_spec's."""
    out = []
    for a, b in [("/job:a/cpu:0", "/gpu:1"), ("/job:a", "/task:2"), ("/gpu:1", ""),
                 ("", "/job:x/device:CPU:*")]:
        spec = tf.compat.v1.DeviceSpec.from_string(a)
        spec.merge_from(tf.compat.v1.DeviceSpec.from_string(b))
        out.append({"a": a, "b": b, "merged": spec.to_string()})
    return out


def scoped_device(stack):
    g = tf.Graph()
    with g.as_default():
        with contextlib.ExitStack() as st:
            for spec in stack:
                st.enter_context(tf.compat.v1.device(spec))
            return tf.constant(1.0).op.device


SCOPE_STACKS = [
    [], [""], [None], ["/cpu:0"], ["/device:cpu:0"], ["/device:tpu:0"], ["/device:FOO:3"],
    ["/job:a", "/gpu:1"], ["/gpu:1", "/job:a"], ["/gpu:1", ""], ["", "/gpu:1"],
    ["/gpu:1", None], [None, "/gpu:1"], ["/gpu:1", None, "/job:x"],
    ["/job:a/task:1", "/device:GPU:*"], ["/device:GPU:2", "/device:CPU:*"],
    ["/device:GPU:2", "/device:CPU"], ["/device:GPU:2", "/cpu"],
    ["/job:worker/replica:0/task:0/device:CPU:0", "/device:GPU:1"],
    ["/job:worker", "/job:ps", "/task:3"], ["/device:GPU:0", "/job:worker", "/cpu:0", "/job:ps"],
    ["/job:ps", "", "", "/replica:1"], ["/gpu:-1"], ["/job:"], ["/job:w", "/job:"],
    ["/bogus:1"], ["/job:a", "/bogus:1"], ["/cpu:0/gpu:0"], ["/gpu:x"],
    ["/job:a/replica:1/task:2/device:GPU:3", "/device:CPU:*", "/task:0"],
    ["/TPU:1", "/job:a"], ["/job:a", None, None, "/cpu:1"],
]


def device_scopes():
    return [{"stack": stack, "device": record(lambda stack=stack: scoped_device(stack))}
            for stack in SCOPE_STACKS]


def device_canonicalize():
    out = []
    for spec in ["", "/gpu:1", "/cpu:0", "/job:worker", "/device:GPU:*", "/task:3",
                 "/job:worker/replica:1/task:2/device:GPU:3", "/device:tpu:0", "/TPU:0",
                 "/replica:4", "/job:ps/device:CPU:1", "/bogus:1"]:
        for default in [None, "/job:w/device:GPU:3", "/task:9", "/cpu:2"]:
            out.append({"spec": spec, "default": default,
                        "result": record(lambda: device_util.canonicalize(spec, default=default))})
    return out


PLACEMENT_REQUESTS = [
    "", "/cpu:2", "/cpu:0", "/CPU", "/device:CPU:*", "/device:CPU:3", "/device:CPU:7",
    "/job:localhost", "/job:worker", "/job:localhost/replica:0", "/replica:0", "/replica:1",
    "/task:0", "/task:1", "/gpu:0", "/device:GPU:*", "/device:Cpu:1", "/device:cpu:1",
    "/cpu:-1", "/job:localhost/replica:0/task:0/device:CPU:3",
    "/job:localhost/replica:0/task:0/device:CPU:1", "/job:localhost/task:0/cpu:2",
    "/job:localhost/replica:0/task:1/device:CPU:0", "/tpu:0", "/device:FOO:0",
]


def device_placement():
    """Where TF's graph placer puts an Identity asked for each device, on 4 local CPUs."""
    out = []
    devices = None
    for request in PLACEMENT_REQUESTS:
        g = tf.Graph()
        with g.as_default():
            x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
            with tf.compat.v1.device(request):
                y = tf.identity(x, name="y")
        cfg = tf.compat.v1.ConfigProto(device_count={"CPU": 4}, allow_soft_placement=False)
        with tf.compat.v1.Session(graph=g, config=cfg) as sess:
            devices = [d.name for d in sess.list_devices()]
            meta = tf.compat.v1.RunMetadata()
            opts = tf.compat.v1.RunOptions(output_partition_graphs=True)
            try:
                sess.run(y, {x: [1, 2]}, options=opts, run_metadata=meta)
                placed = [n.device for pg in meta.partition_graphs for n in pg.node
                          if n.name == "y"]
                out.append({"request": request, "placed": placed[0]})
            except tf.errors.OpError as err:
                # The full message embeds a Python traceback; keep its stable kind.
                kind = ("malformed" if "Malformed device specification" in err.message
                        else "unsatisfiable" if "Cannot assign a device" in err.message
                        else "other")
                out.append({"request": request, "error": type(err).__name__, "kind": kind})
    return {"devices": devices, "cases": out}


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        json.dump({"tf_version": tf.__version__, **data}, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    write(SHAPE_DIR, "construct.json", {"cases": shape_construct(), "unknown": shape_unknown(),
                                        "proto": shape_proto()})
    write(SHAPE_DIR, "binary.json", {"cases": shape_binary(),
                                     "supertype_many": shape_supertype_many(),
                                     "eq_other": shape_eq_other()})
    write(SHAPE_DIR, "rank.json", {"cases": shape_rank()})
    write(SHAPE_DIR, "index.json", {"cases": shape_index(), "api": {
        "is_more_general_than": hasattr(T, "is_more_general_than"),
        "is_subtype_of": hasattr(T, "is_subtype_of"),
        "most_specific_common_supertype": hasattr(T, "most_specific_common_supertype"),
    }})
    write(DEVICE_DIR, "parse.json", {"cases": device_parse(),
                                     "non_string": device_parse_non_string()})
    write(DEVICE_DIR, "construct.json", {"cases": device_construct(),
                                         "replace": device_replace()})
    write(DEVICE_DIR, "merge.json", {"cases": device_merge(), "v1_merge_from": device_v1_merge_from(),
                                     "scopes": device_scopes()})
    write(DEVICE_DIR, "canonicalize.json", {"cases": device_canonicalize()})
    write(DEVICE_DIR, "placement.json", device_placement())


if __name__ == "__main__":
    main()
