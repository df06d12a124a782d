import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { checkKernelCase, type KernelCase, type Tolerance } from '@tensorgraph/core/testing';

// Every kernel fixture real TensorFlow wrote (tools/oracle/gen_kernel_fixtures_*.py):
// each case runs on the CPU backend and must give TF's outputs or TF's error.
interface KernelFixture {
  tf_version: string;
  /** Tolerance per output dtype; unlisted dtypes compare exactly. */
  tolerance?: Record<string, Tolerance>;
  cases: (KernelCase & { tolerance?: Tolerance })[];
}

const dir = new URL('../../../tools/oracle/fixtures/kernels/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const backend = cpu();

describe.each(files)('%s', (file) => {
  const fixture: KernelFixture = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  const cases = fixture.cases.filter((c) => c.build_error === undefined);
  it.each(cases.map((c, i) => [`${i} ${c.op}${c.note ? ` (${c.note})` : ''}`, c] as const))(
    '%s',
    async (_label, kcase) => {
      const dtype = kcase.outputs?.[0]?.dtype ?? '';
      const tolerance = kcase.tolerance ?? fixture.tolerance?.[dtype] ?? {};
      expect(await checkKernelCase(backend, kcase, tolerance)).toBeNull();
    },
  );
});
