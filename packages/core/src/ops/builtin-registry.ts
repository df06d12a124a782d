import type { OpDefinition, ShapeFn } from '../plugin/op-def.js';
import { OpRegistry } from '../plugin/op-registry.js';
import * as generated from './generated/op-defs.js';
import { arrayShapeFns } from './shapes/array.js';
import { controlFlowShapeFns } from './shapes/control-flow.js';
import { fusedShapeFns } from './shapes/fused.js';
import { mathShapeFns } from './shapes/math.js';
import { nnShapeFns } from './shapes/nn.js';
import { stateShapeFns } from './shapes/state.js';

/**
 * The shape-function tables, one per family. An op in two tables is a bug, which
 * `BUILTIN_SHAPE_FNS` refuses rather than letting one silently win.
 */
const SHAPE_FN_TABLES: readonly Readonly<Record<string, ShapeFn>>[] = [
  mathShapeFns,
  nnShapeFns,
  arrayShapeFns,
  stateShapeFns,
  controlFlowShapeFns,
  fusedShapeFns,
];

function mergeTables(tables: readonly Readonly<Record<string, ShapeFn>>[]): Map<string, ShapeFn> {
  const out = new Map<string, ShapeFn>();
  for (const table of tables) {
    for (const [op, fn] of Object.entries(table)) {
      if (out.has(op)) throw new Error(`Two shape functions for op ${op}`);
      out.set(op, fn);
    }
  }
  return out;
}

/** Every built-in shape function by op type. */
export const BUILTIN_SHAPE_FNS: ReadonlyMap<string, ShapeFn> = mergeTables(SHAPE_FN_TABLES);

function withShapeFn(def: OpDefinition): OpDefinition {
  const shapeFn = BUILTIN_SHAPE_FNS.get(def.name);
  // An op without one stays usable; the registry test lists and fails on the gap.
  return shapeFn === undefined ? def : Object.freeze({ ...def, shapeFn });
}

/** The op definitions @tensorgraph/core defines, generated from TF's registry, with shapes. */
export const BUILTIN_OPS: OpRegistry = new OpRegistry(
  Object.values(generated as Readonly<Record<string, OpDefinition>>).map(withShapeFn),
);
