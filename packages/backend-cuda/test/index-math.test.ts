import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const gxx = spawnSync('g++', ['--version']).status === 0;

describe.skipIf(!gxx)('kernel index math compiled with g++ (no CUDA needed)', () => {
  it('maps output elements to input offsets as the kernels expect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-index-'));
    try {
      const exe = join(dir, 'index-math');
      const build = spawnSync(
        'g++',
        [
          '-std=c++17',
          '-Wall',
          '-Werror',
          '-I',
          join(root, 'native'),
          join(root, 'test', 'index-math.cc'),
          '-o',
          exe,
        ],
        { encoding: 'utf8' },
      );
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      const run = spawnSync(exe, { encoding: 'utf8' });
      expect(run.stdout).toMatch(/^ok \d+\n$/);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
