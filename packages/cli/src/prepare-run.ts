import { join } from 'node:path';
import type { Operation, Tensor } from 'tensorgraph';
import { checkAllFed, chooseFetches, feedDict } from './commands/run.js';
import { loadForDevice } from './devices.js';
import { embeddedModelDir, readJsonFile, type EmbeddedModelInfo } from './embedded-model.js';
import { parseFeeds, type Feed } from './feeds.js';
import { ancestors } from './graph-facts.js';
import type { CliIo } from './io.js';
import { readFileChecked, type LoadedModel } from './load-model.js';
import { readNpy } from './npy.js';
import { synthesizeInput } from './synth-inputs.js';
import type { NDArray } from 'tensorgraph';

export interface PrepareFlags {
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly batch: number;
}

/** A model loaded for one device with everything one `Session.run` of it needs. */
export interface PreparedRun {
  readonly model: LoadedModel;
  readonly fetches: (Tensor | Operation)[];
  readonly feeds: Record<string, NDArray>;
  /** How the inputs were chosen, for the printout. */
  readonly inputNote: string;
}

/**
 * For bench and trace: loads the model (the embedded one when `modelPath` is undefined) on
 * `device`, takes the `--input`s, and makes up the rest: the embedded model's sample digits,
 * or synthesized values for other placeholders the fetches need.
 */
export async function prepareRun(
  modelPath: string | undefined,
  flags: PrepareFlags,
  device: string | undefined,
  io: CliIo,
): Promise<PreparedRun> {
  const dir = embeddedModelDir();
  const info =
    modelPath === undefined ? readJsonFile<EmbeddedModelInfo>(join(dir, 'model.json')) : null;
  const path = modelPath ?? join(dir, info?.model ?? 'model.pb');
  const model = await loadForDevice(path, device, io.cwd);
  const given: Feed[] = parseFeeds(flags.input, model.graph, io.cwd);
  const fetches = chooseFetches(model, flags.output);
  const fed = new Set(given.map((f) => f.tensor.op));
  const needed = ancestors(fetches.map((f) => ('op' in f ? f.op : f)));
  const made: Feed[] = [];
  const notes: string[] = given.map((f) => `${f.tensor.name} from ${f.source}`);
  for (const op of model.graph.getOperations()) {
    if (op.type !== 'Placeholder' || fed.has(op) || !needed.has(op)) continue;
    const tensor = op.outputs[0] as Tensor;
    if (info !== null && tensor.name === info.inputs[0]?.name) {
      const samples = join(dir, 'samples', 'pixels.npy');
      made.push({
        tensor,
        value: readNpy(readFileChecked(samples, 'sample file')),
        source: 'samples',
      });
      notes.push(`${tensor.name} = the embedded sample digits`);
    } else {
      const value = synthesizeInput(tensor, flags.batch);
      made.push({ tensor, value, source: 'synthesized' });
      notes.push(`${tensor.name} = synthesized ${value.dtype} (${value.shape.join(', ')})`);
    }
  }
  const feeds = [...given, ...made];
  checkAllFed(model.graph, fetches, feeds);
  return { model, fetches, feeds: feedDict(feeds), inputNote: notes.join('; ') || 'no inputs' };
}
