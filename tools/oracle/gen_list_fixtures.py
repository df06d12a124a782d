"""TensorList* programs run by TF in graph mode: fixtures for the CPU list kernels.

Each program is a chain of tf.raw_ops.TensorList* calls (a step's variant output feeds a
later step); its tensor inputs are fed through placeholders so TF's kernels, not its shape
inference, see them. We record the fetched tensors, or TF's runtime error and the step
that raised it. Writes fixtures/list/lists.json.
"""
import os
import sys

import tensorflow as tf

from oracle_util import (T, decode_array, encode_array, encode_attr, f32, i32, i64, ref, step,
                         step_error, write_fixture)

OUT = os.path.join(os.path.dirname(__file__), "fixtures", "list", "lists.json")


def run_program(name, steps, fetch):
    print("program", name, file=sys.stderr, flush=True)
    g = tf.Graph()
    feeds = {}
    built = []
    recorded = []
    with g.as_default(), g.device("/device:CPU:0"):
        for k, s in enumerate(steps):
            kwargs = {}
            for arg, spec in s["inputs"]:
                if "ref" in spec:
                    st, out = spec["ref"]
                    kwargs[arg] = built[st].outputs[out]
                else:
                    arr = decode_array(spec)
                    if arg == "element_shape" and arr.shape == ():
                        # Shape inference insists on a static scalar shape (-1).
                        kwargs[arg] = tf.constant(arr, name=f"s{k}_{arg}")
                        continue
                    ph = T.placeholder(tf.as_dtype(spec["dtype"]), shape=arr.shape,
                                       name=f"s{k}_{arg}")
                    feeds[ph] = arr
                    kwargs[arg] = ph
            try:
                getattr(tf.raw_ops, s["op"])(**kwargs, **s["attrs"], name=f"s{k}")
            except (ValueError, TypeError) as e:
                return {"name": name, "build_error": {"class": type(e).__name__,
                                                      "message": str(e)}}
            op = g.get_operation_by_name(f"s{k}")
            built.append(op)
            recorded.append({
                "op": s["op"],
                "attrs": {n: encode_attr(op.get_attr(n)) for n in sorted(op.node_def.attr)},
                "inputs": [[arg, spec] for arg, spec in s["inputs"]],
            })
        fetches = [built[st].outputs[out] for st, out in fetch]
    program = {"name": name, "steps": recorded, "fetch": [list(f) for f in fetch]}
    with T.Session(graph=g) as sess:
        try:
            values = sess.run(fetches, feeds)
            program["outputs"] = [encode_array(v, t.dtype) for v, t in zip(values, fetches)]
        except tf.errors.OpError as e:
            program["error"] = step_error(e)
    return program


F = tf.float32
UNKNOWN = i32(-1)


def programs():
    P = []

    def add(name, steps, fetch):
        P.append(run_program(name, steps, fetch))

    x = f32([[1, 2], [3, 4], [5, 6]])
    # FromTensor and back.
    add("from_tensor_stack", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": i32([2])},
             element_dtype=F),
    ], [(1, 0)])
    add("from_tensor_stack_unknown_shape", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": UNKNOWN}),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F, num_elements=3),
    ], [(1, 0)])
    add("from_tensor_get_item", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i64([-1])}),
        step("TensorListGetItem", {"input_handle": ref(0), "index": i32(2),
                                   "element_shape": UNKNOWN}, element_dtype=F),
        step("TensorListLength", {"input_handle": ref(0)}),
        step("TensorListElementShape", {"input_handle": ref(0)}, shape_type=tf.int64),
    ], [(1, 0), (2, 0), (3, 0)])
    add("from_tensor_scalar", [
        step("TensorListFromTensor", {"tensor": f32(1.5), "element_shape": UNKNOWN}),
        step("TensorListLength", {"input_handle": ref(0)}),
    ], [(1, 0)])
    add("from_tensor_shape_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([3])}),
        step("TensorListLength", {"input_handle": ref(0)}),
    ], [(1, 0)])
    add("from_tensor_int32", [
        step("TensorListFromTensor", {"tensor": i32([[1], [2]]), "element_shape": i32([1])}),
        step("TensorListGather", {"input_handle": ref(0), "indices": i32([1, 0, 1]),
                                  "element_shape": UNKNOWN}, element_dtype=tf.int32),
    ], [(1, 0)])

    # Reserve / SetItem / Stack: the LSTM's pattern.
    add("reserve_set_stack", [
        step("TensorListReserve", {"element_shape": i32([-1, 2]), "num_elements": i32(3)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(0),
                                   "item": f32([[1, 2]])}),
        step("TensorListSetItem", {"input_handle": ref(1), "index": i32(2),
                                   "item": f32([[5, 6]])}),
        step("TensorListStack", {"input_handle": ref(2), "element_shape": i32([1, 2])},
             element_dtype=F, num_elements=3),
        # The first list is untouched by the later SetItems.
        step("TensorListLength", {"input_handle": ref(1)}),
        step("TensorListGetItem", {"input_handle": ref(1), "index": i32(2),
                                   "element_shape": i32([1, 2])}, element_dtype=F),
    ], [(3, 0), (4, 0), (5, 0)])
    add("reserve_stack_all_uninitialized", [
        step("TensorListReserve", {"element_shape": i32([2, 2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(1, 0)])
    add("reserve_stack_uninitialized_unknown", [
        step("TensorListReserve", {"element_shape": i32([-1]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(1, 0)])
    add("reserve_get_uninitialized", [
        step("TensorListReserve", {"element_shape": i32([-1]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListGetItem", {"input_handle": ref(0), "index": i32(1),
                                   "element_shape": i32([3])}, element_dtype=F),
    ], [(1, 0)])
    add("reserve_get_uninitialized_unknown", [
        step("TensorListReserve", {"element_shape": i32([-1]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListGetItem", {"input_handle": ref(0), "index": i32(1),
                                   "element_shape": UNKNOWN}, element_dtype=F),
    ], [(1, 0)])
    add("reserve_get_infers_from_set", [
        step("TensorListReserve", {"element_shape": UNKNOWN, "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(0),
                                   "item": f32([1, 2, 3])}),
        step("TensorListGetItem", {"input_handle": ref(1), "index": i32(1),
                                   "element_shape": UNKNOWN}, element_dtype=F),
    ], [(2, 0)])
    add("reserve_negative", [
        step("TensorListReserve", {"element_shape": UNKNOWN, "num_elements": i32(-2)},
             element_dtype=F),
        step("TensorListLength", {"input_handle": ref(0)}),
    ], [(1, 0)])
    add("reserve_bad_scalar_shape", [
        step("TensorListReserve", {"element_shape": i32(3), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListLength", {"input_handle": ref(0)}),
    ], [(1, 0)])

    # Index errors.
    add("get_item_out_of_range", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListGetItem", {"input_handle": ref(0), "index": i32(3),
                                   "element_shape": UNKNOWN}, element_dtype=F),
    ], [(1, 0)])
    add("get_item_negative", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListGetItem", {"input_handle": ref(0), "index": i32(-1),
                                   "element_shape": UNKNOWN}, element_dtype=F),
    ], [(1, 0)])
    add("set_item_out_of_range", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(2),
                                   "item": f32([1, 2])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])
    add("set_item_resize", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(1)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(3),
                                   "item": f32([1, 2])}, resize_if_index_out_of_bounds=True),
        step("TensorListStack", {"input_handle": ref(1), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(2, 0)])
    # A negative index with resize_if_index_out_of_bounds crashes TF 2.21 (no case).

    # Dtype mismatches.
    add("get_item_dtype_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListGetItem", {"input_handle": ref(0), "index": i32(0),
                                   "element_shape": UNKNOWN}, element_dtype=tf.int32),
    ], [(1, 0)])
    add("set_item_dtype_mismatch", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(0),
                                   "item": i32([1, 2])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])
    add("stack_dtype_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=tf.float64),
    ], [(1, 0)])
    add("push_back_dtype_mismatch", [
        step("EmptyTensorList", {"element_shape": UNKNOWN, "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListPushBack", {"input_handle": ref(0), "tensor": i32([1])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])

    # Shape mismatches.
    add("set_item_shape_mismatch", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(0),
                                   "item": f32([1, 2, 3])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])
    add("stack_shape_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": i32([3])},
             element_dtype=F),
    ], [(1, 0)])
    add("stack_rank_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": UNKNOWN}),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": i32([2, 1])},
             element_dtype=F),
    ], [(1, 0)])
    add("stack_num_elements_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": i32([2])}),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F, num_elements=2),
    ], [(1, 0)])
    add("stack_empty_unknown_shape", [
        step("EmptyTensorList", {"element_shape": i32([-1, 2]), "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(1, 0)])
    add("stack_empty_known_shape", [
        step("EmptyTensorList", {"element_shape": i32([-1, 2]), "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListStack", {"input_handle": ref(0), "element_shape": i32([3, 2])},
             element_dtype=F),
    ], [(1, 0)])
    add("stack_ragged_elements", [
        step("EmptyTensorList", {"element_shape": i32([-1]), "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListPushBack", {"input_handle": ref(0), "tensor": f32([1, 2])}),
        step("TensorListPushBack", {"input_handle": ref(1), "tensor": f32([3])}),
        step("TensorListStack", {"input_handle": ref(2), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(3, 0)])

    # Push / pop, max_num_elements.
    add("push_pop", [
        step("EmptyTensorList", {"element_shape": UNKNOWN, "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListPushBack", {"input_handle": ref(0), "tensor": f32([1, 2])}),
        step("TensorListPushBack", {"input_handle": ref(1), "tensor": f32([3, 4])}),
        step("TensorListPopBack", {"input_handle": ref(2), "element_shape": UNKNOWN},
             element_dtype=F),
        step("TensorListLength", {"input_handle": ref(3, 0)}),
        step("TensorListLength", {"input_handle": ref(2)}),
        step("TensorListElementShape", {"input_handle": ref(2)}, shape_type=tf.int32),
    ], [(3, 1), (4, 0), (5, 0), (6, 0)])
    add("push_full", [
        step("EmptyTensorList", {"element_shape": UNKNOWN, "max_num_elements": i32(1)},
             element_dtype=F),
        step("TensorListPushBack", {"input_handle": ref(0), "tensor": f32([1])}),
        step("TensorListPushBack", {"input_handle": ref(1), "tensor": f32([2])}),
        step("TensorListLength", {"input_handle": ref(2)}),
    ], [(3, 0)])
    add("push_shape_mismatch", [
        step("EmptyTensorList", {"element_shape": i32([2]), "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListPushBack", {"input_handle": ref(0), "tensor": f32([1, 2, 3])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])
    add("pop_empty", [
        step("EmptyTensorList", {"element_shape": UNKNOWN, "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListPopBack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(1, 1)])
    add("pop_uninitialized", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListPopBack", {"input_handle": ref(0), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(1, 1)])
    add("empty_list_element_shape_unknown", [
        step("EmptyTensorList", {"element_shape": UNKNOWN, "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListElementShape", {"input_handle": ref(0)}, shape_type=tf.int32),
        step("TensorListLength", {"input_handle": ref(0)}),
    ], [(1, 0), (2, 0)])
    add("empty_list_bad_max", [
        step("EmptyTensorList", {"element_shape": UNKNOWN, "max_num_elements": i32(-5)},
             element_dtype=F),
        step("TensorListLength", {"input_handle": ref(0)}),
    ], [(1, 0)])

    # Gather / scatter.
    add("gather", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": UNKNOWN}),
        step("TensorListGather", {"input_handle": ref(0), "indices": i32([2, 0]),
                                  "element_shape": UNKNOWN}, element_dtype=F),
    ], [(1, 0)])
    add("gather_out_of_range", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": UNKNOWN}),
        step("TensorListGather", {"input_handle": ref(0), "indices": i32([0, 3]),
                                  "element_shape": UNKNOWN}, element_dtype=F),
    ], [(1, 0)])
    add("gather_uninitialized", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(3)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(1),
                                   "item": f32([7, 8])}),
        step("TensorListGather", {"input_handle": ref(1), "indices": i32([1, 2]),
                                  "element_shape": UNKNOWN}, element_dtype=F),
    ], [(2, 0)])
    # Indices past the end make TF 2.21 read uninitialized memory, so these stay in range.
    add("scatter_into_existing", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(4)},
             element_dtype=F),
        step("TensorListScatterIntoExistingList", {"input_handle": ref(0), "tensor": x,
                                                   "indices": i32([3, 0, 1])}),
        step("TensorListStack", {"input_handle": ref(1), "element_shape": UNKNOWN},
             element_dtype=F),
    ], [(2, 0)])
    add("scatter_length_mismatch", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListScatterIntoExistingList", {"input_handle": ref(0), "tensor": x,
                                                   "indices": i32([0, 1])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])
    # A negative scatter index crashes TF 2.21 too (no case).
    add("scatter_dtype_mismatch", [
        step("TensorListReserve", {"element_shape": i32([2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListScatterIntoExistingList", {"input_handle": ref(0),
                                                   "tensor": i32([[1, 2]]),
                                                   "indices": i32([0])}),
        step("TensorListLength", {"input_handle": ref(1)}),
    ], [(2, 0)])

    # ConcatV2.
    add("concat", [
        step("EmptyTensorList", {"element_shape": i32([-1, 2]), "max_num_elements": i32(-1)},
             element_dtype=F),
        step("TensorListPushBack", {"input_handle": ref(0), "tensor": f32([[1, 2]])}),
        step("TensorListPushBack", {"input_handle": ref(1),
                                    "tensor": f32([[3, 4], [5, 6]])}),
        step("TensorListConcatV2", {"input_handle": ref(2), "element_shape": UNKNOWN,
                                    "leading_dims": i64([])}, element_dtype=F),
    ], [(3, 0), (3, 1)])
    add("concat_uninitialized_leading_dims", [
        step("TensorListReserve", {"element_shape": i32([-1, 2]), "num_elements": i32(3)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(1),
                                   "item": f32([[1, 2]])}),
        step("TensorListConcatV2", {"input_handle": ref(1), "element_shape": UNKNOWN,
                                    "leading_dims": i64([2, 0, 1])}, element_dtype=F),
    ], [(2, 0), (2, 1)])
    add("concat_uninitialized_inferred", [
        step("TensorListReserve", {"element_shape": i32([-1, 2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListSetItem", {"input_handle": ref(0), "index": i32(0),
                                   "item": f32([[1, 2], [3, 4]])}),
        step("TensorListConcatV2", {"input_handle": ref(1), "element_shape": UNKNOWN,
                                    "leading_dims": i64([])}, element_dtype=F),
    ], [(2, 0), (2, 1)])
    add("concat_scalars", [
        step("TensorListFromTensor", {"tensor": f32([1, 2]), "element_shape": UNKNOWN}),
        step("TensorListConcatV2", {"input_handle": ref(0), "element_shape": UNKNOWN,
                                    "leading_dims": i64([])}, element_dtype=F),
    ], [(1, 0)])
    add("concat_missing_leading_dim", [
        step("TensorListReserve", {"element_shape": i32([-1, 2]), "num_elements": i32(2)},
             element_dtype=F),
        step("TensorListConcatV2", {"input_handle": ref(0), "element_shape": UNKNOWN,
                                    "leading_dims": i64([1])}, element_dtype=F),
    ], [(1, 0)])
    add("concat_first_dim_mismatch", [
        step("TensorListFromTensor", {"tensor": x, "element_shape": UNKNOWN}),
        step("TensorListConcatV2", {"input_handle": ref(0), "element_shape": i32([3]),
                                    "leading_dims": i64([])}, element_dtype=F),
    ], [(1, 0)])
    return P


def main():
    progs = programs()
    write_fixture(OUT, {"programs": progs})
    print(f"wrote {len(progs)} programs to {OUT}")


if __name__ == "__main__":
    main()
