import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NDArray } from 'tensorgraph';
import { availableDeviceTypes } from '../src/devices.js';
import { readNpy, writeNpy } from '../src/npy.js';
import { freshDir, MODEL, packagePath, PIXELS, runCli } from './cli-harness.js';

// TF's answers for the sample digits, computed by running the frozen bytes in TF 2.21.
const expected = JSON.parse(
  readFileSync(packagePath('models/digits/samples/expected.json'), 'utf8'),
) as { labels: number[]; predicted_class: number[]; probabilities: number[][] };
const tfProbabilities = readNpy(
  new Uint8Array(readFileSync(packagePath('models/digits/samples/probabilities.npy'))),
);

function maxAbsDiff(a: Float32Array, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
}

describe('tensorgraph run (no model): the embedded digits model', () => {
  test("prints its predictions beside TF's and says they all match", async () => {
    const r = await runCli(['run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('10 of 10 predictions match TensorFlow');
    // One table row per sample: index, true label, our class, p, TF's class, p, diff, match.
    const rows = r.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((cells) => cells.length === 8 && /^\d+$/.test(cells[0] as string));
    expect(rows.map((c) => Number(c[2]))).toEqual(expected.predicted_class);
    expect(rows.map((c) => Number(c[4]))).toEqual(expected.predicted_class);
    expect(rows.map((c) => Number(c[1]))).toEqual(expected.labels);
    expect(rows.every((c) => c[7] === 'yes')).toBe(true);
  });

  test('--save-dir saves probabilities equal to the ones TF computed', async () => {
    const dir = freshDir();
    const r = await runCli(['run', '--save-dir', 'out'], dir);
    expect(r.code).toBe(0);
    const probs = readNpy(new Uint8Array(readFileSync(join(dir, 'out', 'probabilities.npy'))));
    expect(probs.shape).toEqual([10, 10]);
    expect(
      maxAbsDiff(probs.data as Float32Array, tfProbabilities.data as Float32Array),
    ).toBeLessThan(1e-5);
    const classes = readNpy(new Uint8Array(readFileSync(join(dir, 'out', 'predicted_class.npy'))));
    expect(classes.dtype).toBe('int64');
    expect(Array.from(classes.data as BigInt64Array, Number)).toEqual(expected.predicted_class);
  });
});

describe('tensorgraph run MODEL.pb', () => {
  test('feeds a .npy, prints the outputs numpy-style and saves them as .npy', async () => {
    const dir = freshDir();
    const r = await runCli(['run', MODEL, '--input', `pixels=${PIXELS}`], dir);
    expect(r.code).toBe(0);
    // Both terminal ops are fetched by default.
    expect(r.stdout).toContain('predicted_class:0  int64 (10,)\n[0 1 2 3 4 5 6 7 8 9]\n');
    expect(r.stdout).toMatch(/probabilities:0 {2}float32 \(10, 10\)\n\[\[9\.75\d*e-01/);
    expect(r.stderr).toContain('saved tensorgraph-outputs/');
    const probs = readNpy(
      new Uint8Array(readFileSync(join(dir, 'tensorgraph-outputs', 'probabilities.npy'))),
    );
    expect(
      maxAbsDiff(probs.data as Float32Array, tfProbabilities.data as Float32Array),
    ).toBeLessThan(1e-5);
  });

  test('takes inline JSON and a .json file, and --output picks what to fetch', async () => {
    const dir = freshDir();
    const digit =
      expected.probabilities.length > 0 ? readNpy(new Uint8Array(readFileSync(PIXELS))) : null;
    const first = (digit?.toArray() as number[][][])[3] as number[][];
    writeFileSync(join(dir, 'three.json'), JSON.stringify([first]));
    for (const spec of [`pixels=${JSON.stringify([first])}`, 'pixels=three.json']) {
      const r = await runCli(
        ['run', MODEL, '-i', spec, '-o', 'predicted_class', '--save-dir', 'o'],
        dir,
      );
      expect(r.stderr).toBe('saved o/predicted_class.npy\n');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`predicted_class:0  int64 (1,)\n[${expected.predicted_class[3]}]\n`);
      expect(existsSync(join(dir, 'o', 'probabilities.npy'))).toBe(false);
    }
  });

  test('converts a feed to the input dtype as TF does (float64 .npy into float32)', async () => {
    const dir = freshDir();
    const pixels = readNpy(new Uint8Array(readFileSync(PIXELS)));
    const f64 = new NDArray(
      'float64',
      pixels.shape,
      Float64Array.from(pixels.data as Float32Array),
    );
    writeFileSync(join(dir, 'p64.npy'), writeNpy(f64));
    const r = await runCli(['run', MODEL, '-i', 'pixels=p64.npy', '-o', 'predicted_class:0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[0 1 2 3 4 5 6 7 8 9]');
  });

  test('--log-device-placement logs each op with its device to stderr', async () => {
    const r = await runCli([
      'run',
      MODEL,
      '-i',
      `pixels=${PIXELS}`,
      '--log-device-placement',
      '--device',
      'cpu',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'digits_cnn_1/conv1_1/convolution: (Conv2D): /job:localhost/replica:0/task:0/device:CPU:0',
    );
  });
});

describe('--device', () => {
  test('GPU: runs there when this machine has one; else the placement error, and --soft-placement falls back', async () => {
    const gpu = (await availableDeviceTypes()).includes('GPU');
    const args = [
      'run',
      MODEL,
      '-i',
      `pixels=${PIXELS}`,
      '-o',
      'predicted_class',
      '--device',
      'GPU',
    ];
    const strict = await runCli(args);
    if (gpu) {
      expect(strict.code).toBe(0);
    } else {
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(
        /InvalidArgumentError: Cannot assign a device for operation pixels: .*explicitly assigned to \/device:GPU:0/,
      );
    }
    const soft = await runCli([...args, '--soft-placement']);
    expect(soft.code).toBe(0);
    expect(soft.stdout).toContain('[0 1 2 3 4 5 6 7 8 9]');
  });
});

describe('errors: stderr, nonzero exit, what is wrong and what would be right', () => {
  const fails = async (args: string[], pattern: RegExp, code = 2, cwd?: string) => {
    const r = await runCli(args, cwd);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(r.code).toBe(code);
    return r;
  };

  test('a missing model file', async () => {
    await fails(['run', 'nope.pb'], /^tensorgraph: error: model file not found: nope\.pb\n$/);
  });

  test('a file that is not a GraphDef', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'x.pb'), 'this is text, not a protobuf');
    await fails(
      ['run', 'x.pb'],
      /^tensorgraph: error: x\.pb: not a binary GraphDef \(\.pb\)/,
      2,
      dir,
    );
  });

  test('an unknown input name lists the close matches', async () => {
    await fails(
      ['run', MODEL, '--input', 'pixel=[[1]]'],
      /unknown input 'pixel': the graph has no op named 'pixel'\. Did you mean: pixels\?/,
    );
  });

  test('an unknown output name lists the close matches', async () => {
    await fails(
      ['run', MODEL, '-i', `pixels=${PIXELS}`, '-o', 'probabilites'],
      /unknown output 'probabilites': the graph has no op named 'probabilites'\. Did you mean: probabilities\?/,
    );
  });

  test('an output index the op does not have', async () => {
    await fails(
      ['run', MODEL, '-i', `pixels=${PIXELS}`, '-o', 'probabilities:1'],
      /op 'probabilities' \(Identity\) has 1 output\(s\): probabilities:0/,
    );
  });

  test('a feed of the wrong shape says expected vs got', async () => {
    await fails(
      ['run', MODEL, '-i', 'pixels=[[1, 2, 3]]'],
      /input 'pixels:0' \(from JSON\): expected shape \(None, 8, 8\) of float32, got shape \(1, 3\) of float32/,
    );
  });

  test('a feed that cannot become the input dtype', async () => {
    await fails(
      ['run', MODEL, '-i', 'pixels=[["a"]]'],
      /input 'pixels:0' \(from JSON\): cannot convert the value to float32/,
    );
  });

  test('a bad .npy names the file', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bad.npy'), 'not numpy');
    await fails(['run', MODEL, '-i', 'pixels=bad.npy'], /bad\.npy: not a valid \.npy file/, 2, dir);
  });

  test('a missing input file', async () => {
    await fails(['run', MODEL, '-i', 'pixels=missing.npy'], /input file not found: missing\.npy/);
  });

  test('invalid inline JSON', async () => {
    await fails(['run', MODEL, '-i', 'pixels=[[1,'], /--input value '\[\[1,' is not valid JSON/);
  });

  test('an --input without =', async () => {
    await fails(
      ['run', MODEL, '-i', 'pixels'],
      /--input expects NAME=FILE\.npy, NAME=FILE\.json or NAME=JSON/,
    );
  });

  test('a placeholder left unfed says how to feed it', async () => {
    await fails(
      ['run', MODEL],
      /missing --input for placeholder pixels:0 \(float32 \(None, 8, 8\)\): give e\.g\. --input pixels=FILE\.npy/,
    );
  });

  test('an unknown device type', async () => {
    await fails(
      ['run', MODEL, '--device', 'TPU'],
      /--device 'TPU' is not a device: use one of CPU, GPU, WEBGPU/,
    );
  });

  test('an unknown option is a usage error', async () => {
    const r = await runCli(['run', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
  });
});
