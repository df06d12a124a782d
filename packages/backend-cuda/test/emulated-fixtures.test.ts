import { describe, expect, it } from 'vitest';
import { cuda } from '@tensorgraph/backend-cuda';
import { loadAddon } from '../src/addon.js';
import { GPU_DIFFERS, fixtureDir, runFixtures, summarize } from './fixture-runner.js';

const built = loadAddon().addon !== null;
const repoRoot = new URL('../../../', import.meta.url).pathname;

describe.skipIf(!built)('CUDA kernels on the emulated device against TF fixtures', () => {
  it('computes what TensorFlow computed', { timeout: 600_000 }, async () => {
    const backend = cuda({ emulate: true });
    const [device] = await backend.createDevices({ namePrefix: '/job:localhost/replica:0/task:0' });
    const outcomes = await runFixtures(fixtureDir(repoRoot), backend, device!);
    await device!.dispose();
    const s = summarize(outcomes);
    console.log(
      `emulated GPU kernels: ${s.pass} cases agree with TF, ${s.fail} differ, ${s.skip} have no GPU kernel for their dtypes`,
    );
    const failed = outcomes.filter((o) => o.status === 'fail');
    const unexpected = failed.filter((o) => !GPU_DIFFERS.some((r) => r.matches(o)));
    expect(s.unexpected).toBe(unexpected.length);
    for (const o of failed) {
      const rule = GPU_DIFFERS.find((r) => r.matches(o));
      console.log(`${o.file}#${o.index} ${o.op} (${o.note}): ${rule?.reason ?? o.detail}`);
    }
    expect(unexpected.map((o) => `${o.file}#${o.index} ${o.op} (${o.note}): ${o.detail}`)).toEqual(
      [],
    );
    // Each rule is still needed (a kernel that starts agreeing with TF's CPU retires it).
    for (const r of GPU_DIFFERS)
      expect(
        failed.some((o) => r.matches(o)),
        r.reason,
      ).toBe(true);
    // The suite really ran the GPU kernels: most float32 cases of the listed ops.
    expect(s.pass).toBeGreaterThan(1000);
  });
});
