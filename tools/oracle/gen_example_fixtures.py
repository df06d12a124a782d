"""Fixtures for examples/: a small frozen TF1 graph and TensorFlow's answers for it.

Writes examples/fixtures/
  dense.pb    GraphDef: x = placeholder [None, 4] float32 -> hidden = relu(x @ w1 + b1)
              -> probs = softmax(hidden @ w2 + b2); weights are Consts (a frozen model)
  dense.json  the weights (so examples can build the same graph in TypeScript), the sample
              inputs, and what TF's Session.run gave for `hidden:0` and `probs:0`

Run: .venv-tf/bin/python tools/oracle/gen_example_fixtures.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

T = tf.compat.v1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "fixtures")


def main():
    rng = np.random.default_rng(7)
    w1 = rng.normal(size=(4, 3)).round(3).astype(np.float32)
    b1 = rng.normal(size=(3,)).round(3).astype(np.float32)
    w2 = rng.normal(size=(3, 2)).round(3).astype(np.float32)
    b2 = rng.normal(size=(2,)).round(3).astype(np.float32)
    x_val = rng.normal(size=(3, 4)).round(2).astype(np.float32)

    g = tf.Graph()
    with g.as_default():
        x = T.placeholder(tf.float32, [None, 4], name="x")
        hidden = tf.nn.relu(tf.matmul(x, tf.constant(w1, name="w1")) + tf.constant(b1, name="b1"), name="hidden")
        logits = tf.add(tf.matmul(hidden, tf.constant(w2, name="w2")), tf.constant(b2, name="b2"), name="logits")
        probs = tf.nn.softmax(logits, name="probs")
        with T.Session(graph=g) as sess:
            h, p = sess.run([hidden, probs], {x: x_val})
    gd = g.as_graph_def()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "dense.pb"), "wb") as f:
        f.write(gd.SerializeToString(deterministic=True))
    facts = {
        "tf_version": tf.__version__,
        "graph": "dense.pb",
        "input": "x:0",
        "outputs": ["hidden:0", "probs:0"],
        "weights": {"w1": w1.tolist(), "b1": b1.tolist(), "w2": w2.tolist(), "b2": b2.tolist()},
        "x": x_val.tolist(),
        "hidden": h.tolist(),
        "probs": p.tolist(),
    }
    with open(os.path.join(OUT, "dense.json"), "w") as f:
        json.dump(facts, f, indent=1)
        f.write("\n")
    print("probs", p.tolist())


if __name__ == "__main__":
    main()
