import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { freshDir, packagePath } from './cli-harness.js';

// `npx tensorgraph run` from the repository root runs node_modules/.bin/tensorgraph, the
// link npm makes to this package's bin, which runs the build in dist/ (made by `npm ci`
// through the root `prepare` script, and by `npm run build`).
const linked = packagePath('../../node_modules/.bin/tensorgraph');

test('package.json names the bin that npm links as `tensorgraph`', () => {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  expect(pkg.bin).toEqual({ tensorgraph: './bin/tensorgraph.js' });
  expect(
    readFileSync(packagePath('bin/tensorgraph.js'), 'utf8').startsWith('#!/usr/bin/env node\n'),
  ).toBe(true);
});

test('the linked `tensorgraph` command runs the embedded model and matches TF', () => {
  const r = spawnSync(linked, ['run'], { cwd: freshDir(), encoding: 'utf8', timeout: 60_000 });
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain("10 of 10 predictions match TensorFlow's");
  expect(r.status).toBe(0);
});

test('the command exits nonzero with the message on stderr', () => {
  const r = spawnSync(linked, ['inspect', 'missing.pb'], {
    cwd: freshDir(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('tensorgraph: error: model file not found: missing.pb\n');
});
