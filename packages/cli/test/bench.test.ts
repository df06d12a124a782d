import { describe, expect, test } from 'vitest';
import { latencyStats } from '../src/latency-stats.js';
import { MODEL, runCli } from './cli-harness.js';

describe('tensorgraph bench', () => {
  test('times every available device and prints a min/median/p90 table', async () => {
    const r = await runCli(['bench', '--warmup', '1', '--runs', '4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('inputs: pixels:0 = the embedded sample digits');
    expect(r.stdout).toMatch(/device +runs +min ms +median ms +p90 ms +mean ms +runs\/s/);
    const row = /CPU:0 +4 +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+)/.exec(r.stdout);
    expect(row).not.toBeNull();
    const [min, median, p90] = (row as RegExpExecArray).slice(1, 4).map(Number) as [
      number,
      number,
      number,
    ];
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThanOrEqual(median);
    expect(median).toBeLessThanOrEqual(p90);
    // Progress goes to stderr, never into the table.
    expect(r.stderr).toContain('CPU:0: 1 warm-up + 4 timed runs');
    expect(r.stderr).toMatch(/CPU:0: median [\d.]+ ms over 4 runs/);
  });

  test('synthesizes inputs for a model given no --input, at --batch', async () => {
    const r = await runCli([
      'bench',
      MODEL,
      '--device',
      'CPU',
      '--warmup',
      '0',
      '--runs',
      '2',
      '--batch',
      '3',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pixels:0 = synthesized float32 (3, 8, 8)');
  });

  test('rejects a bad --runs', async () => {
    const r = await runCli(['bench', '--runs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "option '--runs <n>' argument '0' is invalid. expected a positive integer",
    );
  });
});

describe('latencyStats', () => {
  test('min, median, nearest-rank p90 and mean', () => {
    const s = latencyStats([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
    expect(s).toEqual({ runs: 10, min: 1, median: 5.5, p90: 9, mean: 5.5 });
    expect(latencyStats([3]).p90).toBe(3);
    expect(() => latencyStats([])).toThrow(RangeError);
  });
});
