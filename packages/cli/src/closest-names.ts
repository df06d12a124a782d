/** Levenshtein distance (insertions, deletions, substitutions), case-sensitive. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min(
          (prev[j] as number) + 1,
          (row[j - 1] as number) + 1,
          (prev[j - 1] as number) + cost,
        ),
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/**
 * The candidates nearest to `name` (at most `limit`), nearest first: those within an edit
 * distance of a third of the name's length (at least 2), plus any that contain the name or
 * its last path component, which catches `Softmax` for `model/dense/Softmax`.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 5): string[] {
  const budget = Math.max(2, Math.floor(name.length / 3));
  const tail = name.split('/').pop() ?? name;
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d <= budget) scored.push({ candidate, score: d });
    else if (tail.length >= 3 && candidate.toLowerCase().includes(tail.toLowerCase())) {
      scored.push({ candidate, score: budget + 1 + candidate.length / 1000 });
    }
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}
