import { expect, test } from 'vitest';
import { runCli } from './cli-harness.js';

test('doctor reports the CPU backend available and says why others are not', async () => {
  const r = await runCli(['doctor']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/cpu +CPU +available/);
  expect(r.stdout).toContain('/job:localhost/replica:0/task:0/device:CPU:0');
  expect(r.stdout).toMatch(/webgpu +WEBGPU +(available|unavailable|not loaded)/);
});

test('--help lists every command and exits 0', async () => {
  const r = await runCli(['--help']);
  expect(r.code).toBe(0);
  for (const cmd of ['run', 'inspect', 'bench', 'trace', 'doctor']) {
    expect(r.stdout).toMatch(new RegExp(`\\n  ${cmd} `));
  }
});

test('an unknown command is a usage error', async () => {
  const r = await runCli(['frobnicate']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("error: unknown command 'frobnicate'");
});
