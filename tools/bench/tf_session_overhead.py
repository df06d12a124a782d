"""TensorFlow's own Session.run on the benchmark's 3-op scalar graph (x -> Identity ->
Identity), fed each run. Prints JSON: microseconds per run (min of several batches).

Run by tools/bench/session-overhead.mjs when .venv-tf exists.
"""
import json
import time

import tensorflow as tf

T = tf.compat.v1
g = tf.Graph()
with g.as_default():
    x = T.placeholder(tf.float32, shape=[], name="x")
    y = tf.identity(tf.identity(x, name="i1"), name="y")
with T.Session(graph=g) as s:
    for _ in range(2000):
        s.run(y, {x: 3.0})
    batches = []
    for _ in range(5):
        n = 3000
        t0 = time.perf_counter()
        for _ in range(n):
            s.run(y, {x: 3.0})
        batches.append((time.perf_counter() - t0) * 1e6 / n)
print(json.dumps({"us_per_run": min(batches), "median": sorted(batches)[2]}))
