import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../display-path.js';
import * as tf from 'tensorgraph';
import { CliError } from '../cli-error.js';
import { deviceScope, openSession } from '../devices.js';
import { errorText } from '../error-text.js';
import type { CliIo } from '../io.js';
import { prepareRun } from '../prepare-run.js';
import { formatTable } from '../table.js';

export interface TraceFlags {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly out: string;
  readonly device?: string | undefined;
  readonly softPlacement?: boolean | undefined;
  readonly batch: number;
}

/**
 * `tensorgraph trace [MODEL.pb]`: one untimed run (planning), then one run with
 * `RunOptions.traceLevel = FULL_TRACE`; its RunMetadata step stats are written as Chrome
 * trace-event JSON (`tf.toChromeTrace`), which Perfetto and chrome://tracing open.
 */
export async function traceCommand(
  modelPath: string | undefined,
  flags: TraceFlags,
  io: CliIo,
): Promise<number> {
  const scope = flags.device === undefined ? undefined : deviceScope(flags.device);
  const prepared = await prepareRun(modelPath, flags, scope, io);
  const sess = openSession(prepared.model.graph, flags, (line) => io.stderr(`${line}\n`));
  const metadata = new tf.RunMetadata();
  try {
    // Untraced runs first: the first plans the step; the traced one shows steady state.
    for (let i = 0; i < 3; i++) await sess.run(prepared.fetches, prepared.feeds);
    const options = new tf.RunOptions({ traceLevel: tf.RunOptions.TraceLevel.FULL_TRACE });
    await sess.run(prepared.fetches, prepared.feeds, options, metadata);
  } catch (e) {
    throw new CliError(`running ${modelPath ?? 'the embedded model'} failed: ${errorText(e)}`, 1);
  } finally {
    await sess.close();
  }
  const trace = tf.toChromeTrace(metadata);
  const out = resolve(io.cwd, flags.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(trace)}\n`);

  const ops = trace.traceEvents.filter((e) => e.ph === 'X');
  const devices = (metadata.stepStats?.devStats ?? []).map((d) => d.device);
  const start = Math.min(...ops.map((e) => e.ts ?? 0));
  const end = Math.max(...ops.map((e) => (e.ts ?? 0) + (e.dur ?? 0)));
  const byType = new Map<string, { count: number; total: number }>();
  for (const e of ops) {
    const type = String(e.args?.['op'] ?? e.name);
    const entry = byType.get(type) ?? { count: 0, total: 0 };
    entry.count++;
    entry.total += e.dur ?? 0;
    byType.set(type, entry);
  }
  const top = [...byType].sort((a, b) => b[1].total - a[1].total).slice(0, 8);
  io.stdout(
    `traced ${ops.length} op executions on ${devices.length} device(s): ${devices.join(', ')}\n` +
      `step span ${ops.length > 0 ? (end - start).toFixed(0) : 0} µs; inputs: ${prepared.inputNote}\n\n` +
      formatTable(
        ['op type', 'count', 'total µs'],
        top.map(([type, v]) => [type, String(v.count), v.total.toFixed(0)]),
      ) +
      `\nwrote ${displayPath(io.cwd, out)}: open it in Perfetto (ui.perfetto.dev) or chrome://tracing\n`,
  );
  return 0;
}
