import { ValueError } from '@tensorgraph/errors';
import { createAsyncContextSlot } from './context/async-context.js';
import type { Graph } from './graph.js';

/**
 * What `Tensor.eval` and `Operation.run` need of a session. The Session package
 * implements it; the default-session stack lives here, beside the default graph, as TF
 * keeps it in its framework module, so the graph never imports the session.
 */
export interface SessionLike {
  readonly graph: Graph;
  run(fetches: unknown, feedDict?: unknown): Promise<unknown>;
}

const defaultSession = createAsyncContextSlot<SessionLike | null>(null);
let installed: SessionLike[] = [];

/**
 * The default session of the current async context: the innermost `sess.asDefault(fn)`,
 * else the most recently constructed, still open `InteractiveSession`, else `null`.
 */
export function getDefaultSession(): SessionLike | null {
  return defaultSession.get() ?? installed[installed.length - 1] ?? null;
}

/** Runs `fn` with `session` as the default session of its async context. */
export function withDefaultSession<R>(session: SessionLike, fn: () => R): R {
  return defaultSession.run(session, fn);
}

/**
 * Installs `session` as the default outside any scope, until {@link uninstallDefaultSession}
 * (what `InteractiveSession` does on construction and close).
 */
export function installDefaultSession(session: SessionLike): void {
  installed = [...installed, session];
}

export function uninstallDefaultSession(session: SessionLike): void {
  installed = installed.filter((s) => s !== session);
}

/**
 * The session `eval()`/`run()` use, checked as TF's `_eval_using_default_session` and
 * `_run_using_default_session` check it.
 */
export function sessionFor(
  graph: Graph,
  session: SessionLike | null | undefined,
  what: 'evaluate tensor' | 'execute operation',
): SessionLike {
  const verb = what === 'evaluate tensor' ? 'eval' : 'run';
  if (session === undefined || session === null) {
    const found = getDefaultSession();
    if (found === null) {
      throw new ValueError(
        what === 'evaluate tensor'
          ? 'Cannot evaluate tensor using `eval()`: No default session is registered. Use `with sess.as_default()` or pass an explicit session to `eval(session=sess)`'
          : 'Cannot execute operation using `run()`: No default session is registered. Use `with sess.as_default():` or pass an explicit session to `run(session=sess)`',
      );
    }
    if (found.graph !== graph) {
      throw new ValueError(
        `Cannot use the default session to ${what}: the ${what === 'evaluate tensor' ? "tensor's" : "operation's"} graph is different from the session's graph. Pass an explicit session to ${
          // TF quotes the call for eval() only.
          verb === 'eval' ? '`eval(session=sess)`' : 'run(session=sess)'
        }.`,
      );
    }
    return found;
  }
  if (session.graph !== graph) {
    throw new ValueError(
      `Cannot use the given session to ${what}: the ${what === 'evaluate tensor' ? "tensor's" : "operation's"} graph is different from the session's graph.`,
    );
  }
  return session;
}
