import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, ValueError } from '@tensorgraph/errors';
import { cpu } from '@tensorgraph/backend-cpu';
import type { NDArray } from '@tensorgraph/core';
import { fakeBackend } from '@tensorgraph/core/testing';
import {
  add,
  cond,
  constant,
  controlDependencies,
  Graph,
  less,
  placeholder,
  raw,
  reduceSum,
  reshape,
  whileLoop,
  type Tensor,
} from '@tensorgraph/graph';
import { FUNCTION_CALL_OPS, Session } from '@tensorgraph/session';
import { backends, checkOracleRun, importBase64GraphDef, type OracleRun } from './helpers.js';
import { PROGRAMS } from '../../graph/test/control-flow-programs.js';

// TF2 functional control flow run in our Session against what TF 2.21 computed
// (tools/oracle/gen_functional_fixtures.py): TF's GraphDefs imported as they are, and the
// same programs built with our cond/whileLoop/switchCase builders.
interface Program {
  readonly name: string;
  readonly builder: boolean;
  readonly needs: readonly string[];
  readonly graph_def: string;
  readonly runs: readonly OracleRun[];
}

interface Model {
  readonly name: string;
  readonly file: string;
  readonly ops_used: readonly string[];
  readonly runs: readonly OracleRun[];
}

const ORACLE = new URL('../../../tools/oracle/fixtures/', import.meta.url);
const FIXTURE = JSON.parse(readFileSync(new URL('functional/programs.json', ORACLE), 'utf8')) as {
  programs: Program[];
  models: Model[];
};

const KERNELS = new Set(backends.flatMap((b) => b.kernels.map((k) => k.opType)));
/** The kernels a fixture needs that the CPU backend does not have (yet). */
const missing = (ops: readonly string[]) =>
  ops.filter((op) => !KERNELS.has(op) && !FUNCTION_CALL_OPS.has(op));

describe.each(FIXTURE.programs.map((p) => [p.name, p] as const))(
  'TF GraphDef: %s',
  (_name, program) => {
    it('runs as TF ran it', async () => {
      // Every op the program uses has a CPU kernel; a missing one is named here.
      expect(missing(program.needs)).toEqual([]);
      for (const run of program.runs)
        await checkOracleRun(importBase64GraphDef(program.graph_def), run);
    });
  },
);

describe.each(FIXTURE.programs.filter((p) => p.builder).map((p) => [p.name, p] as const))(
  'our builders: %s',
  (name, program) => {
    it('compute what TF computed', async () => {
      for (const run of program.runs) {
        const graph = new Graph();
        graph.asDefault(() => (PROGRAMS[name] as () => Tensor[])());
        await checkOracleRun(graph, run);
      }
    });
  },
);

describe.each(FIXTURE.models.map((m) => [m.name, m] as const))(
  'frozen model: %s',
  (_name, model) => {
    it('runs its While loop as TF does', async () => {
      expect(missing(model.ops_used)).toEqual([]);
      const graph = new Graph();
      graph.importGraphDef(new Uint8Array(readFileSync(new URL(model.file, ORACLE))), {
        name: '',
      });
      for (const run of model.runs) await checkOracleRun(graph, run);
    });
  },
);

describe('function calls in a session', () => {
  it('refuses to fetch an If op, as TF', async () => {
    const graph = new Graph();
    const p = graph.asDefault(() => {
      const pred = placeholder('bool', [], 'p');
      cond(
        pred,
        () => constant(1.5),
        () => constant(2.5),
        'c',
      );
      return pred;
    });
    const session = new Session({ graph, backends });
    await expect(session.run('c:0', new Map([[p, true]]))).rejects.toThrow(ValueError);
    expect(((await session.run('c/Identity:0', new Map([[p, false]]))) as NDArray).item()).toBe(
      2.5,
    );
    await session.close();
  });

  it('stops an endless While loop at the run timeout', async () => {
    const graph = new Graph();
    const out = graph.asDefault(
      () =>
        whileLoop(
          () => true,
          (i: Tensor) => add(i, 1, 'add'),
          [constant(0, 'int32')],
        )[0] as Tensor,
    );
    const session = new Session({ graph, backends });
    await expect(session.run(out, undefined, { timeoutInMs: 50 })).rejects.toThrow(
      DeadlineExceededError,
    );
    await session.close();
  });

  it('names the failing node inside a nested function', async () => {
    const graph = new Graph();
    const { x, r } = graph.asDefault(() => {
      const xs = placeholder('float32', [null], 'x');
      const res = whileLoop(
        (i: Tensor) => less(i, 2),
        (i: Tensor) => [
          cond(
            less(i, 1),
            () => add(i, 1, 'add'),
            () => add(i, reduceSum(reshape(xs, [3], 'bad_shape')), 'add'),
          ),
        ],
        [constant(0, 'float32')],
      )[0] as Tensor;
      return { x: xs, r: res };
    });
    const session = new Session({ graph, backends });
    const error = await session.run(r, new Map([[x, [1, 2]]])).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.name).toBe('InvalidArgumentError');
    expect(error?.message).toBe(
      'Input to reshape is a tensor with 2 values, but the requested shape has 3\n\t [[{{node bad_shape}}]]',
    );
    await session.close();
  });

  const VARIABLE_OPS = ['VarHandleOp', 'AssignVariableOp', 'AssignAddVariableOp', 'ReadVariableOp'];
  it('runs stateful ops no output needs, once per iteration (TF prunes function bodies so)', async () => {
    expect(missing(VARIABLE_OPS)).toEqual([]);
    const graph = new Graph();
    const { init, read } = graph.asDefault(() => {
      const v = raw.VarHandleOp([], { dtype: 'float32', shape: [], shared_name: 'counter' });
      const assign = raw.AssignVariableOp([v, constant(0.0)]);
      const out = whileLoop(
        (i: Tensor) => less(i, 3),
        (i: Tensor) => {
          raw.AssignAddVariableOp([v, constant(1.0)]);
          return add(i, 1, 'add');
        },
        [constant(0, 'int32')],
      )[0] as Tensor;
      expect(graph.getOperationByName('while').type).toBe('While');
      const value = controlDependencies([out], () => raw.ReadVariableOp([v], { dtype: 'float32' }));
      return { init: assign, read: value };
    });
    const session = new Session({ graph, backends });
    await session.run(init);
    expect(((await session.run(read)) as NDArray).item()).toBe(3);
    expect(((await session.run(read)) as NDArray).item()).toBe(6);
    await session.close();
  });

  it('places call ops on any device and moves values across devices for the body', async () => {
    const graph = new Graph();
    const { p, x, r } = graph.asDefault(() => {
      const pred = placeholder('bool', [], 'p');
      const xs = placeholder('float32', [2], 'x');
      const out = cond(
        pred,
        () => add(xs, 1, 'add'),
        () => xs,
        'c',
      );
      return { p: pred, x: xs, r: out };
    });
    const lines: string[] = [];
    const fake = fakeBackend({ deviceType: 'FAKE', priority: 100 });
    const session = new Session({
      graph,
      backends: [cpu(), fake],
      config: { logDevicePlacement: true },
      logger: (line) => lines.push(line),
    });
    const value = (await session.run(
      r,
      new Map<Tensor, unknown>([
        [p, true],
        [x, [1, 2]],
      ]),
    )) as NDArray;
    expect(Array.from(value.data as Float32Array)).toEqual([2, 3]);
    // No backend has an If kernel, so the highest-priority device takes it; its body runs on
    // the devices that have kernels.
    expect(lines).toContain('c: (StatelessIf): /job:localhost/replica:0/task:0/device:FAKE:0');
    expect(lines).toContain('c/Identity: (Identity): /job:localhost/replica:0/task:0/device:CPU:0');
    await session.close();
  });
});
