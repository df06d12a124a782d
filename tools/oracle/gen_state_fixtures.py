"""Fixtures for the stateful CPU kernels: variables, optimizers, queues, readers, files.

Run: .venv-tf/bin/python tools/oracle/gen_state_fixtures.py [group ...]
Writes tools/oracle/fixtures/state/{variables,optimizers,queues,readers}.json.

Each scenario is a small TF1 graph (nodes built with tf.raw_ops) and a sequence of steps
run in one session, so resources persist between steps, as in the TypeScript tests that
replay them with one shared ResourceManager. Queue and reader scenarios each run in a
fresh process:
TensorFlow numbers private queues and readers (`_0_fifo_queue`) from a process-wide
counter, and the TypeScript side numbers them per session from 0.

Steps:
  ["run", node]              run the node; record its outputs or its error
  ["start", node, id]        run it on another thread (it blocks)
  ["pending", id]            is that run still blocked 0.3 s later?
  ["await", id]              join that run; record its outputs or its error
  ["cancel_all"]             close the session: pending runs are cancelled
  ["timeout", node, ms]      run with RunOptions(timeout_in_ms=ms): the session's error

Values go in through placeholder_with_default(shape=None), so shape errors are the
kernels' runtime errors, not graph-construction errors. File paths are written with the
prefix {dir}, the absolute path of fixtures/state/files. STATE_FIXTURES_DEBUG=1 prints
each step as it runs (a scenario that hangs shows where).
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "fixtures", "state")
FILES = os.path.join(OUT_DIR, "files")


# ---------------------------------------------------------------- scenario helpers

def N(name, op, inputs=None, **attrs):
    return {"name": name, "op": op, "inputs": inputs or {}, "attrs": attrs}


def Rf(node, output=0):
    return ("ref", node, output)


def V(value, dtype):
    return ("val", value, dtype)


def S(name, nodes, steps, note=None):
    return {"name": name, "nodes": nodes, "steps": steps, "note": note}


def P(name):
    return "{dir}/" + name


# ---------------------------------------------------------------- variables

def variable_scenarios():
    f32 = "float32"
    sc = []
    sc.append(S("ref variable: uninitialized use, assign, shape checks", [
        N("v", "VariableV2", shape=[2], dtype=f32),
        N("read", "Identity", {"input": Rf("v")}),
        N("init", "IsVariableInitialized", {"ref": Rf("v")}),
        N("add_early", "AssignAdd", {"ref": Rf("v"), "value": V([1, 2], f32)}),
        N("assign3", "Assign", {"ref": Rf("v"), "value": V([1, 2, 3], f32)}),
        N("assign", "Assign", {"ref": Rf("v"), "value": V([1, 2], f32)}),
        N("add", "AssignAdd", {"ref": Rf("v"), "value": V([0.5, 0.25], f32)}),
        N("sub", "AssignSub", {"ref": Rf("v"), "value": V([2, 2], f32)}),
        N("add3", "AssignAdd", {"ref": Rf("v"), "value": V([1, 2, 3], f32)}),
        N("sub3", "AssignSub", {"ref": Rf("v"), "value": V([1, 2, 3], f32)}),
        N("assign3_free", "Assign", {"ref": Rf("v"), "value": V([7, 8, 9], f32)}, validate_shape=False),
        N("assign2", "Assign", {"ref": Rf("v"), "value": V([1, 2], f32)}),
    ], [["run", "read"], ["run", "init"], ["run", "add_early"], ["run", "assign3"], ["run", "assign"],
        ["run", "init"], ["run", "read"], ["run", "add"], ["run", "sub"], ["run", "read"],
        ["run", "add3"], ["run", "sub3"], ["run", "assign3_free"], ["run", "read"], ["run", "assign2"]]))
    sc.append(S("ref variable of unknown shape", [
        N("v", "VariableV2", shape=None, dtype=f32),
        N("assign", "Assign", {"ref": Rf("v"), "value": V([1, 2, 3], f32)}),
        N("assign_free", "Assign", {"ref": Rf("v"), "value": V([1, 2, 3], f32)}, validate_shape=False),
        N("read", "Identity", {"input": Rf("v")}),
        N("scalar", "VariableV2", shape=[], dtype=f32),
        N("assign_scalar", "Assign", {"ref": Rf("scalar"), "value": V(4.5, f32)}),
    ], [["run", "assign"], ["run", "read"], ["run", "assign_free"], ["run", "read"], ["run", "assign_scalar"]]))
    sc.append(S("ref variables: integer dtypes, the legacy Variable op", [
        N("i", "VariableV2", shape=[3], dtype="int32"),
        N("l", "Variable", shape=[2], dtype="int64"),
        N("ai", "Assign", {"ref": Rf("i"), "value": V([1, -2, 2147483647], "int32")}),
        N("addi", "AssignAdd", {"ref": Rf("i"), "value": V([1, 1, 1], "int32")}),
        N("al", "Assign", {"ref": Rf("l"), "value": V([2**40, -5], "int64")}),
        N("subl", "AssignSub", {"ref": Rf("l"), "value": V([1, 2**41], "int64")}),
        N("d", "VariableV2", shape=[2], dtype="float64"),
        N("ad", "Assign", {"ref": Rf("d"), "value": V([0.1, 0.2], "float64")}),
        N("addd", "AssignAdd", {"ref": Rf("d"), "value": V([0.2, 1e-17], "float64")}),
    ], [["run", "ai"], ["run", "addi"], ["run", "al"], ["run", "subl"], ["run", "ad"], ["run", "addd"]]))
    sc.append(S("ref variables: shared_name and containers", [
        N("a", "VariableV2", shape=[2], dtype=f32, shared_name="shared"),
        N("b", "VariableV2", shape=[2], dtype=f32, shared_name="shared"),
        N("c", "VariableV2", shape=[2], dtype=f32, shared_name="shared", container="box"),
        N("ai", "IsVariableInitialized", {"ref": Rf("a")}),
        N("bi", "IsVariableInitialized", {"ref": Rf("b")}),
        N("ci", "IsVariableInitialized", {"ref": Rf("c")}),
        N("assign_a", "Assign", {"ref": Rf("a"), "value": V([3, 4], f32)}),
        N("read_b", "Identity", {"input": Rf("b")}),
        N("read_c", "Identity", {"input": Rf("c")}),
        N("wrong_dtype", "VariableV2", shape=[2], dtype="int32", shared_name="shared"),
        N("wrong_shape", "VariableV2", shape=[3], dtype=f32, shared_name="shared"),
        N("read_wd", "Identity", {"input": Rf("wrong_dtype")}),
        N("read_ws", "Identity", {"input": Rf("wrong_shape")}),
    ], [["run", "bi"], ["run", "assign_a"], ["run", "ai"], ["run", "bi"], ["run", "ci"],
        ["run", "read_b"], ["run", "read_c"], ["run", "read_wd"], ["run", "read_ws"]]))

    sc.append(S("resource variable: lookups before creation, assign, dtype and shape checks", [
        N("h", "VarHandleOp", dtype=f32, shape=[2]),
        N("h_other", "VarHandleOp", dtype=f32, shape=[2]),
        N("h_named", "VarHandleOp", dtype=f32, shape=[2], shared_name="named"),
        N("read", "ReadVariableOp", {"resource": Rf("h")}, dtype=f32),
        N("read_other", "ReadVariableOp", {"resource": Rf("h_other")}, dtype=f32),
        N("read_named", "ReadVariableOp", {"resource": Rf("h_named")}, dtype=f32),
        N("is_init", "VarIsInitializedOp", {"resource": Rf("h")}),
        N("add_early", "AssignAddVariableOp", {"resource": Rf("h"), "value": V([1, 2], f32)}),
        N("sub_early", "AssignSubVariableOp", {"resource": Rf("h"), "value": V([1, 2], f32)}),
        N("gd_early", "ResourceApplyGradientDescent",
          {"var": Rf("h"), "alpha": V(0.5, f32), "delta": V([1, 2], f32)}),
        N("assign", "AssignVariableOp", {"resource": Rf("h"), "value": V([1, 2], f32)}),
        N("assign3_checked", "AssignVariableOp", {"resource": Rf("h"), "value": V([1, 2, 3], f32)},
          validate_shape=True),
        N("assign2_checked", "AssignVariableOp", {"resource": Rf("h"), "value": V([5, 6], f32)},
          validate_shape=True),
        N("add", "AssignAddVariableOp", {"resource": Rf("h"), "value": V([0.5, 0.25], f32)}),
        N("sub", "AssignSubVariableOp", {"resource": Rf("h"), "value": V([1, 1], f32)}),
        N("add3", "AssignAddVariableOp", {"resource": Rf("h"), "value": V([1, 2, 3], f32)}),
        N("sub3", "AssignSubVariableOp", {"resource": Rf("h"), "value": V([1, 2, 3], f32)}),
        N("assign3", "AssignVariableOp", {"resource": Rf("h"), "value": V([7, 8, 9], f32)}),
    ], [["run", "read"], ["run", "is_init"], ["run", "add_early"], ["run", "sub_early"], ["run", "gd_early"],
        ["run", "read_named"], ["run", "assign"], ["run", "is_init"], ["run", "read"], ["run", "read_other"],
        ["run", "read_named"], ["run", "assign3_checked"], ["run", "assign2_checked"], ["run", "read"],
        ["run", "add"], ["run", "sub"], ["run", "read"], ["run", "add3"], ["run", "sub3"], ["run", "assign3"],
        ["run", "read"]],
        note="VarHandleOp with an empty shared_name names the variable '' (h and h_other share it)."))
    sc.append(S("resource variable: wrong dtypes through a shared name", [
        N("hf", "VarHandleOp", dtype=f32, shape=[2], shared_name="x"),
        N("hi", "VarHandleOp", dtype="int32", shape=[2], shared_name="x"),
        N("assign_f", "AssignVariableOp", {"resource": Rf("hf"), "value": V([1, 2], f32)}),
        N("read_i", "ReadVariableOp", {"resource": Rf("hi")}, dtype="int32"),
        N("assign_i", "AssignVariableOp", {"resource": Rf("hi"), "value": V([1, 2], "int32")}),
        N("add_i", "AssignAddVariableOp", {"resource": Rf("hi"), "value": V([1, 2], "int32")}),
        N("sub_i", "AssignSubVariableOp", {"resource": Rf("hi"), "value": V([1, 2], "int32")}),
        N("read_f", "ReadVariableOp", {"resource": Rf("hf")}, dtype=f32),
    ], [["run", "assign_f"], ["run", "read_i"], ["run", "assign_i"], ["run", "add_i"], ["run", "sub_i"],
        ["run", "read_f"]],
        note="ResourceApply* on a variable of another dtype aborts TF 2.21's process (a CHECK), so it is not recorded."))
    sc.append(S("resource variable: DestroyResourceOp", [
        N("h", "VarHandleOp", dtype=f32, shape=[2], shared_name="v"),
        N("assign", "AssignVariableOp", {"resource": Rf("h"), "value": V([1, 2], f32)}),
        N("read", "ReadVariableOp", {"resource": Rf("h")}, dtype=f32),
        N("is_init", "VarIsInitializedOp", {"resource": Rf("h")}),
        N("destroy", "DestroyResourceOp", {"resource": Rf("h")}),
        N("destroy_strict", "DestroyResourceOp", {"resource": Rf("h")}, ignore_lookup_error=False),
        N("add", "AssignAddVariableOp", {"resource": Rf("h"), "value": V([1, 2], f32)}),
        N("gd", "ResourceApplyGradientDescent", {"var": Rf("h"), "alpha": V(0.5, f32), "delta": V([1, 2], f32)}),
        N("assign3", "AssignVariableOp", {"resource": Rf("h"), "value": V([1, 2, 3], f32)}, validate_shape=True),
    ], [["run", "assign"], ["run", "destroy"], ["run", "is_init"], ["run", "read"], ["run", "destroy"],
        ["run", "destroy_strict"], ["run", "add"], ["run", "gd"], ["run", "assign3"], ["run", "read"]]))
    sc.append(S("resource variable: containers, integer dtypes", [
        N("h", "VarHandleOp", dtype="int64", shape=[2], shared_name="n", container="box"),
        N("read", "ReadVariableOp", {"resource": Rf("h")}, dtype="int64"),
        N("add_early", "AssignAddVariableOp", {"resource": Rf("h"), "value": V([1, 2], "int64")}),
        N("assign", "AssignVariableOp", {"resource": Rf("h"), "value": V([2**40, 3], "int64")}),
        N("add", "AssignAddVariableOp", {"resource": Rf("h"), "value": V([1, -5], "int64")}),
        N("other", "VarHandleOp", dtype="int64", shape=[2], shared_name="m", container="box"),
        N("read_other", "ReadVariableOp", {"resource": Rf("other")}, dtype="int64"),
        N("h_i", "VarHandleOp", dtype="int32", shape=[], shared_name="k"),
        N("assign_i", "AssignVariableOp", {"resource": Rf("h_i"), "value": V(2147483647, "int32")}),
        N("add_i", "AssignAddVariableOp", {"resource": Rf("h_i"), "value": V(1, "int32")}),
        N("read_i", "ReadVariableOp", {"resource": Rf("h_i")}, dtype="int32"),
    ], [["run", "read"], ["run", "add_early"], ["run", "assign"], ["run", "add"], ["run", "read"],
        ["run", "read_other"], ["run", "assign_i"], ["run", "add_i"], ["run", "read_i"]]))
    return sc


# ---------------------------------------------------------------- optimizers

def _rand(seed, shape, dtype):
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def optimizer_scenarios():
    sc = []
    shape = [2, 3]
    for dtype in ["float32", "float64"]:
        var0 = _rand(1, shape, dtype).tolist()
        grads = [_rand(10 + k, shape, dtype).tolist() for k in range(3)]
        acc0 = np.abs(_rand(2, shape, dtype)).tolist()
        acc1 = np.abs(_rand(3, shape, dtype)).tolist()
        for form in ["ref", "resource"]:
            def slot(name, init):
                if form == "ref":
                    return [N(name, "VariableV2", shape=shape, dtype=dtype),
                            N(name + "_init", "Assign", {"ref": Rf(name), "value": V(init, dtype)}),
                            N(name + "_read", "Identity", {"input": Rf(name)})]
                return [N(name, "VarHandleOp", shape=shape, dtype=dtype, shared_name=name),
                        N(name + "_init", "AssignVariableOp", {"resource": Rf(name), "value": V(init, dtype)}),
                        N(name + "_read", "ReadVariableOp", {"resource": Rf(name)}, dtype=dtype)]
            pre = "" if form == "ref" else "Resource"

            nodes = slot("var", var0)
            steps = [["run", "var_init"]]
            for k, g in enumerate(grads):
                nodes.append(N(f"step{k}", pre + "ApplyGradientDescent",
                               {"var": Rf("var"), "alpha": V(0.1 * (k + 1), dtype), "delta": V(g, dtype)}))
                steps += [["run", f"step{k}"], ["run", "var_read"]]
            sc.append(S(f"{pre}ApplyGradientDescent {dtype}", nodes, steps))

            for nesterov in [False, True]:
                nodes = slot("var", var0) + slot("accum", acc0)
                steps = [["run", "var_init"], ["run", "accum_init"]]
                for k, g in enumerate(grads):
                    nodes.append(N(f"step{k}", pre + "ApplyMomentum",
                                   {"var": Rf("var"), "accum": Rf("accum"), "lr": V(0.05, dtype),
                                    "grad": V(g, dtype), "momentum": V(0.9, dtype)}, use_nesterov=nesterov))
                    steps += [["run", f"step{k}"], ["run", "var_read"], ["run", "accum_read"]]
                sc.append(S(f"{pre}ApplyMomentum {dtype} use_nesterov={nesterov}", nodes, steps))

                nodes = slot("var", var0) + slot("m", acc0) + slot("v", acc1)
                steps = [["run", "var_init"], ["run", "m_init"], ["run", "v_init"]]
                b1, b2 = 0.9, 0.999
                for k, g in enumerate(grads):
                    t = k + 1
                    nodes.append(N(f"step{k}", pre + "ApplyAdam",
                                   {"var": Rf("var"), "m": Rf("m"), "v": Rf("v"),
                                    "beta1_power": V(b1 ** t, dtype), "beta2_power": V(b2 ** t, dtype),
                                    "lr": V(0.01, dtype), "beta1": V(b1, dtype), "beta2": V(b2, dtype),
                                    "epsilon": V(1e-7, dtype), "grad": V(g, dtype)}, use_nesterov=nesterov))
                    steps += [["run", f"step{k}"], ["run", "var_read"], ["run", "m_read"], ["run", "v_read"]]
                sc.append(S(f"{pre}ApplyAdam {dtype} use_nesterov={nesterov}", nodes, steps))

            nodes = slot("var", var0) + slot("ms", acc0) + slot("mom", acc1)
            steps = [["run", "var_init"], ["run", "ms_init"], ["run", "mom_init"]]
            for k, g in enumerate(grads):
                nodes.append(N(f"step{k}", pre + "ApplyRMSProp",
                               {"var": Rf("var"), "ms": Rf("ms"), "mom": Rf("mom"), "lr": V(0.01, dtype),
                                "rho": V(0.9, dtype), "momentum": V(0.5, dtype), "epsilon": V(1e-7, dtype),
                                "grad": V(g, dtype)}))
                steps += [["run", f"step{k}"], ["run", "var_read"], ["run", "ms_read"], ["run", "mom_read"]]
            sc.append(S(f"{pre}ApplyRMSProp {dtype}", nodes, steps))

    # Argument checks, in both forms.
    f = "float32"
    for form in ["ref", "resource"]:
        pre = "" if form == "ref" else "Resource"
        nodes, steps = [], []
        for name in ["var", "accum", "m", "v", "ms", "mom", "short"]:
            # "short" has a shape the graph does not know, so the kernels see the mismatch.
            shp, n = (None, 3) if name == "short" else ([2], 2)
            if form == "ref":
                nodes += [N(name, "VariableV2", shape=shp, dtype=f),
                          N(name + "_init", "Assign", {"ref": Rf(name), "value": V([0.5] * n, f)},
                            validate_shape=shp is not None)]
            else:
                nodes += [N(name, "VarHandleOp", shape=shp, dtype=f, shared_name=name),
                          N(name + "_init", "AssignVariableOp", {"resource": Rf(name), "value": V([0.5] * n, f)})]
        s1, v2, v3 = V(0.1, f), V([1, 2], f), V([1, 2, 3], f)
        vec = V([0.1], f)

        def gd(name, **ins):
            base = {"var": Rf("var"), "alpha": s1, "delta": v2}
            base.update(ins)
            nodes.append(N(name, pre + "ApplyGradientDescent", base))

        def mom(name, **ins):
            base = {"var": Rf("var"), "accum": Rf("accum"), "lr": s1, "grad": v2, "momentum": s1}
            base.update(ins)
            nodes.append(N(name, pre + "ApplyMomentum", base))

        def adam(name, **ins):
            base = {"var": Rf("var"), "m": Rf("m"), "v": Rf("v"), "beta1_power": s1, "beta2_power": s1,
                    "lr": s1, "beta1": s1, "beta2": s1, "epsilon": s1, "grad": v2}
            base.update(ins)
            nodes.append(N(name, pre + "ApplyAdam", base))

        def rms(name, **ins):
            base = {"var": Rf("var"), "ms": Rf("ms"), "mom": Rf("mom"), "lr": s1, "rho": s1,
                    "momentum": s1, "epsilon": s1, "grad": v2}
            base.update(ins)
            nodes.append(N(name, pre + "ApplyRMSProp", base))

        gd("gd_uninit")
        mom("mom_uninit_accum")
        adam("adam_uninit_v")
        rms("rms_uninit_mom")
        gd("gd_alpha", alpha=vec)
        gd("gd_delta", delta=v3)
        mom("mom_lr", lr=vec)
        mom("mom_momentum", momentum=vec)
        mom("mom_accum", accum=Rf("short"))
        mom("mom_grad", grad=v3)
        for arg in ["beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon"]:
            adam("adam_" + arg, **{arg: vec})
        adam("adam_m", m=Rf("short"))
        adam("adam_v", v=Rf("short"))
        adam("adam_grad", grad=v3)
        for arg in ["lr", "rho", "momentum", "epsilon"]:
            rms("rms_" + arg, **{arg: vec})
        rms("rms_ms", ms=Rf("short"))
        rms("rms_mom", mom=Rf("short"))
        rms("rms_grad", grad=v3)
        steps = [["run", "gd_uninit"], ["run", "var_init"], ["run", "mom_uninit_accum"],
                 ["run", "accum_init"], ["run", "m_init"], ["run", "adam_uninit_v"], ["run", "v_init"],
                 ["run", "ms_init"], ["run", "rms_uninit_mom"], ["run", "mom_init"], ["run", "short_init"]]
        steps += [["run", n["name"]] for n in nodes
                  if n["op"].startswith(pre + "Apply") and "uninit" not in n["name"]]
        sc.append(S(f"{pre}Apply* argument checks", nodes, steps))
    return sc


# ---------------------------------------------------------------- queues

def queue_scenarios():
    f, i = "float32", "int32"
    sc = []
    sc.append(S("queue names: private queues are _N_<node>, numbered on first run", [
        N("fifo_queue", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=2),
        N("q2", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=2),
        N("shq", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=2, shared_name="shq"),
        N("close2", "QueueCloseV2", {"handle": Rf("q2")}),
        N("deq2", "QueueDequeueV2", {"handle": Rf("q2")}, component_types=[f]),
        N("close1", "QueueCloseV2", {"handle": Rf("fifo_queue")}),
        N("deq1", "QueueDequeueV2", {"handle": Rf("fifo_queue")}, component_types=[f]),
        N("closes", "QueueCloseV2", {"handle": Rf("shq")}),
        N("deqs", "QueueDequeueV2", {"handle": Rf("shq")}, component_types=[f]),
        N("enqs", "QueueEnqueueV2", {"handle": Rf("shq"), "components": [V(1, f)]}),
    ], [["run", "close2"], ["run", "deq2"], ["run", "close1"], ["run", "deq1"], ["run", "closes"],
        ["run", "deqs"], ["run", "enqs"], ["run", "close1"], ["run", "deq1"]]))
    sc.append(S("queue: component checks, dequeue_many, close", [
        N("q", "FIFOQueueV2", component_types=[f, i], shapes=[[2], []], capacity=3),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([1, 2], f), V(7, i)]}),
        N("enq_bad_shape0", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([1, 2, 3], f), V(7, i)]}),
        N("enq_bad_shape1", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([1, 2], f), V([7], i)]}),
        N("enq_bad_type", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([1, 2], i), V(7, i)]}),
        N("enq_too_few", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([1, 2], f)]}),
        N("enqm", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([[3, 4], [5, 6]], f), V([8, 9], i)]}),
        N("enqm_bad1", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([[3, 4], [5, 6]], f), V([8], i)]}),
        N("enqm_bad0", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([3, 4], f), V(8, i)]}),
        N("enqm_empty", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V(np.zeros([0, 2]), f), V(np.zeros([0]), i)]}),
        N("deqm2", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f, i]),
        N("deqm_neg", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(-1, i)}, component_types=[f, i]),
        N("dequ_neg", "QueueDequeueUpToV2", {"handle": Rf("q"), "n": V(-1, i)}, component_types=[f, i]),
        N("deq_one_type", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("deq_bad_types", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f, f]),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f, i]),
        N("deqm0", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(0, i)}, component_types=[f, i]),
        N("dequ0", "QueueDequeueUpToV2", {"handle": Rf("q"), "n": V(0, i)}, component_types=[f, i]),
        N("deqm_bad_types", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(1, i)}, component_types=[i, i]),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
        N("close_cancel", "QueueCloseV2", {"handle": Rf("q")}, cancel_pending_enqueues=True),
    ], [["run", "enq"], ["run", "size"], ["run", "enq_bad_shape0"], ["run", "enq_bad_shape1"], ["run", "enq_bad_type"],
        ["run", "enq_too_few"], ["run", "enqm"], ["run", "enqm_bad1"], ["run", "enqm_bad0"], ["run", "size"],
        ["run", "deqm2"], ["run", "deqm_neg"], ["run", "dequ_neg"], ["run", "deq_one_type"], ["run", "deq_bad_types"],
        ["run", "deqm_bad_types"], ["run", "deq"], ["run", "enqm_empty"], ["run", "deqm0"], ["run", "dequ0"],
        ["run", "size"], ["run", "close"], ["run", "size"], ["run", "enq"], ["run", "enqm"], ["run", "enqm_empty"],
        ["run", "enq_bad_shape0"], ["run", "deqm0"], ["run", "dequ0"], ["run", "deq"], ["run", "deqm2"],
        ["run", "close"], ["run", "close_cancel"]]))
    sc.append(S("queue with unknown component shapes", [
        N("q", "FIFOQueueV2", component_types=[f, i], capacity=-1),
        N("enq_a", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([1, 2], f), V(1, i)]}),
        N("enq_b", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V([[1, 2, 3]], f), V([4, 5], i)]}),
        N("enqm", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([[1, 2], [3, 4]], f), V([5, 6], i)]}),
        N("enqm_bad", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([[1, 2], [3, 4]], f), V([5, 6, 7], i)]}),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f, i]),
        N("deqm", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f, i]),
        N("deqm0", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(0, i)}, component_types=[f, i]),
        N("dequ", "QueueDequeueUpToV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f, i]),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
    ], [["run", "enq_a"], ["run", "enq_b"], ["run", "enqm"], ["run", "enqm_bad"], ["run", "size"], ["run", "deqm"],
        ["run", "deqm0"], ["run", "dequ"], ["run", "deq"], ["run", "deq"], ["run", "deq"], ["run", "deq"],
        ["run", "close"], ["run", "deqm"], ["run", "deq"]]))
    sc.append(S("queue: dequeue_up_to and dequeue_many after close", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=5),
        N("enqm", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([1, 2, 3], f)]}),
        N("dequ2", "QueueDequeueUpToV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f]),
        N("deqm2", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f]),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
    ], [["run", "enqm"], ["run", "dequ2"], ["run", "enqm"], ["run", "close"], ["run", "size"], ["run", "deqm2"],
        ["run", "dequ2"], ["run", "deqm2"], ["run", "dequ2"], ["run", "deq"], ["run", "size"]]))
    sc.append(S("queue attrs checked when the queue op runs", [
        N("partial", "FIFOQueueV2", component_types=[f], shapes=[[None]], capacity=2),
        N("counts", "FIFOQueueV2", component_types=[f], shapes=[[], []], capacity=2),
        N("zero", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=0),
        N("size_partial", "QueueSizeV2", {"handle": Rf("partial")}),
        N("size_counts", "QueueSizeV2", {"handle": Rf("counts")}),
        N("size_zero", "QueueSizeV2", {"handle": Rf("zero")}),
        N("enq_zero", "QueueEnqueueV2", {"handle": Rf("zero"), "components": [V(1, f)]}),
    ], [["run", "size_partial"], ["run", "size_counts"], ["run", "size_zero"], ["start", "enq_zero", "e"],
        ["pending", "e"], ["cancel_all"], ["await", "e"]]))
    sc.append(S("queue: blocked dequeues wake in order", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=-1),
        N("enq1", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(1, f)]}),
        N("enq2", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(2, f)]}),
        N("enqm", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([3, 4, 5], f)]}),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("deqm2", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f]),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
    ], [["start", "deq", "a"], ["start", "deq", "b"], ["pending", "a"], ["pending", "b"], ["run", "size"],
        ["run", "enq1"], ["await", "a"], ["pending", "b"], ["run", "enq2"], ["await", "b"],
        ["start", "deqm2", "c"], ["start", "deq", "d"], ["run", "enq1"], ["pending", "c"], ["pending", "d"],
        ["run", "enqm"], ["await", "c"], ["await", "d"], ["run", "size"], ["run", "deq"]]))
    sc.append(S("queue: a blocked dequeue_many keeps what it took; close puts it back", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=-1),
        N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(1, f)]}),
        N("deqm3", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(3, i)}, component_types=[f]),
        N("dequ3", "QueueDequeueUpToV2", {"handle": Rf("q"), "n": V(3, i)}, component_types=[f]),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
    ], [["start", "deqm3", "m"], ["run", "enq"], ["pending", "m"], ["run", "size"], ["run", "close"],
        ["await", "m"], ["run", "size"], ["run", "deq"], ["run", "deq"]]))
    sc.append(S("queue: a blocked dequeue_up_to returns a short batch on close", [
        N("q", "FIFOQueueV2", component_types=[f, i], shapes=[[], [2]], capacity=-1),
        N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(1, f), V([2, 3], i)]}),
        N("dequ3", "QueueDequeueUpToV2", {"handle": Rf("q"), "n": V(3, i)}, component_types=[f, i]),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
    ], [["start", "dequ3", "u"], ["run", "enq"], ["run", "enq"], ["pending", "u"], ["run", "close"],
        ["await", "u"], ["run", "dequ3"]]))
    sc.append(S("queue: a full queue blocks enqueues; a plain close waits behind them", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=1),
        N("enq1", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(1, f)]}),
        N("enq2", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(2, f)]}),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
    ], [["run", "enq1"], ["start", "enq2", "e"], ["pending", "e"], ["start", "close", "c"], ["pending", "c"],
        ["run", "size"], ["run", "deq"], ["await", "e"], ["await", "c"], ["run", "size"], ["run", "deq"],
        ["run", "deq"], ["run", "close"]]))
    sc.append(S("queue: close(cancel_pending_enqueues) cancels blocked enqueues and pending closes", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=2),
        N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(1, f)]}),
        N("enqm", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [V([2, 3, 4], f)]}),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
        N("close_cancel", "QueueCloseV2", {"handle": Rf("q")}, cancel_pending_enqueues=True),
    ], [["run", "enq"], ["start", "enqm", "m"], ["pending", "m"], ["run", "deq"], ["pending", "m"],
        ["run", "size"], ["start", "close", "c"], ["pending", "c"], ["run", "close_cancel"], ["await", "m"],
        ["await", "c"], ["run", "size"], ["run", "deq"], ["run", "deq"], ["run", "deq"], ["run", "close_cancel"],
        ["run", "enq"]]))
    sc.append(S("queue: closing the session cancels blocked dequeues and enqueues", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=1, shared_name="q"),
        N("p", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=1, shared_name="p"),
        N("enq", "QueueEnqueueV2", {"handle": Rf("p"), "components": [V(1, f)]}),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("deqm", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f]),
    ], [["run", "enq"], ["start", "deq", "d"], ["start", "deqm", "m"], ["start", "enq", "e"], ["pending", "d"],
        ["pending", "e"], ["cancel_all"], ["await", "d"], ["await", "m"], ["await", "e"]]))
    sc.append(S("queue: a run timeout on a blocked dequeue", [
        N("q", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=1),
        N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(5, f)]}),
        N("deq", "QueueDequeueV2", {"handle": Rf("q")}, component_types=[f]),
        N("deqm", "QueueDequeueManyV2", {"handle": Rf("q"), "n": V(2, i)}, component_types=[f]),
    ], [["timeout", "deq", 200], ["timeout", "deqm", 200], ["run", "enq"], ["timeout", "enq", 200],
        ["run", "deq"]]))
    sc.append(S("queue: shared queues must match; destroyed queues are gone", [
        N("a", "FIFOQueueV2", component_types=[f], shapes=[[2]], capacity=3, shared_name="sq"),
        N("types", "FIFOQueueV2", component_types=[i], shapes=[[2]], capacity=3, shared_name="sq"),
        N("shapes", "FIFOQueueV2", component_types=[f], shapes=[[3]], capacity=3, shared_name="sq"),
        N("unknown", "FIFOQueueV2", component_types=[f], capacity=3, shared_name="sq"),
        N("cap", "FIFOQueueV2", component_types=[f], shapes=[[2]], capacity=4, shared_name="sq"),
        N("unbounded", "FIFOQueueV2", component_types=[f], shapes=[[2]], shared_name="sq"),
        N("size_a", "QueueSizeV2", {"handle": Rf("a")}),
        N("size_types", "QueueSizeV2", {"handle": Rf("types")}),
        N("size_shapes", "QueueSizeV2", {"handle": Rf("shapes")}),
        N("size_unknown", "QueueSizeV2", {"handle": Rf("unknown")}),
        N("size_cap", "QueueSizeV2", {"handle": Rf("cap")}),
        N("size_unbounded", "QueueSizeV2", {"handle": Rf("unbounded")}),
        N("destroy", "DestroyResourceOp", {"resource": Rf("a")}),
        N("enq", "QueueEnqueueV2", {"handle": Rf("a"), "components": [V([1, 2], f)]}),
        N("p", "FIFOQueueV2", component_types=[f], shapes=[[]], capacity=3),
        N("close_p", "QueueCloseV2", {"handle": Rf("p")}),
        N("destroy_p", "DestroyResourceOp", {"resource": Rf("p")}),
        N("deq_p", "QueueDequeueV2", {"handle": Rf("p")}, component_types=[f]),
    ], [["run", "size_a"], ["run", "size_types"], ["run", "size_shapes"], ["run", "size_unknown"], ["run", "size_cap"],
        ["run", "size_unbounded"], ["run", "enq"], ["run", "size_a"], ["run", "destroy"], ["run", "size_a"],
        ["run", "close_p"], ["run", "deq_p"], ["run", "destroy_p"], ["run", "close_p"], ["run", "deq_p"]],
        note="A queue op whose queue was destroyed makes a new one on its next run (a private one under a new name)."))
    return sc


# ---------------------------------------------------------------- readers and files

def reader_scenarios():
    s, i = "string", "int32"
    sc = []
    sc.append(S("WholeFileReader: reads whole files; a failed file stays current", [
        N("q", "FIFOQueueV2", component_types=[s], shapes=[[]], capacity=10),
        N("reader", "WholeFileReaderV2"),
        N("reader2", "WholeFileReaderV2", shared_name="shr"),
        N("enqm", "QueueEnqueueManyV2", {"handle": Rf("q"), "components": [
            V([P("a.txt"), P("empty.txt"), P("b.bin"), P("missing.txt"), P("sub"), P("a.txt")], s)]}),
        N("read", "ReaderReadV2", {"reader_handle": Rf("reader"), "queue_handle": Rf("q")}),
        N("read2", "ReaderReadV2", {"reader_handle": Rf("reader2"), "queue_handle": Rf("q")}),
        N("size", "QueueSizeV2", {"handle": Rf("q")}),
        N("close", "QueueCloseV2", {"handle": Rf("q")}),
    ], [["run", "enqm"], ["run", "read"], ["run", "read"], ["run", "read"], ["run", "read"], ["run", "size"],
        ["run", "read"], ["run", "read2"], ["run", "read2"], ["run", "close"], ["run", "read"], ["run", "read2"]]))
    sc.append(S("WholeFileReader: waits for a filename", [
        N("q", "FIFOQueueV2", component_types=[s], shapes=[[]], capacity=10),
        N("reader", "WholeFileReaderV2"),
        N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": [V(P("a.txt"), s)]}),
        N("read", "ReaderReadV2", {"reader_handle": Rf("reader"), "queue_handle": Rf("q")}),
    ], [["start", "read", "r"], ["pending", "r"], ["run", "enq"], ["await", "r"], ["start", "read", "c"],
        ["cancel_all"], ["await", "c"]]))
    for name, dtypes, shapes, value in [
        ("int queue", [i], [[]], [V(3, i)]),
        ("two-component queue", [s, s], [[], []], [V("x", s), V("y", s)]),
        ("vector string queue", [s], [[2]], [V(["x", "y"], s)]),
        ("one-element vector of unknown shape", [s], None, [V([P("a.txt")], s)]),
    ]:
        attrs = {"component_types": dtypes, "capacity": 10}
        if shapes is not None:
            attrs["shapes"] = shapes
        sc.append(S(f"ReaderReadV2 from a {name}", [
            N("q", "FIFOQueueV2", **attrs),
            N("reader", "WholeFileReaderV2"),
            N("enq", "QueueEnqueueV2", {"handle": Rf("q"), "components": value}),
            N("read", "ReaderReadV2", {"reader_handle": Rf("reader"), "queue_handle": Rf("q")}),
        ], [["run", "enq"], ["run", "read"]]))
    nodes, steps = [], []
    for k, name in enumerate([P("a.txt"), P("b.bin"), P("empty.txt"), P("missing.txt"), P("sub"), P("sub/"),
                              P("a.txt/x"), P("missing/"), "{dir}//./sub/../missing.txt", "",
                              "file://" + P("a.txt"), "file://" + P("missing"), "foo://bucket/x",
                              "/" + "x" * 300]):
        nodes.append(N(f"read{k}", "ReadFile", {"filename": V(name, s)}))
        steps.append(["run", f"read{k}"])
    nodes.append(N("read_vec", "ReadFile", {"filename": V([P("a.txt")], s)}))
    steps.append(["run", "read_vec"])
    sc.append(S("ReadFile", nodes, steps))
    return sc


# ---------------------------------------------------------------- running in TensorFlow

def run_scenario(spec):
    import tensorflow as tf
    sys.path.insert(0, HERE)
    from oracle_util import core_message, encode_array, encode_attr

    T = tf.compat.v1
    g = tf.Graph()
    built = {}
    flat_inputs = {}

    def subst(v):
        if isinstance(v, str):
            return v.replace("{dir}", FILES)
        if isinstance(v, list):
            return [subst(x) for x in v]
        return v

    def array_of(x):
        if x[2] != "string":
            return np.array(x[1], dtype=x[2])
        return np.array(subst(x[1]), dtype=object).astype(bytes).astype(object)

    def tensor_of(x):
        if x[0] == "ref":
            return built[x[1]].outputs[x[2]]
        value = array_of(x)
        return T.placeholder_with_default(tf.constant(value, dtype=tf.as_dtype(x[2])), shape=None)

    def json_input(x):
        if x[0] == "ref":
            return {"node": x[1], "output": x[2]}
        value = array_of(x)
        return {"value": encode_array(value, tf.as_dtype(x[2]))}

    with g.as_default(), g.device("/device:CPU:0"):
        for node in spec["nodes"]:
            kwargs = {}
            for arg, x in node["inputs"].items():
                kwargs[arg] = [tensor_of(e) for e in x] if isinstance(x, list) else tensor_of(x)
            attrs = dict(node["attrs"])
            op_fn = getattr(tf.raw_ops, node["op"])
            result = op_fn(**kwargs, **attrs, name=node["name"])
            op = result if isinstance(result, tf.Operation) else g.get_operation_by_name(node["name"])
            built[node["name"]] = op
            flat = []
            for arg in op.op_def.input_arg:
                x = node["inputs"][arg.name]
                flat.extend(json_input(e) for e in x) if isinstance(x, list) else flat.append(json_input(x))
            flat_inputs[node["name"]] = flat

    def attrs_of(op):
        out = {}
        for a in op.op_def.attr:
            v = op.get_attr(a.name)
            if hasattr(v, "unknown_rank"):
                v = tf.TensorShape(v)
            elif isinstance(v, list) and v and hasattr(v[0], "unknown_rank"):
                v = [tf.TensorShape(x) for x in v]
            out[a.name] = encode_attr(v)
        return out

    nodes_json = {n["name"]: {"op": n["op"], "attrs": attrs_of(built[n["name"]]),
                              "inputs": flat_inputs[n["name"]]} for n in spec["nodes"]}

    def message_of(e):
        msg = core_message(e.message)
        if msg.startswith("Graph execution error:"):
            msg = msg[len("Graph execution error:"):].strip()
        return msg

    def run_once(sess, name, options=None):
        op = built[name]
        fetch = [t for t in op.outputs if t.dtype != tf.resource] if op.outputs else []
        try:
            values = sess.run(fetch if fetch else op, options=options)
        except tf.errors.OpError as e:
            return {"error": {"class": type(e).__name__, "message": message_of(e)}}
        if not op.outputs:
            return {"outputs": []}
        it = iter(values if fetch else [])
        return {"outputs": [None if t.dtype == tf.resource else encode_array(next(it), t.dtype.base_dtype)
                            for t in op.outputs]}

    sess = T.Session(graph=g)
    threads = {}
    steps = []
    for step in spec["steps"]:
        kind = step[0]
        rec = {"step": step}
        if os.environ.get("STATE_FIXTURES_DEBUG"):
            print("step", step, file=sys.stderr, flush=True)
        if kind == "run":
            rec.update(run_once(sess, step[1]))
        elif kind == "start":
            box = {}

            def work(name=step[1], box=box):
                box["result"] = run_once(sess, name)

            t = threading.Thread(target=work)
            t.start()
            threads[step[2]] = (t, box)
            time.sleep(0.3)
        elif kind == "pending":
            time.sleep(0.3)
            rec["pending"] = threads[step[1]][0].is_alive()
        elif kind == "await":
            t, box = threads[step[1]]
            t.join(30)
            rec.update(box.get("result", {"error": {"class": "Hung", "message": ""}}))
        elif kind == "cancel_all":
            sess.close()
        elif kind == "timeout":
            rec.update(run_once(sess, step[1], T.RunOptions(timeout_in_ms=step[2])))
        steps.append(rec)
    if not any(s["step"][0] == "cancel_all" for s in steps):
        sess.close()
    out = {"name": spec["name"], "nodes": nodes_json, "steps": steps}
    if spec.get("note"):
        out["note"] = spec["note"]
    return json.loads(json.dumps(out).replace(FILES, "{dir}"))


def write_files():
    os.makedirs(os.path.join(FILES, "sub"), exist_ok=True)
    with open(os.path.join(FILES, "a.txt"), "wb") as f:
        f.write(b"hello")
    with open(os.path.join(FILES, "empty.txt"), "wb") as f:
        f.write(b"")
    with open(os.path.join(FILES, "b.bin"), "wb") as f:
        f.write(b"\xff\x00bin\n")
    with open(os.path.join(FILES, "sub", "c.txt"), "wb") as f:
        f.write(b"in a directory")


GROUPS = {"variables": (variable_scenarios, False), "optimizers": (optimizer_scenarios, False),
          "queues": (queue_scenarios, True), "readers": (reader_scenarios, True)}


def run_in_fresh_process(group, index):
    # TF numbers private queues and readers from a process-wide counter.
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", group, str(index)],
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    if sys.argv[1:2] == ["--one"]:
        make, _ = GROUPS[sys.argv[2]]
        print(json.dumps(run_scenario(make()[int(sys.argv[3])])))
        return
    import tensorflow as tf
    write_files()
    for group, (make, fresh) in GROUPS.items():
        if len(sys.argv) > 1 and group not in sys.argv[1:]:
            continue
        specs = make()
        if fresh:
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                scenarios = list(pool.map(lambda k: run_in_fresh_process(group, k), range(len(specs))))
        else:
            scenarios = [run_scenario(spec) for spec in specs]
        with open(os.path.join(OUT_DIR, f"{group}.json"), "w") as f:
            json.dump({"tf_version": tf.__version__, "scenarios": scenarios}, f, indent=1)
            f.write("\n")
        print(group, len(scenarios), "scenarios")


if __name__ == "__main__":
    main()
