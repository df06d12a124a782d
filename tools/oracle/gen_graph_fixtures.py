"""Runs small graph-building programs in real TensorFlow and records what it made:
op names, name scopes, devices, control inputs, colocation, and errors.

The programs are data (a tiny language, below) so that packages/graph/test runs the very
same programs against our Graph and compares.

Run: .venv-tf/bin/python tools/oracle/gen_graph_fixtures.py
Writes tools/oracle/fixtures/graph/programs.json and lookups.json.

Steps:
  ["op", type, name_or_null, [input tensor names], {attrs}]   NoOp | Const | Identity
  ["scope", name, [steps]]              graph.name_scope(name)
  ["device", spec_or_null, [steps]]     graph.device(spec)
  ["control", [op names] or null, [steps]]
  ["colocate", op_name, ignore_existing, [steps]]
Events recorded: ["op", name, device, [control input names], [_class values]],
["scope", returned_scope], ["error", class, message].
"""
import json
import os

import tensorflow as tf

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, "fixtures", "graph")

T = tf.compat.v1


def op(type_, name=None, inputs=(), attrs=None):
    return ["op", type_, name, list(inputs), attrs or {}]


PROGRAMS = {
    "unique_names": [op("NoOp"), op("NoOp"), op("NoOp", "NoOp_1"), op("NoOp"), op("NoOp", "a"),
                     op("NoOp", "a"), op("NoOp", "A"), op("NoOp", "a_1"), op("NoOp", "a_1"),
                     op("NoOp", "a_2"), op("Const", "c"), op("Identity", "c", ["c:0"])],
    "case_insensitive": [op("NoOp", "foo"), op("NoOp", "Foo"), op("NoOp", "FOO"), op("NoOp", "foo_1")],
    "scopes": [
        ["scope", "a", [op("NoOp"), op("NoOp"), ["scope", "b", [op("NoOp", "x")]], ["scope", "b", [op("NoOp", "x")]]]],
        ["scope", "a", [op("NoOp")]],
        ["scope", "a/", [op("NoOp", "y")]],
        ["scope", "a/b/", [op("NoOp", "x")]],
        ["scope", "", [op("NoOp", "root")]],
        ["scope", "a", [["scope", "", [op("NoOp", "reset")]]]],
        op("NoOp", "a"),
        ["scope", "q", [op("NoOp", "q")]],
        op("NoOp", "q"),
        ["scope", "q", []],
    ],
    "scope_marks_name": [op("NoOp", "s"), ["scope", "s", [op("NoOp")]], ["scope", "s", [op("NoOp")]]],
    "scope_invalid_root": [["scope", "_bad", [op("NoOp")]]],
    "scope_invalid_nested": [["scope", "ok", [["scope", "b@d", [op("NoOp")]]]]],
    "scope_underscore_nested": [["scope", "ok", [["scope", "_fine", [op("NoOp")]]]]],
    "op_name_invalid": [op("NoOp", "-bad")],
    "op_name_with_slash": [op("NoOp", "x/y"), op("NoOp", "x/y")],
    "devices": [
        ["device", "/cpu:0", [op("NoOp", "a")]],
        ["device", "/job:worker", [["device", "/device:GPU:1", [op("NoOp", "b")]]]],
        ["device", "/device:GPU:0", [["device", "/cpu:0", [op("NoOp", "c")]]]],
        ["device", "/device:GPU:0", [["device", None, [op("NoOp", "d")]]]],
        ["device", "/device:GPU:0", [["device", "", [op("NoOp", "e")]]]],
        ["device", "/job:ps/task:2", [["device", "/replica:1", [op("NoOp", "f")]]]],
        ["device", "/gpu:1", [op("NoOp", "g"), ["scope", "s", [op("NoOp", "h")]]]],
        ["device", "/device:CPU:*", [op("NoOp", "i")]],
    ],
    "control_dependencies": [
        op("NoOp", "a"), op("NoOp", "b"), op("Const", "c"),
        ["control", ["a"], [op("NoOp", "x"), ["control", ["b"], [op("NoOp", "y"), ["control", None, [op("NoOp", "z")]]]]]],
        ["control", ["c"], [op("Identity", "i", ["c:0"]), op("NoOp", "j")]],
        ["control", ["a", "a"], [op("NoOp", "k")]],
    ],
    "control_inner_ops": [
        op("NoOp", "a"),
        ["control", ["a"], [op("Const", "inner"), op("Identity", "uses_inner", ["inner:0"])]],
    ],
    "colocation": [
        ["device", "/device:GPU:0", [op("Const", "c")]],
        op("NoOp", "n"),
        ["colocate", "c", False, [op("Identity", "i", ["c:0"]), ["colocate", "n", False, [op("NoOp", "both")]],
                                  ["colocate", "n", True, [op("NoOp", "only_n")]],
                                  ["device", "/cpu:0", [op("NoOp", "dev_inside")]]]],
        ["colocate", "i", False, [op("NoOp", "via_i")]],
    ],
}


def run_program(steps):
    g = tf.Graph()
    events = []

    def exec_steps(steps):
        for step in steps:
            kind = step[0]
            if kind == "op":
                _, type_, name, inputs, attrs = step
                ins = [g.get_tensor_by_name(n) for n in inputs]
                if type_ == "NoOp":
                    o = tf.raw_ops.NoOp(name=name)
                elif type_ == "Const":
                    o = tf.raw_ops.Const(value=tf.compat.v1.make_tensor_proto(1.0), dtype=tf.float32, name=name).op
                elif type_ == "Identity":
                    o = tf.raw_ops.Identity(input=ins[0], name=name).op
                else:
                    raise ValueError(type_)
                try:
                    cls = [c.decode() for c in o.get_attr("_class")]
                except ValueError:
                    cls = []
                events.append(["op", o.name, o.device, sorted(c.name for c in o.control_inputs), cls])
            elif kind == "scope":
                with g.name_scope(step[1]) as scope:
                    events.append(["scope", scope])
                    exec_steps(step[2])
            elif kind == "device":
                with g.device(step[1]):
                    exec_steps(step[2])
            elif kind == "control":
                deps = None if step[1] is None else [g.get_operation_by_name(n) for n in step[1]]
                with g.control_dependencies(deps):
                    exec_steps(step[2])
            elif kind == "colocate":
                with g.colocate_with(g.get_operation_by_name(step[1]), ignore_existing=step[2]):
                    exec_steps(step[3])

    with g.as_default():
        try:
            exec_steps(steps)
        except Exception as e:  # recorded: the class and wording are what we test
            events.append(["error", type(e).__name__, str(e)])
    return events


def lookups():
    g = tf.Graph()
    with g.as_default():
        c = tf.raw_ops.Const(value=tf.compat.v1.make_tensor_proto(1.0), dtype=tf.float32, name="c")
        tf.raw_ops.NoOp(name="n")
    other = tf.Graph()
    with other.as_default():
        foreign = tf.raw_ops.NoOp(name="f")
    cases = []
    for fn in ["get_tensor_by_name", "get_operation_by_name"]:
        for arg in ["c:0", "c", "c:1", "nope:0", "nope", "c:x", "c:0:1", "n:0", "n", ":0", "", 5, None]:
            try:
                r = getattr(g, fn)(arg)
                cases.append({"fn": fn, "arg": arg, "result": r.name})
            except Exception as e:
                cases.append({"fn": fn, "arg": arg, "error": type(e).__name__, "message": str(e).strip("'\"") if isinstance(e, KeyError) else str(e)})
    for fn, arg in [("as_graph_element", "foreign_op")]:
        try:
            g.as_graph_element(foreign)
        except Exception as e:
            cases.append({"fn": "as_graph_element", "arg": "<foreign op f>", "error": type(e).__name__, "message": str(e)})

    g.finalize()
    try:
        with g.as_default():
            tf.raw_ops.NoOp(name="late")
    except Exception as e:
        finalized = {"error": type(e).__name__, "message": str(e)}
    return {"cases": cases, "finalized": finalized, "misc": misc()}


def misc():
    """Session-less eval/run errors, printing, set_shape and collection filters."""
    out = {}
    g = tf.Graph()
    with g.as_default():
        c = tf.raw_ops.Const(value=tf.compat.v1.make_tensor_proto([1.0, 2.0]), dtype=tf.float32, name="c")
        p = T.placeholder(tf.float32, shape=[None, 3], name="p")
        n = tf.raw_ops.NoOp(name="n")
    other = tf.Graph()

    def err(fn):
        try:
            fn()
            return None
        except Exception as e:
            return {"error": type(e).__name__, "message": str(e)}

    out["eval_no_session"] = err(lambda: c.eval())
    out["run_no_session"] = err(lambda: n.run())
    with T.Session(graph=other) as s_other:
        with s_other.as_default():
            out["eval_default_other_graph"] = err(lambda: c.eval())
            out["run_default_other_graph"] = err(lambda: n.run())
        out["eval_explicit_other_graph"] = err(lambda: c.eval(session=s_other))
        out["run_explicit_other_graph"] = err(lambda: n.run(session=s_other))
    out["tensor_str"] = [str(c), str(p)]
    out["op_repr"] = repr(n)
    out["get_attr_missing"] = err(lambda: n.get_attr("nope"))
    out["set_shape_incompatible"] = err(lambda: p.set_shape([2, 4]))
    p.set_shape([2, None])
    out["set_shape_merged"] = str(p.shape)
    with g.as_default():
        for name in ["a/x", "a/y", "ab/z", "b/a/w"]:
            g.add_to_collection("things", tf.raw_ops.NoOp(name=name))
        g.add_to_collection("things", 42)
    out["collection_all"] = [getattr(v, "name", v) for v in g.get_collection("things")]
    out["collection_scope_a"] = [v.name for v in g.get_collection("things", scope="a")]
    out["collection_scope_a_slash"] = [v.name for v in g.get_collection("things", scope="a/")]
    out["collection_scope_regex"] = [v.name for v in g.get_collection("things", scope=".*/a")]
    out["collection_keys"] = g.get_all_collection_keys()
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    results = {name: {"steps": steps, "events": run_program(steps)} for name, steps in PROGRAMS.items()}
    with open(os.path.join(OUT, "programs.json"), "w") as f:
        json.dump({"tf_version": tf.__version__, "programs": results}, f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "lookups.json"), "w") as f:
        json.dump({"tf_version": tf.__version__, **lookups()}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
