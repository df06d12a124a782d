"""TensorArrayV3 programs run by TF 2.21 in graph mode: fixtures for the CPU TensorArray
kernels the model zoo's dynamic_rnn needs. Same program form as gen_list_fixtures.py (a chain
of tf.raw_ops calls; a step's outputs feed later steps; effects are ordered by the `flow`
tensors), so each step can be replayed as one kernel call. Writes
packages/backend-cpu/test/fixtures/tensor-array.json.

Run: .venv-tf/bin/python tools/oracle/zoo_tensor_array_cases.py
"""
import os

import tensorflow as tf
from tensorflow.core.framework import tensor_shape_pb2

import gen_list_fixtures
from gen_list_fixtures import run_program
from oracle_util import encode_attr, f32, i32, i64, ref, step, write_fixture


def encode_attr_with_shapes(value):
    # Op.get_attr gives a TensorShapeProto for shape attrs, which encode_attr does not know.
    if isinstance(value, tensor_shape_pb2.TensorShapeProto):
        return encode_attr(tf.TensorShape(value))
    return encode_attr(value)


gen_list_fixtures.encode_attr = encode_attr_with_shapes

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages", "backend-cpu",
                   "test", "fixtures", "tensor-array.json")
F = tf.float32


def ta(size=3, **attrs):
    attrs.setdefault("dtype", F)
    return step("TensorArrayV3", {"size": i32(size)}, **attrs)


def write(h, index, value, flow):
    return step("TensorArrayWriteV3", {"handle": ref(h), "index": i32(index), "value": value,
                                       "flow_in": ref(*flow)})


def read(h, index, flow, dtype=F):
    return step("TensorArrayReadV3", {"handle": ref(h), "index": i32(index), "flow_in": ref(*flow)},
                dtype=dtype)


def gather(h, indices, flow, **attrs):
    attrs.setdefault("dtype", F)
    return step("TensorArrayGatherV3", {"handle": ref(h), "indices": i32(indices),
                                        "flow_in": ref(*flow)}, **attrs)


def size(h, flow):
    return step("TensorArraySizeV3", {"handle": ref(h), "flow_in": ref(*flow)})


def programs():
    P = []

    def add(name, steps, fetch):
        P.append(run_program(name, steps, fetch))

    v = f32([1.5, -2])
    m = f32([[1, 2], [3, 4], [5, 6]])
    add("write_read_size", [ta(), write(0, 2, v, (0, 1)), read(0, 2, (1, 0)), size(0, (1, 0))],
        [(2, 0), (3, 0)])
    add("write_gather", [ta(), write(0, 0, v, (0, 1)), write(0, 2, f32([3, 4]), (1, 0)),
                         gather(0, [2, 0], (2, 0))], [(3, 0)])
    add("gather_unwritten_known_shape", [ta(element_shape=[2]), write(0, 0, v, (0, 1)),
                                         gather(0, [1, 0], (1, 0), element_shape=[2])], [(2, 0)])
    add("read_unwritten_known_shape", [ta(element_shape=[2]), read(0, 1, (0, 1))], [(1, 0)])
    add("read_unwritten_unknown_shape", [ta(), read(0, 1, (0, 1))], [(1, 0)])
    add("write_out_of_range", [ta(element_shape=[2]), write(0, 5, v, (0, 1))], [(1, 0)])
    add("write_negative", [ta(), write(0, -1, v, (0, 1))], [(1, 0)])
    add("write_twice", [ta(), write(0, 1, v, (0, 1)), write(0, 1, v, (1, 0))], [(2, 0)])
    add("write_shape_mismatch", [ta(identical_element_shapes=True), write(0, 0, v, (0, 1)),
                                 write(0, 1, f32([1, 2, 3]), (1, 0))], [(2, 0)])
    add("write_dtype_mismatch", [ta(), write(0, 1, i32([1, 2]), (0, 1))], [(1, 0)])
    add("read_out_of_range", [ta(), read(0, 4, (0, 1))], [(1, 0)])
    add("read_negative", [ta(), read(0, -1, (0, 1))], [(1, 0)])
    add("read_dtype_mismatch", [ta(), write(0, 1, v, (0, 1)), read(0, 1, (1, 0), dtype=tf.int32)],
        [(2, 0)])
    add("read_cleared", [ta(), write(0, 1, v, (0, 1)), gather(0, [1, 1], (1, 0))], [(2, 0)])
    add("read_twice_kept", [ta(clear_after_read=False), write(0, 1, v, (0, 1)),
                            gather(0, [1, 1], (1, 0))], [(2, 0)])
    add("gather_inconsistent", [ta(size=2), write(0, 0, v, (0, 1)), write(0, 1, f32([1, 2, 3]), (1, 0)),
                                gather(0, [0, 1], (2, 0))], [(3, 0)])
    add("gather_out_of_range", [ta(size=2), write(0, 0, v, (0, 1)), gather(0, [0, 2], (1, 0))], [(2, 0)])
    add("gather_empty_unknown", [ta(size=0), gather(0, [], (0, 1))], [(1, 0)])
    add("gather_empty_known", [ta(size=0, element_shape=[2, 3]), gather(0, [], (0, 1), element_shape=[2, 3])],
        [(1, 0)])
    add("scatter_gather", [ta(), step("TensorArrayScatterV3", {"handle": ref(0), "indices": i32([2, 0, 1]),
                                                               "value": m, "flow_in": ref(0, 1)}),
                           gather(0, [0, 1, 2], (1, 0))], [(2, 0)])
    add("scatter_out_of_range", [ta(), step("TensorArrayScatterV3", {"handle": ref(0), "indices": i32([0, 3]),
                                                                     "value": f32([[1], [2]]),
                                                                     "flow_in": ref(0, 1)})], [(1, 0)])
    add("scatter_grows", [ta(dynamic_size=True),
                          step("TensorArrayScatterV3", {"handle": ref(0), "indices": i32([0, 5]),
                                                        "value": f32([[1], [2]]), "flow_in": ref(0, 1)}),
                          size(0, (1, 0))], [(2, 0)])
    add("write_grows", [ta(size=1, dynamic_size=True), write(0, 3, v, (0, 1)), size(0, (1, 0))], [(2, 0)])
    add("split_concat", [ta(size=2),
                         step("TensorArraySplitV3", {"handle": ref(0), "value": f32([[1], [2], [3]]),
                                                     "lengths": i64([1, 2]), "flow_in": ref(0, 1)}),
                         step("TensorArrayConcatV3", {"handle": ref(0), "flow_in": ref(1, 0)}, dtype=F)],
        [(2, 0), (2, 1)])
    add("split_bad_sum", [ta(), step("TensorArraySplitV3", {"handle": ref(0), "value": f32([1, 2, 3]),
                                                            "lengths": i64([1, 1]), "flow_in": ref(0, 1)})],
        [(1, 0)])
    add("split_bad_count", [ta(), step("TensorArraySplitV3", {"handle": ref(0), "value": f32([1, 2, 3]),
                                                              "lengths": i64([1, 2]), "flow_in": ref(0, 1)})],
        [(1, 0)])
    add("concat_inconsistent", [ta(size=2), write(0, 0, f32([[1, 2]]), (0, 1)),
                                write(0, 1, f32([[1, 2, 3]]), (1, 0)),
                                step("TensorArrayConcatV3", {"handle": ref(0), "flow_in": ref(2, 0)}, dtype=F)],
        [(3, 0)])
    add("negative_size", [ta(size=-1), size(0, (0, 1))], [(1, 0)])
    add("int64_elements", [ta(dtype=tf.int64, element_shape=[2]), write(0, 1, i64([7, -8]), (0, 1)),
                           gather(0, [1, 0], (1, 0), dtype=tf.int64)], [(2, 0)])
    add("grad_aggregates", [ta(size=2, element_shape=[2]),
                            step("TensorArrayGradV3", {"handle": ref(0), "flow_in": ref(0, 1)}, source="g"),
                            write(1, 0, v, (1, 1)), write(1, 0, f32([1, 1]), (2, 0)),
                            gather(1, [0, 1], (3, 0))], [(4, 0)])
    return P


def main():
    progs = programs()
    write_fixture(OUT, {"programs": progs})
    print(f"wrote {len(progs)} programs to {OUT}")


if __name__ == "__main__":
    main()
