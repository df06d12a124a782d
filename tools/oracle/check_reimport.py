"""Checks our GraphDef exports with real TensorFlow (a manual check; CI needs no TF).

For every fixture model (tools/oracle/fixtures/graphdef/models/<name>.pb), our code imported
it with name '' and exported it with add_shapes (written to fixtures/graphdef/ours/<name>.pb
by packages/graph/test/export-fixtures.test.ts). This script imports our export and TF's
original into two fresh TF graphs (tf.graph_util.import_graph_def, name '') and compares:
  - op count, names and order, types, devices, data and control inputs
  - every attr (AttrValue protos equal, defaults included)
  - output dtypes and the shapes TF infers; and our `_output_shapes` against TF's shapes
  - the function library (FunctionDefs equal) and the GraphDef versions
and then runs both graphs on the same inputs (variables initialized, TF1 training steps
taken) and compares the fetched values. It writes fixtures/graphdef/reimport-report.json
with the sha256 of each export it checked; the graph package's tests fail when the report
is stale or not all passed.

Run after changing import/export:
  TG_WRITE_GRAPHDEF_EXPORTS=1 npx vitest run --project @tensorgraph/graph test/export-fixtures.test.ts
  .venv-tf/bin/python tools/oracle/check_reimport.py
"""
import hashlib
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.core.framework import graph_pb2  # noqa: E402

T = tf.compat.v1
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "fixtures", "graphdef")


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    return data, graph_pb2.GraphDef.FromString(data)


def shape_of(t):
    return None if t.shape.rank is None else t.shape.as_list()


def import_into_graph(gd):
    g = tf.Graph()
    with g.as_default():
        tf.graph_util.import_graph_def(gd, name="")
    return g


def compare_graphs(ours_gd, g_ours, g_tf, problems):
    a, b = g_ours.get_operations(), g_tf.get_operations()
    if len(a) != len(b):
        problems.append(f"op count {len(a)} != TF's {len(b)}")
    if [o.name for o in a] != [o.name for o in b]:
        problems.append("op names or order differ")
        return
    our_shapes = {n.name: n.attr["_output_shapes"].list.shape for n in ours_gd.node if "_output_shapes" in n.attr}
    for x, y in zip(a, b):
        where = f"op {x.name}"
        if x.type != y.type:
            problems.append(f"{where}: type {x.type} != {y.type}")
        if x.device != y.device:
            problems.append(f"{where}: device {x.device!r} != {y.device!r}")
        if [t.name for t in x.inputs] != [t.name for t in y.inputs]:
            problems.append(f"{where}: inputs differ")
        if [c.name for c in x.control_inputs] != [c.name for c in y.control_inputs]:
            problems.append(f"{where}: control inputs differ")
        xa, ya = dict(x.node_def.attr), dict(y.node_def.attr)
        if set(xa) != set(ya):
            problems.append(f"{where}: attr names {sorted(xa)} != {sorted(ya)}")
        for k in set(xa) & set(ya):
            if xa[k] != ya[k]:
                problems.append(f"{where}: attr {k} differs")
        for i, (s, t) in enumerate(zip(x.outputs, y.outputs)):
            if s.dtype != t.dtype:
                problems.append(f"{where}:{i}: dtype {s.dtype} != {t.dtype}")
            if shape_of(s) != shape_of(t):
                problems.append(f"{where}:{i}: shape {shape_of(s)} != TF's {shape_of(t)}")
        written = our_shapes.get(x.name)
        if y.outputs and written is None:
            problems.append(f"{where}: no _output_shapes in our export")
        elif written is not None:
            ours = [None if p.unknown_rank else [d.size if d.size >= 0 else None for d in p.dim] for p in written]
            if ours != [shape_of(t) for t in y.outputs]:
                problems.append(f"{where}: our _output_shapes {ours} != TF's {[shape_of(t) for t in y.outputs]}")


def feed_value(spec, rng):
    if isinstance(spec, str) and spec.startswith("onehot:"):
        n, k = (int(v) for v in spec[len("onehot:"):].split(","))
        return np.eye(k, dtype=np.float32)[rng.integers(0, k, size=n)]
    return rng.standard_normal(spec).astype(np.float32)


def run_graph(g, run):
    rng = np.random.default_rng(0)
    feeds = {k: feed_value(v, rng) for k, v in run["feeds"].items()}
    out = []
    with T.Session(graph=g) as sess:
        for name in run.get("init", []):
            sess.run(g.get_operation_by_name(name.split(":")[0]))
        fetches = [g.get_tensor_by_name(n) for n in run["fetches"]]
        for _ in range(run.get("steps", 1)):
            targets = [g.get_operation_by_name(n) for n in run.get("train", [])]
            values = sess.run(fetches + targets, feed_dict={g.get_tensor_by_name(k): v for k, v in feeds.items()})
            out.append(values[: len(fetches)])
    return out


def check(name):
    facts = json.load(open(os.path.join(ROOT, "models", f"{name}.json")))
    ours_path = os.path.join(ROOT, "ours", f"{name}.pb")
    ours_bytes, ours_gd = load(ours_path)
    _, tf_gd = load(os.path.join(ROOT, "models", facts["file"]))
    problems = []
    try:
        g_ours = import_into_graph(ours_gd)
    except Exception as e:  # reported, not raised: the report says what failed
        return ours_bytes, {"passed": False, "problems": [f"TF cannot import our export: {type(e).__name__}: {e}"]}
    g_tf = import_into_graph(tf_gd)
    compare_graphs(ours_gd, g_ours, g_tf, problems)
    lib_ours = {f.signature.name: f for f in g_ours.as_graph_def().library.function}
    lib_tf = {f.signature.name: f for f in g_tf.as_graph_def().library.function}
    if lib_ours != lib_tf:
        problems.append("function library differs")
    if g_ours.as_graph_def().versions != g_tf.as_graph_def().versions:
        problems.append(f"versions {g_ours.as_graph_def().versions} != {g_tf.as_graph_def().versions}")
    if ours_gd.versions != tf_gd.versions and ours_gd.versions.producer != tf_gd.versions.producer:
        problems.append("exported versions differ")
    ran = False
    try:
        a, b = run_graph(g_ours, facts["run"]), run_graph(g_tf, facts["run"])
        ran = True
        for step, (xs, ys) in enumerate(zip(a, b)):
            for i, (x, y) in enumerate(zip(xs, ys)):
                if not np.allclose(x, y, rtol=1e-6, atol=1e-6):
                    problems.append(f"run step {step} fetch {facts['run']['fetches'][i]} differs")
    except Exception as e:
        problems.append(f"running failed: {type(e).__name__}: {e}")
    return ours_bytes, {
        "passed": not problems,
        "problems": problems,
        "ops": len(g_ours.get_operations()),
        "functions": sorted(lib_ours),
        "ran": ran,
    }


def main():
    names = sorted(f[: -len(".json")] for f in os.listdir(os.path.join(ROOT, "models")) if f.endswith(".json"))
    report = {"tf_version": tf.__version__, "fixtures": {}}
    for name in names:
        ours_bytes, result = check(name)
        result["ours_sha256"] = hashlib.sha256(ours_bytes).hexdigest()
        report["fixtures"][name] = result
        print(name, "passed" if result["passed"] else "FAILED", *result["problems"][:10], sep="\n  ")
    report["all_passed"] = all(r["passed"] for r in report["fixtures"].values())
    with open(os.path.join(ROOT, "reimport-report.json"), "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0 if report["all_passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
