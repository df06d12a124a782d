import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('generated op definitions', () => {
  it('are what tools/codegen/gen-op-defs.mjs makes from registry.json', () => {
    const fresh = execFileSync(process.execPath, ['tools/codegen/gen-op-defs.mjs', '--stdout'], {
      cwd: root,
      encoding: 'utf8',
    });
    const committed = readFileSync(`${root}packages/core/src/ops/generated/op-defs.ts`, 'utf8');
    // On a mismatch, run `node tools/codegen/gen-op-defs.mjs`.
    expect(committed === fresh).toBe(true);
  });
});
