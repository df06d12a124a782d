import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as binary from '../../src/wasm/generated/binary.js';

// The committed .wasm files (and their base64 copy the loader reads) must be exactly what
// wasm/src/kernels.ts builds to with the pinned AssemblyScript (a devDependency, so CI
// rebuilds them without any system toolchain).
const pkg = fileURLToPath(new URL('../../', import.meta.url));
const names = ['plain-shared', 'plain-local', 'relaxed-shared', 'relaxed-local'] as const;
const constName = (n: string) => n.toUpperCase().replace('-', '_') as keyof typeof binary;

describe('the committed WebAssembly', () => {
  it('records the hash of the source it was built from', () => {
    const source = readFileSync(join(pkg, 'wasm/src/kernels.ts'));
    expect(binary.SOURCE_SHA256).toBe(createHash('sha256').update(source).digest('hex'));
  });

  it('ships the same bytes as .wasm files and as base64', () => {
    for (const n of names) {
      const file = readFileSync(join(pkg, `wasm/kernels-${n}.wasm`));
      expect(Buffer.from(binary[constName(n)] as string, 'base64').equals(file), n).toBe(true);
    }
  });

  it('is what the source builds to', { timeout: 120_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'tg-wasm-'));
    try {
      execFileSync(process.execPath, [join(pkg, 'wasm/build.mjs'), '--out', out], {
        stdio: 'ignore',
      });
      for (const n of names) {
        const fresh = readFileSync(join(out, `kernels-${n}.wasm`));
        const committed = readFileSync(join(pkg, `wasm/kernels-${n}.wasm`));
        expect(fresh.equals(committed), `kernels-${n}.wasm`).toBe(true);
      }
      expect(readFileSync(join(out, 'binary.ts'), 'utf8')).toBe(
        readFileSync(join(pkg, 'src/wasm/generated/binary.ts'), 'utf8'),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
