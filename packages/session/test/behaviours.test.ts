import { describe, expect, it } from 'vitest';
import { NDArray, RunMetadata, RunOptions, SparseTensorValue } from '@tensorgraph/core';
import { Graph, getDefaultSession } from '@tensorgraph/graph';
import { InteractiveSession, Session } from '@tensorgraph/session';
import {
  backends,
  basicGraph,
  behaviours,
  encode,
  outcome,
  session,
  type Outcome,
} from './helpers.js';

// Each scenario is a program real TensorFlow ran (tools/oracle/gen_session_fixtures.py);
// the same program here must give TF's values, or TF's error class and message.
// TF's KeyError and InaccessibleTensorError are ValueErrors here (DESIGN.md).
const ourClass = (tf: string) =>
  tf === 'KeyError' || tf === 'InaccessibleTensorError' ? 'ValueError' : tf;

function expectOutcome(got: Outcome, name: string, { core = false } = {}): void {
  const want = behaviours[name] as Outcome;
  if (want.error === undefined) {
    expect(got).toEqual({ result: want.result });
  } else {
    expect(got.error).toBe(ourClass(want.error));
    expect(got.message).toBe(
      core ? `${want.core}${got.message?.slice((want.core ?? '').length) ?? ''}` : want.message,
    );
    if (core) expect(got.message?.startsWith(want.core as string)).toBe(true);
  }
}

async function inSession(fetches: unknown, feed?: unknown, g: Graph = basicGraph()) {
  const s = session(g);
  try {
    return await s.run(fetches, feed);
  } finally {
    await s.close();
  }
}

describe('run(fetches): structures and errors as TF', () => {
  it.each([
    ['fetch_single_tensor', 'a:0'],
    ['fetch_op_name', 'n'],
    ['fetch_list', ['a:0', 'b:0', 'n']],
    ['fetch_nested', { k1: ['a:0', { z: 'b:0' }], k2: ['b:0', 'a:0'] }],
    ['fetch_duplicates', ['a:0', 'a:0', 'a']],
    ['fetch_empty_list', []],
    ['fetch_none', null],
    ['fetch_int', 5],
    ['fetch_unknown_tensor', 'nope:0'],
    ['fetch_unknown_op', 'nope'],
    ['fetch_bad_index', 'a:3'],
    ['fetch_nested_none', ['a:0', null]],
  ] as const)('%s', async (name, fetches) => {
    expectOutcome(await outcome(() => inSession(fetches)), name);
  });

  it('fetch_not_fetchable', async () => {
    const g = basicGraph();
    g.preventFetching(g.getOperationByName('a'));
    expectOutcome(await outcome(() => inSession('a:0', undefined, g)), 'fetch_not_fetchable');
  });

  it('foreign_graph_fetch', async () => {
    const other = basicGraph();
    expectOutcome(
      await outcome(() => inSession(other.getTensorByName('a:0'))),
      'foreign_graph_fetch',
    );
  });

  it('Maps come back as Maps with the same keys', async () => {
    const g = basicGraph();
    const a = g.getTensorByName('a:0');
    const out = await inSession(
      new Map<unknown, unknown>([
        [a, a],
        ['op', 'n'],
      ]),
      undefined,
      g,
    );
    expect(out).toBeInstanceOf(Map);
    expect([...out.keys()]).toEqual([a, 'op']);
    expect(out.get('op')).toBeNull();
  });

  it('wrong-typed options and runMetadata are TypeErrors (TF: AttributeError)', async () => {
    const s = session(basicGraph());
    await expect(s.run('a:0', undefined, 5 as never)).rejects.toBeInstanceOf(TypeError);
    await expect(s.run('a:0', undefined, null, 5 as never)).rejects.toBeInstanceOf(TypeError);
    expect(behaviours.run_options_wrong_type?.error).toBe('AttributeError');
    await s.close();
  });
});

describe('run(fetches, feedDict): feeds as TF', () => {
  it.each([
    ['feed_placeholder', 'y:0', { 'x:0': [3, 4] }],
    ['feed_overrides_constant', 'a:0', { 'a:0': [7, 8] }],
    ['feed_int_list_into_float', 'y:0', { 'x:0': [3, 4] }],
    ['feed_shape_mismatch', 'y:0', { 'x:0': [1, 2, 3] }],
    ['feed_scalar_mismatch', 'y:0', { 'x:0': 1 }],
    ['feed_int_overflow', 'a:0', { 'a:0': 2 ** 40 }],
    ['feed_int_overflow_in_list', 'a:0', { 'a:0': [2 ** 40, 1] }],
    ['feed_float_into_int', 'a:0', { 'a:0': [1.7, -2.7] }],
    ['feed_unknown_key', 'y:0', { 'nope:0': [1, 2] }],
    ['feed_op_key', 'y:0', { n: [1, 2] }],
    ['feed_ragged', 'y:0', { 'x:0': [[1], [2, 3]] }],
  ] as const)('%s', async (name, fetches, feed) => {
    expectOutcome(await outcome(() => inSession(fetches, feed)), name);
  });

  it('feed_string_into_float', async () => {
    const got = await outcome(() => inSession('y:0', { 'x:0': ['a', 'b'] }));
    expect(got.error).toBe(behaviours.feed_string_into_float?.error);
    expect(got.message).toMatch(/^could not convert string to float: /);
  });

  it('feed_tensor_value', async () => {
    const g = basicGraph();
    expectOutcome(
      await outcome(() => inSession('y:0', new Map([['x:0', g.getTensorByName('b:0')]]), g)),
      'feed_tensor_value',
    );
  });

  it('feed_not_feedable', async () => {
    const g = basicGraph();
    g.preventFeeding(g.getTensorByName('x:0'));
    expectOutcome(await outcome(() => inSession('y:0', { 'x:0': [1, 2] }, g)), 'feed_not_feedable');
  });

  it('foreign_graph_feed', async () => {
    const other = basicGraph();
    expectOutcome(
      await outcome(() => inSession('y:0', new Map([[other.getTensorByName('x:0'), [1, 2]]]))),
      'foreign_graph_feed',
    );
  });

  it('Tensor keys, nested keys with values of the same structure', async () => {
    const g = basicGraph();
    const x = g.getTensorByName('x:0');
    const a = g.getTensorByName('a:0');
    const out = await inSession(
      ['y:0', a],
      new Map<unknown, unknown>([
        [
          [x, a],
          [
            [2, 3],
            [5, 6],
          ],
        ],
      ]),
      g,
    );
    expect(encode(out)).toEqual({
      list: [
        { dtype: 'float32', shape: [2], values: [2, 6] },
        { dtype: 'int32', shape: [2], values: [5, 6] },
      ],
    });
  });
});

describe('unfed placeholders', () => {
  it('unfed_placeholder', async () => {
    expectOutcome(await outcome(() => inSession('y:0')), 'unfed_placeholder', { core: true });
  });

  it('unfed_placeholder_not_needed', async () => {
    expectOutcome(await outcome(() => inSession('a:0')), 'unfed_placeholder_not_needed');
  });

  it('unfed_placeholder_unknown_shape', async () => {
    const g = new Graph();
    const p = g.createOp('Placeholder', [], { dtype: 'int64', shape: null }, { name: 'p' });
    g.createOp('Identity', p.outputs, { T: 'int64' }, { name: 'i' });
    expectOutcome(
      await outcome(() => inSession('i:0', undefined, g)),
      'unfed_placeholder_unknown_shape',
      {
        core: true,
      },
    );
  });

  it('the error carries the op and node, and ends naming the node as TF', async () => {
    const s = session(basicGraph());
    const err = await s.run('y:0').catch((e) => e);
    expect(err.op?.name).toBe('x');
    expect(err.nodeDef?.name).toBe('x');
    expect(err.message).toBe(`${behaviours.unfed_placeholder?.core}\n\t [[{{node x}}]]`);
    // The session stays usable.
    expect(encode(await s.run('y:0', { 'x:0': [1, 1] }))).toEqual({
      dtype: 'float32',
      shape: [2],
      values: [1, 2],
    });
    await s.close();
  });
});

describe('session lifecycle', () => {
  it('closed_session_run: close is idempotent, run after close is RuntimeError', async () => {
    const s = session(basicGraph());
    await s.close();
    await s.close();
    expect(s.closed).toBe(true);
    expectOutcome(await outcome(() => s.run('a:0')), 'closed_session_run');
  });

  it('empty_graph_run', async () => {
    expectOutcome(await outcome(() => inSession([], undefined, new Graph())), 'empty_graph_run');
  });

  it('list_devices', async () => {
    const s = session(basicGraph());
    const devices = await s.listDevices();
    expect(
      devices.map((d) => ({
        device_type: d.deviceType,
        memory_limit_bytes: d.memoryLimitBytes,
        name: d.name,
      })),
    ).toEqual(behaviours.list_devices?.result);
    expect(typeof devices[0]?.incarnation).toBe('bigint');
    await s.close();
  });

  it('reset_local_target succeeds; other targets are refused as TF', async () => {
    await expect(Session.reset('')).resolves.toBeUndefined();
    await expect(Session.reset('foo')).rejects.toThrow(/No session factory registered/);
    expect(() => new Session({ target: 'grpc://localhost:1', backends })).toThrow(
      'No session factory registered for the given session options: {target: "grpc://localhost:1"} Registered factories are {DIRECT_SESSION}.',
    );
  });

  it('await using closes the session', async () => {
    let kept: Session | undefined;
    {
      await using s = session(basicGraph());
      kept = s;
      expect(s.closed).toBe(false);
    }
    expect(kept?.closed).toBe(true);
  });

  it('positional constructor (target, graph, config)', async () => {
    const g = basicGraph();
    const s = new Session('', g, { allowSoftPlacement: true });
    expect(s.graph).toBe(g);
    await s.close();
  });
});

describe('default sessions', () => {
  it('default_session_nesting', async () => {
    const g = basicGraph();
    const s1 = session(g);
    const s2 = session(g);
    const seen: unknown[] = [];
    await s1.asDefault(async () => {
      seen.push(getDefaultSession() === s1);
      await s2.asDefault(async () => {
        seen.push(getDefaultSession() === s2);
        seen.push(encode(await g.getTensorByName('a:0').eval()));
      });
      seen.push(getDefaultSession() === s1);
    });
    seen.push(getDefaultSession() === null);
    await s1.close();
    await s2.close();
    expect(seen).toEqual(behaviours.default_session_nesting?.result);
  });

  it('interactive_session', async () => {
    const g = basicGraph();
    const s = new InteractiveSession({ graph: g, backends });
    const out = [getDefaultSession() === s, encode(await g.getTensorByName('a:0').eval())];
    await s.close();
    out.push(getDefaultSession() === null);
    expect(out).toEqual(behaviours.interactive_session?.result);
  });
});

describe('run options and metadata', () => {
  it('full_trace_metadata: step stats per device and partition graphs', async () => {
    const s = session(basicGraph());
    const md = new RunMetadata();
    await s.run(
      'y:0',
      { 'x:0': [1, 1] },
      new RunOptions({ traceLevel: RunOptions.TraceLevel.FULL_TRACE, outputPartitionGraphs: true }),
      md,
    );
    const tf = behaviours.full_trace_metadata?.result as { devices: string[]; nodes: string[] };
    expect(md.stepStats?.devStats.map((d) => d.device)).toEqual(tf.devices);
    // TF also lists its synthetic _SOURCE/_arg/_retval nodes; every real node is there.
    const nodes = md.stepStats?.devStats.flatMap((d) => d.nodeStats.map((n) => n.nodeName)) ?? [];
    expect(nodes.sort()).toEqual(tf.nodes.filter((n) => !n.startsWith('_')));
    expect(md.partitionGraphs).toHaveLength(1);
    await s.close();
  });

  it('SparseTensorValue fetch structure', () => {
    expect(new SparseTensorValue([[0, 0]], [1], [2, 2]).denseShape).toBeInstanceOf(NDArray);
  });
});
