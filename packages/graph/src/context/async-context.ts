/**
 * A value scoped to the async context of a callback: TF's thread-local defaults (default
 * graph, name scope, device scope, default session) where JS has async functions instead of
 * threads. `run(value, fn)` makes `value` current inside `fn` and everything it awaits.
 *
 * In Node this is `AsyncLocalStorage`, reached through `process.getBuiltinModule` so the
 * browser path imports nothing from Node. Elsewhere it falls back to a stack that is exact for
 * synchronous callbacks and for one async callback at a time.
 */
export interface AsyncContextSlot<T> {
  get(): T;
  run<R>(value: T, fn: () => R): R;
}

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type AsyncHooks = { AsyncLocalStorage: new <T>() => AsyncLocalStorageLike<T> };

function nodeAsyncHooks(): AsyncHooks | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:async_hooks') as AsyncHooks | undefined;
}

const hooks = nodeAsyncHooks();

/** A slot holding `initial` outside any `run`. */
export function createAsyncContextSlot<T>(initial: T): AsyncContextSlot<T> {
  if (hooks !== undefined) {
    // A box, so that `undefined` can be a scoped value too.
    const storage = new hooks.AsyncLocalStorage<{ value: T }>();
    return {
      get: () => {
        const box = storage.getStore();
        return box === undefined ? initial : box.value;
      },
      run: (value, fn) => storage.run({ value }, fn),
    };
  }
  const stack: T[] = [initial];
  return {
    get: () => stack[stack.length - 1] as T,
    run<R>(value: T, fn: () => R): R {
      stack.push(value);
      let result: R;
      try {
        result = fn();
      } catch (e) {
        stack.pop();
        throw e;
      }
      if (result instanceof Promise) {
        return result.finally(() => stack.pop()) as R;
      }
      stack.pop();
      return result;
    },
  };
}
