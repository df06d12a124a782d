"""The CLI's embedded default model: a small CNN trained by real TensorFlow (2.21) on
scikit-learn's bundled 8x8 handwritten digits (1797 images, shipped inside the
scikit-learn wheel, so no download), frozen to a GraphDef.

Writes, under packages/cli/models/digits/:
  model.pb                     the frozen GraphDef (convert_variables_to_constants_v2), with
                               its input renamed `pixels` and its outputs `probabilities`
                               and `predicted_class`
  model.json                   metadata: input/output names, dtypes and shapes, labels, test
                               accuracy, training recipe, dataset provenance
  samples/pixels.npy           held-out test digits, float32 [N, 8, 8], raw values 0..16
  samples/expected.json        TF's outputs for them: probabilities, predicted class, and the
                               true label of each digit
  samples/probabilities.npy    the same probabilities, float32 [N, 10]
  samples/predicted_class.npy  the same classes, int64 [N]

The expected outputs come from running the frozen bytes (not the Keras model) in TF.

Requires scikit-learn in .venv-tf (offline wheel):
  .venv-tf/bin/pip install -q --index-url file:///opt/pypi/simple \
      --extra-index-url file:///opt/pypi-more/simple scikit-learn
Run: .venv-tf/bin/python tools/oracle/gen_embedded_model.py
"""
import hashlib
import json
import os
import random

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import tensorflow as tf  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from tensorflow.python.framework.convert_to_constants import (  # noqa: E402
    convert_variables_to_constants_v2,
)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "packages", "cli", "models", "digits")
SEED = 20260
EPOCHS = 12
SAMPLE_COUNT = 10

INPUT = "pixels"
OUTPUTS = ("probabilities", "predicted_class")


def seed_everything():
    random.seed(SEED)
    np.random.seed(SEED)
    tf.random.set_seed(SEED)
    tf.keras.utils.set_random_seed(SEED)


def load_data():
    digits = load_digits()
    x = digits.images.astype(np.float32)  # [1797, 8, 8], integers 0..16
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=SEED, stratify=y
    )
    return x_train, x_test, y_train, y_test


def build_model():
    # Raw pixels in (0..16) so a user can feed the dataset's values as they are.
    layers = tf.keras.layers
    inputs = tf.keras.Input(shape=(8, 8), name=INPUT)
    x = layers.Rescaling(1.0 / 16.0, name="rescale")(inputs)
    x = layers.Reshape((8, 8, 1), name="to_nhwc")(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1")(x)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(2, name="pool2")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(64, activation="relu", name="dense1")(x)
    x = layers.Dense(10, activation="softmax", name="classifier")(x)
    return tf.keras.Model(inputs, x, name="digits_cnn")


def freeze(model):
    @tf.function(input_signature=[tf.TensorSpec([None, 8, 8], tf.float32, name=INPUT)])
    def serve(pixels):
        probs = model(pixels, training=False)
        return {
            OUTPUTS[0]: probs,
            OUTPUTS[1]: tf.math.argmax(probs, axis=-1, output_type=tf.int64),
        }

    concrete = serve.get_concrete_function()
    frozen = convert_variables_to_constants_v2(concrete)
    graph_def = frozen.graph.as_graph_def()
    # The function's outputs are Identity nodes named by position: give them the names
    # a user fetches by, updating every reference to them.
    keys = tf.nest.flatten({k: k for k in OUTPUTS})
    renames = {t.op.name: key for key, t in zip(keys, frozen.outputs)}
    assert sorted(renames.values()) == sorted(OUTPUTS), renames
    for key in OUTPUTS:
        assert not any(n.name == key for n in graph_def.node), key
    for node in graph_def.node:
        if node.name in renames:
            node.name = renames[node.name]
        for i, ref in enumerate(node.input):
            ctrl = ref.startswith("^")
            base, _, port = ref.lstrip("^").partition(":")
            if base in renames:
                node.input[i] = ("^" if ctrl else "") + renames[base] + (":" + port if port else "")
    return graph_def


def run_frozen(pb_bytes, pixels):
    """Runs the committed bytes in a fresh TF1-style graph and session."""
    graph_def = tf.compat.v1.GraphDef()
    graph_def.ParseFromString(pb_bytes)
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    with tf.compat.v1.Session(graph=graph) as sess:
        return sess.run(
            [f"{OUTPUTS[0]}:0", f"{OUTPUTS[1]}:0"], feed_dict={f"{INPUT}:0": pixels}
        )


def main():
    seed_everything()
    x_train, x_test, y_train, y_test = load_data()
    model = build_model()
    model.compile(
        optimizer=tf.keras.optimizers.Adam(1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, shuffle=True, verbose=0)

    graph_def = freeze(model)
    pb = graph_def.SerializeToString(deterministic=True)

    # Accuracy of the frozen graph itself, on every held-out digit.
    test_probs, test_classes = run_frozen(pb, x_test)
    accuracy = float(np.mean(test_classes == y_test))
    assert accuracy > 0.9, accuracy

    # Samples: the first held-out digit of each class, in class order.
    picks = [int(np.flatnonzero(y_test == c)[0]) for c in range(10)][:SAMPLE_COUNT]
    samples = x_test[picks]
    probs, classes = run_frozen(pb, samples)

    os.makedirs(os.path.join(OUT, "samples"), exist_ok=True)
    with open(os.path.join(OUT, "model.pb"), "wb") as f:
        f.write(pb)
    np.save(os.path.join(OUT, "samples", "pixels.npy"), samples.astype(np.float32))
    np.save(os.path.join(OUT, "samples", "probabilities.npy"), probs.astype(np.float32))
    np.save(os.path.join(OUT, "samples", "predicted_class.npy"), classes.astype(np.int64))

    op_types = sorted({n.op for n in graph_def.node})
    meta = {
        "name": "digits",
        "description": "A small convolutional network that reads an 8x8 handwritten digit "
        "and says which digit (0-9) it is.",
        "model": "model.pb",
        "inputs": [
            {
                "name": f"{INPUT}:0",
                "dtype": "float32",
                "shape": [None, 8, 8],
                "description": "grayscale 8x8 digits, raw values 0 (white) to 16 (black)",
            }
        ],
        "outputs": [
            {
                "name": f"{OUTPUTS[0]}:0",
                "dtype": "float32",
                "shape": [None, 10],
                "description": "softmax probability of each digit",
            },
            {
                "name": f"{OUTPUTS[1]}:0",
                "dtype": "int64",
                "shape": [None],
                "description": "argmax of the probabilities",
            },
        ],
        "labels": [str(c) for c in range(10)],
        "test_accuracy": accuracy,
        "test_count": int(len(y_test)),
        "train_count": int(len(y_train)),
        "node_count": len(graph_def.node),
        "op_types": op_types,
        "model_sha256": hashlib.sha256(pb).hexdigest(),
        "training": {
            "framework": f"TensorFlow {tf.__version__} (Keras {tf.keras.__version__})",
            "architecture": "Rescaling(1/16) -> Conv2D(16,3x3,relu) -> MaxPool(2) -> "
            "Conv2D(32,3x3,relu) -> MaxPool(2) -> Dense(64,relu) -> Dense(10,softmax)",
            "optimizer": "Adam(1e-3), sparse categorical cross-entropy, batch 32",
            "epochs": EPOCHS,
            "seed": SEED,
            "frozen_with": "convert_variables_to_constants_v2",
            "generator": "tools/oracle/gen_embedded_model.py",
        },
        "dataset": {
            "name": "UCI ML hand-written digits (8x8), as bundled with scikit-learn",
            "loader": "sklearn.datasets.load_digits",
            "scikit_learn_version": sklearn.__version__,
            "source": "E. Alpaydin and C. Kaynak, Optical Recognition of Handwritten Digits, "
            "UCI Machine Learning Repository (1998)",
            "license": "CC BY 4.0",
            "split": "train_test_split(test_size=0.25, stratify=labels, "
            f"random_state={SEED})",
        },
        "samples": {
            "pixels": "samples/pixels.npy",
            "expected": "samples/expected.json",
            "selection": "the first held-out (test-split) digit of each class",
        },
    }
    with open(os.path.join(OUT, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    expected = {
        "input": f"{INPUT}:0",
        "labels": [int(y_test[i]) for i in picks],
        "test_split_indices": picks,
        "probabilities": [[float(v) for v in row] for row in probs],
        "predicted_class": [int(c) for c in classes],
    }
    with open(os.path.join(OUT, "samples", "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(
        f"digits: test accuracy {accuracy:.4f} on {len(y_test)} held-out digits, "
        f"{len(pb)} bytes, {len(graph_def.node)} nodes, ops {op_types}"
    )


if __name__ == "__main__":
    main()
