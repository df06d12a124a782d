/**
 * Class identity that survives duplicate installs.
 *
 * Two copies of this package (a bundler that inlines one, an app that installs two
 * versions) define two `OpError` classes; plain `instanceof` would then fail across
 * them. Every error carries the brand names of its class chain under a global symbol,
 * and each branded class answers `instanceof` by looking its own brand up there.
 */
const BRANDS = Symbol.for('@tensorgraph/errors/brands');
const BRAND_NAME = Symbol.for('@tensorgraph/errors/brand-name');

interface Branded {
  readonly [BRANDS]?: readonly string[];
}

type BrandedClass = abstract new (...args: never[]) => unknown;

/** Marks `cls` with a brand name; instances of it and its subclasses carry that name. */
export function brand(cls: BrandedClass, name: string): void {
  Object.defineProperty(cls, BRAND_NAME, { value: name });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: BrandedClass, value: unknown): boolean {
      // A user's subclass without a brand of its own uses ordinary prototype checks.
      if (!Object.prototype.hasOwnProperty.call(this, BRAND_NAME)) {
        return Function.prototype[Symbol.hasInstance].call(this, value);
      }
      const own = (this as unknown as Record<symbol, string>)[BRAND_NAME];
      const brands = (value as Branded | null | undefined)?.[BRANDS];
      return Array.isArray(brands) && brands.includes(own);
    },
  });
}

/** Stamps `instance` with the brand names of every branded class in its chain. */
export function stamp(instance: object, newTarget: unknown): void {
  const names: string[] = [];
  for (let c = newTarget as Record<symbol, unknown> | null; c; c = Object.getPrototypeOf(c)) {
    if (Object.prototype.hasOwnProperty.call(c, BRAND_NAME)) names.push(c[BRAND_NAME] as string);
  }
  Object.defineProperty(instance, BRANDS, { value: Object.freeze(names), enumerable: false });
}

/** The brand name a class was given by {@link brand}, or `undefined` if it has none of its own. */
export function brandNameOf(cls: unknown): string | undefined {
  if ((typeof cls !== 'function' && typeof cls !== 'object') || cls === null) return undefined;
  return Object.prototype.hasOwnProperty.call(cls, BRAND_NAME)
    ? ((cls as Record<symbol, string>)[BRAND_NAME] as string)
    : undefined;
}
