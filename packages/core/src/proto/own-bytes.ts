/**
 * A deep copy of a protobuf message (or a plain object of its fields) whose `bytes` values no
 * longer view the buffer it was decoded from.
 *
 * protobufjs decodes a `bytes` field as a view into its input, so a small remembered part of a
 * decoded GraphDef (an attr's tensor, a list of strings) would keep the whole file in memory.
 * Each `Uint8Array` met is replaced by `shared.get(bytes)` when given (the same bytes already
 * held elsewhere, such as a tensor's own storage) or by a copy of its own. Messages keep their
 * class, and hidden fields such as `$unknowns` are copied too.
 */
export function copyOwningBytes<T>(
  message: T,
  shared: ReadonlyMap<Uint8Array, Uint8Array> = new Map(),
): T {
  return copy(message, shared) as T;
}

function copy(value: unknown, shared: ReadonlyMap<Uint8Array, Uint8Array>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return shared.get(value) ?? new Uint8Array(value);
  if (Array.isArray(value)) return value.map((v) => copy(v, shared));
  // Other typed arrays never come out of a decoder; they are not views into its input.
  if (ArrayBuffer.isView(value)) return value;
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as object;
  for (const key of Object.getOwnPropertyNames(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    if ('value' in d) d.value = copy(d.value, shared);
    Object.defineProperty(out, key, d);
  }
  return out;
}
