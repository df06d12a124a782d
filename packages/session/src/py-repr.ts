/** A value as Python would print it in TF's messages (`None`, `5`, `'x'`, `Tensor(...)`). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return String(value);
  return String(value);
}

/** The Python type name TF's messages use for a JS value. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return 'list';
  return (value as object).constructor?.name ?? 'object';
}
