"""What TensorFlow's own timeline exporter writes, as a reference for `tf.toChromeTrace`.

Runs relu(x @ w) with RunOptions(trace_level=FULL_TRACE) in TF 2.21 (graph mode), turns the
step stats into Chrome trace JSON with tensorflow.python.client.timeline.Timeline, and
records the shape of that JSON in fixtures/timeline/tf_trace_shape.json: which `ph` phases
it uses, the keys of its events per phase, the names of its metadata events, and the op
events' `args` keys. packages/tensorgraph/test/chrome-trace.test.ts checks that our trace
of the same graph uses the same phases and keys for the same kinds of events.

Run: .venv-tf/bin/python tools/oracle/gen_timeline_fixture.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from tensorflow.python.client import timeline  # noqa: E402

T = tf.compat.v1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "timeline")


def main():
    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, [2, 2], name="x")
        w = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="w")
        y = tf.nn.relu(tf.matmul(x, w, name="mm"), name="y")
        meta = T.RunMetadata()
        with T.Session(graph=g) as sess:
            sess.run(y, {x: [[1, -1], [0, 1]]},
                     options=T.RunOptions(trace_level=T.RunOptions.FULL_TRACE), run_metadata=meta)
    trace = json.loads(timeline.Timeline(meta.step_stats).generate_chrome_trace_format())
    events = trace["traceEvents"]
    by_ph = {}
    for e in events:
        by_ph.setdefault(e["ph"], set()).update(e.keys())
    ops = [e for e in events if e["ph"] == "X" and e.get("cat") == "Op"]
    shape = {
        "tf_version": tf.__version__,
        "top_level_keys": sorted(trace.keys()),
        "phases": sorted(by_ph),
        "keys_by_phase": {ph: sorted(keys) for ph, keys in sorted(by_ph.items())},
        "metadata_names": sorted({e["name"] for e in events if e["ph"] == "M"}),
        "op_event_names": sorted({e["name"] for e in ops}),
        "op_args_keys": sorted({k for e in ops for k in e.get("args", {})}),
        "op_arg_name_values": sorted({e["args"]["name"] for e in ops}),
        "process_names": sorted({e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}),
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "tf_trace_shape.json"), "w") as f:
        json.dump(shape, f, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(shape, indent=1))


if __name__ == "__main__":
    main()
