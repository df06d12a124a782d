import { join } from 'node:path';
import type { Graph, NDArray, Operation, Tensor } from 'tensorgraph';
import { CliError } from '../cli-error.js';
import { loadForDevice, openSession } from '../devices.js';
import { embeddedModelDir } from '../embedded-model.js';
import { errorText } from '../error-text.js';
import { parseFeeds, type Feed } from '../feeds.js';
import { ancestors, describeTensor, placeholders, terminalOps } from '../graph-facts.js';
import type { CliIo } from '../io.js';
import type { LoadedModel } from '../load-model.js';
import { formatOutput, saveOutputs } from '../outputs.js';
import { resolveFetch } from '../tensor-names.js';
import { runEmbeddedDemo } from './run-embedded.js';

export interface RunFlags {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly saveDir?: string | undefined;
  readonly device?: string | undefined;
  readonly softPlacement?: boolean | undefined;
  readonly logDevicePlacement?: boolean | undefined;
}

/** Where outputs of an explicit model go when `--save-dir` is not given. */
export const DEFAULT_SAVE_DIR = 'tensorgraph-outputs';

/** What to fetch: the `--output`s, or by default every output of the graph's terminal ops. */
export function chooseFetches(
  model: LoadedModel,
  outputs: readonly string[],
): (Tensor | Operation)[] {
  if (outputs.length > 0) return outputs.map((name) => resolveFetch(model.graph, name));
  const fetches = terminalOps(model.graph).flatMap((op): (Tensor | Operation)[] =>
    op.outputs.length > 0 ? [...op.outputs] : [op],
  );
  if (fetches.length === 0)
    throw new CliError('the graph has no outputs to fetch: name one with --output');
  return fetches;
}

/** A placeholder the fetches need but no `--input` feeds is an error that says how to feed it. */
export function checkAllFed(
  graph: Graph,
  fetches: readonly (Tensor | Operation)[],
  feeds: readonly Feed[],
): void {
  const fed = new Set(feeds.map((f) => f.tensor.op));
  const needed = ancestors(fetches.map((f) => ('op' in f ? f.op : f)));
  const missing = placeholders(graph)
    .filter((p) => p.type === 'Placeholder' && needed.has(p) && !fed.has(p))
    .map((p) => p.outputs[0] as Tensor);
  if (missing.length > 0) {
    const list = missing.map((t) => `${t.name} (${describeTensor(t)})`).join(', ');
    const first = missing[0]?.op.name ?? 'x';
    throw new CliError(
      `missing --input for ${missing.length === 1 ? 'placeholder' : 'placeholders'} ${list}: give e.g. --input ${first}=FILE.npy or --input '${first}=[...]'`,
    );
  }
}

/** Feeds as the session takes them: tensor name → value. */
export function feedDict(feeds: readonly Feed[]): Record<string, NDArray> {
  return Object.fromEntries(feeds.map((f) => [f.tensor.name, f.value]));
}

/** `tensorgraph run [MODEL.pb]`. */
export async function runCommand(
  modelPath: string | undefined,
  flags: RunFlags,
  io: CliIo,
): Promise<number> {
  if (modelPath === undefined && flags.input.length === 0) {
    return runEmbeddedDemo(flags, io);
  }
  const path = modelPath ?? join(embeddedModelDir(), 'model.pb');
  const model = await loadForDevice(path, flags.device, io.cwd);
  const feeds = parseFeeds(flags.input, model.graph, io.cwd);
  const fetches = chooseFetches(model, flags.output);
  checkAllFed(model.graph, fetches, feeds);
  const sess = openSession(model.graph, flags, (line) => io.stderr(`${line}\n`));
  let values: (NDArray | null)[];
  try {
    values = (await sess.run(fetches, feedDict(feeds))) as (NDArray | null)[];
  } catch (e) {
    throw new CliError(`running ${modelPath ?? 'the embedded model'} failed: ${errorText(e)}`, 1);
  } finally {
    await sess.close();
  }
  const results: { name: string; value: NDArray }[] = [];
  fetches.forEach((f, i) => {
    const value = values[i];
    if (value === null || value === undefined) {
      io.stdout(`${f.name}  (op, ran)\n`);
    } else {
      io.stdout(formatOutput(f.name, value));
      results.push({ name: f.name, value });
    }
  });
  if (results.length > 0) {
    const saved = saveOutputs(results, flags.saveDir ?? DEFAULT_SAVE_DIR, io.cwd);
    io.stderr(`saved ${saved.join(', ')}\n`);
  }
  return 0;
}
