import { join } from 'node:path';
import { displayPath } from '../display-path.js';
import type { NDArray } from 'tensorgraph';
import { CliError } from '../cli-error.js';
import { digitArt, sideBySide } from '../digit-art.js';
import { loadForDevice, openSession } from '../devices.js';
import {
  embeddedModelDir,
  readJsonFile,
  type EmbeddedExpected,
  type EmbeddedModelInfo,
} from '../embedded-model.js';
import { errorText } from '../error-text.js';
import type { CliIo } from '../io.js';
import { readFileChecked } from '../load-model.js';
import { readNpy, shapeText } from '../npy.js';
import { saveOutputs } from '../outputs.js';
import { formatTable } from '../table.js';
import type { RunFlags } from './run.js';

/** How close our probabilities must be to TF's to count as the same answer. */
export const PROBABILITY_TOLERANCE = 1e-5;

/** What the demo found, for callers that want more than the printout (tests). */
export interface DemoResult {
  readonly predicted: number[];
  readonly expected: readonly number[];
  readonly maxAbsDiff: number;
  readonly allMatch: boolean;
}

/**
 * `tensorgraph run` with no model: the embedded digits model on its held-out samples, our
 * predictions beside TensorFlow's. Exits 1 if any differs.
 */
export async function runEmbeddedDemo(
  flags: RunFlags,
  io: CliIo,
  onResult?: (result: DemoResult) => void,
): Promise<number> {
  const dir = embeddedModelDir();
  const info = readJsonFile<EmbeddedModelInfo>(join(dir, 'model.json'));
  const expected = readJsonFile<EmbeddedExpected>(join(dir, info.samples.expected));
  const pixelsPath = join(dir, info.samples.pixels);
  const pixels = readNpy(readFileChecked(pixelsPath, 'sample file'), pixelsPath);
  const model = await loadForDevice(join(dir, info.model), flags.device, io.cwd);
  const [probName = 'probabilities:0', className = 'predicted_class:0'] = info.outputs.map(
    (o) => o.name,
  );
  const inputName = info.inputs[0]?.name ?? 'pixels:0';

  const sess = openSession(model.graph, flags, (line) => io.stderr(`${line}\n`));
  let probs: NDArray;
  let classes: NDArray;
  let millis: number;
  let devices: string[];
  try {
    const start = performance.now();
    [probs, classes] = (await sess.run([probName, className], { [inputName]: pixels })) as [
      NDArray,
      NDArray,
    ];
    millis = performance.now() - start;
    devices = (await sess.listDevices()).map((d) => d.name.replace(/^.*device:/, ''));
  } catch (e) {
    throw new CliError(`running the embedded model failed: ${errorText(e)}`, 1);
  } finally {
    await sess.close();
  }

  const n = pixels.shape[0] ?? 0;
  const classCount = probs.shape[1] ?? 0;
  const p = probs.data as Float32Array;
  const predicted = Array.from(classes.data as BigInt64Array, Number);
  const shown = displayPath(io.cwd, dir);
  const kb = (model.bytes.length / 1024).toFixed(1);
  io.stdout(
    `Embedded model "${info.name}": ${info.description}\n` +
      `Trained by ${info.training.framework} on ${info.dataset.name}; ` +
      `${(info.test_accuracy * 100).toFixed(1)}% accuracy on ${info.test_count} held-out digits.\n` +
      `model   ${join(shown, info.model)} (${kb} KiB, ${model.graphDef.node.length} nodes)\n` +
      `input   ${inputName} <- ${join(shown, info.samples.pixels)}, ${pixels.dtype} ${shapeText(pixels.shape)}: ${n} held-out digits\n` +
      `ran on  ${devices.join(', ')} in ${millis.toFixed(1)} ms (first run: includes planning)\n\n`,
  );

  const art = Array.from({ length: n }, (_, i) => ({
    caption: `#${i}: ${predicted[i]}`,
    lines: digitArt(Array.from((pixels.data as Float32Array).subarray(i * 64, (i + 1) * 64))),
  }));
  for (let i = 0; i < art.length; i += 5) {
    io.stdout(sideBySide(art.slice(i, i + 5)).join('\n') + '\n\n');
  }

  let maxAbsDiff = 0;
  let matches = 0;
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const tfRow = expected.probabilities[i] ?? [];
    let diff = 0;
    for (let c = 0; c < classCount; c++) {
      diff = Math.max(diff, Math.abs((p[i * classCount + c] ?? NaN) - (tfRow[c] ?? NaN)));
    }
    if (Number.isNaN(diff)) diff = Infinity;
    maxAbsDiff = Math.max(maxAbsDiff, diff);
    const ours = predicted[i] ?? -1;
    const theirs = expected.predicted_class[i] ?? -2;
    const ok = ours === theirs && diff <= PROBABILITY_TOLERANCE;
    if (ok) matches++;
    rows.push([
      String(i),
      String(expected.labels[i] ?? '?'),
      `${ours}`,
      (p[i * classCount + ours] ?? NaN).toFixed(4),
      `${theirs}`,
      (tfRow[theirs] ?? NaN).toFixed(4),
      diff.toExponential(1),
      ok ? 'yes' : 'NO',
    ]);
  }
  io.stdout(
    formatTable(['#', 'label', 'tensorgraph', 'p', 'TensorFlow', 'p', 'max |Δp|', 'match'], rows),
  );
  const allMatch = matches === n;
  io.stdout(
    `\n${matches} of ${n} predictions match TensorFlow's ` +
      `(same class, every probability within ${PROBABILITY_TOLERANCE.toExponential(0)}; largest difference ${maxAbsDiff.toExponential(1)}).\n` +
      `Your own digits: tensorgraph run --input ${inputName.replace(/:0$/, '')}=digits.npy ` +
      `(float32 [N, 8, 8], values 0..16).\n`,
  );
  if (flags.saveDir !== undefined) {
    const saved = saveOutputs(
      [
        { name: probName, value: probs },
        { name: className, value: classes },
      ],
      flags.saveDir,
      io.cwd,
    );
    io.stderr(`saved ${saved.join(', ')}\n`);
  }
  onResult?.({ predicted, expected: expected.predicted_class, maxAbsDiff, allMatch });
  if (!allMatch) {
    io.stderr(`tensorgraph: ${n - matches} prediction(s) differ from TensorFlow's\n`);
    return 1;
  }
  return 0;
}
