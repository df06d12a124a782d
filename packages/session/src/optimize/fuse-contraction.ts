import { BUILTIN_OPS, type AttrValue, type NDArray } from '@tensorgraph/core';
import type { Operation, Tensor } from '@tensorgraph/graph';
import { hostConstant } from './host-constant.js';
import { PlanReaders, type RewriteScope } from './plan-readers.js';

/**
 * A contraction (Conv2D, DepthwiseConv2dNative or MatMul) whose only reader adds a bias
 * per output channel (BiasAdd, or Add/AddV2 of a constant [C] vector), optionally followed
 * by an activation as that sum's only reader: run as one grappler-style fused node
 * (`_FusedConv2D`, `_FusedDepthwiseConv2dNative`, `_FusedMatMul`) that applies the bias and
 * activation while it stores its result. The node writes `last`'s output; TF's remapper
 * names its fused node after `last` too, so errors name that op.
 */
export interface ContractionFusion {
  readonly contraction: Operation;
  readonly opType: '_FusedConv2D' | '_FusedDepthwiseConv2dNative' | '_FusedMatMul';
  /** Every attr of the fused op (defaults filled in). */
  readonly attrs: Record<string, AttrValue>;
  /** The bias, the fused node's third input. */
  readonly bias: Tensor;
  /** The ops the fused node replaces, in order: the bias add, then the activation if any. */
  readonly absorbed: readonly Operation[];
}

export interface FusionScope extends RewriteScope {
  /** Whether an Add of a constant vector may be fused (constant folding is on). */
  readonly constantBias: boolean;
}

const FUSED_TYPE = {
  Conv2D: '_FusedConv2D',
  DepthwiseConv2dNative: '_FusedDepthwiseConv2dNative',
  MatMul: '_FusedMatMul',
} as const;

const ACTIVATIONS = new Set(['Relu', 'Relu6', 'Elu', 'LeakyRelu']);

/** Every fusion the plan allows; each op appears in at most one. */
export function findContractionFusions(scope: FusionScope): ContractionFusion[] {
  const readers = new PlanReaders(scope);
  // An op the fused node may absorb (its output stays float32).
  const absorbable = (op: Operation, into: Operation) =>
    readers.mergeable(op, into) && op.outputs[0]?.dtype === 'float32';
  const memo = new Map<Tensor, NDArray | null>();
  const out: ContractionFusion[] = [];
  for (const contraction of scope.ops) {
    const type = contraction.type as keyof typeof FUSED_TYPE;
    if (!(type in FUSED_TYPE) || !scope.onCpu(contraction)) continue;
    const product = contraction.outputs[0] as Tensor;
    if (product.dtype !== 'float32' || !contractionFusable(contraction)) continue;
    const adder = readers.onlyReader(product);
    if (adder === null || !absorbable(adder, contraction)) continue;
    const bias = biasOf(adder, product, scope, memo);
    if (bias === null) continue;
    const absorbed = [adder];
    let activation: Operation | null = null;
    const next = readers.onlyReader(adder.outputs[0] as Tensor);
    if (next !== null && ACTIVATIONS.has(next.type) && absorbable(next, contraction)) {
      activation = next;
      absorbed.push(next);
    }
    out.push({
      contraction,
      opType: FUSED_TYPE[type],
      attrs: fusedAttrs(FUSED_TYPE[type], contraction, activation),
      bias,
      absorbed,
    });
  }
  return out;
}

/** Layouts the fused CPU kernels take: channels last, and no explicit depthwise padding. */
function contractionFusable(op: Operation): boolean {
  if (op.type === 'MatMul') return true;
  if (op.getAttr('data_format') !== 'NHWC') return false;
  return op.type !== 'DepthwiseConv2dNative' || op.getAttr('padding') !== 'EXPLICIT';
}

/**
 * The bias `adder` adds to `product`: BiasAdd's second input (channels last), or the other
 * operand of an Add/AddV2 when it is a constant vector as long as the output channels.
 */
function biasOf(
  adder: Operation,
  product: Tensor,
  scope: FusionScope,
  memo: Map<Tensor, NDArray | null>,
): Tensor | null {
  const [a, b] = adder.inputs as [Tensor, Tensor];
  if (adder.type === 'BiasAdd') {
    const nhwc = !adder.hasAttr('data_format') || adder.getAttr('data_format') === 'NHWC';
    return nhwc && scope.source(a) === product ? b : null;
  }
  if ((adder.type !== 'Add' && adder.type !== 'AddV2') || !scope.constantBias) return null;
  const other = scope.source(a) === product ? b : a;
  const channels = product.shape.dims?.at(-1);
  const dims = other.shape.dims;
  if (typeof channels !== 'number' || dims?.length !== 1 || dims[0] !== channels) return null;
  // The operand's value must not change between steps: a constant, not a feed or a variable.
  const value = hostConstant(other, scope.isFed, memo);
  return value !== null && value.dtype === 'float32' ? other : null;
}

/** The fused op's attrs: the contraction's, the fused list, and the op's defaults. */
function fusedAttrs(
  opType: ContractionFusion['opType'],
  contraction: Operation,
  activation: Operation | null,
): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = {};
  for (const def of BUILTIN_OPS.get(opType).attrs) {
    if (contraction.hasAttr(def.name)) attrs[def.name] = contraction.getAttr(def.name);
    else if (def.defaultValue !== undefined) attrs[def.name] = def.defaultValue;
  }
  attrs['T'] = 'float32';
  attrs['num_args'] = 1;
  if (opType === '_FusedConv2D') attrs['TArgs'] = ['float32'];
  attrs['fused_ops'] = activation === null ? ['BiasAdd'] : ['BiasAdd', activation.type];
  if (activation?.type === 'LeakyRelu') attrs['leakyrelu_alpha'] = activation.getAttr('alpha');
  return attrs;
}
