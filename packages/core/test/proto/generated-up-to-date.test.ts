// The committed generated/tensorflow.{js,d.ts} must be what scripts/gen-proto.mjs makes from
// proto/*.proto today (run `npm run gen:proto -w @tensorgraph/core` after editing a .proto).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('../../', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'tensorgraph-gen-proto-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('generated protobuf code', () => {
  it('is up to date with proto/*.proto', { timeout: 30_000 }, () => {
    execFileSync(process.execPath, [join(pkgDir, 'scripts/gen-proto.mjs'), '--out', outDir], {
      cwd: pkgDir,
      stdio: 'pipe',
    });
    for (const file of ['tensorflow.js', 'tensorflow.d.ts']) {
      const fresh = readFileSync(join(outDir, file), 'utf8');
      const committed = readFileSync(join(pkgDir, 'generated', file), 'utf8');
      expect(fresh.length, file).toBeGreaterThan(100_000);
      // Not toBe(): a failure would print two 2 MB strings.
      expect(
        fresh === committed,
        `${file} differs: run npm run gen:proto -w @tensorgraph/core`,
      ).toBe(true);
    }
  });
});
