import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import type { NDArray } from '@tensorgraph/core';
import { arrayFromJson, compareToJson, type JsonArray } from '@tensorgraph/core/testing';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// Gradients through TF1 while loops (control flow v1): TF's backprop loop pops, in reverse,
// the forward values the forward loop pushed on StackV2 stacks. Each GraphDef is TF 2.21's
// own (tools/oracle/gen_stack_fixtures.py), run in our Session against what TF computed.
interface Run {
  readonly feeds: Record<string, JsonArray>;
  readonly fetches: readonly string[];
  readonly init?: readonly string[];
  readonly expected: readonly JsonArray[];
}

interface GraphCase {
  readonly name: string;
  readonly ops: readonly string[];
  readonly graph_def: string;
  readonly runs: readonly Run[];
}

const FIXTURE = JSON.parse(
  readFileSync(new URL('../../backend-cpu/test/fixtures/stack.json', import.meta.url), 'utf8'),
) as { graphs: GraphCase[] };

const backends = [cpu()];
// float32 chains of matmuls, tanh and their gradients over a few iterations.
const TOLERANCE = { rtol: 1e-5, atol: 1e-6 };

function importCase(c: GraphCase): Graph {
  const graph = new Graph();
  graph.importGraphDef(Uint8Array.from(Buffer.from(c.graph_def, 'base64')), { name: '' });
  return graph;
}

describe('stack gradient fixtures', () => {
  it('cover a scalar loop, a matmul/tanh loop, dynamic_rnn, a cond in a loop, nested loops', () => {
    expect(FIXTURE.graphs.map((g) => g.name)).toEqual([
      'while_mul_grad',
      'while_matmul_tanh_grad',
      'dynamic_rnn_grad',
      'while_cond_grad',
      'nested_while_grad',
    ]);
    for (const g of FIXTURE.graphs)
      expect(g.ops).toEqual(expect.arrayContaining(['StackPopV2', 'StackPushV2', 'StackV2']));
  });
});

describe.each(FIXTURE.graphs.map((g) => [g.name, g] as const))('TF GraphDef: %s', (_n, c) => {
  it('computes the gradients TF computed', async () => {
    for (const run of c.runs) {
      const session = new Session({ graph: importCase(c), backends });
      try {
        if (run.init) await session.run([...run.init]);
        const feeds = Object.fromEntries(
          Object.entries(run.feeds).map(([name, spec]) => [name, arrayFromJson(spec)]),
        );
        // Twice: each step makes fresh stacks, so a second run must not see the first's.
        for (let i = 0; i < 2; i++) {
          const values = (await session.run([...run.fetches], feeds)) as NDArray[];
          values.forEach((v, j) => {
            expect(compareToJson(v, run.expected[j] as JsonArray, TOLERANCE)).toBeNull();
          });
        }
      } finally {
        await session.close();
      }
    }
  });
});
