import { pyStr, pyTypeName } from '../shape/python-repr.js';
import { parseDeviceString } from './parse-device-string.js';
import { pyInt } from './python-int.js';

/** An integer field: a number, or text that Python's `int()` reads. */
export type DeviceIndexLike = number | bigint | string | boolean | null;

/** The constructor's (and `replace`'s) keyword arguments, in camelCase. */
export interface DeviceSpecFields {
  job?: string | number | bigint | boolean | null;
  replica?: DeviceIndexLike;
  task?: DeviceIndexLike;
  deviceType?: string | number | null;
  deviceIndex?: DeviceIndexLike;
}

const FIELD_NAMES = ['job', 'replica', 'task', 'deviceType', 'deviceIndex'] as const;

/**
 * `tf.DeviceSpec` (TF 2.x): a possibly partial device name. Immutable; `replace`,
 * `makeMergedSpec` and `mergeFrom` return new specs. Two specs are equal when
 * their strings are, so `toString()` is the hash key.
 */
export class DeviceSpec {
  readonly job: string | null;
  readonly replica: number | null;
  readonly task: number | null;
  readonly deviceType: string | null;
  /** `null` means any index (`*`). */
  readonly deviceIndex: number | null;
  readonly #string: string;

  constructor(fields: DeviceSpecFields = {}) {
    checkFields(fields);
    this.job = asStrOrNull(fields.job, 'job');
    this.replica = asIntOrNull(fields.replica);
    this.task = asIntOrNull(fields.task);
    this.deviceType = asDeviceTypeOrNull(fields.deviceType);
    this.deviceIndex = asIntOrNull(fields.deviceIndex);
    this.#string = componentsToString(this);
    Object.freeze(this);
  }

  /**
   * Parses `/job:<name>/replica:<id>/task:<id>/device:<type>:<id>` and the legacy
   * `/cpu:0`, `/GPU:1`, `/gpu:*` forms; every piece is optional. `null` or
   * `undefined` is the empty spec. A malformed string is TF's ValueError; a
   * value that is not a string is a TypeError.
   */
  static fromString(spec: string | null | undefined): DeviceSpec {
    if (spec === null || spec === undefined) return new DeviceSpec();
    if (typeof spec !== 'string') {
      // TF fails with AttributeError (`'int' object has no attribute 'split'`).
      throw new TypeError(`'${pyTypeName(spec)}' object has no attribute 'split'`);
    }
    const c = parseDeviceString(spec);
    return new DeviceSpec(c);
  }

  /** TF 2.x's `parse_from_string`: the same as {@link DeviceSpec.fromString}. */
  parseFromString(spec: string | null | undefined): DeviceSpec {
    return DeviceSpec.fromString(spec);
  }

  /** A spec with the fields of `dev` that are set, over the fields of `this`. */
  makeMergedSpec(dev: DeviceSpec): DeviceSpec {
    if (!(dev instanceof DeviceSpec)) throw new TypeError('makeMergedSpec expects a DeviceSpec');
    return new DeviceSpec({
      job: dev.job ?? this.job,
      replica: dev.replica ?? this.replica,
      task: dev.task ?? this.task,
      deviceType: dev.deviceType ?? this.deviceType,
      deviceIndex: dev.deviceIndex ?? this.deviceIndex,
    });
  }

  /**
   * TF 1.x's `merge_from`, which mutated the spec; specs are immutable here, so it
   * returns the merged spec instead (the same as {@link makeMergedSpec}).
   */
  mergeFrom(dev: DeviceSpec): DeviceSpec {
    return this.makeMergedSpec(dev);
  }

  /** A copy with the given fields overridden; a field given as `null` is cleared. */
  replace(fields: DeviceSpecFields): DeviceSpec {
    checkFields(fields);
    return new DeviceSpec({
      job: this.job,
      replica: this.replica,
      task: this.task,
      deviceType: this.deviceType,
      deviceIndex: this.deviceIndex,
      // A key given as undefined counts as not given; null clears the field.
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    });
  }

  /** TF's `to_string()`: `/job:j/replica:r/task:t/device:TYPE:index`, set fields only. */
  toString(): string {
    return this.#string;
  }

  /** TF's `==`: another DeviceSpec with the same string. */
  equals(other: unknown): boolean {
    return other instanceof DeviceSpec && other.#string === this.#string;
  }

  /** TF's `repr()`. */
  toRepr(): string {
    const f = (v: string | number | null) => (v === null ? 'None' : String(v));
    return (
      `<DeviceSpec(job=${f(this.job)}, replica=${f(this.replica)}, task=${f(this.task)}, ` +
      `device_type=${f(this.deviceType)}, device_index=${f(this.deviceIndex)})>`
    );
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toRepr();
  }
}

function checkFields(fields: unknown): asserts fields is DeviceSpecFields {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new TypeError(`DeviceSpec fields must be an object, not '${pyTypeName(fields)}'`);
  }
  for (const key of Object.keys(fields)) {
    if (!(FIELD_NAMES as readonly string[]).includes(key)) {
      throw new TypeError(`DeviceSpec() got an unexpected keyword argument '${key}'`);
    }
  }
}

function asStrOrNull(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(
      `DeviceSpec ${field} must be a string or a number, not '${pyTypeName(value)}'`,
    );
  }
  // Python's str(): 0 -> "0", 1.5 -> "1.5", True -> "True".
  return pyStr(value);
}

function asIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : pyInt(value);
}

function asDeviceTypeOrNull(value: unknown): string | null {
  // TF upper-cases exactly "cpu" and "gpu"; "tpu" or "Cpu" keep their spelling.
  if (value === 'cpu' || value === 'gpu') return value.toUpperCase();
  return asStrOrNull(value, 'deviceType');
}

function componentsToString(spec: DeviceSpec): string {
  let out = '';
  if (spec.job !== null) out += `/job:${spec.job}`;
  if (spec.replica !== null) out += `/replica:${spec.replica}`;
  if (spec.task !== null) out += `/task:${spec.task}`;
  if (spec.deviceType !== null) out += `/device:${spec.deviceType}:${spec.deviceIndex ?? '*'}`;
  return out;
}
