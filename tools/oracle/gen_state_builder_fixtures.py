"""Records what real TensorFlow builds and does for the state builders: tf.compat.v1.Variable
(resource and ref), global_variables_initializer, FIFOQueue and WholeFileReader.

Two fixtures, each case written twice (Python against TensorFlow, JavaScript against
@tensorgraph/graph and @tensorgraph/session; DESIGN.md: a JS number with no dtype is a
Python float, `i32(...)` stands for a Python int):

- graphs.json: one builder program per case in a fresh tf.Graph(); the ops it made (names,
  types, inputs with `^control` inputs, devices, attrs, output dtypes and static shapes),
  the graph's collections, and what the program returned (`r`), or its error.
  packages/graph/test/state-builders.test.ts compares them exactly.
- programs.json: TF1 session programs (initialize, read, assign, queues, readers,
  concurrent runs, timeouts) and the outcome of each step: values, or error class and
  message. packages/session/test/state-programs.test.ts runs the same programs.
  Each program runs in a process of its own: TF numbers private queues and readers
  (`_0_fifo_queue`) from a process-wide counter, our session numbers them per session.

Run: .venv-tf/bin/python tools/oracle/gen_state_builder_fixtures.py [graphs] [programs]
"""
import concurrent.futures
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "state-builders")


# ------------------------------------------------------------------------ graph cases
# (id, python, javascript). Python binds the result to `r`; JavaScript is an expression
# or a body with `return`, with `tf` (@tensorgraph/graph), `i32`/`i64` (Python ints) and
# `TensorShape` in scope.

GRAPH_CASES = [
    # resource variables (TF2's default, also in tf.compat.v1 graphs)
    ("res_default", "r = T.Variable([1.0, 2.0])", "new tf.Variable([1, 2])"),
    ("res_named", "r = T.Variable(3.0, name='w')", "new tf.Variable(3, { name: 'w' })"),
    ("res_positional_name", "r = T.Variable(3.0, True, True, None, 'w')",
     "new tf.Variable(3, true, true, null, 'w')"),
    ("res_positional_variable_def", "r = T.Variable(3.0, True, None, True, None, 'w')",
     "new tf.Variable(3, true, null, true, null, 'w')"),
    ("res_no_lifting",
     "c = tf.constant(1.0)\nwith tf.control_dependencies([c]):\n  r = T.Variable(1.0, experimental_enable_variable_lifting=False)",
     "const c = tf.constant(1);\nreturn tf.controlDependencies([c], () => new tf.Variable(1, { experimentalEnableVariableLifting: false }));"),
    ("res_int", "r = T.Variable(3)", "new tf.Variable(i32(3))"),
    ("res_dtype_given", "r = T.Variable([1, 2], dtype=tf.int64)",
     "new tf.Variable([1, 2], { dtype: 'int64' })"),
    ("res_dtype_float64", "r = T.Variable(1.5, dtype=tf.float64)",
     "new tf.Variable(1.5, { dtype: 'float64' })"),
    ("res_string", "r = T.Variable('abc')", "new tf.Variable('abc')"),
    ("res_bool", "r = T.Variable([True, False])", "new tf.Variable([true, false])"),
    ("res_from_tensor", "c = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nr = T.Variable(c)",
     "const c = tf.constant([[1, 2], [3, 4]]);\nreturn new tf.Variable(c);"),
    ("res_from_tensor_dtype_mismatch", "r = T.Variable(tf.constant(1), dtype=tf.float32)",
     "new tf.Variable(tf.constant(i32(1)), { dtype: 'float32' })"),
    ("res_from_placeholder", "p = T.placeholder(tf.float32, [None])\nr = T.Variable(p)",
     "const p = tf.placeholder('float32', [null]);\nreturn new tf.Variable(p);"),
    ("res_from_expression", "c = tf.constant(2.0)\nr = T.Variable(tf.multiply(c, 3.0), name='prod')",
     "const c = tf.constant(2);\nreturn new tf.Variable(tf.multiply(c, 3), { name: 'prod' });"),
    ("res_callable", "r = T.Variable(lambda: tf.zeros([2, 3]))",
     "new tf.Variable(() => tf.zeros([2, 3]))"),
    ("res_callable_named", "r = T.Variable(lambda: tf.multiply(tf.constant([1.0, 2.0]), 2.0), name='k')",
     "new tf.Variable(() => tf.multiply(tf.constant([1, 2]), 2), { name: 'k' })"),
    ("res_in_scope",
     "with tf.name_scope('outer'):\n  r = T.Variable(1.0, name='v')\nr2 = T.Variable(1.0, name='v')",
     "const r = tf.nameScope('outer', () => new tf.Variable(1, { name: 'v' }));\nnew tf.Variable(1, { name: 'v' });\nreturn r;"),
    ("res_duplicate_names", "a = T.Variable(1.0)\nb = T.Variable(2.0)\nr = [a, b, T.Variable(3.0, name='Variable')]",
     "const a = new tf.Variable(1);\nconst b = new tf.Variable(2);\nreturn [a, b, new tf.Variable(3, { name: 'Variable' })];"),
    ("res_name_with_slash", "r = T.Variable(1.0, name='a/b')", "new tf.Variable(1, { name: 'a/b' })"),
    ("res_name_scope_reentry", "r = T.Variable(1.0, name='a/')", "new tf.Variable(1, { name: 'a/' })"),
    ("res_not_trainable", "r = T.Variable(1.0, trainable=False)",
     "new tf.Variable(1, { trainable: false })"),
    ("res_collections", "r = T.Variable(1.0, collections=['mine'])",
     "new tf.Variable(1, { collections: ['mine'] })"),
    ("res_collections_not_trainable", "r = T.Variable(1.0, trainable=False, collections=['mine', 'other'])",
     "new tf.Variable(1, { trainable: false, collections: ['mine', 'other'] })"),
    ("res_collections_string", "r = T.Variable(1.0, collections='mine')",
     "new tf.Variable(1, { collections: 'mine' })"),
    ("res_none", "r = T.Variable(None)", "new tf.Variable(null)"),
    ("res_device",
     "with tf.device('/cpu:0'):\n  r = T.Variable(1.0)\n  x = r.value()\n  y = r.read_value()\n  z = tf.add(r, 1.0)",
     "return tf.device('/cpu:0', () => {\n  const r = new tf.Variable(1);\n  r.value();\n  r.readValue();\n  tf.add(r, 1);\n  return r;\n});"),
    ("res_control_dependencies",
     "c = tf.constant(1.0)\nwith tf.control_dependencies([c]):\n  r = T.Variable(1.0)\n  x = r.read_value()",
     "const c = tf.constant(1);\nreturn tf.controlDependencies([c], () => {\n  const r = new tf.Variable(1);\n  r.readValue();\n  return r;\n});"),
    ("res_colocate_with",
     "c = tf.constant(1.0)\nwith T.colocate_with(c):\n  r = T.Variable(1.0)",
     "const c = tf.constant(1);\nreturn tf.colocateWith(c, () => new tf.Variable(1));"),
    ("res_container",
     "with T.container('ctr'):\n  r = [T.Variable(1.0), T.Variable(1.0, use_resource=False)]",
     "return tf.getDefaultGraph().container('ctr', () => [new tf.Variable(1), new tf.Variable(1, { useResource: false })]);"),
    ("res_shape_unknown", "r = T.Variable([1.0, 2.0], shape=tf.TensorShape(None))\nx = r.value()\ny = r.read_value()",
     "const r = new tf.Variable([1, 2], { shape: new TensorShape(null) });\nr.value();\nr.readValue();\nreturn r;"),
    ("res_shape_partial", "r = T.Variable([1.0, 2.0], shape=[None])\nx = r.assign([1.0, 2.0, 3.0])",
     "const r = new tf.Variable([1, 2], { shape: [null] });\nr.assign([1, 2, 3]);\nreturn r;"),
    ("res_shape_incompatible", "r = T.Variable([1.0, 2.0], shape=[3])",
     "new tf.Variable([1, 2], { shape: [3] })"),
    ("res_from_variable", "a = T.Variable([1.0, 2.0], name='a')\nr = T.Variable(a, name='b')",
     "const a = new tf.Variable([1, 2], { name: 'a' });\nreturn new tf.Variable(a, { name: 'b' });"),
    ("res_value", "v = T.Variable([1.0, 2.0])\nr = [v.value(), v.value()]",
     "const v = new tf.Variable([1, 2]);\nreturn [v.value(), v.value()];"),
    ("res_read_value", "v = T.Variable([1.0, 2.0])\nr = [v.read_value(), v.read_value()]",
     "const v = new tf.Variable([1, 2]);\nreturn [v.readValue(), v.readValue()];"),
    ("res_properties",
     "v = T.Variable([[1.0], [2.0]], name='p')\nr = [v.op, v.initializer, v.initial_value, v.handle, v._as_graph_element(), v.device, v.name, v.trainable]",
     "const v = new tf.Variable([[1], [2]], { name: 'p' });\nreturn [v.op, v.initializer, v.initialValue, v.handle, v._asGraphElement(), v.device, v.name, v.trainable];"),
    ("res_is_initialized", "v = T.Variable(1.0)\nr = [v.is_initialized(), v.is_initialized(name='ok'), T.is_variable_initialized(v)]",
     "const v = new tf.Variable(1);\nreturn [v.isInitialized(), v.isInitialized('ok'), tf.isVariableInitialized(v)];"),
    ("res_add", "v = T.Variable([1.0, 2.0])\nr = tf.add(v, 1.0)",
     "const v = new tf.Variable([1, 2]);\nreturn tf.add(v, 1);"),
    ("res_add_both", "v = T.Variable([1.0, 2.0])\nr = tf.add(v, v)",
     "const v = new tf.Variable([1, 2]);\nreturn tf.add(v, v);"),
    ("res_matmul", "v = T.Variable([[1.0, 2.0]])\nr = tf.matmul(v, v, transpose_b=True)",
     "const v = new tf.Variable([[1, 2]]);\nreturn tf.matmul(v, v, { transposeB: true });"),
    ("res_convert", "v = T.Variable([1.0, 2.0])\nr = tf.convert_to_tensor(v)",
     "const v = new tf.Variable([1, 2]);\nreturn tf.convertToTensor(v);"),
    ("res_convert_dtype_mismatch", "v = T.Variable([1.0, 2.0])\nr = tf.add(tf.constant([1, 2]), v)",
     "const v = new tf.Variable([1, 2]);\nreturn tf.add(tf.constant(i32([1, 2])), v);"),
    ("res_convert_wrong_dtype", "v = T.Variable([1.0, 2.0])\nr = tf.convert_to_tensor(v, dtype=tf.int32)",
     "const v = new tf.Variable([1, 2]);\nreturn tf.convertToTensor(v, { dtype: 'int32' });"),
    ("res_raw_op_dtype_mismatch", "v = T.Variable([1.0, 2.0])\nr = apply('AddV2', [tf.constant([1, 2]), v])",
     "const v = new tf.Variable([1, 2]);\nreturn tf.raw.AddV2([tf.constant(i32([1, 2])), v]);"),
    ("res_raw_op", "v = T.Variable([1.0, 2.0])\nr = apply('AddV2', [v, v])",
     "const v = new tf.Variable([1, 2]);\nreturn tf.raw.AddV2([v, v]);"),
    ("res_in_list", "v = T.Variable(1.0)\nr = tf.stack([v, 2.0])",
     "const v = new tf.Variable(1);\nreturn tf.stack([v, 2]);"),
    ("res_assign", "v = T.Variable([1.0, 2.0])\nr = v.assign([3.0, 4.0])",
     "const v = new tf.Variable([1, 2]);\nreturn v.assign([3, 4]);"),
    ("res_assign_no_read", "v = T.Variable([1.0, 2.0])\nr = v.assign([3.0, 4.0], read_value=False)",
     "const v = new tf.Variable([1, 2]);\nreturn v.assign([3, 4], { readValue: false });"),
    ("res_assign_named", "v = T.Variable([1.0, 2.0])\nr = v.assign([3.0, 4.0], name='set', read_value=False)",
     "const v = new tf.Variable([1, 2]);\nreturn v.assign([3, 4], null, 'set', false);"),
    ("res_assign_add", "v = T.Variable([1.0, 2.0])\nr = [v.assign_add([1.0, 1.0]), v.assign_sub([1.0, 1.0], read_value=False)]",
     "const v = new tf.Variable([1, 2]);\nreturn [v.assignAdd([1, 1]), v.assignSub([1, 1], { readValue: false })];"),
    ("res_assign_tensor", "v = T.Variable([1.0, 2.0])\nc = tf.constant([5.0, 6.0])\nr = [v.assign(c), v.assign_add(c, name='inc')]",
     "const v = new tf.Variable([1, 2]);\nconst c = tf.constant([5, 6]);\nreturn [v.assign(c), v.assignAdd(c, { name: 'inc' })];"),
    ("res_assign_shape_mismatch", "v = T.Variable([1.0, 2.0])\nr = v.assign([1.0, 2.0, 3.0])",
     "const v = new tf.Variable([1, 2]);\nreturn v.assign([1, 2, 3]);"),
    ("res_assign_add_shape_mismatch", "v = T.Variable([1.0, 2.0])\nr = v.assign_add([1.0, 2.0, 3.0])",
     "const v = new tf.Variable([1, 2]);\nreturn v.assignAdd([1, 2, 3]);"),
    ("res_assign_sub_rank_mismatch", "v = T.Variable([1.0, 2.0])\nr = v.assign_sub(1.0)",
     "const v = new tf.Variable([1, 2]);\nreturn v.assignSub(1);"),
    ("res_assign_dtype_mismatch", "v = T.Variable([1.0, 2.0])\nr = v.assign(tf.constant([1, 2]))",
     "const v = new tf.Variable([1, 2]);\nreturn v.assign(tf.constant(i32([1, 2])));"),
    ("res_assign_bad_value", "v = T.Variable(1)\nr = v.assign(1.5)",
     "const v = new tf.Variable(i32(1));\nreturn v.assign(1.5);"),
    ("res_assign_chain", "v = T.Variable(1.0)\nu = v.assign(2.0)\nr = [u, u.assign_add(1.0), tf.add(u, 1.0), u.value(), u.read_value()]",
     "const v = new tf.Variable(1);\nconst u = v.assign(2);\nreturn [u, u.assignAdd(1), tf.add(u, 1), u.value(), u.readValue()];"),
    ("res_assign_in_scope", "v = T.Variable(1.0)\nwith tf.name_scope('step'):\n  r = v.assign_add(1.0)",
     "const v = new tf.Variable(1);\nreturn tf.nameScope('step', () => v.assignAdd(1));"),
    # ref variables
    ("ref_default", "r = T.Variable([1.0, 2.0], use_resource=False)",
     "new tf.Variable([1, 2], { useResource: false })"),
    ("ref_int_named", "r = T.Variable(3, name='w', use_resource=False)",
     "new tf.Variable(i32(3), { name: 'w', useResource: false })"),
    ("ref_dtype", "r = T.Variable([1, 2], dtype=tf.int64, use_resource=False)",
     "new tf.Variable([1, 2], { dtype: 'int64', useResource: false })"),
    ("ref_in_scope", "with tf.name_scope('s'):\n  r = T.Variable(1.0, use_resource=False)",
     "tf.nameScope('s', () => new tf.Variable(1, { useResource: false }))"),
    ("ref_callable", "r = T.Variable(lambda: tf.zeros([2, 3]), use_resource=False)",
     "new tf.Variable(() => tf.zeros([2, 3]), { useResource: false })"),
    ("ref_device",
     "with tf.device('/cpu:0'):\n  r = T.Variable(1.0, use_resource=False)\n  x = r.value()\n  y = r.read_value()",
     "return tf.device('/cpu:0', () => {\n  const r = new tf.Variable(1, { useResource: false });\n  r.value();\n  r.readValue();\n  return r;\n});"),
    ("ref_control_dependencies",
     "c = tf.constant(1.0)\nwith tf.control_dependencies([c]):\n  r = T.Variable(1.0, use_resource=False)",
     "const c = tf.constant(1);\nreturn tf.controlDependencies([c], () => new tf.Variable(1, { useResource: false }));"),
    ("ref_validate_shape_false", "r = T.Variable([1.0, 2.0], validate_shape=False, use_resource=False)",
     "new tf.Variable([1, 2], { validateShape: false, useResource: false })"),
    ("ref_unknown_shape", "p = T.placeholder(tf.float32, [None])\nr = T.Variable(p, use_resource=False)",
     "const p = tf.placeholder('float32', [null]);\nreturn new tf.Variable(p, { useResource: false });"),
    ("ref_none", "r = T.Variable(None, use_resource=False)", "new tf.Variable(null, { useResource: false })"),
    ("ref_collections_string", "r = T.Variable(1.0, collections='mine', use_resource=False)",
     "new tf.Variable(1, { collections: 'mine', useResource: false })"),
    ("ref_from_variable", "a = T.Variable([1.0, 2.0], name='a')\nr = T.Variable(a, name='b', use_resource=False)",
     "const a = new tf.Variable([1, 2], { name: 'a' });\nreturn new tf.Variable(a, { name: 'b', useResource: false });"),
    ("ref_not_trainable", "r = T.Variable(1.0, trainable=False, use_resource=False)",
     "new tf.Variable(1, { trainable: false, useResource: false })"),
    ("ref_value_read", "v = T.Variable([1.0, 2.0], use_resource=False)\nr = [v.value(), v.read_value(), v.read_value(), v._as_graph_element(), v.op, v.initializer, v.initial_value]",
     "const v = new tf.Variable([1, 2], { useResource: false });\nreturn [v.value(), v.readValue(), v.readValue(), v._asGraphElement(), v.op, v.initializer, v.initialValue];"),
    ("ref_convert_wrong_dtype", "v = T.Variable([1.0, 2.0], use_resource=False)\nr = tf.convert_to_tensor(v, dtype=tf.int32)",
     "const v = new tf.Variable([1, 2], { useResource: false });\nreturn tf.convertToTensor(v, { dtype: 'int32' });"),
    ("ref_add", "v = T.Variable([1.0, 2.0], use_resource=False)\nr = tf.add(v, 1.0)",
     "const v = new tf.Variable([1, 2], { useResource: false });\nreturn tf.add(v, 1);"),
    ("ref_raw_assign", "v = T.Variable([1.0, 2.0], use_resource=False)\nr = apply('Assign', [v, [3.0, 4.0]])",
     "const v = new tf.Variable([1, 2], { useResource: false });\nreturn tf.raw.Assign([v, [3, 4]]);"),
    ("ref_assign", "v = T.Variable(3, use_resource=False)\nr = [v.assign(5), v.assign_add(1), v.assign_sub(2), v.assign(1, read_value=False), v.assign(7, use_locking=True, name='locked')]",
     "const v = new tf.Variable(i32(3), { useResource: false });\nreturn [v.assign(5), v.assignAdd(1), v.assignSub(2), v.assign(1, { readValue: false }), v.assign(7, { useLocking: true, name: 'locked' })];"),
    ("ref_assign_shape_mismatch", "v = T.Variable([1.0, 2.0], use_resource=False)\nr = v.assign([1.0, 2.0, 3.0])",
     "const v = new tf.Variable([1, 2], { useResource: false });\nreturn v.assign([1, 2, 3]);"),
    ("ref_assign_add_shape_mismatch", "v = T.Variable([1.0, 2.0], use_resource=False)\nr = v.assign_add([1.0, 2.0, 3.0])",
     "const v = new tf.Variable([1, 2], { useResource: false });\nreturn v.assignAdd([1, 2, 3]);"),
    ("ref_is_initialized", "v = T.Variable(1.0, use_resource=False)\nr = T.is_variable_initialized(v)",
     "const v = new tf.Variable(1, { useResource: false });\nreturn tf.isVariableInitialized(v);"),
    # initializers and collections
    ("init_empty", "r = T.global_variables_initializer()", "tf.globalVariablesInitializer()"),
    ("init_several",
     "a = T.Variable(1.0)\nb = T.Variable(2.0, use_resource=False)\nc = T.Variable(3.0, trainable=False)\nr = T.global_variables_initializer()",
     "new tf.Variable(1);\nnew tf.Variable(2, { useResource: false });\nnew tf.Variable(3, { trainable: false });\nreturn tf.globalVariablesInitializer();"),
    ("init_devices",
     "with tf.device('/cpu:0'):\n  a = T.Variable(1.0)\nwith tf.device('/gpu:0'):\n  b = T.Variable(1.0)\nr = T.global_variables_initializer()",
     "tf.device('/cpu:0', () => new tf.Variable(1));\ntf.device('/gpu:0', () => new tf.Variable(1));\nreturn tf.globalVariablesInitializer();"),
    ("init_twice", "a = T.Variable(1.0)\nr = [T.global_variables_initializer(), T.global_variables_initializer()]",
     "new tf.Variable(1);\nreturn [tf.globalVariablesInitializer(), tf.globalVariablesInitializer()];"),
    ("init_subset", "a = T.Variable(1.0)\nb = T.Variable(2.0)\nr = [T.variables_initializer([b]), T.variables_initializer([], name='none')]",
     "new tf.Variable(1);\nconst b = new tf.Variable(2);\nreturn [tf.variablesInitializer([b]), tf.variablesInitializer([], 'none')];"),
    ("init_excludes_other_collections", "a = T.Variable(1.0, collections=['mine'])\nr = T.global_variables_initializer()",
     "new tf.Variable(1, { collections: ['mine'] });\nreturn tf.globalVariablesInitializer();"),
    ("collections_lookup", "a = T.Variable(1.0)\nb = T.Variable(2.0, trainable=False)\nwith tf.name_scope('s'):\n  c = T.Variable(3.0)\nr = [T.global_variables(), T.trainable_variables(), T.global_variables('s')]",
     "new tf.Variable(1);\nnew tf.Variable(2, { trainable: false });\ntf.nameScope('s', () => new tf.Variable(3));\nreturn [tf.globalVariables(), tf.trainableVariables(), tf.globalVariables('s')];"),
    # FIFOQueue
    ("fifo_basic",
     "q = T.FIFOQueue(10, [tf.float32, tf.int32], shapes=[[2], []])\nr = [q, q.enqueue([[1.0, 2.0], 3]), q.enqueue_many([[[1.0, 2.0]], [3]]), q.dequeue(), q.dequeue_many(2), q.dequeue_up_to(2), q.close(), q.close(cancel_pending_enqueues=True), q.size()]",
     "const q = new tf.FIFOQueue(10, ['float32', 'int32'], { shapes: [[2], []] });\nreturn [q, q.enqueue([[1, 2], i32(3)]), q.enqueueMany([[[1, 2]], i32([3])]), q.dequeue(), q.dequeueMany(2), q.dequeueUpTo(2), q.close(), q.close({ cancelPendingEnqueues: true }), q.size()];"),
    ("fifo_single_component",
     "q = T.FIFOQueue(5, tf.string, name='files')\nr = [q, q.enqueue('a'), q.enqueue_many([['b', 'c']]), q.dequeue(), q.dequeue_many(3), q.dequeue_up_to(4)]",
     "const q = new tf.FIFOQueue(5, 'string', { name: 'files' });\nreturn [q, q.enqueue('a'), q.enqueueMany([['b', 'c']]), q.dequeue(), q.dequeueMany(3), q.dequeueUpTo(4)];"),
    ("fifo_single_shape",
     "q = T.FIFOQueue(3, tf.float32, shapes=[2])\nr = [q, q.enqueue([[1.0, 2.0]]), q.dequeue(), q.dequeue_many(3)]",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [2] });\nreturn [q, q.enqueue([[1, 2]]), q.dequeue(), q.dequeueMany(3)];"),
    ("fifo_positional",
     "r = T.FIFOQueue(3, [tf.int32], [[1]], None, 'sh', 'pq')",
     "new tf.FIFOQueue(3, ['int32'], [[1]], null, 'sh', 'pq')"),
    ("fifo_names",
     "q = T.FIFOQueue(5, [tf.int32, tf.float32], names=['a', 'b'], shapes=[[], [2]], shared_name='sh')\nr = [q, q.enqueue({'b': [1.0, 2.0], 'a': 1}), q.enqueue_many({'a': [1], 'b': [[1.0, 2.0]]}), q.dequeue(), q.dequeue_many(2), q.dequeue_up_to(3)]",
     "const q = new tf.FIFOQueue(5, ['int32', 'float32'], { names: ['a', 'b'], shapes: [[], [2]], sharedName: 'sh' });\nreturn [q, q.enqueue({ b: [1, 2], a: i32(1) }), q.enqueueMany({ a: i32([1]), b: [[1, 2]] }), q.dequeue(), q.dequeueMany(2), q.dequeueUpTo(3)];"),
    ("fifo_in_scope",
     "with tf.name_scope('s'):\n  q = T.FIFOQueue(3, tf.int32, name='qq')\nr = [q, q.enqueue(1), q.dequeue(), q.size(), q.close(), q.enqueue(2, name='e'), q.dequeue(name='d'), q.dequeue_many(2, name='dm'), q.size(name='sz'), q.close(name='cl')]",
     "const q = tf.nameScope('s', () => new tf.FIFOQueue(3, 'int32', { name: 'qq' }));\nreturn [q, q.enqueue(i32(1)), q.dequeue(), q.size(), q.close(), q.enqueue(i32(2), 'e'), q.dequeue('d'), q.dequeueMany(2, 'dm'), q.size({ name: 'sz' }), q.close({ name: 'cl' })];"),
    ("fifo_ops_in_scope",
     "q = T.FIFOQueue(3, tf.int32)\nwith tf.name_scope('t'):\n  r = [q.enqueue(1), q.dequeue(), q.size()]",
     "const q = new tf.FIFOQueue(3, 'int32');\nreturn tf.nameScope('t', () => [q.enqueue(i32(1)), q.dequeue(), q.size()]);"),
    ("fifo_duplicate", "r = [T.FIFOQueue(3, tf.int32), T.FIFOQueue(3, tf.int32)]\nx = r[1].dequeue()",
     "const r = [new tf.FIFOQueue(3, 'int32'), new tf.FIFOQueue(3, 'int32')];\nr[1].dequeue();\nreturn r;"),
    ("fifo_device",
     "with tf.device('/gpu:0'):\n  q = T.FIFOQueue(3, tf.int32)\n  r = [q, q.dequeue()]",
     "return tf.device('/gpu:0', () => {\n  const q = new tf.FIFOQueue(3, 'int32');\n  return [q, q.dequeue()];\n});"),
    ("fifo_control_dependencies",
     "c = tf.constant(1)\nwith tf.control_dependencies([c]):\n  q = T.FIFOQueue(3, tf.int32)\n  r = q.dequeue()",
     "const c = tf.constant(i32(1));\nreturn tf.controlDependencies([c], () => new tf.FIFOQueue(3, 'int32').dequeue());"),
    ("fifo_enqueue_tensor_component",
     "q = T.FIFOQueue(3, [tf.int32, tf.float32], shapes=[[], [2]])\nr = q.enqueue((tf.constant(1), [1.0, 2.0]))",
     "const q = new tf.FIFOQueue(3, ['int32', 'float32'], { shapes: [[], [2]] });\nreturn q.enqueue([tf.constant(i32(1)), [1, 2]]);"),
    ("fifo_enqueue_placeholder",
     "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\np = T.placeholder(tf.float32, [None])\nr = [q.enqueue(p), q.enqueue_many(T.placeholder(tf.float32))]",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nconst p = tf.placeholder('float32', [null]);\nreturn [q.enqueue(p), q.enqueueMany(tf.placeholder('float32'))];"),
    ("fifo_enqueue_variable",
     "v = T.Variable([1.0, 2.0])\nq = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.enqueue(v)",
     "const v = new tf.Variable([1, 2]);\nconst q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.enqueue(v);"),
    ("fifo_dequeue_many_placeholder",
     "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nn = T.placeholder(tf.int32)\nr = [q.dequeue_many(n), q.dequeue_up_to(n)]",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nconst n = tf.placeholder('int32');\nreturn [q.dequeueMany(n), q.dequeueUpTo(n)];"),
    ("fifo_extra_components", "q = T.FIFOQueue(3, [tf.int32, tf.float32])\nr = q.enqueue([1, 2.0, 3])",
     "const q = new tf.FIFOQueue(3, ['int32', 'float32']);\nreturn q.enqueue([i32(1), 2, i32(3)]);"),
    ("fifo_missing_components", "q = T.FIFOQueue(3, [tf.int32, tf.float32])\nr = q.enqueue(1)",
     "const q = new tf.FIFOQueue(3, ['int32', 'float32']);\nreturn q.enqueue(i32(1));"),
    ("fifo_enqueue_bad_string", "q = T.FIFOQueue(3, tf.int32)\nr = q.enqueue('a')",
     "const q = new tf.FIFOQueue(3, 'int32');\nreturn q.enqueue('a');"),
    ("fifo_enqueue_bad_float", "q = T.FIFOQueue(3, tf.int32)\nr = q.enqueue(1.5)",
     "const q = new tf.FIFOQueue(3, 'int32');\nreturn q.enqueue(1.5);"),
    ("fifo_enqueue_bad_tensor", "q = T.FIFOQueue(3, tf.int32)\nr = q.enqueue(tf.constant(1.5))",
     "const q = new tf.FIFOQueue(3, 'int32');\nreturn q.enqueue(tf.constant(1.5));"),
    ("fifo_enqueue_bad_shape", "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.enqueue([[1.0, 2.0, 3.0]])",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.enqueue([[1, 2, 3]]);"),
    ("fifo_enqueue_list_as_components", "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.enqueue([1.0, 2.0, 3.0])",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.enqueue([1, 2, 3]);"),
    ("fifo_enqueue_many_scalar", "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.enqueue_many(1.0)",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.enqueueMany(1);"),
    ("fifo_enqueue_many_bad_shape", "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.enqueue_many([[[1.0, 2.0, 3.0]]])",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.enqueueMany([[[1, 2, 3]]]);"),
    ("fifo_enqueue_many_batch_mismatch", "q = T.FIFOQueue(3, [tf.float32, tf.int32])\nr = q.enqueue_many([[1.0, 2.0], [1, 2, 3]])",
     "const q = new tf.FIFOQueue(3, ['float32', 'int32']);\nreturn q.enqueueMany([[1, 2], i32([1, 2, 3])]);"),
    ("fifo_enqueue_dict_without_names", "q = T.FIFOQueue(3, tf.float32)\nr = q.enqueue({'a': 1.0})",
     "const q = new tf.FIFOQueue(3, 'float32');\nreturn q.enqueue({ a: 1 });"),
    ("fifo_enqueue_list_with_names", "q = T.FIFOQueue(3, tf.float32, names=['a'])\nr = q.enqueue(1.0)",
     "const q = new tf.FIFOQueue(3, 'float32', { names: ['a'] });\nreturn q.enqueue(1);"),
    ("fifo_enqueue_wrong_keys", "q = T.FIFOQueue(3, [tf.float32, tf.int32], names=['a', 'b'])\nr = q.enqueue({'a': 1.0, 'c': 1})",
     "const q = new tf.FIFOQueue(3, ['float32', 'int32'], { names: ['a', 'b'] });\nreturn q.enqueue({ a: 1, c: i32(1) });"),
    ("fifo_shapes_length", "r = T.FIFOQueue(3, [tf.float32, tf.int32], shapes=[[2]])",
     "new tf.FIFOQueue(3, ['float32', 'int32'], { shapes: [[2]] })"),
    ("fifo_shapes_empty_list", "r = T.FIFOQueue(3, [tf.float32, tf.int32], shapes=[])",
     "new tf.FIFOQueue(3, ['float32', 'int32'], { shapes: [] })"),
    ("fifo_shapes_not_fully_defined", "r = T.FIFOQueue(3, tf.float32, shapes=[[None]])",
     "new tf.FIFOQueue(3, 'float32', { shapes: [[null]] })"),
    ("fifo_shapes_bad_type", "r = T.FIFOQueue(3, tf.float32, shapes=2)",
     "new tf.FIFOQueue(3, 'float32', { shapes: 2 })"),
    ("fifo_names_length", "r = T.FIFOQueue(3, [tf.float32, tf.int32], names=['a'])",
     "new tf.FIFOQueue(3, ['float32', 'int32'], { names: ['a'] })"),
    ("fifo_no_dtypes", "r = T.FIFOQueue(3, [])", "new tf.FIFOQueue(3, [])"),
    ("fifo_bad_dtype", "r = T.FIFOQueue(3, 'foo')", "new tf.FIFOQueue(3, 'foo')"),
    ("fifo_dequeue_many_negative", "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.dequeue_many(-1)",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.dequeueMany(-1);"),
    ("fifo_dequeue_many_float", "q = T.FIFOQueue(3, tf.float32, shapes=[[2]])\nr = q.dequeue_many(2.5)",
     "const q = new tf.FIFOQueue(3, 'float32', { shapes: [[2]] });\nreturn q.dequeueMany(2.5);"),
    # WholeFileReader
    ("reader_read",
     "q = T.FIFOQueue(3, tf.string)\nrd = T.WholeFileReader()\nr = [rd.reader_ref, rd.read(q), rd.read(q)]",
     "const q = new tf.FIFOQueue(3, 'string');\nconst rd = new tf.WholeFileReader();\nreturn [rd.readerRef, rd.read(q), rd.read(q)];"),
    ("reader_named",
     "q = T.FIFOQueue(3, tf.string)\nrd = T.WholeFileReader(name='rdr')\nr = [rd.read(q, name='rr'), rd.read(q.queue_ref)]",
     "const q = new tf.FIFOQueue(3, 'string');\nconst rd = new tf.WholeFileReader({ name: 'rdr' });\nreturn [rd.read(q, 'rr'), rd.read(q.queueRef)];"),
    ("reader_in_scope",
     "q = T.FIFOQueue(3, tf.string)\nwith tf.name_scope('s'):\n  rd = T.WholeFileReader()\n  r = rd.read(q)",
     "const q = new tf.FIFOQueue(3, 'string');\nreturn tf.nameScope('s', () => new tf.WholeFileReader().read(q));"),
    ("reader_bad_queue", "rd = T.WholeFileReader()\nr = rd.read(tf.constant(1))",
     "const rd = new tf.WholeFileReader();\nreturn rd.read(tf.constant(i32(1)));"),
]


def graph_cases():
    import numpy as np
    import tensorflow as tf
    from tensorflow.python.framework import op_def_library, op_def_registry
    from tensorflow.python.ops import data_flow_ops, io_ops, resource_variable_ops
    from tensorflow.python.ops import variables as variables_lib

    T = tf.compat.v1

    def apply(op_type, inputs, attrs=None, name=None):
        op_def = op_def_registry.get(op_type)
        kw = {}
        inferred = set()
        for arg, value in zip(op_def.input_arg, inputs):
            kw[arg.name] = value
            for a in (arg.type_attr, arg.number_attr, arg.type_list_attr):
                if a:
                    inferred.add(a)
        attrs = dict(attrs or {})
        for a in op_def.attr:
            if a.name not in inferred and a.name not in attrs and a.HasField("default_value"):
                attrs[a.name] = None
        kw.update(attrs)
        return op_def_library.apply_op(op_type, name=name, **kw)

    def jfloat(x):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x

    def jscalar(v):
        if isinstance(v, (bytes, np.bytes_)):
            return bytes(v).decode("utf-8")
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        if isinstance(v, (int, np.integer)):
            return int(v)
        return jfloat(v)

    def jtensor(proto):
        arr = tf.make_ndarray(proto)
        return {"dtype": tf.as_dtype(proto.dtype).name, "shape": list(arr.shape),
                "values": [jscalar(v) for v in arr.flatten()]}

    def jshape(shape_proto):
        if shape_proto.unknown_rank:
            return None
        return [None if d.size == -1 else d.size for d in shape_proto.dim]

    def jattr(v):
        which = v.WhichOneof("value")
        if which == "s":
            return jscalar(v.s)
        if which in ("i", "b"):
            return getattr(v, which)
        if which == "f":
            return jfloat(v.f)
        if which == "type":
            return tf.as_dtype(v.type).name
        if which == "shape":
            return jshape(v.shape)
        if which == "tensor":
            return jtensor(v.tensor)
        if which == "list":
            l = v.list
            for field, conv in (("s", jscalar), ("i", int), ("f", jfloat), ("b", bool),
                                ("type", lambda t: tf.as_dtype(t).name), ("shape", jshape)):
                items = getattr(l, field)
                if len(items):
                    return [conv(x) for x in items]
            return []
        raise ValueError(which)

    def jdims(shape):
        return None if shape.rank is None else shape.as_list()

    def jop(op):
        nd = op.node_def
        return {
            "name": op.name,
            "type": op.type,
            "inputs": list(nd.input),
            "device": op.device,
            "attrs": {k: jattr(v) for k, v in sorted(nd.attr.items())},
            "outputs": [[t.dtype.name, jdims(t.shape)] for t in op.outputs],
        }

    def jresult(r):
        if r is None:
            return None
        if isinstance(r, resource_variable_ops._UnreadVariable):
            kind = "unread"
        elif isinstance(r, resource_variable_ops.BaseResourceVariable):
            kind = "resource"
        elif isinstance(r, variables_lib.Variable):
            kind = "ref"
        else:
            kind = None
        if kind is not None:
            init = r.initializer if kind != "unread" else None
            return {"variable": r.name, "kind": kind, "dtype": r.dtype.base_dtype.name,
                    "shape": jdims(r.shape), "op": r.op.name, "device": r.device,
                    "initializer": None if init is None else init.name,
                    "element": r._as_graph_element().name, "repr": repr(r)}
        if isinstance(r, tf.Tensor):
            return {"tensor": r.name, "dtype": r.dtype.name, "shape": jdims(r.shape)}
        if isinstance(r, tf.Operation):
            return {"op": r.name}
        if isinstance(r, data_flow_ops.QueueBase):
            return {"queue": r.name, "ref": r.queue_ref.name,
                    "dtypes": [d.name for d in r.dtypes],
                    "shapes": [jdims(s) for s in r.shapes], "names": r.names}
        if isinstance(r, dict):
            return {"dict": {k: jresult(v) for k, v in r.items()}}
        if isinstance(r, (list, tuple)):
            return [jresult(x) for x in r]
        if isinstance(r, str):
            return {"str": r}
        if isinstance(r, bool):
            return {"value": r}
        raise TypeError(type(r))

    def collections(g):
        out = {}
        for key in g.get_all_collection_keys():
            out[key] = [getattr(x, "name", str(x)) for x in g.get_collection(key)]
        return out

    cases = []
    for cid, py, ts in GRAPH_CASES:
        g = tf.Graph()
        case = {"id": cid, "py": py, "ts": ts}
        with g.as_default():
            env = {"tf": tf, "T": T, "np": np, "apply": apply}
            try:
                exec(py, env)
                case["result"] = jresult(env["r"])
            except Exception as e:  # the class and wording are what the tests check
                case["error"] = type(e).__name__
                case["message"] = str(e)
        case["ops"] = [jop(op) for op in g.get_operations()]
        case["collections"] = collections(g)
        cases.append(case)
    return cases


# ------------------------------------------------------------------------ session programs
# (id, python, javascript). Helpers in both languages:
#   session()            a session on the program's graph (JS: with the CPU backend)
#   rec(fn)              record fn()'s value, or its error
#   start(fn)            run fn concurrently (a thread; JS: a promise); returns a handle.
#                        fn only runs ops built before (TF's default graph is per thread)
#   pending(h)           record whether that run is still blocked after a while
#   join(h)              wait for it and record its value or error
#   path(name)           a file in the program's temp dir; write(name, text) writes one
#   reset()              tf.compat.v1.Session.reset('')
# Values are recorded as oracle_util.encode_array does; paths under the temp dir as {dir}.

PROGRAMS = [
    ("var_init_then_read", """
v = T.Variable([1.0, 2.0])
w = T.Variable(3, name='w', use_resource=False)
x = tf.add(v, 1.0)
init = T.global_variables_initializer()
sess = session()
rec(lambda: sess.run(init))
rec(lambda: sess.run([v, w, x]))
rec(lambda: sess.run([v.value(), v.read_value(), w.value(), w.read_value()]))
rec(lambda: sess.run({'v': v, 'ok': v.is_initialized(), 'w_ok': T.is_variable_initialized(w)}))
rec(lambda: v.eval(session=sess))
rec(lambda: w.eval(session=sess))
rec(lambda: sess.run(v.initializer))
""", """
const v = new tf.Variable([1, 2]);
const w = new tf.Variable(i32(3), { name: 'w', useResource: false });
const x = tf.add(v, 1);
const init = tf.globalVariablesInitializer();
const sess = session();
await rec(() => sess.run(init));
await rec(() => sess.run([v, w, x]));
await rec(() => sess.run([v.value(), v.readValue(), w.value(), w.readValue()]));
await rec(() => sess.run({ v, ok: v.isInitialized(), w_ok: tf.isVariableInitialized(w) }));
await rec(() => v.eval(sess));
await rec(() => w.eval(sess));
await rec(() => sess.run(v.initializer));
"""),
    ("var_read_before_init_resource", """
v = T.Variable([1.0, 2.0])
sess = session()
rec(lambda: sess.run(v))
rec(lambda: sess.run(v.value()))
rec(lambda: sess.run(tf.add(v, 1.0)))
rec(lambda: sess.run(v.is_initialized()))
rec(lambda: sess.run(v.assign_add([1.0, 1.0])))
rec(lambda: sess.run(v.assign_add([1.0, 1.0], read_value=False)))
rec(lambda: sess.run(v.assign([5.0, 6.0])))
rec(lambda: sess.run(v.is_initialized()))
""", """
const v = new tf.Variable([1, 2]);
const sess = session();
await rec(() => sess.run(v));
await rec(() => sess.run(v.value()));
await rec(() => sess.run(tf.add(v, 1)));
await rec(() => sess.run(v.isInitialized()));
await rec(() => sess.run(v.assignAdd([1, 1])));
await rec(() => sess.run(v.assignAdd([1, 1], { readValue: false })));
await rec(() => sess.run(v.assign([5, 6])));
await rec(() => sess.run(v.isInitialized()));
"""),
    ("var_read_before_init_ref", """
w = T.Variable(3, name='w', use_resource=False)
sess = session()
rec(lambda: sess.run(w))
rec(lambda: sess.run(w.value()))
rec(lambda: sess.run(w.read_value()))
rec(lambda: sess.run(tf.add(w, 1)))
rec(lambda: sess.run(w.assign_add(1)))
rec(lambda: sess.run(T.is_variable_initialized(w)))
rec(lambda: sess.run(w.assign(5)))
rec(lambda: sess.run(w.assign_add(1)))
rec(lambda: sess.run(T.is_variable_initialized(w)))
""", """
const w = new tf.Variable(i32(3), { name: 'w', useResource: false });
const sess = session();
await rec(() => sess.run(w));
await rec(() => sess.run(w.value()));
await rec(() => sess.run(w.readValue()));
await rec(() => sess.run(tf.add(w, i32(1))));
await rec(() => sess.run(w.assignAdd(1)));
await rec(() => sess.run(tf.isVariableInitialized(w)));
await rec(() => sess.run(w.assign(5)));
await rec(() => sess.run(w.assignAdd(1)));
await rec(() => sess.run(tf.isVariableInitialized(w)));
"""),
    ("var_assign_sequence", """
v = T.Variable([1.0, 2.0])
w = T.Variable([10, 20], use_resource=False)
sess = session()
rec(lambda: sess.run(T.global_variables_initializer()))
rec(lambda: sess.run(v.assign([5.0, 6.0])))
rec(lambda: sess.run(v.assign_add([1.0, 1.0])))
rec(lambda: sess.run(v.assign_sub([0.5, 0.5])))
rec(lambda: sess.run(v.assign([0.0, 0.0], read_value=False)))
rec(lambda: sess.run(v))
rec(lambda: sess.run(w.assign([1, 2])))
rec(lambda: sess.run(w.assign_add([1, 1])))
rec(lambda: sess.run(w.assign_sub([5, 5])))
rec(lambda: sess.run(w.assign_add([1, 1], read_value=False)))
rec(lambda: sess.run(w))
a = v.assign_add([1.0, 1.0])
rec(lambda: sess.run([a, a]))
rec(lambda: sess.run(v.assign([1.0, 1.0]).assign_add([2.0, 2.0])))
rec(lambda: sess.run(tf.add(v.assign_sub([1.0, 1.0]), 10.0)))
step = v.assign_add([1.0, 1.0])
for _ in range(3):
    rec(lambda: sess.run(step))
rec(lambda: sess.run(v.assign([1.0, 2.0, 3.0])))
""", """
const v = new tf.Variable([1, 2]);
const w = new tf.Variable(i32([10, 20]), { useResource: false });
const sess = session();
await rec(() => sess.run(tf.globalVariablesInitializer()));
await rec(() => sess.run(v.assign([5, 6])));
await rec(() => sess.run(v.assignAdd([1, 1])));
await rec(() => sess.run(v.assignSub([0.5, 0.5])));
await rec(() => sess.run(v.assign([0, 0], { readValue: false })));
await rec(() => sess.run(v));
await rec(() => sess.run(w.assign([1, 2])));
await rec(() => sess.run(w.assignAdd([1, 1])));
await rec(() => sess.run(w.assignSub([5, 5])));
await rec(() => sess.run(w.assignAdd([1, 1], { readValue: false })));
await rec(() => sess.run(w));
const a = v.assignAdd([1, 1]);
await rec(() => sess.run([a, a]));
await rec(() => sess.run(v.assign([1, 1]).assignAdd([2, 2])));
await rec(() => sess.run(tf.add(v.assignSub([1, 1]), 10)));
const step = v.assignAdd([1, 1]);
for (let i = 0; i < 3; i++) await rec(() => sess.run(step));
await rec(() => sess.run(v.assign([1, 2, 3])));
"""),
    ("var_dtypes", """
a = T.Variable(np.int64(5))
b = T.Variable('abc')
c = T.Variable([True, False], use_resource=False)
d = T.Variable(np.float64(0.5))
sess = session()
rec(lambda: sess.run(T.global_variables_initializer()))
rec(lambda: sess.run([a, b, c, d]))
rec(lambda: sess.run([a.assign_add(np.int64(2)), b.assign('de'), c.assign([False, True]), d.assign_sub(0.25)]))
rec(lambda: sess.run([a, b, c, d]))
""", """
const a = new tf.Variable(5n);
const b = new tf.Variable('abc');
const c = new tf.Variable([true, false], { useResource: false });
const d = new tf.Variable(0.5, { dtype: 'float64' });
const sess = session();
await rec(() => sess.run(tf.globalVariablesInitializer()));
await rec(() => sess.run([a, b, c, d]));
await rec(() => sess.run([a.assignAdd(2n), b.assign('de'), c.assign([false, true]), d.assignSub(0.25)]));
await rec(() => sess.run([a, b, c, d]));
"""),
    ("var_two_sessions", """
v = T.Variable(1.0)
w = T.Variable(1.0, use_resource=False)
init = T.global_variables_initializer()
s1 = session()
s2 = session()
rec(lambda: s1.run(init))
rec(lambda: s2.run(v))
rec(lambda: s2.run(init))
rec(lambda: s1.run([v.assign(5.0), w.assign(5.0)]))
rec(lambda: s2.run([v.assign_add(2.0), w.assign_add(2.0)]))
rec(lambda: s1.run([v, w]))
rec(lambda: s2.run([v, w]))
s1.close()
rec(lambda: s2.run([v, w]))
""", """
const v = new tf.Variable(1);
const w = new tf.Variable(1, { useResource: false });
const init = tf.globalVariablesInitializer();
const s1 = session();
const s2 = session();
await rec(() => s1.run(init));
await rec(() => s2.run(v));
await rec(() => s2.run(init));
await rec(() => s1.run([v.assign(5), w.assign(5)]));
await rec(() => s2.run([v.assignAdd(2), w.assignAdd(2)]));
await rec(() => s1.run([v, w]));
await rec(() => s2.run([v, w]));
await s1.close();
await rec(() => s2.run([v, w]));
"""),
    ("var_reset", """
v = T.Variable(1.0)
init = T.global_variables_initializer()
s1 = session()
rec(lambda: s1.run(init))
rec(lambda: s1.run(v))
reset()
s2 = session()
rec(lambda: s2.run(v))
rec(lambda: s2.run(init))
rec(lambda: s2.run(v))
""", """
const v = new tf.Variable(1);
const init = tf.globalVariablesInitializer();
const s1 = session();
await rec(() => s1.run(init));
await rec(() => s1.run(v));
await reset();
const s2 = session();
await rec(() => s2.run(v));
await rec(() => s2.run(init));
await rec(() => s2.run(v));
"""),
    ("var_reset_closes_sessions", """
v = T.Variable(1.0)
s1 = session()
rec(lambda: s1.run(v.initializer))
reset()
rec(lambda: s1.run(v))
""", """
const v = new tf.Variable(1);
const s1 = session();
await rec(() => s1.run(v.initializer));
await reset();
await rec(() => s1.run(v));
"""),
    ("var_feed_initial_value", """
p = T.placeholder(tf.float32, [None])
v = T.Variable(p)
sess = session()
rec(lambda: sess.run(v.initializer, {p: [1.0, 2.0, 3.0]}))
rec(lambda: sess.run(v))
rec(lambda: sess.run(v.assign([4.0])))
""", """
const p = tf.placeholder('float32', [null]);
const v = new tf.Variable(p);
const sess = session();
await rec(() => sess.run(v.initializer, new Map([[p, [1, 2, 3]]])));
await rec(() => sess.run(v));
await rec(() => sess.run(v.assign([4])));
"""),
    ("var_initial_value_from_variable", """
a = T.Variable([1.0, 2.0], name='a')
b = T.Variable(tf.multiply(a, 2.0), name='b')
sess = session()
rec(lambda: sess.run(a.initializer))
rec(lambda: sess.run(b.initializer))
rec(lambda: sess.run([a, b]))
""", """
const a = new tf.Variable([1, 2], { name: 'a' });
const b = new tf.Variable(tf.multiply(a, 2), { name: 'b' });
const sess = session();
await rec(() => sess.run(a.initializer));
await rec(() => sess.run(b.initializer));
await rec(() => sess.run([a, b]));
"""),
    ("fifo_enqueue_dequeue", """
q = T.FIFOQueue(10, [tf.float32, tf.int32], shapes=[[2], []])
e1 = q.enqueue([[1.0, 2.0], 3])
e2 = q.enqueue([[4.0, 5.0], 6])
d = q.dequeue()
s = q.size()
sess = session()
rec(lambda: sess.run(e1))
rec(lambda: sess.run(e2))
rec(lambda: sess.run(s))
rec(lambda: sess.run(d))
rec(lambda: sess.run(s))
rec(lambda: sess.run(d))
rec(lambda: sess.run(s))
""", """
const q = new tf.FIFOQueue(10, ['float32', 'int32'], { shapes: [[2], []] });
const e1 = q.enqueue([[1, 2], i32(3)]);
const e2 = q.enqueue([[4, 5], i32(6)]);
const d = q.dequeue();
const s = q.size();
const sess = session();
await rec(() => sess.run(e1));
await rec(() => sess.run(e2));
await rec(() => sess.run(s));
await rec(() => sess.run(d));
await rec(() => sess.run(s));
await rec(() => sess.run(d));
await rec(() => sess.run(s));
"""),
    ("fifo_many_and_up_to", """
q = T.FIFOQueue(10, tf.int32, shapes=[[]])
em = q.enqueue_many([[1, 2, 3, 4, 5]])
dm = q.dequeue_many(2)
du = q.dequeue_up_to(4)
sess = session()
rec(lambda: sess.run(em))
rec(lambda: sess.run(q.size()))
rec(lambda: sess.run(dm))
rec(lambda: sess.run(q.close()))
rec(lambda: sess.run(du))
rec(lambda: sess.run(du))
rec(lambda: sess.run(dm))
rec(lambda: sess.run(q.size()))
""", """
const q = new tf.FIFOQueue(10, 'int32', { shapes: [[]] });
const em = q.enqueueMany([i32([1, 2, 3, 4, 5])]);
const dm = q.dequeueMany(2);
const du = q.dequeueUpTo(4);
const sess = session();
await rec(() => sess.run(em));
await rec(() => sess.run(q.size()));
await rec(() => sess.run(dm));
await rec(() => sess.run(q.close()));
await rec(() => sess.run(du));
await rec(() => sess.run(du));
await rec(() => sess.run(dm));
await rec(() => sess.run(q.size()));
"""),
    ("fifo_closed_insufficient", """
q = T.FIFOQueue(10, [tf.int32, tf.float32], shapes=[[], [2]])
sess = session()
rec(lambda: sess.run(q.enqueue([7, [1.0, 2.0]])))
rec(lambda: sess.run(q.close()))
rec(lambda: sess.run(q.dequeue_many(2)))
rec(lambda: sess.run(q.dequeue_up_to(2)))
rec(lambda: sess.run(q.dequeue()))
rec(lambda: sess.run(q.enqueue([8, [3.0, 4.0]])))
rec(lambda: sess.run(q.enqueue_many([[8], [[3.0, 4.0]]])))
rec(lambda: sess.run(q.size()))
rec(lambda: sess.run(q.close()))
""", """
const q = new tf.FIFOQueue(10, ['int32', 'float32'], { shapes: [[], [2]] });
const sess = session();
await rec(() => sess.run(q.enqueue([i32(7), [1, 2]])));
await rec(() => sess.run(q.close()));
await rec(() => sess.run(q.dequeueMany(2)));
await rec(() => sess.run(q.dequeueUpTo(2)));
await rec(() => sess.run(q.dequeue()));
await rec(() => sess.run(q.enqueue([i32(8), [3, 4]])));
await rec(() => sess.run(q.enqueueMany([i32([8]), [[3, 4]]])));
await rec(() => sess.run(q.size()));
await rec(() => sess.run(q.close()));
"""),
    ("fifo_close_cancel_pending_enqueues", """
q = T.FIFOQueue(1, tf.int32)
sess = session()
rec(lambda: sess.run(q.enqueue(1)))
e2 = q.enqueue(2)
h = start(lambda: sess.run(e2))
pending(h)
rec(lambda: sess.run(q.close(cancel_pending_enqueues=True)))
join(h)
rec(lambda: sess.run(q.size()))
rec(lambda: sess.run(q.dequeue()))
rec(lambda: sess.run(q.dequeue()))
""", """
const q = new tf.FIFOQueue(1, 'int32');
const sess = session();
await rec(() => sess.run(q.enqueue(i32(1))));
const e2 = q.enqueue(i32(2));
const h = start(() => sess.run(e2));
await pending(h);
await rec(() => sess.run(q.close({ cancelPendingEnqueues: true })));
await join(h);
await rec(() => sess.run(q.size()));
await rec(() => sess.run(q.dequeue()));
await rec(() => sess.run(q.dequeue()));
"""),
    ("fifo_close_keeps_pending_enqueues", """
q = T.FIFOQueue(1, tf.int32)
sess = session()
rec(lambda: sess.run(q.enqueue(1)))
e2 = q.enqueue(2)
c = q.close()
d = q.dequeue()
h = start(lambda: sess.run(e2))
pending(h)
hc = start(lambda: sess.run(c))
pending(hc)
rec(lambda: sess.run(d))
join(h)
join(hc)
rec(lambda: sess.run(d))
rec(lambda: sess.run(d))
""", """
const q = new tf.FIFOQueue(1, 'int32');
const sess = session();
await rec(() => sess.run(q.enqueue(i32(1))));
const e2 = q.enqueue(i32(2));
const c = q.close();
const d = q.dequeue();
const h = start(() => sess.run(e2));
await pending(h);
const hc = start(() => sess.run(c));
await pending(hc);
await rec(() => sess.run(d));
await join(h);
await join(hc);
await rec(() => sess.run(d));
await rec(() => sess.run(d));
"""),
    ("fifo_close_wakes_dequeue", """
q = T.FIFOQueue(3, tf.float32)
d = q.dequeue()
sess = session()
h = start(lambda: sess.run(d))
pending(h)
rec(lambda: sess.run(q.close()))
join(h)
""", """
const q = new tf.FIFOQueue(3, 'float32');
const d = q.dequeue();
const sess = session();
const h = start(() => sess.run(d));
await pending(h);
await rec(() => sess.run(q.close()));
await join(h);
"""),
    ("fifo_dequeue_timeout", """
q = T.FIFOQueue(3, tf.int32, shapes=[[]])
d = q.dequeue()
sess = session()
rec(lambda: sess.run(d, options=T.RunOptions(timeout_in_ms=100)))
rec(lambda: sess.run(q.enqueue(7)))
rec(lambda: sess.run(q.size()))
rec(lambda: sess.run(d))
rec(lambda: sess.run(q.dequeue_many(2), options=T.RunOptions(timeout_in_ms=100)))
""", """
const q = new tf.FIFOQueue(3, 'int32', { shapes: [[]] });
const d = q.dequeue();
const sess = session();
await rec(() => sess.run(d, undefined, { timeoutInMs: 100 }));
await rec(() => sess.run(q.enqueue(i32(7))));
await rec(() => sess.run(q.size()));
await rec(() => sess.run(d));
await rec(() => sess.run(q.dequeueMany(2), undefined, { timeoutInMs: 100 }));
"""),
    ("fifo_concurrent_dequeue_enqueue", """
q = T.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], []])
d = q.dequeue()
e = q.enqueue([42, 'x'])
sess = session()
h = start(lambda: sess.run(d))
pending(h)
rec(lambda: sess.run(e))
join(h)
dm = q.dequeue_many(2)
h2 = start(lambda: sess.run(dm))
pending(h2)
rec(lambda: sess.run(q.enqueue_many([[1, 2, 3], ['a', 'b', 'c']])))
join(h2)
rec(lambda: sess.run(q.size()))
""", """
const q = new tf.FIFOQueue(3, ['int32', 'string'], { shapes: [[], []] });
const d = q.dequeue();
const e = q.enqueue([i32(42), 'x']);
const sess = session();
const h = start(() => sess.run(d));
await pending(h);
await rec(() => sess.run(e));
await join(h);
const dm = q.dequeueMany(2);
const h2 = start(() => sess.run(dm));
await pending(h2);
await rec(() => sess.run(q.enqueueMany([i32([1, 2, 3]), ['a', 'b', 'c']])));
await join(h2);
await rec(() => sess.run(q.size()));
"""),
    ("fifo_blocked_enqueue_full", """
q = T.FIFOQueue(2, tf.int32, shapes=[[]])
sess = session()
rec(lambda: sess.run(q.enqueue_many([[1, 2]])))
em = q.enqueue_many([[3, 4]])
h = start(lambda: sess.run(em))
pending(h)
rec(lambda: sess.run(q.dequeue()))
pending(h)
rec(lambda: sess.run(q.dequeue()))
join(h)
rec(lambda: sess.run(q.dequeue_many(2)))
""", """
const q = new tf.FIFOQueue(2, 'int32', { shapes: [[]] });
const sess = session();
await rec(() => sess.run(q.enqueueMany([i32([1, 2])])));
const em = q.enqueueMany([i32([3, 4])]);
const h = start(() => sess.run(em));
await pending(h);
await rec(() => sess.run(q.dequeue()));
await pending(h);
await rec(() => sess.run(q.dequeue()));
await join(h);
await rec(() => sess.run(q.dequeueMany(2)));
"""),
    ("fifo_names", """
q = T.FIFOQueue(5, [tf.int32, tf.float32], names=['a', 'b'], shapes=[[], [2]])
sess = session()
rec(lambda: sess.run(q.enqueue({'b': [1.0, 2.0], 'a': 1})))
rec(lambda: sess.run(q.enqueue_many({'a': [2, 3], 'b': [[3.0, 4.0], [5.0, 6.0]]})))
rec(lambda: sess.run(q.dequeue()))
rec(lambda: sess.run(q.dequeue_many(2)))
""", """
const q = new tf.FIFOQueue(5, ['int32', 'float32'], { names: ['a', 'b'], shapes: [[], [2]] });
const sess = session();
await rec(() => sess.run(q.enqueue({ b: [1, 2], a: i32(1) })));
await rec(() => sess.run(q.enqueueMany({ a: i32([2, 3]), b: [[3, 4], [5, 6]] })));
await rec(() => sess.run(q.dequeue()));
await rec(() => sess.run(q.dequeueMany(2)));
"""),
    ("fifo_shared_name", """
q1 = T.FIFOQueue(5, tf.int32, shared_name='shared_q')
q2 = T.FIFOQueue(5, tf.int32, shared_name='shared_q')
sess = session()
rec(lambda: sess.run(q1.enqueue(11)))
rec(lambda: sess.run(q2.size()))
rec(lambda: sess.run(q2.dequeue()))
rec(lambda: sess.run(q1.close()))
rec(lambda: sess.run(q2.dequeue()))
""", """
const q1 = new tf.FIFOQueue(5, 'int32', { sharedName: 'shared_q' });
const q2 = new tf.FIFOQueue(5, 'int32', { sharedName: 'shared_q' });
const sess = session();
await rec(() => sess.run(q1.enqueue(i32(11))));
await rec(() => sess.run(q2.size()));
await rec(() => sess.run(q2.dequeue()));
await rec(() => sess.run(q1.close()));
await rec(() => sess.run(q2.dequeue()));
"""),
    ("fifo_runtime_shape_check", """
q = T.FIFOQueue(5, tf.float32, shapes=[[2]])
p = T.placeholder(tf.float32, [None])
e = q.enqueue([p])
sess = session()
rec(lambda: sess.run(e, {p: [1.0, 2.0, 3.0]}))
rec(lambda: sess.run(e, {p: [1.0, 2.0]}))
rec(lambda: sess.run(q.dequeue()))
""", """
const q = new tf.FIFOQueue(5, 'float32', { shapes: [[2]] });
const p = tf.placeholder('float32', [null]);
const e = q.enqueue([p]);
const sess = session();
await rec(() => sess.run(e, new Map([[p, [1, 2, 3]]])));
await rec(() => sess.run(e, new Map([[p, [1, 2]]])));
await rec(() => sess.run(q.dequeue()));
"""),
    ("fifo_dequeue_many_unshaped", """
q = T.FIFOQueue(5, tf.int32)
sess = session()
rec(lambda: sess.run(q.enqueue(1)))
rec(lambda: sess.run(q.dequeue_many(1)))
""", """
const q = new tf.FIFOQueue(5, 'int32');
const sess = session();
await rec(() => sess.run(q.enqueue(i32(1))));
await rec(() => sess.run(q.dequeueMany(1)));
"""),
    ("fifo_session_close_cancels", """
q = T.FIFOQueue(3, tf.int32)
d = q.dequeue()
sess = session()
h = start(lambda: sess.run(d))
pending(h)
sess.close()
join(h)
""", """
const q = new tf.FIFOQueue(3, 'int32');
const d = q.dequeue();
const sess = session();
const h = start(() => sess.run(d));
await pending(h);
await sess.close();
await join(h);
"""),
    ("reader_reads_files", """
write('a.txt', 'hello')
write('b.txt', 'world!\\n')
write('empty.txt', '')
q = T.FIFOQueue(5, tf.string)
rd = T.WholeFileReader()
kv = rd.read(q)
sess = session()
rec(lambda: sess.run(q.enqueue_many([[path('a.txt'), path('b.txt'), path('empty.txt')]])))
rec(lambda: sess.run(q.close()))
rec(lambda: sess.run(kv))
rec(lambda: sess.run(list(kv)))
rec(lambda: sess.run({'key': kv[0], 'value': kv[1]}))
rec(lambda: sess.run(kv))
""", """
write('a.txt', 'hello');
write('b.txt', 'world!\\n');
write('empty.txt', '');
const q = new tf.FIFOQueue(5, 'string');
const rd = new tf.WholeFileReader();
const kv = rd.read(q);
const sess = session();
await rec(() => sess.run(q.enqueueMany([[path('a.txt'), path('b.txt'), path('empty.txt')]])));
await rec(() => sess.run(q.close()));
await rec(() => sess.run(kv));
await rec(() => sess.run([...kv]));
await rec(() => sess.run({ key: kv[0], value: kv[1] }));
await rec(() => sess.run(kv));
"""),
    ("reader_missing_file", """
write('here.txt', 'x')
q = T.FIFOQueue(5, tf.string)
k, v = T.WholeFileReader().read(q)
sess = session()
rec(lambda: sess.run(q.enqueue(path('missing.txt'))))
rec(lambda: sess.run(q.enqueue(path('here.txt'))))
rec(lambda: sess.run([k, v]))
rec(lambda: sess.run([k, v]))
""", """
write('here.txt', 'x');
const q = new tf.FIFOQueue(5, 'string');
const [k, v] = new tf.WholeFileReader().read(q);
const sess = session();
await rec(() => sess.run(q.enqueue(path('missing.txt'))));
await rec(() => sess.run(q.enqueue(path('here.txt'))));
await rec(() => sess.run([k, v]));
await rec(() => sess.run([k, v]));
"""),
    ("reader_waits_for_filenames", """
write('late.txt', 'late')
q = T.FIFOQueue(5, tf.string)
k, v = T.WholeFileReader().read(q)
sess = session()
h = start(lambda: sess.run([k, v]))
pending(h)
rec(lambda: sess.run(q.enqueue(path('late.txt'))))
join(h)
""", """
write('late.txt', 'late');
const q = new tf.FIFOQueue(5, 'string');
const [k, v] = new tf.WholeFileReader().read(q);
const sess = session();
const h = start(() => sess.run([k, v]));
await pending(h);
await rec(() => sess.run(q.enqueue(path('late.txt'))));
await join(h);
"""),
]


def run_program(pid):
    """Runs one program (in this process) and returns its record."""
    import numpy as np
    import tensorflow as tf

    sys.path.insert(0, HERE)
    from oracle_util import core_message, encode_array

    T = tf.compat.v1
    py = next(p for (i, p, _ts) in PROGRAMS if i == pid)
    tmp = tempfile.mkdtemp(prefix="tg-state-")
    events = []

    def norm(text):
        return text.replace(tmp, "{dir}")

    def enc(v):
        if v is None:
            return None
        if isinstance(v, dict):
            return {"dict": {str(k): enc(x) for k, x in v.items()}}
        if isinstance(v, (list, tuple)):
            return {"list": [enc(x) for x in v]}
        if isinstance(v, bytes):
            return norm_array(encode_array(np.array(v, dtype=object), tf.string))
        arr = np.asarray(v)
        if arr.dtype == object:
            return norm_array(encode_array(arr, tf.string))
        return encode_array(arr)

    def norm_array(spec):
        spec["values"] = [{"utf8": norm(x["utf8"])} if isinstance(x, dict) and "utf8" in x else x
                          for x in spec["values"]]
        return spec

    def outcome(fn):
        try:
            return {"result": enc(fn())}
        except Exception as e:  # the class and wording are what the tests check
            if isinstance(e, tf.errors.OpError):
                msg = e.message
                node = re.search(r"\[\[\{\{node (.*?)\}\}\]\]", msg)
                # Python's session puts this before every runtime error.
                core = re.sub(r"^Graph execution error:\n\n", "", core_message(msg))
                out = {"error": type(e).__name__, "message": norm(core)}
                if node:
                    out["node"] = node.group(1)
                return out
            return {"error": type(e).__name__, "message": norm(str(e))}

    def rec(fn):
        events.append(outcome(fn))

    def start(fn):
        box = {}
        t = threading.Thread(target=lambda: box.update(outcome=outcome(fn)), daemon=True)
        t.start()
        return (t, box)

    def pending(h):
        time.sleep(0.3)
        events.append({"pending": h[0].is_alive()})

    def join(h):
        h[0].join(10)
        events.append(h[1].get("outcome", {"error": "Timeout", "message": "still blocked"}))

    def write(name, text):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)

    g = tf.Graph()
    env = {
        "tf": tf, "T": T, "np": np, "rec": rec, "start": start, "pending": pending,
        "join": join, "write": write, "path": lambda name: os.path.join(tmp, name),
        "session": lambda: T.Session(graph=g), "reset": lambda: T.Session.reset(""),
    }
    try:
        with g.as_default():
            exec(py, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return events


def programs():
    def one(pid):
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--program", pid],
                             capture_output=True, text=True, check=True, timeout=120)
        return json.loads(out.stdout.strip().splitlines()[-1])

    ids = [p[0] for p in PROGRAMS]
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, ids))
    return [{"id": pid, "py": py.strip(), "ts": ts.strip(), "events": events}
            for (pid, py, ts), events in zip(PROGRAMS, results)]


def write_json(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--program":
        print(json.dumps(run_program(sys.argv[2])), flush=True)
        # A run TF left blocked would hold the interpreter at exit.
        os._exit(0)
    else:
        import tensorflow as tf
        which = sys.argv[1:] or ["graphs", "programs"]
        if "graphs" in which:
            write_json("graphs.json", {"tf_version": tf.__version__, "cases": graph_cases()})
        if "programs" in which:
            write_json("programs.json", {"tf_version": tf.__version__, "programs": programs()})
