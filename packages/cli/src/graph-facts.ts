import type { Graph, Operation, Tensor } from 'tensorgraph';

/** The ops whose outputs or completion no other op uses: what a graph computes in the end. */
export function terminalOps(graph: Graph): Operation[] {
  const used = new Set<Operation>();
  for (const op of graph.getOperations()) {
    for (const t of op.inputs) used.add(t.op);
    for (const c of op.controlInputs) used.add(c);
  }
  // An unused constant or placeholder is an input nobody reads, not a result.
  return graph
    .getOperations()
    .filter((op) => !used.has(op) && op.type !== 'Const' && !op.type.startsWith('Placeholder'));
}

/** The graph's inputs: its placeholders (PlaceholderWithDefault ones may be left unfed). */
export function placeholders(graph: Graph): Operation[] {
  return graph
    .getOperations()
    .filter((op) => op.type === 'Placeholder' || op.type === 'PlaceholderWithDefault');
}

/** Every op that `roots` depend on through data and control edges (roots included). */
export function ancestors(roots: readonly Operation[]): Set<Operation> {
  const seen = new Set<Operation>();
  const stack = [...roots];
  while (stack.length > 0) {
    const op = stack.pop() as Operation;
    if (seen.has(op)) continue;
    seen.add(op);
    for (const t of op.inputs) stack.push(t.op);
    for (const c of op.controlInputs) stack.push(c);
  }
  return seen;
}

/** `float32 (None, 8, 8)` */
export function describeTensor(t: Tensor): string {
  return `${t.dtype} ${t.shape.toString()}`;
}

/** How many ops of each type, most frequent first (ties by name). */
export function opHistogram(types: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
