/**
 * Imports an optional package at run time. The specifier is a variable so that bundlers
 * neither pull the package in nor fail when it is absent; Node resolves it normally, and a
 * browser without an import map for it fails here, which callers report as "not loaded".
 */
export async function importOptional(specifier: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as Record<
    string,
    unknown
  >;
}
