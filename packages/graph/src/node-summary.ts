import {
  dtypeWireName,
  isDType,
  NDArray,
  type AttrType,
  type AttrValue,
  type OpDefinition,
  type ShapeValue,
} from '@tensorgraph/core';
import { ValueError } from '@tensorgraph/errors';

/** A shape as TF prints it in shape-inference messages: `[2,?]`, `?` for unknown rank. */
export function formatShapeValue(shape: ShapeValue): string {
  if (shape === null) return '?';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

/** An attr value as TF's `SummarizeAttrValue` prints it (`DT_FLOAT`, `[1, 2]`, `"SAME"`). */
export function summarizeAttrValue(value: AttrValue, type?: AttrType): string {
  if (type === 'shape') return formatShapeValue(value as ShapeValue);
  if (type === 'list(shape)') {
    return `[${(value as readonly ShapeValue[]).map(formatShapeValue).join(', ')}]`;
  }
  if (value instanceof NDArray) {
    const values = Array.from(value.data as ArrayLike<unknown>, String);
    const shown = values.length > 10 ? [...values.slice(0, 10), '...'] : values;
    return `Tensor<type: ${dtypeWireName(value.dtype).slice(3).toLowerCase()} shape: ${formatShapeValue(
      value.shape,
    )} values: ${shown.join(' ')}>`;
  }
  if (Array.isArray(value)) {
    return `[${(value as readonly AttrValue[]).map((v) => summarizeAttrValue(v)).join(', ')}]`;
  }
  if (value === null) return '<unknown>';
  switch (typeof value) {
    case 'string':
      return isDType(value) ? dtypeWireName(value) : `"${value}"`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return (value as { name: string }).name;
    default:
      return String(value);
  }
}

/**
 * A node as TF's `SummarizeNodeDef` prints it: `AddV2[T=DT_FLOAT](a, b)`. Attrs sorted by
 * name; control inputs as `^name`.
 */
export function summarizeNode(
  type: string,
  attrs: ReadonlyMap<string, AttrValue>,
  inputs: readonly string[],
  opDef?: OpDefinition,
): string {
  const typeOf = (name: string) => opDef?.attrs.find((a) => a.name === name)?.type;
  const attrText = [...attrs.keys()]
    .sort()
    .map((k) => `${k}=${summarizeAttrValue(attrs.get(k) as AttrValue, typeOf(k))}`)
    .join(', ');
  return `${type}[${attrText}](${inputs.join(', ')})`;
}

/**
 * TF's ValueError when an op's shape function refuses its inputs: the message, the node as
 * `{{node n}} = Op[attrs](inputs)`, the input shapes, and the constant inputs (values or
 * partial shapes) the shape function read.
 */
export function shapeFunctionError(
  message: string,
  node: { name: string; opDef: OpDefinition; attrs: ReadonlyMap<string, AttrValue> },
  inputNames: readonly string[],
  inputShapes: readonly ShapeValue[],
  shapesUsed: ReadonlyMap<number, ShapeValue>,
  valuesUsed: ReadonlyMap<number, NDArray>,
): ValueError {
  const { name, opDef, attrs } = node;
  let text =
    `${message} for '{{node ${name}}} = ${summarizeNode(opDef.name, attrs, inputNames, opDef)}'` +
    ` with input shapes: ${inputShapes.map((s) => formatShapeValue(s)).join(', ')}`;
  if (shapesUsed.size > 0) {
    text += ` and with input tensors computed as partial shapes: ${[...shapesUsed]
      .map(([i, s]) => `input[${i}] = ${formatShapeValue(s)}`)
      .join(', ')}`;
  } else if (valuesUsed.size > 0) {
    text += ` and with computed input tensors: ${[...valuesUsed]
      .map(
        ([i, v]) =>
          `input[${i}] = <${summarizeAttrValue(v)
            .replace(/^.*values: /, '')
            .replace(/>$/, '')}>`,
      )
      .join(', ')}`;
  }
  return new ValueError(`${text}.`);
}
