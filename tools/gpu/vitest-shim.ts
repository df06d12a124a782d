// Just enough of vitest's API (describe/it/beforeAll/afterAll/expect, t.skip) to run the
// conformance package's registration functions outside vitest: prepare.sh bundles
// gpu-check.ts with `vitest` aliased to this file, as the GPU machine has no vitest.
// Tests are collected by `describe`/`it` and run, in order, by `runCollected`.

type TestFn = (t: { skip(note?: string): never }) => unknown;
type HookFn = () => unknown;

interface Test {
  readonly kind: 'test';
  readonly name: string;
  readonly fn: TestFn;
}
interface Suite {
  readonly kind: 'suite';
  readonly name: string;
  readonly children: (Suite | Test)[];
  readonly before: HookFn[];
  readonly after: HookFn[];
}

export interface ShimResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}

const newSuite = (name: string): Suite => ({
  kind: 'suite',
  name,
  children: [],
  before: [],
  after: [],
});
let root = newSuite('');
let current = root;

class Skipped extends Error {}

export function describe(name: string, fn: () => void): void {
  const suite = newSuite(name);
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    fn();
  } finally {
    current = parent;
  }
}
describe.runIf = (cond: boolean) => (cond ? describe : (_name: string, _fn: () => void) => {});

export function it(name: string, fn: TestFn): void {
  current.children.push({ kind: 'test', name, fn });
}
export const test = it;

export function beforeAll(fn: HookFn): void {
  current.before.push(fn);
}
export function afterAll(fn: HookFn): void {
  current.after.push(fn);
}

function fail(message: string | undefined, what: string): never {
  throw new Error(message === undefined ? what : `${message}: ${what}`);
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function expect(actual: unknown, message?: string) {
  return {
    toBe(want: unknown): void {
      if (!Object.is(actual, want)) fail(message, `${show(actual)}, expected ${show(want)}`);
    },
    toEqual(want: unknown): void {
      if (JSON.stringify(actual) !== JSON.stringify(want)) {
        fail(message, `${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`);
      }
    },
    toContain(want: unknown): void {
      const ok =
        typeof actual === 'string'
          ? actual.includes(String(want))
          : Array.isArray(actual) && actual.includes(want);
      if (!ok) fail(message, `${JSON.stringify(actual)} does not contain ${show(want)}`);
    },
    toBeGreaterThan(want: number): void {
      if (!((actual as number) > want)) fail(message, `${show(actual)} is not > ${want}`);
    },
  };
}

async function runSuite(suite: Suite, path: string[], out: ShimResult[]): Promise<void> {
  const names = suite.name === '' ? path : [...path, suite.name];
  let setupError: string | null = null;
  for (const hook of suite.before) {
    try {
      await hook();
    } catch (e) {
      setupError = `beforeAll threw ${(e as Error).name}: ${(e as Error).message}`;
      break;
    }
  }
  for (const child of suite.children) {
    if (child.kind === 'suite') {
      await runSuite(child, names, out);
      continue;
    }
    const name = [...names, child.name].join(' > ');
    if (setupError !== null) {
      out.push({ name, status: 'fail', detail: setupError });
      continue;
    }
    try {
      await child.fn({
        skip: (note?: string) => {
          throw new Skipped(note ?? 'skipped');
        },
      });
      out.push({ name, status: 'pass', detail: '' });
    } catch (e) {
      const err = e as Error;
      const skipped = err instanceof Skipped;
      out.push({ name, status: skipped ? 'skip' : 'fail', detail: err.message });
    }
  }
  for (const hook of suite.after) {
    try {
      await hook();
    } catch (e) {
      out.push({
        name: [...names, 'afterAll'].join(' > '),
        status: 'fail',
        detail: `${(e as Error).name}: ${(e as Error).message}`,
      });
    }
  }
}

/** Runs every test registered since the last call, in order; hooks around their suites. */
export async function runCollected(): Promise<ShimResult[]> {
  const suite = root;
  root = current = newSuite('');
  const out: ShimResult[] = [];
  await runSuite(suite, [], out);
  return out;
}
