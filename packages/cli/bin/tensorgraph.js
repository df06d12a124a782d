#!/usr/bin/env node
// The `tensorgraph` command. It runs the compiled package (dist/), which `npm ci` builds
// at the repository root (the root `prepare` script) and which a published package ships.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'tensorgraph: the CLI is not built (no packages/cli/dist). Run `npm run build` at the repository root.\n',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
