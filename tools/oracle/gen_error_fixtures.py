"""Records how TensorFlow's tf.errors behave, for packages/errors/test.

Run: .venv-tf/bin/python tools/oracle/gen_error_fixtures.py
Writes tools/oracle/fixtures/errors/errors.json.
"""
import inspect
import json
import os
import warnings

import tensorflow as tf
from tensorflow.python.framework import errors_impl
from tensorflow.core.protobuf import error_codes_pb2

OUT = os.path.join(os.path.dirname(__file__), "fixtures", "errors", "errors.json")


def main():
    e = tf.compat.v1.errors
    codes = {name: int(value) for name, value in error_codes_pb2.Code.items()
             if not name.startswith("DO_NOT_USE")}
    constants = {name: getattr(e, name) for name in codes if hasattr(e, name)}

    classes = {}
    for name in dir(e):
        cls = getattr(e, name)
        if inspect.isclass(cls) and issubclass(cls, errors_impl.OpError):
            params = list(inspect.signature(cls.__init__).parameters)[1:]
            inst = cls(None, None, "msg") if cls is not errors_impl.OpError else cls(None, None, "msg", 3)
            classes[name] = {
                "params": params,
                "code": inst.error_code,
                "bases": [b.__name__ for b in cls.__mro__[1:] if b is not object],
                "str": str(inst),
                "payloads": inst.experimental_payloads,
            }

    from_code = {}
    for code in range(-1, 19):
        try:
            from_code[str(code)] = e.exception_type_from_error_code(code).__name__
        except KeyError as err:
            from_code[str(code)] = {"raises": type(err).__name__, "message": str(err)}

    to_code = {name: e.error_code_from_exception_type(getattr(e, name))
               for name in classes if name != "OpError"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unknown = e.error_code_from_exception_type(ValueError)
    unknown_class = {
        "returns": type(unknown).__name__,
        "message": unknown.message,
        "error_code": unknown.error_code,
        "warnings": [str(w.message) for w in caught],
    }

    specific = {}
    for code in [1, 3, 9, 16, 42]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            err = errors_impl._make_specific_exception(None, None, "boom", code)
        specific[str(code)] = {
            "class": type(err).__name__,
            "error_code": err.error_code,
            "message": err.message,
            "warnings": [str(w.message) for w in caught],
        }

    # A real OpError from a real graph run: class, code and message wording.
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, shape=[2], name="x")
        y = tf.identity(x, name="y")
    with tf.compat.v1.Session(graph=g) as sess:
        try:
            sess.run(y)
        except errors_impl.OpError as err:
            real = {"class": type(err).__name__, "error_code": err.error_code,
                    "message": err.message,
                    "node_def_name": err.node_def.name if err.node_def else None,
                    "op_name": err.op.name if err.op is not None else None}

    data = {
        "tf_version": tf.__version__,
        "codes": codes,
        "constants": constants,
        "classes": classes,
        "exception_type_from_error_code": from_code,
        "error_code_from_exception_type": to_code,
        "error_code_from_unknown_class": unknown_class,
        "make_specific_exception": specific,
        "unfed_placeholder": real,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
