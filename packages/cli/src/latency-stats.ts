/** Summary of run times in milliseconds. */
export interface LatencyStats {
  readonly runs: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly mean: number;
}

/** Nearest-rank percentile (`q` in 0..1) of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** min, median, p90 and mean of a non-empty list of times. */
export function latencyStats(times: readonly number[]): LatencyStats {
  if (times.length === 0) throw new RangeError('latencyStats needs at least one time');
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    runs: times.length,
    min: sorted[0] as number,
    median,
    p90: percentile(sorted, 0.9),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
  };
}
