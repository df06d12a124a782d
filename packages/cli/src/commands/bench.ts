import { CliError } from '../cli-error.js';
import {
  availableDeviceTypes,
  deviceScope,
  deviceTypeOf,
  enableBackendFor,
  openSession,
} from '../devices.js';
import { errorText } from '../error-text.js';
import type { CliIo } from '../io.js';
import { latencyStats } from '../latency-stats.js';
import { prepareRun } from '../prepare-run.js';
import { ProgressBar } from '../progress-bar.js';
import { formatTable } from '../table.js';

export interface BenchFlags {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly device: readonly string[];
  readonly batch: number;
  readonly warmup: number;
  readonly runs: number;
}

/**
 * `tensorgraph bench [MODEL.pb]`: per device, `warmup` untimed runs (the first one plans),
 * then `runs` timed `Session.run`s; a table of min/median/p90/mean milliseconds on stdout.
 * Soft placement is on, so ops with no kernel on a device run on CPU, as TF would with
 * allow_soft_placement.
 */
export async function benchCommand(
  modelPath: string | undefined,
  flags: BenchFlags,
  io: CliIo,
): Promise<number> {
  const scopes = flags.device.map(deviceScope);
  for (const s of scopes) await enableBackendFor(deviceTypeOf(s));
  const available = await availableDeviceTypes();
  const targets = scopes.length > 0 ? scopes : available.map((t) => `/device:${t}:0`);
  const rows: string[][] = [];
  let measured = 0;
  let note = '';
  for (const scope of targets) {
    const type = deviceTypeOf(scope) ?? scope;
    const label = scope.replace(/^\/device:/, '');
    if (!available.includes(type)) {
      rows.push([label, 'not available here', '', '', '', '', '']);
      io.stderr(`${label}: skipped, no ${type} device here (tensorgraph doctor says why)\n`);
      continue;
    }
    try {
      const prepared = await prepareRun(modelPath, flags, scope, io);
      note = prepared.inputNote;
      const sess = openSession(prepared.model.graph, { softPlacement: true }, (line) =>
        io.stderr(`${line}\n`),
      );
      const bar = new ProgressBar(
        io,
        label,
        flags.warmup + flags.runs,
        `${flags.warmup} warm-up + ${flags.runs} timed runs`,
      );
      const times: number[] = [];
      try {
        for (let i = 0; i < flags.warmup; i++) {
          await sess.run(prepared.fetches, prepared.feeds);
          bar.tick('warm-up');
        }
        for (let i = 0; i < flags.runs; i++) {
          const start = performance.now();
          await sess.run(prepared.fetches, prepared.feeds);
          times.push(performance.now() - start);
          bar.tick('timed');
        }
      } finally {
        await sess.close();
      }
      const s = latencyStats(times);
      bar.finish(`median ${s.median.toFixed(3)} ms over ${s.runs} runs`);
      rows.push([
        label,
        String(s.runs),
        ...[s.min, s.median, s.p90, s.mean].map((v) => v.toFixed(3)),
        (1000 / s.median).toFixed(1),
      ]);
      measured++;
    } catch (e) {
      if (e instanceof CliError) throw e;
      rows.push([label, `failed: ${errorText(e)}`, '', '', '', '', '']);
      io.stderr(`${label}: failed: ${errorText(e)}\n`);
    }
  }
  io.stdout(`model: ${modelPath ?? 'the embedded digits model'}; inputs: ${note || '-'}\n`);
  io.stdout(
    formatTable(['device', 'runs', 'min ms', 'median ms', 'p90 ms', 'mean ms', 'runs/s'], rows),
  );
  return measured > 0 ? 0 : 1;
}
