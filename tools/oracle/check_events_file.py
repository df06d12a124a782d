"""Reads our TensorBoard events files back with real TensorFlow and TensorBoard.

The umbrella package writes graph events files (`tf.encodeGraphEvents` / `writeGraphEvents`):
TFRecord framing with masked CRC-32C around `Event` protos, a `file_version` event then a
`graph_def` event. packages/tensorgraph/test/graph-events.test.ts writes two of them under
fixtures/events/ours/ (a graph built in TypeScript, and the keras_cnn GraphDef TF wrote). This
script reads each one with:
  - tf.compat.v1.train.summary_iterator (TF's record reader checks both CRCs of every record)
  - tensorboard's EventAccumulator (what `tensorboard --logdir` uses), asking for the graph
and records what they saw in fixtures/events/report.json with each file's sha256; the test
fails when the report is stale or does not show the graph it wrote.

Run after changing the events writer:
  TG_WRITE_EVENTS_FIXTURES=1 npx vitest run packages/tensorgraph/test/graph-events.test.ts
  .venv-tf/bin/python tools/oracle/check_events_file.py
"""
import hashlib
import json
import os
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorboard  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorboard.backend.event_processing import event_accumulator  # noqa: E402
from tensorflow.core.framework import graph_pb2  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EVENTS = os.path.join(HERE, "fixtures", "events")
OURS = os.path.join(EVENTS, "ours")
SOURCES = {"keras_cnn.tfevents": os.path.join(HERE, "fixtures", "graphdef", "models", "keras_cnn.pb")}


def check(path):
    data = open(path, "rb").read()
    seen = []
    graph_def = None
    for event in tf.compat.v1.train.summary_iterator(path):
        nodes = None
        if event.HasField("graph_def"):
            graph_def = graph_pb2.GraphDef.FromString(event.graph_def)
            nodes = len(graph_def.node)
        seen.append({"wall_time": event.wall_time, "step": event.step,
                     "file_version": event.file_version, "graph_nodes": nodes})
    if graph_def is None:
        raise SystemExit(f"{path}: TF found no graph_def event")
    # The graph must import into TF as well as parse.
    with tf.Graph().as_default():
        tf.graph_util.import_graph_def(graph_def, name="")

    name = os.path.basename(path)
    source = SOURCES.get(name)
    equals_source = True
    if source is not None:
        equals_source = graph_pb2.GraphDef.FromString(open(source, "rb").read()) == graph_def

    # TensorBoard reads directories of files whose names contain "tfevents".
    with tempfile.TemporaryDirectory() as logdir:
        shutil.copy(path, os.path.join(logdir, "events.out.tfevents.0.check"))
        acc = event_accumulator.EventAccumulator(logdir)
        acc.Reload()
        has_graph = bool(acc.Tags()["graph"])
        tb_nodes = len(acc.Graph().node) if has_graph else 0

    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "summary_iterator": seen,
        "graph_node_names": [n.name for n in graph_def.node],
        "graph_ops": sorted({n.op for n in graph_def.node}),
        "graph_def_equals_source": equals_source,
        "tensorboard_has_graph": has_graph,
        "tensorboard_graph_nodes": tb_nodes,
    }


def main():
    files = sorted(f for f in os.listdir(OURS) if f.endswith(".tfevents"))
    if not files:
        raise SystemExit(f"no events files in {OURS}: run the test with TG_WRITE_EVENTS_FIXTURES=1")
    report = {
        "tf_version": tf.__version__,
        "tensorboard_version": tensorboard.__version__,
        "files": {f: check(os.path.join(OURS, f)) for f in files},
    }
    with open(os.path.join(EVENTS, "report.json"), "w") as out:
        json.dump(report, out, indent=1, sort_keys=True)
        out.write("\n")
    for f, r in report["files"].items():
        print(f"{f}: TF read {len(r['summary_iterator'])} events, graph of {r['tensorboard_graph_nodes']} nodes in TensorBoard")


if __name__ == "__main__":
    sys.exit(main())
