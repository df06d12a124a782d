import type { KernelDef } from '@tensorgraph/core';
import {
  emptyTensorListCpu,
  tensorListConcatV2Cpu,
  tensorListElementShapeCpu,
  tensorListFromTensorCpu,
  tensorListGatherCpu,
  tensorListGetItemCpu,
  tensorListLengthCpu,
  tensorListPopBackCpu,
  tensorListPushBackCpu,
  tensorListReserveCpu,
  tensorListScatterIntoExistingListCpu,
  tensorListSetItemCpu,
  tensorListStackCpu,
} from './list-kernels.js';

/** The TensorList* kernels (TF2 control flow's accumulators: Keras RNNs, while loops). */
export const LIST_KERNELS: readonly KernelDef[] = [
  emptyTensorListCpu,
  tensorListReserveCpu,
  tensorListFromTensorCpu,
  tensorListLengthCpu,
  tensorListElementShapeCpu,
  tensorListGetItemCpu,
  tensorListSetItemCpu,
  tensorListPushBackCpu,
  tensorListPopBackCpu,
  tensorListStackCpu,
  tensorListGatherCpu,
  tensorListScatterIntoExistingListCpu,
  tensorListConcatV2Cpu,
] as readonly KernelDef[];

export type { PartialShape, TensorList } from './tensor-list.js';
