import type { AttrValue, OpDefinition } from '../plugin/op-def.js';
import { arrayFromJson, type JsonArray } from './json-array.js';

/**
 * A node's attrs as an oracle fixture writes them (dtypes by name, shapes as dims with
 * `null`, tensors as {@link JsonArray}), converted to our attr values using the op
 * definition's attr types.
 */
export function attrsFromJson(
  opDef: OpDefinition,
  json: Readonly<Record<string, unknown>>,
): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [name, value] of Object.entries(json)) {
    const type = opDef.attrs.find((a) => a.name === name)?.type;
    if (type === 'tensor') out[name] = arrayFromJson(value as JsonArray);
    else if (type === 'list(tensor)') out[name] = (value as JsonArray[]).map(arrayFromJson);
    else out[name] = value as AttrValue;
  }
  return out;
}
