import type { KernelDef } from '@tensorgraph/core';
import { applyAdamCpu, resourceApplyAdamCpu } from './apply-adam.js';
import {
  applyGradientDescentCpu,
  resourceApplyGradientDescentCpu,
} from './apply-gradient-descent.js';
import { applyMomentumCpu, resourceApplyMomentumCpu } from './apply-momentum.js';
import { applyRmsPropCpu, resourceApplyRmsPropCpu } from './apply-rms-prop.js';
import {
  fifoQueueV2Cpu,
  queueCloseV2Cpu,
  queueDequeueManyV2Cpu,
  queueDequeueUpToV2Cpu,
  queueDequeueV2Cpu,
  queueEnqueueManyV2Cpu,
  queueEnqueueV2Cpu,
  queueSizeV2Cpu,
} from './queue-kernels.js';
import { readFileCpu } from './read-file.js';
import {
  assignAddCpu,
  assignCpu,
  assignSubCpu,
  isVariableInitializedCpu,
  variableCpu,
  variableV2Cpu,
} from './ref-variable-kernels.js';
import {
  assignAddVariableOpCpu,
  assignSubVariableOpCpu,
  assignVariableOpCpu,
  destroyResourceOpCpu,
  readVariableOpCpu,
  varHandleOpCpu,
  varIsInitializedOpCpu,
} from './resource-variable-kernels.js';
import { readerReadV2Cpu, wholeFileReaderV2Cpu } from './whole-file-reader.js';

/** The stateful CPU kernels: variables, training ops, queues, readers, files. */
export const STATE_KERNELS: readonly KernelDef[] = [
  variableV2Cpu,
  variableCpu,
  assignCpu,
  assignAddCpu,
  assignSubCpu,
  isVariableInitializedCpu,
  varHandleOpCpu,
  readVariableOpCpu,
  assignVariableOpCpu,
  assignAddVariableOpCpu,
  assignSubVariableOpCpu,
  varIsInitializedOpCpu,
  destroyResourceOpCpu,
  applyGradientDescentCpu,
  resourceApplyGradientDescentCpu,
  applyMomentumCpu,
  resourceApplyMomentumCpu,
  applyAdamCpu,
  resourceApplyAdamCpu,
  applyRmsPropCpu,
  resourceApplyRmsPropCpu,
  fifoQueueV2Cpu,
  queueEnqueueV2Cpu,
  queueEnqueueManyV2Cpu,
  queueDequeueV2Cpu,
  queueDequeueManyV2Cpu,
  queueDequeueUpToV2Cpu,
  queueCloseV2Cpu,
  queueSizeV2Cpu,
  wholeFileReaderV2Cpu,
  readerReadV2Cpu,
  readFileCpu,
] as readonly KernelDef[];

export {
  TF_TYPE_NAMES,
  handleArray,
  lookupResource,
  type ResourceHandle,
  type ResourceKind,
  type StateResource,
} from './resource-handle.js';
export { readRef, refVariableOf, type RefBinding } from './ref-variables.js';
export { VariableResource } from './variable-resource.js';
export { FIFOQueue, UNBOUNDED_CAPACITY, type QueueTuple } from './fifo-queue.js';
export { WholeFileReader } from './whole-file-reader.js';
