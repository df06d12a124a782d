"""Protobuf fixtures written by real TensorFlow, for packages/core/test/proto.

Run: .venv-tf/bin/python tools/oracle/gen_proto_fixtures.py
Writes tools/oracle/fixtures/proto/ (deterministic: fixed seeds, deterministic
serialization, run timings normalized):

  keras_cnn_frozen.pb     GraphDef of a small Keras CNN frozen with
                          convert_variables_to_constants_v2
  tf1_adam_graph.pb       GraphDef of a tf.compat.v1 model with a ref and a resource
                          variable and an Adam training op
  config_proto.pb         ConfigProto with many fields set
  config_unknown_field.pb the same plus fields this schema does not know (from a "future" TF)
  run_options.pb          RunOptions (FULL_TRACE, partition graphs, debug options, ...)
  run_metadata.pb         RunMetadata of a real FULL_TRACE Session.run of the Adam graph
                          (step stats, partition graphs, cost graph; timings, thread ids,
                          pointers and allocation ids replaced by deterministic values)
  op_list.pb              OpList of every op this TensorFlow registers
  meta_graph.pb           MetaGraphDef from tf.compat.v1.train.export_meta_graph (with a Saver)
  tensors/*.pb            TensorProtos of every dtype, both encodings, broadcasts, edge
                          values, and malformed ones TF rejects

and beside them:
  <name>.json   {"type": "tensorflow.X", "file": ..., "dict": MessageToDict(msg) (TF's
                own JSON mapping: camelCase, int64 as strings, enums as names, bytes as
                base64), "facts": {...}} (OpList and RunMetadata carry facts only)
  shapes.json   TensorShapeProtos TF's Python TensorShape writes (hex) and the dims it reads
                back (null = unknown rank / unknown dim), plus hand-built invalid ones
  tensors.json  one entry per tensors/*.pb: dtype, shape, encoding, and the values TF's
                C++ runtime parses from it (tf.io.parse_tensor), or the error it raises:
                  ints (all integer and quantized dtypes)  "values": decimal strings
                  float32/64, float16, bfloat16, float8*, float4, complex
                                                           "bits": hex of each stored
                                                           element (complex: re, im)
                  bool                                     "values": booleans
                  string, resource, variant                "hex": each element's bytes
                                                           (resource/variant: the
                                                           serialized element proto)
                "maker": "make_tensor_proto" marks protos Python's tf.make_tensor_proto
                wrote from the full value, so a writer that follows TF reproduces the bytes.
"""
import json
import os
import re
import shutil
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
warnings.simplefilter("ignore")

import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from tensorflow.core.framework import (  # noqa: E402
    attr_value_pb2,
    op_def_pb2,
    tensor_pb2,
    tensor_shape_pb2,
)
from tensorflow.core.protobuf import config_pb2, rewriter_config_pb2  # noqa: E402
from tensorflow.python.client import pywrap_tf_session  # noqa: E402
from tensorflow.python.framework import (  # noqa: E402
    convert_to_constants,
    dtypes,
    tensor_util,
)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "proto")
tf1 = tf.compat.v1


def ser(msg):
    return msg.SerializeToString(deterministic=True)


def to_dict(msg):
    return json_format.MessageToDict(msg)


def write_bytes(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_json(rel, obj):
    with open(os.path.join(OUT, rel), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")


def write_message(name, msg, facts, with_dict=True):
    data = ser(msg)
    write_bytes(name + ".pb", data)
    record = {"type": msg.DESCRIPTOR.full_name, "file": name + ".pb", "size": len(data),
              "facts": facts}
    if with_dict:
        record["dict"] = to_dict(msg)
    write_json(name + ".json", record)


def attr_facts(attr):
    return json_format.MessageToDict(attr)


# ---------------------------------------------------------------------------------------
# GraphDefs


def keras_cnn_frozen():
    tf.keras.utils.set_random_seed(7)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(8, 8, 1), name="image"),
        tf.keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
        tf.keras.layers.MaxPooling2D(2, name="pool"),
        tf.keras.layers.Flatten(name="flatten"),
        tf.keras.layers.Dense(3, activation="softmax", name="dense"),
    ])
    fn = tf.function(lambda x: model(x, training=False))
    concrete = fn.get_concrete_function(tf.TensorSpec([1, 8, 8, 1], tf.float32, name="image"))
    frozen = convert_to_constants.convert_variables_to_constants_v2(concrete)
    gd = frozen.graph.as_graph_def()
    x = np.arange(64, dtype=np.float32).reshape(1, 8, 8, 1) / 64.0
    y = frozen(tf.constant(x))
    y = y[0] if isinstance(y, (list, tuple)) else y
    nodes = [{"name": n.name, "op": n.op, "inputs": list(n.input), "device": n.device}
             for n in gd.node]
    conv = next(n for n in gd.node if n.op == "Conv2D")
    consts = {}
    for n in gd.node:
        if n.op == "Const":
            arr = tensor_util.MakeNdarray(n.attr["value"].tensor)
            consts[n.name] = {"dtype": arr.dtype.name, "shape": list(arr.shape),
                              "first_bits": [format(int(v), "08x") for v in
                                             arr.reshape(-1)[:4].view(np.uint32)]
                              if arr.dtype == np.float32 else None}
    facts = {
        "node_count": len(gd.node),
        "nodes": nodes,
        "producer": gd.versions.producer,
        "min_consumer": gd.versions.min_consumer,
        "library_functions": len(gd.library.function),
        "conv_attrs": {k: attr_facts(conv.attr[k]) for k in sorted(conv.attr)},
        "consts": consts,
        "input": x.reshape(-1).tolist(),
        "output_bits": [format(int(v), "08x") for v in y.numpy().reshape(-1).view(np.uint32)],
    }
    write_message("keras_cnn_frozen", gd, facts)


def build_tf1_graph():
    g = tf.Graph()
    with g.as_default():
        tf1.set_random_seed(1)
        x = tf1.placeholder(tf.float32, [None, 4], name="x")
        y = tf1.placeholder(tf.float32, [None, 2], name="y")
        w = tf1.Variable(tf1.random_normal([4, 2], seed=2), name="w", use_resource=False)
        b = tf1.Variable(tf.zeros([2]), name="b", use_resource=True)
        logits = tf.add(tf.matmul(x, w), b, name="logits")
        loss = tf.reduce_mean(tf.square(logits - y), name="loss")
        train = tf1.train.AdamOptimizer(0.01).minimize(loss, name="train")
        init = tf1.global_variables_initializer()
        saver = tf1.train.Saver(name="saver")
    return g, dict(x=x, y=y, loss=loss, train=train, init=init, saver=saver)


def tf1_adam_graph(g):
    gd = g.as_graph_def()
    ops = {}
    for n in gd.node:
        ops[n.op] = ops.get(n.op, 0) + 1
    by_name = {n.name: n for n in gd.node}
    picks = {}
    for name in ["x", "w", "b", "logits", "loss", "train", "MatMul",
                 "train/update_w/ApplyAdam", "train/update_b/ResourceApplyAdam",
                 "w/Initializer/random_normal/RandomStandardNormal"]:
        if name in by_name:
            n = by_name[name]
            picks[name] = {"op": n.op, "inputs": list(n.input), "device": n.device,
                           "attr": {k: attr_facts(n.attr[k]) for k in sorted(n.attr)}}
    facts = {"node_count": len(gd.node), "op_counts": ops, "nodes": picks,
             "names": [n.name for n in gd.node], "producer": gd.versions.producer}
    write_message("tf1_adam_graph", gd, facts)


# ---------------------------------------------------------------------------------------
# ConfigProto, RunOptions, RunMetadata


def config_proto():
    c = config_pb2.ConfigProto(
        device_count={"CPU": 1, "GPU": 2},
        intra_op_parallelism_threads=2,
        inter_op_parallelism_threads=3,
        use_per_session_threads=False,
        placement_period=5,
        device_filters=["/job:localhost", "/job:worker/task:1"],
        allow_soft_placement=True,
        log_device_placement=True,
        operation_timeout_in_ms=60000,
        isolate_session_state=True,
        share_cluster_devices_in_session=True,
    )
    c.session_inter_op_thread_pool.add(num_threads=4, global_name="pool_a")
    c.session_inter_op_thread_pool.add(num_threads=1)
    g = c.gpu_options
    g.per_process_gpu_memory_fraction = 0.5
    g.allow_growth = True
    g.allocator_type = "BFC"
    g.deferred_deletion_bytes = 1 << 40
    g.visible_device_list = "1,0"
    g.polling_active_delay_usecs = 10
    g.force_gpu_compatible = True
    vd = g.experimental.virtual_devices.add()
    vd.memory_limit_mb.extend([1024.0, 2048.5])
    vd.priority.extend([0, -1])
    vd.device_ordinal.extend([0, 1])
    g.experimental.virtual_devices.add().memory_limit_mb.append(512.0)
    g.experimental.use_unified_memory = True
    g.experimental.num_dev_to_dev_copy_streams = 2
    g.experimental.collective_ring_order = "0,1"
    g.experimental.kernel_tracker_max_interval = 8
    g.experimental.internal_fragmentation_fraction = 0.25
    g.experimental.use_cuda_malloc_async = True
    g.experimental.gpu_host_mem_limit_in_mb = 4096.0
    g.experimental.stream_merge_options.merge_host_to_device_stream = True
    c.pluggable_device_options.allow_growth = True
    go = c.graph_options
    go.enable_recv_scheduling = True
    go.optimizer_options.do_common_subexpression_elimination = True
    go.optimizer_options.do_constant_folding = True
    go.optimizer_options.max_folded_constant_in_bytes = 1 << 33
    go.optimizer_options.opt_level = config_pb2.OptimizerOptions.L0
    go.optimizer_options.global_jit_level = config_pb2.OptimizerOptions.OFF
    go.build_cost_model = 3
    go.build_cost_model_after = 1
    go.infer_shapes = True
    go.place_pruned_graph = True
    go.timeline_step = 7
    ro = go.rewrite_options
    ro.layout_optimizer = rewriter_config_pb2.RewriterConfig.OFF
    ro.constant_folding = rewriter_config_pb2.RewriterConfig.AGGRESSIVE
    ro.memory_optimization = rewriter_config_pb2.RewriterConfig.SWAPPING_HEURISTICS
    ro.meta_optimizer_iterations = rewriter_config_pb2.RewriterConfig.TWO
    ro.min_graph_nodes = -1
    ro.optimizers.extend(["constfold", "layout"])
    co = ro.custom_optimizers.add(name="my_opt")
    co.parameter_map["alpha"].f = 0.5
    co.parameter_map["name"].s = b"x"
    ro.auto_parallel.enable = True
    ro.auto_parallel.num_replicas = 2
    ro.inter_optimizer_verifier_config.structure_verifier = 1
    c.rpc_options.use_rpc_for_inprocess_master = True
    c.rpc_options.compression_algorithm = "deflate"
    c.rpc_options.compression_level = 2
    c.rpc_options.num_channels_per_target = 3
    job = c.cluster_def.job.add(name="worker")
    job.tasks[0] = "localhost:2222"
    job.tasks[1] = "localhost:2223"
    e = c.experimental
    e.collective_group_leader = "/job:worker/replica:0/task:0"
    e.executor_type = "SINGLE_THREADED_EXECUTOR"
    e.recv_buf_max_chunk = 4096
    e.use_numa_affinity = True
    e.disable_thread_spinning = True
    e.session_metadata.name = "my_model"
    e.session_metadata.version = 9007199254740993  # 2**53 + 1: needs more than a double
    e.mlir_bridge_rollout = config_pb2.ConfigProto.Experimental.MLIR_BRIDGE_ROLLOUT_DISABLED
    e.xla_fusion_autotuner_thresh = 3
    e.coordination_config.service_type = "standalone"
    e.coordination_config.heartbeat_timeout_in_ms = 10000
    e.coordination_config.coordinated_job_list.add(name="worker", num_tasks=2)
    e.disable_functional_ops_lowering = True
    e.tf2xla_dump_dir = "/tmp/dump"
    facts = {
        "allowSoftPlacement": True,
        "visibleDeviceList": "1,0",
        "perProcessGpuMemoryFraction": 0.5,
        "deviceCount": {"CPU": 1, "GPU": 2},
        "operationTimeoutInMs": "60000",
        "sessionMetadataVersion": "9007199254740993",
        "deferredDeletionBytes": str(1 << 40),
        "optLevel": "L0",
        "optLevelNumber": -1,
        "globalJitLevel": "OFF",
    }
    write_message("config_proto", c, facts)

    # A "future" TF: unknown fields in the top message and in a nested one. Python keeps
    # them as unknown fields and writes them back.
    extra_top = bytes([0xF8, 0x06, 0x2A])  # field 111, varint 42
    extra_top += bytes([0x82, 0x07, 0x03]) + b"new"  # field 112, bytes "new"
    gpu = config_pb2.GPUOptions()
    gpu.MergeFrom(c.gpu_options)
    gpu_bytes = ser(gpu) + bytes([0xA8, 0x06, 0x01])  # GPUOptions field 101 = 1
    base = config_pb2.ConfigProto()
    base.CopyFrom(c)
    base.ClearField("gpu_options")
    future = config_pb2.ConfigProto()
    future.ParseFromString(ser(base) + extra_top + bytes([0x32, len(gpu_bytes)]) + gpu_bytes)
    assert len(future.gpu_options.experimental.virtual_devices) == 2
    data = ser(future)
    write_bytes("config_unknown_field.pb", data)
    write_json("config_unknown_field.json", {
        "type": "tensorflow.ConfigProto", "file": "config_unknown_field.pb", "size": len(data),
        "facts": {"unknown_top_fields": [111, 112], "unknown_gpu_fields": [101],
                  "known_equal_to": "config_proto.pb"},
        "dict": to_dict(future),
    })


def run_options():
    r = config_pb2.RunOptions(
        trace_level=config_pb2.RunOptions.FULL_TRACE,
        timeout_in_ms=1500,
        inter_op_thread_pool=1,
        output_partition_graphs=True,
        report_tensor_allocations_upon_oom=True,
    )
    w = r.debug_options.debug_tensor_watch_opts.add(node_name="loss", output_slot=0)
    w.debug_ops.append("DebugIdentity")
    w.debug_urls.append("file:///tmp/tfdbg")
    r.debug_options.global_step = 12
    r.experimental.collective_graph_key = -5
    r.experimental.use_run_handler_pool = True
    r.experimental.run_handler_pool_options.priority = 3
    facts = {"traceLevel": "FULL_TRACE", "traceLevelNumber": 3, "timeoutInMs": "1500",
             "collectiveGraphKey": "-5"}
    write_message("run_options", r, facts)


def normalize_run_metadata(md):
    """Replaces what differs between runs (times, thread ids, pointers) by stable values."""
    base_us = 1700000000000000
    for d, dev in enumerate(md.step_stats.dev_stats):
        nodes = sorted(dev.node_stats, key=lambda n: (n.node_name, n.timeline_label))
        del dev.node_stats[:]
        for i, n in enumerate(nodes):
            n2 = dev.node_stats.add()
            n2.CopyFrom(n)
            t = base_us + 1000 * d + 10 * i
            n2.all_start_micros = t
            n2.op_start_rel_micros = 1
            n2.op_end_rel_micros = 2
            n2.all_end_rel_micros = 3
            n2.all_start_nanos = t * 1000 + 7  # beyond 2**53: int64 precision matters
            n2.op_start_rel_nanos = 1000
            n2.op_end_rel_nanos = 2000
            n2.all_end_rel_nanos = 3000
            if n2.scheduled_micros:
                n2.scheduled_micros = t - 1
            if n2.scheduled_nanos:
                n2.scheduled_nanos = (t - 1) * 1000
            if n2.thread_id:
                n2.thread_id = 1
            for m in n2.memory:
                for r in m.allocation_records:
                    r.alloc_micros = t
            for o in n2.output:
                ad = o.tensor_description.allocation_description
                if ad.ptr:
                    ad.ptr = 0xFFFF000000000000 + i  # uint64 above 2**63
                if ad.allocation_id:
                    ad.allocation_id = i + 1
            for ad in n2.referenced_tensor:
                if ad.ptr:
                    ad.ptr = 0xFFFF000000000000 + i
        if dev.thread_names:
            names = sorted(set(dev.thread_names.values()))
            dev.thread_names.clear()
            for k, name in enumerate(names):
                dev.thread_names[k + 1] = name
    for n in md.cost_graph.node:
        n.compute_cost = 1
        n.compute_time = 1
        n.memory_time = 0
    return md


def run_metadata(g, t):
    cfg = config_pb2.ConfigProto(inter_op_parallelism_threads=1, intra_op_parallelism_threads=1)
    cfg.graph_options.build_cost_model = 1
    cfg.graph_options.rewrite_options.disable_meta_optimizer = True
    rng = np.random.RandomState(0)
    feed = {t["x"]: rng.rand(3, 4).astype(np.float32), t["y"]: rng.rand(3, 2).astype(np.float32)}
    with tf1.Session(graph=g, config=cfg) as sess:
        sess.run(t["init"])
        opts = config_pb2.RunOptions(trace_level=config_pb2.RunOptions.FULL_TRACE,
                                     output_partition_graphs=True)
        md = config_pb2.RunMetadata()
        loss = sess.run([t["loss"], t["train"]], feed_dict=feed, options=opts,
                        run_metadata=md)[0]
    md = normalize_run_metadata(md)
    dev = md.step_stats.dev_stats
    facts = {
        "devices": [d.device for d in dev],
        "node_stats_counts": [len(d.node_stats) for d in dev],
        "node_names": [[n.node_name for n in d.node_stats] for d in dev],
        "first_node": to_dict(dev[0].node_stats[0]) if dev and dev[0].node_stats else None,
        "partition_graph_count": len(md.partition_graphs),
        "partition_graph_node_counts": [len(p.node) for p in md.partition_graphs],
        "partition_graph_ops": [sorted({n.op for n in p.node}) for p in md.partition_graphs],
        "cost_graph_node_count": len(md.cost_graph.node),
        "cost_graph_names": [n.name for n in md.cost_graph.node],
        "loss_bits": format(int(np.float32(loss).view(np.uint32)), "08x"),
        "normalized": "times, thread ids, pointers and allocation ids are replaced "
                      "(see normalize_run_metadata)",
    }
    write_message("run_metadata", md, facts, with_dict=False)


# ---------------------------------------------------------------------------------------
# OpList, MetaGraphDef


def op_list():
    buf = pywrap_tf_session.TF_GetAllOpList()
    data = pywrap_tf_session.TF_GetBuffer(buf)
    ops = op_def_pb2.OpList()
    ops.ParseFromString(bytes(data))
    ordered = op_def_pb2.OpList()
    ordered.op.extend(sorted(ops.op, key=lambda o: o.name))
    by_name = {o.name: o for o in ordered.op}

    def op_facts(name):
        o = by_name[name]
        return {
            "inputs": [{"name": a.name, "type": dtypes.as_dtype(a.type).name if a.type else None,
                        "type_attr": a.type_attr, "number_attr": a.number_attr,
                        "type_list_attr": a.type_list_attr, "is_ref": a.is_ref}
                       for a in o.input_arg],
            "outputs": [{"name": a.name, "type_attr": a.type_attr, "is_ref": a.is_ref}
                        for a in o.output_arg],
            "attrs": [json_format.MessageToDict(a) for a in o.attr],
            "is_stateful": o.is_stateful, "is_commutative": o.is_commutative,
            "is_aggregate": o.is_aggregate,
            "allows_uninitialized_input": o.allows_uninitialized_input,
            "control_output": list(o.control_output),
            "deprecation": json_format.MessageToDict(o.deprecation) if o.HasField("deprecation")
            else None,
            "summary": o.summary,
        }

    picks = ["MatMul", "Conv2D", "Const", "Placeholder", "AddN", "AddV2", "IdentityN",
             "VariableV2", "ApplyAdam", "Switch", "Merge", "Enter", "While", "If",
             "FIFOQueueV2", "BatchMatMul", "ResourceApplyAdam"]
    deprecated = [o.name for o in ordered.op if o.HasField("deprecation")]
    with_control_output = [o.name for o in ordered.op if o.control_output]
    picks += deprecated[:2] + with_control_output[:1]
    facts = {
        "op_count": len(ordered.op),
        "names_sha_sorted_first": [o.name for o in ordered.op[:5]],
        "names_last": [o.name for o in ordered.op[-5:]],
        "deprecated_count": len(deprecated),
        "stateful_count": sum(1 for o in ordered.op if o.is_stateful),
        "ops": {n: op_facts(n) for n in picks if n in by_name},
    }
    write_message("op_list", ordered, facts, with_dict=False)


def meta_graph(g, t):
    with g.as_default():
        mg = tf1.train.export_meta_graph(graph=g, saver_def=t["saver"].as_saver_def(),
                                         clear_devices=True)
    facts = {
        "collection_keys": sorted(mg.collection_def.keys()),
        "collection_kinds": {k: v.WhichOneof("kind") for k, v in mg.collection_def.items()},
        "saver_def": to_dict(mg.saver_def),
        "stripped_op_count": len(mg.meta_info_def.stripped_op_list.op),
        "node_count": len(mg.graph_def.node),
        "tensorflow_version": mg.meta_info_def.tensorflow_version,
    }
    write_message("meta_graph", mg, facts)


# ---------------------------------------------------------------------------------------
# TensorProtos

INT_DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
              "qint8", "quint8", "qint16", "quint16", "qint32", "int4", "uint4", "int2",
              "uint2"]
FLOAT_DTYPES = ["float32", "float64", "float16", "bfloat16", "float8_e5m2", "float8_e4m3fn",
                "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2fnuz", "float4_e2m1fn"]
COMPLEX_DTYPES = ["complex64", "complex128"]
QUANT_BASE = {"qint8": np.int8, "quint8": np.uint8, "qint16": np.int16,
              "quint16": np.uint16, "qint32": np.int32}
BITS_VIEW = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}

INT_VALUES = {
    "int8": [-128, 127, 0, -1, 5, 100],
    "uint8": [0, 255, 1, 128, 7, 200],
    "int16": [-32768, 32767, 0, -1, 300, -300],
    "uint16": [0, 65535, 1, 32768, 300, 40000],
    "int32": [-2 ** 31, 2 ** 31 - 1, 0, -1, 65536, -70000],
    "uint32": [0, 2 ** 32 - 1, 2 ** 31, 1, 65536, 3000000000],
    "int64": [-2 ** 63, 2 ** 63 - 1, 0, -1, 2 ** 53 + 1, -(2 ** 53) - 1],
    "uint64": [0, 2 ** 64 - 1, 2 ** 63, 1, 2 ** 53 + 1, 2 ** 32],
    "qint8": [-128, 127, 0, -1, 5, 100],
    "quint8": [0, 255, 1, 128, 7, 200],
    "qint16": [-32768, 32767, 0, -1, 300, -300],
    "quint16": [0, 65535, 1, 32768, 300, 40000],
    "qint32": [-2 ** 31, 2 ** 31 - 1, 0, -1, 65536, -70000],
    "int4": [-8, 7, 0, -1, 3, -5],
    "uint4": [0, 15, 8, 1, 3, 12],
    "int2": [-2, 1, 0, -1, 1, -2],
    "uint2": [0, 3, 1, 2, 3, 0],
}
FLOAT_VALUES = {
    "float32": [0.0, -0.0, 1.5, float("nan"), float("inf"), float("-inf"),
                3.4028234663852886e38, 1e-45, 0.1],
    "float64": [0.0, -0.0, -2.5, float("nan"), float("inf"), float("-inf"),
                1.7976931348623157e308, 5e-324, 0.1],
    "float16": [0.0, -0.0, 1.0, float("nan"), float("inf"), float("-inf"), 65504.0,
                6e-8, 0.1],
    "bfloat16": [0.0, -0.0, 1.0, float("nan"), float("inf"), float("-inf"), 3.0e38,
                 1e-40, 0.1],
}
FLOAT8_VALUES = [0.0, 1.0, -2.0, 0.5, 0.1, 3.0]
FLOAT4_VALUES = [0.0, 0.5, 1.0, -1.5, 6.0, -6.0]


def np_dtype(name):
    return dtypes.as_dtype(name).as_numpy_dtype


def sample_array(name):
    if name in INT_DTYPES:
        base = QUANT_BASE.get(name)
        vals = INT_VALUES[name]
        if base is not None:
            return np.array(vals, dtype=base).astype(np_dtype(name)).reshape(2, 3)
        return np.array(vals, dtype=np_dtype(name)).reshape(2, 3)
    if name in FLOAT_VALUES:
        return np.array(FLOAT_VALUES[name], dtype=np_dtype(name)).reshape(3, 3)
    if name.startswith("float8"):
        return np.array(FLOAT8_VALUES, dtype=np_dtype(name)).reshape(2, 3)
    if name == "float4_e2m1fn":
        return np.array(FLOAT4_VALUES, dtype=np_dtype(name)).reshape(3, 2)
    if name == "complex64":
        return np.array([1 + 2j, complex(-0.0, float("nan")), complex(float("inf"), -1),
                         0.1 - 0.25j], dtype=np.complex64).reshape(2, 2)
    if name == "complex128":
        return np.array([1 + 2j, complex(-0.0, float("nan")), complex(float("inf"), -1),
                         0.1 - 0.25j], dtype=np.complex128).reshape(2, 2)
    if name == "bool":
        return np.array([True, False, True, True], dtype=bool).reshape(2, 2)
    if name == "string":
        return np.array([b"", b"hello", b"\xff\xfe\x00bin", "\u00fcn\u00ef".encode(),
                         b"x" * 300, b"z"], dtype=object).reshape(3, 2)
    raise ValueError(name)


def plain(arr):
    """A view of a numpy array that numpy itself can index (quantized -> base ints)."""
    if arr.dtype.names:
        return arr[arr.dtype.names[0]]
    return arr


def value_facts(name, arr):
    flat = plain(np.asarray(arr)).reshape(-1)
    if name in INT_DTYPES:
        if name in ("int4", "uint4", "int2", "uint2"):
            flat = flat.astype(np.int64)
        return {"values": [str(int(v)) for v in flat]}
    if name in FLOAT_DTYPES:
        view = BITS_VIEW[flat.dtype.itemsize]
        width = 2 * flat.dtype.itemsize
        return {"bits": [format(int(v), "0%dx" % width) for v in flat.view(view)],
                "repr": [repr(float(v)) for v in flat]}
    if name in COMPLEX_DTYPES:
        parts = flat.view(np.float32 if name == "complex64" else np.float64)
        view = BITS_VIEW[parts.dtype.itemsize]
        width = 2 * parts.dtype.itemsize
        return {"bits": [format(int(v), "0%dx" % width) for v in parts.view(view)]}
    if name == "bool":
        return {"values": [bool(v) for v in flat]}
    if name == "string":
        return {"hex": [bytes(v).hex() for v in flat]}
    raise ValueError(name)


def cpp_parse(tp, name):
    """What TF's C++ runtime (Tensor::FromProto via ParseTensor) reads from the proto."""
    return tf.io.parse_tensor(ser(tp), out_type=dtypes.as_dtype(name)).numpy()


def shape_proto(shape):
    return tensor_shape_pb2.TensorShapeProto(
        dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=s) for s in shape])


def typed_fields(tp, name, flat):
    """Fills the typed repeated field TF uses for `name` with the elements of `flat`."""
    base = plain(flat).reshape(-1)
    if name == "float32":
        tp.float_val.extend(base.tolist())
    elif name == "float64":
        tp.double_val.extend(base.tolist())
    elif name in ("float16", "bfloat16"):
        tp.half_val.extend(int(v) for v in base.view(np.uint16))
    elif name.startswith("float8") or name == "float4_e2m1fn":
        tp.float8_val = base.view(np.uint8).tobytes()
    elif name == "complex64":
        tp.scomplex_val.extend(base.view(np.float32).tolist())
    elif name == "complex128":
        tp.dcomplex_val.extend(base.view(np.float64).tolist())
    elif name == "bool":
        tp.bool_val.extend(bool(v) for v in base)
    elif name == "string":
        tp.string_val.extend(bytes(v) for v in base)
    elif name == "int64":
        tp.int64_val.extend(int(v) for v in base)
    elif name == "uint64":
        tp.uint64_val.extend(int(v) for v in base)
    elif name == "uint32":
        tp.uint32_val.extend(int(v) for v in base)
    else:
        tp.int_val.extend(int(v) for v in base.astype(np.int64))


def content_bytes(name, arr):
    base = plain(np.asarray(arr)).reshape(-1)
    if name == "string":
        items = [bytes(v) for v in base]
        return encode_list(items)
    return base.tobytes()


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def encode_list(items):
    return b"".join(varint(len(i)) for i in items) + b"".join(items)


def decode_list(data, n):
    pos, lengths = 0, []
    for _ in range(n):
        value, shift = 0, 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        lengths.append(value)
    out = []
    for ln in lengths:
        out.append(data[pos:pos + ln])
        pos += ln
    assert pos == len(data)
    return out


class Tensors:
    def __init__(self):
        self.entries = []

    def add(self, case, tp, name, encoding, maker=None, expect_error=False, note=None):
        data = ser(tp)
        rel = "tensors/%s.pb" % case
        write_bytes(rel, data)
        entry = {"name": case, "file": rel, "dtype": name, "encoding": encoding,
                 "shape": [d.size for d in tp.tensor_shape.dim]}
        if maker:
            entry["maker"] = maker
        if note:
            entry["note"] = note
        try:
            arr = cpp_parse(tp, name) if name not in ("resource", "variant") else None
            if expect_error:
                raise AssertionError("%s: TF accepted a proto expected to fail" % case)
            if isinstance(arr, bytes):
                arr = np.array(arr, dtype=object)
            if arr is not None:
                entry.update(value_facts(name, arr))
                entry["shape"] = list(arr.shape)
        except tf.errors.OpError as e:
            if not expect_error:
                raise
            entry["error"] = type(e).__name__
            entry["tf_message"] = re.sub(r"\{\{[^}]*\}\}\s*", "", e.message).split("goo.gle")[0].strip()
        self.entries.append(entry)
        return entry


def tensor_protos():
    T = Tensors()
    all_names = INT_DTYPES + FLOAT_DTYPES + COMPLEX_DTYPES + ["bool", "string"]
    for name in all_names:
        arr = sample_array(name)
        dt = dtypes.as_dtype(name)
        # 1. What Python's make_tensor_proto writes for the full value.
        made = tensor_util.make_tensor_proto(arr, dtype=dt)
        enc = "tensor_content" if made.tensor_content else "fields"
        T.add("%s_made" % name, made, name, enc, maker="make_tensor_proto")
        # 2. Both encodings, built by hand from the same value (C++ reads both back).
        tp = tensor_pb2.TensorProto(dtype=dt.as_datatype_enum, tensor_shape=shape_proto(arr.shape))
        tp.tensor_content = content_bytes(name, arr)
        T.add("%s_content" % name, tp, name, "tensor_content")
        tp = tensor_pb2.TensorProto(dtype=dt.as_datatype_enum, tensor_shape=shape_proto(arr.shape))
        typed_fields(tp, name, arr)
        T.add("%s_fields" % name, tp, name, "fields")
        # 3. Broadcast: make_tensor_proto of one value for a bigger shape writes one value.
        one = plain(arr).reshape(-1)[1:2].astype(plain(arr).dtype)
        if name in QUANT_BASE:
            one = one.astype(np_dtype(name))
        try:
            b = tensor_util.make_tensor_proto(one[0] if name != "string" else one[0], dtype=dt,
                                              shape=[2, 3])
            T.add("%s_broadcast_one" % name, b, name, "broadcast", maker="make_tensor_proto(shape=)")
        except (TypeError, ValueError):
            pass
        # 4. A hand-built field shorter than the element count: TF repeats the LAST value.
        # The prefix ends at the first element after the first that is not all-zero bits, so
        # "repeat the last value" differs from "fill with zeros".
        flat = arr.reshape(-1)
        end = next(i for i in range(1, flat.size)
                   if (len(flat[i]) if name == "string" else plain(flat[i:i + 1]).view(np.uint8).any()))
        tp = tensor_pb2.TensorProto(dtype=dt.as_datatype_enum, tensor_shape=shape_proto([5]))
        typed_fields(tp, name, flat[:end + 1])
        T.add("%s_broadcast_last" % name, tp, name, "broadcast")
        # 5. No values at all: zeros / empty values.
        tp = tensor_pb2.TensorProto(dtype=dt.as_datatype_enum, tensor_shape=shape_proto([2]))
        T.add("%s_empty_field" % name, tp, name, "empty")
        # 6. A scalar and an empty tensor (make_tensor_proto has no scalar path for some
        # float8 kinds: then a hand-built tensor_content scalar).
        first = arr.reshape(-1)[0:1].reshape(())
        try:
            T.add("%s_scalar" % name, tensor_util.make_tensor_proto(first, dtype=dt),
                  name, "scalar", maker="make_tensor_proto")
        except TypeError:
            tp = tensor_pb2.TensorProto(dtype=dt.as_datatype_enum, tensor_shape=shape_proto([]))
            tp.tensor_content = content_bytes(name, first)
            T.add("%s_scalar" % name, tp, name, "scalar")
        try:
            T.add("%s_empty_tensor" % name,
                  tensor_util.make_tensor_proto(np.zeros([0, 3], dtype=arr.dtype), dtype=dt),
                  name, "empty_tensor", maker="make_tensor_proto")
        except TypeError:
            T.add("%s_empty_tensor" % name,
                  tensor_pb2.TensorProto(dtype=dt.as_datatype_enum, tensor_shape=shape_proto([0, 3])),
                  name, "empty_tensor")

    # Longer-than-needed fields: C++ reads the first values only.
    tp = tensor_pb2.TensorProto(dtype=1, tensor_shape=shape_proto([2]), float_val=[1, 2, 3])
    T.add("float32_field_too_long", tp, "float32", "fields", note="C++ keeps the first 2")
    tp = tensor_pb2.TensorProto(dtype=7, tensor_shape=shape_proto([1]), string_val=[b"a", b"b"])
    T.add("string_field_too_long", tp, "string", "fields", note="C++ keeps the first 1")
    # int_val out of the dtype's range: C++ casts (wraps).
    tp = tensor_pb2.TensorProto(dtype=4, tensor_shape=shape_proto([3]), int_val=[300, -1, 256])
    T.add("uint8_int_val_wraps", tp, "uint8", "fields")
    tp = tensor_pb2.TensorProto(dtype=29, tensor_shape=shape_proto([3]), int_val=[9, -9, 17])
    T.add("int4_int_val_wraps", tp, "int4", "fields")
    tp = tensor_pb2.TensorProto(dtype=19, tensor_shape=shape_proto([2]), half_val=[-17408, 0x13C00])
    T.add("float16_half_val_low_bits", tp, "float16", "fields", note="low 16 bits only")
    # Odd scomplex_val: the unpaired last float is ignored.
    tp = tensor_pb2.TensorProto(dtype=8, tensor_shape=shape_proto([3]), scomplex_val=[1, 2, 3])
    T.add("complex64_odd_field", tp, "complex64", "broadcast")
    # Elements ignored when the shape has none.
    tp = tensor_pb2.TensorProto(dtype=1, tensor_shape=shape_proto([0, 3]), float_val=[5])
    T.add("float32_zero_size_with_values", tp, "float32", "empty_tensor")
    # No tensor_shape at all is a scalar.
    tp = tensor_pb2.TensorProto(dtype=3, int_val=[42])
    T.add("int32_no_shape", tp, "int32", "scalar")
    # 2-byte varint lengths in a string tensor_content (C++'s list encoding).
    arr = sample_array("string")
    tp = tensor_pb2.TensorProto(dtype=7, tensor_shape=shape_proto(arr.shape),
                                tensor_content=encode_list([bytes(v) for v in arr.reshape(-1)]))
    T.add("string_content_long", tp, "string", "tensor_content")

    # Resource and variant: serialize_tensor writes tensor_content (C++ AsProtoTensorContent).
    v = tf.Variable([1.0, 2.0], name="vv")
    handle_tp = tensor_pb2.TensorProto.FromString(tf.io.serialize_tensor(v.handle).numpy())
    handle_tp.tensor_content = handle_tp.tensor_content  # already content
    items = decode_list(handle_tp.tensor_content, 1)
    # A deterministic handle: fixed hash code and container.
    from tensorflow.core.framework import resource_handle_pb2
    h = resource_handle_pb2.ResourceHandleProto.FromString(items[0])
    h.hash_code = 0x9E3779B97F4A7C15
    h.container = "Anonymous"
    h.name = "vv/0"
    hb = ser(h)
    h2 = resource_handle_pb2.ResourceHandleProto(device="/job:localhost/replica:0/task:0/device:CPU:0",
                                                 container="c", name="queue", hash_code=1,
                                                 maybe_type_name="QueueInterface")
    h2b = ser(h2)
    rt = tensor_pb2.TensorProto(dtype=20, tensor_shape=shape_proto([2]),
                                tensor_content=encode_list([hb, h2b]))
    # Each handle survives C++'s parse + serialize on its own. (Several in one tensor do not:
    # C++ carries dtypes_and_shapes over from one decoded handle to the next.)
    for one in (hb, h2b):
        single = tensor_pb2.TensorProto(dtype=20, tensor_shape=shape_proto([1]),
                                        tensor_content=encode_list([one]))
        check = tf.io.serialize_tensor(tf.io.parse_tensor(ser(single), tf.resource)).numpy()
        assert tensor_pb2.TensorProto.FromString(check).tensor_content == single.tensor_content
    e = T.add("resource_content", rt, "resource", "tensor_content")
    e["hex"] = [hb.hex(), h2b.hex()]
    rf = tensor_pb2.TensorProto(dtype=20, tensor_shape=shape_proto([3]))
    rf.resource_handle_val.add().CopyFrom(h)
    rf.resource_handle_val.add().CopyFrom(h2)
    # Resource and variant fields do NOT repeat their last value: C++ fills the rest with
    # empty handles / empty variants (checked here through C++'s parse + serialize).
    single = tensor_pb2.TensorProto(dtype=20, tensor_shape=shape_proto([3]))
    single.resource_handle_val.add().CopyFrom(h2)
    check = tf.io.serialize_tensor(tf.io.parse_tensor(ser(single), tf.resource)).numpy()
    assert tensor_pb2.TensorProto.FromString(check).tensor_content == encode_list([h2b, b"", b""])
    e = T.add("resource_fields", rf, "resource", "broadcast",
              note="missing elements are empty handles, not the last one repeated")
    e["hex"] = [hb.hex(), h2b.hex(), ""]

    tl = tf.raw_ops.TensorListFromTensor(tensor=tf.constant([[1, 2], [3, 4]]),
                                         element_shape=tf.constant([2]))
    vt = tensor_pb2.TensorProto.FromString(tf.io.serialize_tensor(tl).numpy())
    vitems = decode_list(vt.tensor_content, 1)
    e = T.add("variant_content", vt, "variant", "tensor_content")
    e["hex"] = [vitems[0].hex()]
    from tensorflow.core.framework import tensor_pb2 as tpb
    vd = tpb.VariantTensorDataProto.FromString(vitems[0])
    vf = tensor_pb2.TensorProto(dtype=21, tensor_shape=shape_proto([2]))
    vf.variant_val.add().CopyFrom(vd)
    check = tf.io.serialize_tensor(tf.io.parse_tensor(ser(vf), tf.variant)).numpy()
    assert tensor_pb2.TensorProto.FromString(check).tensor_content == encode_list([vitems[0], b""])
    e = T.add("variant_fields", vf, "variant", "broadcast",
              note="missing elements are empty variants, not the last one repeated")
    e["hex"] = [vitems[0].hex(), ""]

    # Malformed protos TF's C++ parser rejects (InvalidArgumentError).
    bad = [
        ("bad_content_length", tensor_pb2.TensorProto(dtype=1, tensor_shape=shape_proto([3]),
                                                      tensor_content=b"\0" * 8), "float32"),
        ("bad_content_length_int64", tensor_pb2.TensorProto(dtype=9, tensor_shape=shape_proto([2]),
                                                            tensor_content=b"\0" * 9), "int64"),
        ("bad_negative_dim", tensor_pb2.TensorProto(dtype=1, tensor_shape=shape_proto([-1])),
         "float32"),
        ("bad_negative_dim_2", tensor_pb2.TensorProto(dtype=1, tensor_shape=shape_proto([2, -5]),
                                                      float_val=[1]), "float32"),
        ("bad_huge_shape", tensor_pb2.TensorProto(dtype=1,
                                                  tensor_shape=shape_proto([2 ** 40, 2 ** 40])),
         "float32"),
        ("bad_bool_byte", tensor_pb2.TensorProto(dtype=10, tensor_shape=shape_proto([2]),
                                                 tensor_content=b"\x01\x02"), "bool"),
        ("bad_string_content", tensor_pb2.TensorProto(dtype=7, tensor_shape=shape_proto([2]),
                                                      tensor_content=b"\x05\x01ab"), "string"),
        ("bad_int4_packed", tensor_pb2.TensorProto(dtype=29, tensor_shape=shape_proto([4]),
                                                   tensor_content=b"\xe1\x87"), "int4"),
        ("bad_dtype_invalid", tensor_pb2.TensorProto(dtype=0, float_val=[1]), "float32"),
        ("bad_dtype_unknown", tensor_pb2.TensorProto(dtype=99), "float32"),
        ("bad_dtype_ref", tensor_pb2.TensorProto(dtype=101, float_val=[1]), "float32"),
    ]
    for case, tp, name in bad:
        T.add(case, tp, name, "malformed", expect_error=True)
    write_json("tensors.json", {"cases": T.entries})


def shapes():
    """TensorShapeProtos from TF's Python TensorShape, and what TF reads back from them."""
    from tensorflow.python.framework import tensor_shape
    out = []
    for dims in [[], [0], [2, 3], [None], [2, None, 0], None, [2 ** 40, 1], [1] * 8]:
        proto = tensor_shape.TensorShape(dims).as_proto()
        data = ser(proto)
        back = tensor_shape.TensorShape(tensor_shape_pb2.TensorShapeProto.FromString(data))
        out.append({"dims": dims, "hex": data.hex(),
                    "as_list": None if back.rank is None else back.as_list()})
    # Written by hand: sizes below -1, and an unknown rank that also lists dims.
    for name, proto in [
        ("below_minus_one", shape_proto([2, -2])),
        ("unknown_rank_with_dims", tensor_shape_pb2.TensorShapeProto(
            unknown_rank=True, dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=1)])),
    ]:
        # Python's TensorShape accepts these; TF's C++ (PartialTensorShape) does not. Ask C++
        # through a Placeholder's shape attr: its InvalidArgument status surfaces as ValueError.
        g = tf.Graph()
        with g.as_default():
            try:
                g.create_op("Placeholder", [], [tf.float32],
                            attrs={"dtype": attr_value_pb2.AttrValue(type=1),
                                   "shape": attr_value_pb2.AttrValue(shape=proto)})
                raise AssertionError("C++ accepted " + name)
            except ValueError as e:
                message = str(e).split(" for '{{node")[0]
        out.append({"name": name, "hex": ser(proto).hex(), "error": "InvalidArgumentError",
                    "tf_message": message})
    write_json("shapes.json", {"cases": out})


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    keras_cnn_frozen()
    g, t = build_tf1_graph()
    tf1_adam_graph(g)
    config_proto()
    run_options()
    run_metadata(g, t)
    op_list()
    meta_graph(g, t)
    tensor_protos()
    shapes()
    total = 0
    for root, _, files in os.walk(OUT):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    print("wrote %s (%d bytes)" % (OUT, total))


if __name__ == "__main__":
    main()
