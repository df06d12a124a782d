import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, NDArray, ops, type DType, type KernelContext } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { readInts, readReals, realsToArray, shapeString } from './nn-util.js';
import {
  fillPhilox,
  normalDistribution,
  Philox,
  SingleSample,
  truncatedNormalDistribution,
  uint64ToDouble,
  uniformDistribution,
  type Distribution,
} from './philox.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);
const FLOAT_TYPES: readonly DType[] = ['float16', 'bfloat16', 'float32', 'float64'];

/**
 * TF's `GuardedPhiloxRandom`, one per kernel: seeded from the node's `seed`/`seed2` attrs
 * (both 0: fresh random seeds, as TF), and each run reserves its own stretch of the stream
 * so later runs continue where TF's would.
 */
class GuardedPhilox {
  readonly #gen: Philox;

  constructor(seed: number, seed2: number) {
    let s = BigInt(seed);
    let s2 = BigInt(seed2);
    if (s === 0n && s2 === 0n) {
      const words = new BigUint64Array(2);
      globalThis.crypto.getRandomValues(words);
      s = words[0] as bigint;
      s2 = words[1] as bigint;
    }
    this.#gen = Philox.fromSeeds(s, s2);
  }

  /** TF's `ReserveRandomOutputs(count, 256)`: this run's generator; the guard moves on. */
  reserve(outputs: number, multiplier = 256): Philox {
    const local = this.#gen.clone();
    this.#gen.skip(outputs * multiplier);
    return local;
  }
}

/** TF's `tensor::MakeShape` for a shape input. */
function shapeFrom(t: NDArray): number[] {
  if (t.rank !== 1) {
    throw ia(`shape must be a vector of {int32,int64}, got shape ${shapeString(t.shape)}`);
  }
  const dims = readInts(t);
  for (const d of dims) if (d < 0) throw ia(`Dimension ${d} must be >= 0`);
  return dims;
}

/** The stateful float samplers (TF's `PhiloxRandomOp`). */
function philoxRandomKernel(makeDist: (dtype: string) => Distribution) {
  return ({ attrs }: { attrs: { seed: number; seed2: number; dtype: DType } }) => {
    const guard = new GuardedPhilox(attrs.seed, attrs.seed2);
    const dist = makeDist(attrs.dtype);
    return (ctx: KernelContext) => {
      const shape = shapeFrom(inputArray(ctx, 0));
      const size = shape.reduce((a, b) => a * b, 1);
      const values = fillPhilox(guard.reserve(size), dist, size);
      setOutputArray(ctx, 0, realsToArray(attrs.dtype, shape, values));
    };
  };
}

export const randomUniformCpu = defineKernel(ops.RandomUniform, {
  deviceType: 'CPU',
  typeConstraints: { dtype: FLOAT_TYPES },
  create: philoxRandomKernel(uniformDistribution),
});

export const randomStandardNormalCpu = defineKernel(ops.RandomStandardNormal, {
  deviceType: 'CPU',
  typeConstraints: { dtype: FLOAT_TYPES },
  create: philoxRandomKernel(normalDistribution),
});

export const truncatedNormalCpu = defineKernel(ops.TruncatedNormal, {
  deviceType: 'CPU',
  typeConstraints: { dtype: FLOAT_TYPES },
  create: philoxRandomKernel(truncatedNormalDistribution),
});

/** RandomUniformInt: `lo + bits % (hi - lo)`, 32 bits per int32 and 64 per int64 output. */
export const randomUniformIntCpu = defineKernel(ops.RandomUniformInt, {
  deviceType: 'CPU',
  typeConstraints: { Tout: ['int32', 'int64'] },
  create: ({ attrs }) => {
    const guard = new GuardedPhilox(attrs.seed, attrs.seed2);
    return (ctx) => {
      const shapeT = inputArray(ctx, 0);
      const minT = inputArray(ctx, 1);
      const maxT = inputArray(ctx, 2);
      if (minT.rank !== 0) throw ia(`minval must be 0-D, got shape ${shapeString(minT.shape)}`);
      if (maxT.rank !== 0) throw ia(`maxval must be 0-D, got shape ${shapeString(maxT.shape)}`);
      const shape = shapeFrom(shapeT);
      const size = shape.reduce((a, b) => a * b, 1);
      const wide = attrs.Tout === 'int64';
      if (size === 0) {
        setOutputArray(
          ctx,
          0,
          new NDArray(attrs.Tout, shape, wide ? new BigInt64Array(0) : new Int32Array(0)),
        );
        return;
      }
      const lo = BigInt((minT.data as ArrayLike<number | bigint>)[0] as number | bigint);
      const hi = BigInt((maxT.data as ArrayLike<number | bigint>)[0] as number | bigint);
      if (!(lo < hi)) throw ia(`Need minval < maxval, got ${lo} >= ${hi}`);
      const gen = guard.reserve(size);
      const s = new Uint32Array(4);
      if (wide) {
        const range = BigInt.asUintN(64, hi - lo);
        const out = new BigInt64Array(size);
        for (let i = 0; i < size; i += 2) {
          gen.next(s);
          for (let j = 0; j < 2 && i + j < size; j++) {
            const bits = (BigInt(s[2 * j + 1] as number) << 32n) | BigInt(s[2 * j] as number);
            out[i + j] = BigInt.asIntN(64, lo + (bits % range));
          }
        }
        setOutputArray(ctx, 0, new NDArray('int64', shape, out));
      } else {
        const range = Number(BigInt.asUintN(32, hi - lo));
        const low = Number(lo);
        const out = new Int32Array(size);
        for (let i = 0; i < size; i += 4) {
          gen.next(s);
          for (let j = 0; j < 4 && i + j < size; j++) out[i + j] = low + ((s[j] as number) % range);
        }
        setOutputArray(ctx, 0, new NDArray('int32', shape, out));
      }
    };
  },
});

/**
 * Multinomial on CPU: per row, an unnormalized CDF of exp(logit - max) over the finite
 * logits (in double), then for each sample the first class whose CDF exceeds
 * uniform * total. Rows draw from one stream in order (TF's single-shard path).
 */
export const multinomialCpu = defineKernel(ops.Multinomial, {
  deviceType: 'CPU',
  typeConstraints: { T: FLOAT_TYPES, output_dtype: ['int32', 'int64'] },
  create: ({ attrs }) => {
    const guard = new GuardedPhilox(attrs.seed, attrs.seed2);
    return (ctx) => {
      const logits = inputArray(ctx, 0);
      const numT = inputArray(ctx, 1);
      if (logits.rank !== 2) {
        throw ia(`logits should be a matrix, got shape ${shapeString(logits.shape)}`);
      }
      if (numT.rank !== 0) {
        throw ia(`num_samples should be a scalar, got shape ${shapeString(numT.shape)}`);
      }
      const numSamples = (numT.data as Int32Array)[0] as number;
      if (numSamples < 0) throw ia(`num_samples should be non-negative, got ${numSamples}`);
      const [batch, classes] = logits.shape as [number, number];
      if (!(classes > 0)) throw ia(`num_classes should be positive, got ${classes}`);
      const wide = attrs.output_dtype === 'int64';
      const out = wide ? new BigInt64Array(batch * numSamples) : new Int32Array(batch * numSamples);
      if (out.length > 0) {
        // Two uint32 per double sample, reserved in groups of four samples.
        const gen = guard.reserve(batch * Math.ceil(numSamples / 4) * 4 * 2);
        const single = new SingleSample(gen);
        const x = readReals(logits);
        const cdf = new Float64Array(classes);
        for (let b = 0; b < batch; b++) {
          let max = -Number.MAX_VALUE;
          for (let j = 0; j < classes; j++) {
            const v = x[b * classes + j] as number;
            if (Number.isFinite(v)) max = Math.max(max, v);
          }
          let total = 0;
          for (let j = 0; j < classes; j++) {
            const v = x[b * classes + j] as number;
            if (Number.isFinite(v)) total += Math.exp(v - max);
            cdf[j] = total;
          }
          for (let s = 0; s < numSamples; s++) {
            const target = uint64ToDouble(single.next(), single.next()) * total;
            // std::upper_bound: the first entry greater than the target.
            let lo = 0;
            let hi = classes;
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if ((cdf[mid] as number) > target) hi = mid;
              else lo = mid + 1;
            }
            out[b * numSamples + s] = wide ? BigInt(lo) : lo;
          }
        }
      }
      setOutputArray(ctx, 0, new NDArray(attrs.output_dtype, [batch, numSamples], out as never));
    };
  },
});

/** StatelessRandomUniformV2: the uniform sampler on an explicit Philox key and counter. */
export const statelessRandomUniformV2Cpu = defineKernel(ops.StatelessRandomUniformV2, {
  deviceType: 'CPU',
  typeConstraints: { dtype: FLOAT_TYPES },
  create: ({ attrs }) => {
    const dist = uniformDistribution(attrs.dtype);
    return (ctx) => {
      const key = inputArray(ctx, 1);
      const counter = inputArray(ctx, 2);
      const algT = inputArray(ctx, 3);
      if (algT.rank !== 0) {
        throw ia(`input 3 (0-based) must have shape [], not ${shapeString(algT.shape)}`);
      }
      let alg = (algT.data as Int32Array)[0] as number;
      // RNG_ALG_AUTO_SELECT is Philox on CPU.
      if (alg === 3) alg = 1;
      if (!(key.rank === 1 && key.shape[0] === 1)) {
        throw ia(
          `key must have shape [1], not ${shapeString(key.shape)}. (Note that batched keys are not supported yet.)`,
        );
      }
      // TF 2.21 asks for a counter of at least `alg` words (1 for Philox, as observed;
      // an unknown id N asks for N before it is rejected).
      const counterSize = alg;
      if (!(counter.rank === 1 && (counter.shape[0] as number) >= counterSize)) {
        throw ia(
          `counter must be a vector with length at least ${counterSize}; got shape: ${shapeString(counter.shape)}. (Note that batched counters are not supported yet.)`,
        );
      }
      const shape = shapeFrom(inputArray(ctx, 0));
      const size = shape.reduce((a, b) => a * b, 1);
      if (size === 0) {
        setOutputArray(ctx, 0, realsToArray(attrs.dtype, shape, []));
        return;
      }
      if (alg !== 1) throw ia(`Unsupported algorithm id: ${alg}`);
      const words = (v: bigint) => [Number(v & 0xffffffffn), Number(v >> 32n)];
      const k = (key.data as BigUint64Array)[0] as bigint;
      const c = counter.data as BigUint64Array;
      // A one-word counter leaves TF reading past it; zero stands in for the missing word.
      const gen = new Philox(
        [...words(c[0] as bigint), ...words((c[1] ?? 0n) as bigint)],
        words(k),
      );
      setOutputArray(ctx, 0, realsToArray(attrs.dtype, shape, fillPhilox(gen, dist, size)));
    };
  },
});
