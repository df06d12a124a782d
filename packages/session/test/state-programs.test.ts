import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpu } from '@tensorgraph/backend-cpu';
import { NDArray, TensorShape } from '@tensorgraph/core';
import { OpError } from '@tensorgraph/errors';
import * as graphApi from '@tensorgraph/graph';
import { Graph } from '@tensorgraph/graph';
import { Session } from '@tensorgraph/session';

// TF1 programs with variables, queues and readers that real TensorFlow 2.21 ran
// (tools/oracle/gen_state_builder_fixtures.py, programs.json): the same program here, on
// our Session and CPU backend, must give TF's values, or TF's error class and message
// (TF's runtime message without its "[[{{node ...}}]]" trailer, and that node).

type Event =
  { result: unknown } | { error: string; message: string; node?: string } | { pending: boolean };

interface Program {
  id: string;
  py: string;
  ts: string;
  events: Event[];
}

const fixture = JSON.parse(
  readFileSync(
    new URL('../../../tools/oracle/fixtures/state-builders/programs.json', import.meta.url),
    'utf8',
  ),
) as { programs: Program[] };

const tf = { ...graphApi };
const backends = [cpu()];
const PENDING_WAIT_MS = 200;

const i32 = (v: number | number[]): NDArray =>
  Array.isArray(v)
    ? new NDArray('int32', [v.length], Int32Array.from(v))
    : new NDArray('int32', [], Int32Array.of(v));
const i64 = (v: number | number[]): NDArray =>
  Array.isArray(v)
    ? new NDArray('int64', [v.length], BigInt64Array.from(v, BigInt))
    : new NDArray('int64', [], BigInt64Array.of(BigInt(v)));

/** A value as oracle_util.encode_array writes it. */
function encodeScalar(v: unknown, dtype: string, norm: (s: string) => string): unknown {
  if (dtype === 'bool') return v !== 0 && v !== false;
  if (dtype === 'string') {
    const bytes = v as Uint8Array;
    try {
      return { utf8: norm(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
    } catch {
      return { b64: Buffer.from(bytes).toString('base64') };
    }
  }
  if (typeof v === 'bigint') return String(v);
  const x = v as number;
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return x;
}

function encode(value: unknown, norm: (s: string) => string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof NDArray) {
    return {
      dtype: value.dtype,
      shape: [...value.shape],
      values: Array.from(value.data as ArrayLike<unknown>, (v) =>
        encodeScalar(v, value.dtype, norm),
      ),
    };
  }
  if (Array.isArray(value)) return { list: value.map((v) => encode(v, norm)) };
  if (value instanceof Map) {
    return { dict: Object.fromEntries([...value].map(([k, v]) => [String(k), encode(v, norm)])) };
  }
  if (typeof value === 'object') {
    return {
      dict: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, norm)])),
    };
  }
  return value;
}

/** Runs one program's JavaScript and records its events as the Python side does. */
async function runProgram(program: Program): Promise<Event[]> {
  const dir = mkdtempSync(joinPath(tmpdir(), 'tg-state-'));
  const norm = (s: string) => s.split(dir).join('{dir}');
  const events: Event[] = [];
  const sessions: Session[] = [];
  const graph = new Graph();

  const outcome = async (fn: () => unknown): Promise<Event> => {
    try {
      return { result: encode(await fn(), norm) };
    } catch (e) {
      const err = e as Error;
      if (err instanceof OpError) {
        const node = /\n\t \[\[\{\{node (.*?)\}\}\]\]/.exec(err.message);
        const message = norm(err.message.replace(/\n\t \[\[.*$/s, ''));
        return node === null
          ? { error: err.name, message }
          : { error: err.name, message, node: node[1] as string };
      }
      return { error: err.name, message: norm(err.message) };
    }
  };
  const env = {
    tf,
    NDArray,
    TensorShape,
    i32,
    i64,
    session: () => {
      const s = new Session({ backends, graph });
      sessions.push(s);
      return s;
    },
    rec: async (fn: () => unknown) => {
      events.push(await outcome(fn));
    },
    start: (fn: () => unknown) => {
      const h = { settled: false, result: undefined as Promise<Event> | undefined };
      h.result = outcome(fn).then((o) => {
        h.settled = true;
        return o;
      });
      return h;
    },
    pending: async (h: { settled: boolean }) => {
      await new Promise((r) => setTimeout(r, PENDING_WAIT_MS));
      events.push({ pending: !h.settled });
    },
    join: async (h: { result: Promise<Event> }) => {
      events.push(await h.result);
    },
    path: (name: string) => joinPath(dir, name),
    write: (name: string, text: string) => writeFileSync(joinPath(dir, name), text),
    reset: () => Session.reset(''),
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  const names = Object.keys(env);
  const body = new AsyncFunction(...names, program.ts);
  try {
    await graph.asDefault(() => body(...names.map((n) => env[n as keyof typeof env])));
  } finally {
    for (const s of sessions) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return events;
}

describe('state programs: sessions with variables, queues and readers, as TF runs them', () => {
  const programs = fixture.programs.map((p) => [p.id, p] as const);
  const check = async (program: Program) => {
    const ours = await runProgram(program);
    expect(ours).toEqual(program.events);
  };
  it.each(programs)('%s', (_id, program) => check(program), 20_000);
});
