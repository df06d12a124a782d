"""Records facts the plugin-interface tests check: DataType enum names and TF's
"no kernel registered" message format.

Run: .venv-tf/bin/python tools/oracle/gen_plugin_fixtures.py
Writes tools/oracle/fixtures/plugin/plugin.json.
"""
import json
import os

import tensorflow as tf
from tensorflow.core.framework import types_pb2

OUT = os.path.join(os.path.dirname(__file__), "fixtures", "plugin", "plugin.json")


def main():
    wire_names = {}
    for name, value in types_pb2.DataType.items():
        if 0 < value < 100:
            wire_names[tf.dtypes.as_dtype(value).name] = name

    # A MatMul of uint32 has no CPU kernel: TF lists the kernels that exist.
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([[1]], dtype=tf.uint32, name="a")
        tf.raw_ops.MatMul(a=a, b=a, name="mm")
    try:
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run("mm:0")
        no_kernel = None
    except tf.errors.OpError as err:
        no_kernel = {"class": type(err).__name__, "message": err.message}

    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "wire_names": wire_names,
                   "no_kernel": no_kernel}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
