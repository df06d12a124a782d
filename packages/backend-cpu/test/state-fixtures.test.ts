import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPS, ResourceManager, type ArgDef, type NDArray } from '@tensorgraph/core';
import {
  arrayFromJson,
  attrsFromJson,
  compareToJson,
  runKernel,
  type JsonArray,
} from '@tensorgraph/core/testing';
import { cpu } from '@tensorgraph/backend-cpu';
import { readRef } from '../src/kernels/state/index.js';

// Replays the TF1 sessions of tools/oracle/gen_state_fixtures.py: each scenario's steps run
// through runKernel with one ResourceManager (the session's resources), so variables,
// queues and readers persist from step to step, and each step must give TF's outputs or
// TF's error class and message.

type Input = { readonly node: string; readonly output: number } | { readonly value: JsonArray };

interface NodeSpec {
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly inputs: readonly Input[];
}

interface TfError {
  readonly class: string;
  readonly message: string;
}

interface StepRecord {
  readonly step: readonly [string, ...(string | number)[]];
  readonly outputs?: readonly (JsonArray | null)[];
  readonly error?: TfError;
  readonly pending?: boolean;
}

interface Scenario {
  readonly name: string;
  readonly note?: string;
  readonly nodes: Readonly<Record<string, NodeSpec>>;
  readonly steps: readonly StepRecord[];
}

interface Fixture {
  readonly tf_version: string;
  readonly scenarios: readonly Scenario[];
}

const fixtureDir = new URL('../../../tools/oracle/fixtures/state/', import.meta.url);
const filesDir = fileURLToPath(new URL('files', fixtureDir));

function loadFixture(group: string): Fixture {
  const text = readFileSync(new URL(`${group}.json`, fixtureDir), 'utf8');
  return JSON.parse(text.replaceAll('{dir}', filesDir)) as Fixture;
}

const backend = cpu();

/** The input arg that flat input `k` of `spec` belongs to (list args expanded). */
function inputArg(spec: NodeSpec, k: number): ArgDef | undefined {
  let start = 0;
  for (const arg of BUILTIN_OPS.get(spec.op).inputs) {
    const listAttr = arg.numberAttr ?? arg.typeListAttr;
    const value = listAttr === undefined ? undefined : spec.attrs[listAttr];
    const n = value === undefined ? 1 : Array.isArray(value) ? value.length : Number(value);
    if (k < start + n) return arg;
    start += n;
  }
  return undefined;
}

type Outcome = { readonly outputs: (NDArray | null)[] } | { readonly error: unknown };

async function settle(run: Promise<(NDArray | null)[]>): Promise<Outcome> {
  try {
    return { outputs: await run };
  } catch (error) {
    return { error };
  }
}

/** Runs one scenario's graph as a small executor would, one kernel at a time. */
class Replay {
  readonly resources = new ResourceManager();
  readonly #scenario: Scenario;

  constructor(scenario: Scenario) {
    this.#scenario = scenario;
  }

  async evaluate(name: string, signal: AbortSignal): Promise<(NDArray | null)[]> {
    const spec = this.#scenario.nodes[name];
    if (spec === undefined) throw new Error(`no node ${name}`);
    const opDef = BUILTIN_OPS.get(spec.op);
    const inputs: NDArray[] = [];
    for (const [k, input] of spec.inputs.entries()) {
      if ('value' in input) {
        inputs.push(arrayFromJson(input.value));
        continue;
      }
      const value = (await this.evaluate(input.node, signal))[input.output];
      if (value === null || value === undefined) throw new Error(`${input.node} gave no output`);
      const producer = this.#scenario.nodes[input.node] as NodeSpec;
      const fromRef = BUILTIN_OPS.get(producer.op).outputs[input.output]?.isRef === true;
      // The executor's rule for ref edges: a non-ref input reads the variable now.
      inputs.push(fromRef && inputArg(spec, k)?.isRef !== true ? readRef(value) : value);
    }
    return runKernel({
      op: spec.op,
      inputs,
      attrs: attrsFromJson(opDef, spec.attrs),
      backend,
      resources: this.resources,
      nodeName: name,
      signal,
    });
  }
}

function expectOutcome(outcome: Outcome, record: StepRecord): void {
  if (record.error !== undefined) {
    expect('error' in outcome ? outcome.error : outcome.outputs).toMatchObject({
      name: record.error.class,
      message: record.error.message,
    });
    return;
  }
  if ('error' in outcome) throw outcome.error;
  const expected = record.outputs ?? [];
  expect(outcome.outputs).toHaveLength(expected.length);
  expected.forEach((want, i) => {
    if (want === null) return; // a resource handle: nothing TF could show
    const got = outcome.outputs[i];
    expect(got, `output ${i}`).not.toBeNull();
    expect(compareToJson(got as NDArray, want), `output ${i}`).toBeNull();
  });
}

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

/** What TF's kernels say when their step is cancelled, from the session-close scenario. */
function cancelMessages(queues: Fixture): { enqueue: TfError; dequeue: TfError } {
  const records = queues.scenarios.flatMap((s) => s.steps).flatMap((s) => s.error ?? []);
  const find = (prefix: string) => {
    const found = records.find((e) => e.class === 'CancelledError' && e.message.startsWith(prefix));
    if (found === undefined) throw new Error(`no recorded ${prefix} cancellation`);
    return found;
  };
  return { enqueue: find('Enqueue'), dequeue: find('Dequeue') };
}

const DEQUEUE_OPS = new Set([
  'QueueDequeueV2',
  'QueueDequeueManyV2',
  'QueueDequeueUpToV2',
  'ReaderReadV2',
]);

async function replay(scenario: Scenario, cancelled: { enqueue: TfError; dequeue: TfError }) {
  const r = new Replay(scenario);
  const started = new Map<
    string,
    { settled: boolean; outcome: Promise<Outcome>; controller: AbortController }
  >();
  for (const [index, record] of scenario.steps.entries()) {
    const [kind, node, arg] = record.step;
    const where = `step ${index} ${record.step.join(' ')}`;
    if (kind === 'run') {
      const outcome = await settle(r.evaluate(node as string, new AbortController().signal));
      expectOutcome(outcome, record);
    } else if (kind === 'start') {
      const controller = new AbortController();
      const entry = {
        settled: false,
        controller,
        outcome: settle(r.evaluate(node as string, controller.signal)),
      };
      void entry.outcome.then(() => (entry.settled = true));
      started.set(arg as string, entry);
      // Let it reach its wait before the next step, so waits queue up in TF's order.
      await tick();
    } else if (kind === 'pending') {
      await tick();
      expect(!started.get(node as string)?.settled, where).toBe(record.pending);
    } else if (kind === 'await') {
      const entry = started.get(node as string);
      expect(entry, where).toBeDefined();
      expectOutcome(await (entry as { outcome: Promise<Outcome> }).outcome, record);
    } else if (kind === 'cancel_all') {
      // Closing a session aborts the signal of every step it is running.
      for (const entry of started.values()) entry.controller.abort();
    } else if (kind === 'timeout') {
      // TF's session turns the cancelled wait into DeadlineExceededError (recorded in the
      // fixture for the session); the kernel's part is to fail with TF's cancellation.
      expect(record.error?.class, where).toBe('DeadlineExceededError');
      const controller = new AbortController();
      const outcome = settle(r.evaluate(node as string, controller.signal));
      await tick();
      controller.abort();
      const op = scenario.nodes[node as string]?.op ?? '';
      const want = DEQUEUE_OPS.has(op) ? cancelled.dequeue : cancelled.enqueue;
      expectOutcome(await outcome, { step: record.step, error: want });
    } else {
      throw new Error(`unknown step ${kind}`);
    }
  }
}

const queues = loadFixture('queues');
const cancelled = cancelMessages(queues);

describe.each([
  ['variables', loadFixture('variables')],
  ['optimizers', loadFixture('optimizers')],
  ['queues', queues],
  ['readers', loadFixture('readers')],
])('%s', (_group, fixture) => {
  it('was recorded by TensorFlow 2.21', () => {
    expect(fixture.tf_version).toBe('2.21.0');
  });
  it.each(fixture.scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await replay(scenario, cancelled);
  });
});
