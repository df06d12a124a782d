import { InvalidArgumentError } from '@tensorgraph/errors';
import type { DType } from '../dtype/dtype.js';
import { dtypeWireName } from '../dtype/wire-name.js';
import type { Backend } from './backend.js';
import type { KernelDef } from './kernel.js';
import type { AttrValue } from './op-def.js';

type Attrs = Readonly<Record<string, AttrValue | undefined>>;

/**
 * The kernels a session can use, by op type and device type. Built from the backends
 * the session was given: there is no global registry to mutate.
 */
export class KernelIndex {
  readonly #byOp = new Map<string, KernelDef[]>();

  constructor(kernels: Iterable<KernelDef>) {
    for (const kernel of kernels) {
      let list = this.#byOp.get(kernel.opType);
      if (list === undefined) this.#byOp.set(kernel.opType, (list = []));
      list.push(kernel);
    }
    // Highest priority first, so `find` takes the first match.
    for (const list of this.#byOp.values()) {
      list.sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    }
  }

  /** The kernels of these backends; a kernel whose device type is not its backend's is refused. */
  static fromBackends(backends: readonly Backend[]): KernelIndex {
    const kernels: KernelDef[] = [];
    for (const backend of backends) {
      for (const kernel of backend.kernels) {
        if (kernel.deviceType !== backend.deviceType) {
          throw new InvalidArgumentError(
            null,
            null,
            `Backend '${backend.name}' (device type ${backend.deviceType}) brings a kernel for ` +
              `'${kernel.opType}' on device type ${kernel.deviceType}`,
          );
        }
        kernels.push(kernel);
      }
    }
    return new KernelIndex(kernels);
  }

  /** The best kernel for a node of `opType` with these attrs on `deviceType`, if any. */
  find(opType: string, deviceType: string, attrs: Attrs): KernelDef | undefined {
    return this.#byOp
      .get(opType)
      ?.find((k) => k.deviceType === deviceType && satisfiesConstraints(k, attrs));
  }

  /** The device types that have a kernel for this node, in registration order, no repeats. */
  deviceTypesFor(opType: string, attrs: Attrs): string[] {
    const types = new Set<string>();
    for (const k of this.#byOp.get(opType) ?? []) {
      if (satisfiesConstraints(k, attrs)) types.add(k.deviceType);
    }
    return [...types];
  }

  /** Whether any kernel exists for `opType` (on `deviceType`, if given), whatever the dtypes. */
  has(opType: string, deviceType?: string): boolean {
    const list = this.#byOp.get(opType) ?? [];
    return deviceType === undefined
      ? list.length > 0
      : list.some((k) => k.deviceType === deviceType);
  }

  /** Every op type with at least one kernel, sorted. */
  opTypes(): string[] {
    return [...this.#byOp.keys()].sort();
  }

  /**
   * The kernels registered for `opType` in TF's message format, one per line:
   * `  device='CPU'; T in [DT_FLOAT, DT_DOUBLE]`, or `  <no registered kernels>`.
   */
  describe(opType: string): string {
    const list = this.#byOp.get(opType) ?? [];
    if (list.length === 0) return '  <no registered kernels>\n';
    return list
      .map((k) => {
        const parts = [`device='${k.deviceType}'`];
        for (const [attr, dtypes] of Object.entries(k.typeConstraints ?? {})) {
          parts.push(`${attr} in [${dtypes.map(dtypeWireName).join(', ')}]`);
        }
        return `  ${parts.join('; ')}\n`;
      })
      .join('');
  }
}

function satisfiesConstraints(kernel: KernelDef, attrs: Attrs): boolean {
  for (const [attr, allowed] of Object.entries(kernel.typeConstraints ?? {})) {
    const value = attrs[attr];
    // A missing attr can't be checked here; the node is validated against its op definition.
    if (value === undefined) continue;
    const dtypes = (Array.isArray(value) ? value : [value]) as readonly DType[];
    if (!dtypes.every((d) => allowed.includes(d))) return false;
  }
  return true;
}
