import { InvalidArgumentError } from '@tensorgraph/errors';
import type { DType } from '../dtype/dtype.js';
import type { ArgDef, AttrValue, OpDefinition } from './op-def.js';

type Attrs = ReadonlyMap<string, AttrValue> | Readonly<Record<string, AttrValue | undefined>>;

function attrOf(attrs: Attrs, name: string): AttrValue | undefined {
  return attrs instanceof Map ? attrs.get(name) : (attrs as Record<string, AttrValue>)[name];
}

/** One arg of an op expanded for one node: its flat index range and dtypes. */
export interface ExpandedArg {
  readonly arg: ArgDef;
  /** First flat index (inputs or outputs numbered as in a NodeDef). */
  readonly start: number;
  /** One past the last flat index. */
  readonly end: number;
  readonly dtypes: readonly DType[];
}

/**
 * Expands input or output args for a node with these attrs: a `numberAttr` arg becomes N
 * tensors of its type, a `typeListAttr` arg one tensor per listed dtype. Missing or
 * ill-typed attrs are an `InvalidArgumentError` naming the op and attr.
 */
export function expandArgs(
  opDef: OpDefinition,
  args: readonly ArgDef[],
  attrs: Attrs,
): ExpandedArg[] {
  const out: ExpandedArg[] = [];
  let index = 0;
  for (const arg of args) {
    let dtypes: DType[];
    if (arg.typeListAttr !== undefined) {
      const list = attrOf(attrs, arg.typeListAttr);
      if (!Array.isArray(list)) throw missing(opDef, arg.typeListAttr);
      dtypes = [...(list as DType[])];
    } else {
      const dtype =
        arg.type ?? (arg.typeAttr === undefined ? undefined : attrOf(attrs, arg.typeAttr));
      if (typeof dtype !== 'string') throw missing(opDef, arg.typeAttr ?? arg.name);
      if (arg.numberAttr !== undefined) {
        const n = attrOf(attrs, arg.numberAttr);
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
          throw missing(opDef, arg.numberAttr);
        }
        dtypes = new Array<DType>(n).fill(dtype as DType);
      } else {
        dtypes = [dtype as DType];
      }
    }
    out.push({ arg, start: index, end: index + dtypes.length, dtypes });
    index += dtypes.length;
  }
  return out;
}

/** The flat dtypes of `args` for a node with these attrs. */
export function flatArgDTypes(opDef: OpDefinition, args: readonly ArgDef[], attrs: Attrs): DType[] {
  return expandArgs(opDef, args, attrs).flatMap((e) => e.dtypes);
}

function missing(opDef: OpDefinition, attr: string): InvalidArgumentError {
  return new InvalidArgumentError(
    null,
    null,
    `NodeDef missing attr '${attr}' from Op<name=${opDef.name}>`,
  );
}
