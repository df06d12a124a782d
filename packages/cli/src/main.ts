import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError } from './cli-error.js';
import { benchCommand } from './commands/bench.js';
import { doctorCommand } from './commands/doctor.js';
import { inspectCommand } from './commands/inspect.js';
import { runCommand } from './commands/run.js';
import { traceCommand } from './commands/trace.js';
import { errorText } from './error-text.js';
import { processIo, type CliIo } from './io.js';

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** Repeatable options come back as arrays, empty when not given. */
function lists<T extends object>(
  flags: T,
): T & { input: string[]; output: string[]; device: string[] } {
  const f = flags as { input?: string[]; output?: string[]; device?: string[] | string };
  return {
    ...flags,
    input: f.input ?? [],
    output: f.output ?? [],
    device: Array.isArray(f.device) ? f.device : f.device === undefined ? [] : [f.device],
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n;
}

const inputOption = () =>
  new Option(
    '-i, --input <name=value>',
    'feed a placeholder: NAME=FILE.npy, NAME=FILE.json or NAME=JSON (repeatable)',
  ).argParser(collect);

function program(io: CliIo, done: (code: number) => void): Command {
  const cli = new Command('tensorgraph')
    .description(
      "Run, inspect, benchmark and trace TensorFlow GraphDefs (.pb) with tensorgraph.\nWith no model, `tensorgraph run` runs the embedded digits model and checks it against TensorFlow's answers.",
    )
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  cli
    .command('run')
    .description(
      'run a frozen GraphDef: print its outputs (numpy style) and save them as .npy; with no MODEL, the embedded digits model on its samples',
    )
    .argument('[model]', 'a binary GraphDef (.pb); default: the embedded digits model')
    .addOption(inputOption())
    .option(
      '-o, --output <name>',
      'a tensor (x:0) or op to fetch (repeatable; default: every output of the ops nothing consumes)',
      collect,
    )
    .option('--save-dir <dir>', 'where outputs are saved as .npy (default: tensorgraph-outputs)')
    .option(
      '-d, --device <device>',
      'place the graph on CPU, GPU or WEBGPU (or a spec: /device:GPU:1)',
    )
    .option(
      '--soft-placement',
      "let ops without a kernel on --device fall back (ConfigProto's allow_soft_placement)",
    )
    .option('--log-device-placement', 'print the device each op is placed on (to stderr)')
    .action(async (model: string | undefined, flags) =>
      done(await runCommand(model, { ...lists(flags), device: flags.device }, io)),
    );

  cli
    .command('inspect')
    .description(
      'describe a GraphDef: inputs, outputs, op histogram, devices, function library; draw it with --dot/--svg',
    )
    .argument('<model>', 'a binary GraphDef (.pb)')
    .option('--dot <file>', 'write the graph as Graphviz DOT')
    .option('--svg <file>', 'draw the graph as an SVG picture')
    .option('--expand', 'draw every op, even in a big graph (by default name scopes are collapsed)')
    .option('--json', 'print the facts as JSON')
    .action(async (model: string, flags) => done(await inspectCommand(model, flags, io)));

  cli
    .command('bench')
    .description('time Session.run per available device: warm-up, then min/median/p90 latency')
    .argument('[model]', 'a binary GraphDef (.pb); default: the embedded digits model')
    .addOption(inputOption())
    .option(
      '-o, --output <name>',
      'what to fetch (repeatable; default: the graph outputs)',
      collect,
    )
    .option(
      '-d, --device <device>',
      'a device to time (repeatable; default: every device the default backends have here)',
      collect,
    )
    .option('--batch <n>', 'the size of unknown dimensions of synthesized inputs', positiveInt, 1)
    .option('--warmup <n>', 'untimed runs first', nonNegativeInt, 5)
    .option('--runs <n>', 'timed runs', positiveInt, 50)
    .action(async (model: string | undefined, flags) =>
      done(await benchCommand(model, lists(flags), io)),
    );

  cli
    .command('trace')
    .description(
      'run once with RunOptions(trace_level=FULL_TRACE) and write the step stats as Chrome trace-event JSON (Perfetto, chrome://tracing)',
    )
    .argument('[model]', 'a binary GraphDef (.pb); default: the embedded digits model')
    .addOption(inputOption())
    .option(
      '-o, --output <name>',
      'what to fetch (repeatable; default: the graph outputs)',
      collect,
    )
    .option('--out <file>', 'the trace file to write', 'trace.json')
    .option('-d, --device <device>', 'place the graph on CPU, GPU or WEBGPU')
    .option('--soft-placement', 'let ops without a kernel on --device fall back')
    .option('--batch <n>', 'the size of unknown dimensions of synthesized inputs', positiveInt, 1)
    .action(async (model: string | undefined, flags) =>
      done(await traceCommand(model, { ...lists(flags), device: flags.device }, io)),
    );

  cli
    .command('doctor')
    .description('which backends loaded here, which did not, and why (tf.diagnose())')
    .action(async () => done(await doctorCommand(io)));

  return cli;
}

/**
 * Runs the `tensorgraph` command with `args` (the words after the command name) and
 * resolves to its exit code; it never calls `process.exit`.
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  try {
    await program(io, (c) => (code = c)).parseAsync([...args], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof CliError) {
      io.stderr(`tensorgraph: error: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`tensorgraph: error: ${errorText(e)}\n`);
    if (e instanceof Error && e.stack && process.env['TENSORGRAPH_DEBUG'])
      io.stderr(`${e.stack}\n`);
    return 1;
  }
}
