import { int64ToNumber, RunMetadata, type Int64Value } from '@tensorgraph/core';

/** One event of the Chrome trace-event format (the JSON `chrome://tracing` and Perfetto read). */
export interface TraceEvent {
  readonly name: string;
  /** `X`: a complete event (ts + dur); `M`: metadata (process and thread names, sort order). */
  readonly ph: 'X' | 'M';
  readonly pid: number;
  readonly tid: number;
  /** Microseconds. */
  readonly ts?: number;
  /** Microseconds, never negative. */
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** A trace in the JSON-object form of the trace-event format. */
export interface ChromeTrace {
  readonly traceEvents: TraceEvent[];
  readonly displayTimeUnit: 'ms' | 'ns';
}

type Int64Like = Int64Value | null | undefined;

function num(v: Int64Like): number {
  return v === null || v === undefined ? 0 : int64ToNumber(v);
}

/**
 * A step's timeline from `RunMetadata.stepStats` (filled by a FULL_TRACE run) as Chrome
 * trace events: one process per device (named after it), one thread per executor thread,
 * one complete (`X`) event per node execution with the keys and `args` of TensorFlow's own
 * timeline tool (`name`, `op`, `input0`, ...). Events are named after the node (TF's tool
 * names them by op type, which `args.op` keeps), so each slice says which node it was.
 * Open the JSON in Perfetto or chrome://tracing.
 */
export function toChromeTrace(runMetadata: RunMetadata | RunMetadata.$Properties): ChromeTrace {
  const meta = runMetadata instanceof RunMetadata ? runMetadata : RunMetadata.create(runMetadata);
  const events: TraceEvent[] = [];
  const devStats = meta.stepStats?.devStats ?? [];
  devStats.forEach((dev, pid) => {
    const device = dev.device ?? `device ${pid}`;
    events.push({
      name: 'process_name',
      ph: 'M',
      pid,
      tid: 0,
      args: { name: device },
    });
    const threads = new Set<number>();
    for (const node of dev.nodeStats ?? []) {
      const tid = node.threadId ?? 0;
      threads.add(tid);
      const nanos = num(node.allStartNanos) !== 0;
      // Nanosecond fields are finer when a producer fills them; micros otherwise.
      const start = nanos ? num(node.allStartNanos) / 1000 : num(node.allStartMicros);
      const opStart = nanos ? num(node.opStartRelNanos) / 1000 : num(node.opStartRelMicros);
      const opEnd = nanos ? num(node.opEndRelNanos) / 1000 : num(node.opEndRelMicros);
      const label = parseLabel(node.timelineLabel ?? '');
      const nodeName = node.nodeName ?? '';
      const op = label?.op ?? nodeName;
      const inputs = Object.fromEntries(
        (label?.inputs ?? []).map((input, i) => [`input${i}`, input]),
      );
      events.push({
        name: nodeName,
        cat: 'Op',
        ph: 'X',
        pid,
        tid,
        ts: start + opStart,
        dur: Math.max(0, opEnd - opStart),
        args: { name: nodeName, op, ...inputs },
      });
    }
    const names = dev.threadNames ?? {};
    for (const tid of threads) {
      const threadName = names[tid] ?? (tid === 0 ? 'ops' : `thread ${tid}`);
      events.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: threadName } });
    }
  });
  return { traceEvents: events, displayTimeUnit: 'ms' };
}

/** `'c = Mul(a, b)'` gives `Mul` and `['a', 'b']` (the form of TF's timeline labels). */
function parseLabel(label: string): { op: string; inputs: string[] } | undefined {
  // `name = Op(inputs)`, then possibly annotations of plan-time rewrites (`[folded ...]`).
  const m = /^[^=]*=\s*([A-Za-z0-9_>]+)\(([^)]*)\)\s*(?:\[.*\])?$/.exec(label);
  if (m === null) return undefined;
  // Inputs as a NodeDef spells them: output 0 without its `:0`, as TF's labels do.
  const inputs =
    m[2]!.trim() === '' ? [] : m[2]!.split(',').map((s) => s.trim().replace(/:0$/, ''));
  return { op: m[1]!, inputs };
}
