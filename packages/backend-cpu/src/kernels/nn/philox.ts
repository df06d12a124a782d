/**
 * Philox-4x32-10 and TF's sampling transforms on top of it (TF's `random::PhiloxRandom`,
 * `random_distributions.h`, `FillPhiloxRandom`), so a fixed key/counter gives TF's numbers.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO32 = 2 ** 32;

/** High 32 bits of the 64-bit product of two uint32 values. */
function mulHi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const loLo = aLo * bLo;
  const hiLo = aHi * bLo;
  const loHi = aLo * bHi;
  const cross = (loLo >>> 16) + (hiLo & 0xffff) + loHi;
  return (aHi * bHi + (hiLo >>> 16) + Math.floor(cross / 65536)) >>> 0;
}

/** A Philox-4x32-10 stream: a 128-bit counter and a 64-bit key. */
export class Philox {
  readonly counter: Uint32Array;
  readonly key: Uint32Array;

  constructor(counter: ArrayLike<number>, key: ArrayLike<number>) {
    this.counter = Uint32Array.from(counter);
    this.key = Uint32Array.from(key);
  }

  /** TF's `PhiloxRandom(seed_lo, seed_hi)`: key from the first seed, counter high words from the second. */
  static fromSeeds(seed: bigint, seed2: bigint): Philox {
    const s = BigInt.asUintN(64, seed);
    const s2 = BigInt.asUintN(64, seed2);
    const lo = (v: bigint) => Number(v & 0xffffffffn);
    const hi = (v: bigint) => Number(v >> 32n);
    return new Philox([0, 0, lo(s2), hi(s2)], [lo(s), hi(s)]);
  }

  clone(): Philox {
    return new Philox(this.counter, this.key);
  }

  /** Advances the counter by `count` 128-bit blocks (TF's `Skip`). */
  skip(count: number): void {
    const c = this.counter;
    const lo = count % TWO32;
    let hi = Math.floor(count / TWO32);
    const c0 = (c[0] as number) + lo;
    c[0] = c0;
    if (c0 >= TWO32) hi += 1;
    const c1 = (c[1] as number) + hi;
    c[1] = c1;
    if (c1 >= TWO32) {
      c[2] = (c[2] as number) + 1;
      if (c[2] === 0) c[3] = (c[3] as number) + 1;
    }
  }

  /** The next four uint32 values, written into `out`. */
  next(out: Uint32Array): void {
    let c0 = this.counter[0] as number;
    let c1 = this.counter[1] as number;
    let c2 = this.counter[2] as number;
    let c3 = this.counter[3] as number;
    let k0 = this.key[0] as number;
    let k1 = this.key[1] as number;
    for (let round = 0; round < 10; round++) {
      const hi0 = mulHi(M0, c0);
      const lo0 = Math.imul(M0, c0) >>> 0;
      const hi1 = mulHi(M1, c2);
      const lo1 = Math.imul(M1, c2) >>> 0;
      c0 = (hi1 ^ c1 ^ k0) >>> 0;
      c1 = lo1;
      c2 = (hi0 ^ c3 ^ k1) >>> 0;
      c3 = lo0;
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
    this.skip(1);
  }
}

/** One uint32 at a time from a Philox stream (TF's `SingleSampleAdapter`). */
export class SingleSample {
  readonly #gen: Philox;
  readonly #buf = new Uint32Array(4);
  #used = 4;

  constructor(gen: Philox) {
    this.#gen = gen;
  }

  next(): number {
    if (this.#used === 4) {
      this.#gen.next(this.#buf);
      this.#used = 0;
    }
    return this.#buf[this.#used++] as number;
  }
}

const f = Math.fround;

/** `Uint32ToFloat`: 23 random mantissa bits as a float in [0, 1). */
export const uint32ToFloat = (x: number): number => (x & 0x7fffff) * 2 ** -23;

/** `Uint64ToDouble`: 52 random mantissa bits (20 from x0, 32 from x1) in [0, 1). */
export const uint64ToDouble = (x0: number, x1: number): number =>
  ((x0 & 0xfffff) * TWO32 + x1) * 2 ** -52;

/** `BoxMullerFloat`: two standard normals from two uint32 values, in float32. */
export function boxMullerFloat(x0: number, x1: number): [number, number] {
  const epsilon = f(1e-7);
  let u1 = uint32ToFloat(x0);
  if (u1 < epsilon) u1 = epsilon;
  // `2.0f * M_PI` is a double; the product is stored in a float.
  const v1 = f(2 * Math.PI * uint32ToFloat(x1));
  const u2 = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
  return [f(f(Math.sin(v1)) * u2), f(f(Math.cos(v1)) * u2)];
}

/** `BoxMullerDouble`: two standard normals from four uint32 values. */
export function boxMullerDouble(x0: number, x1: number, x2: number, x3: number): [number, number] {
  let u1 = uint64ToDouble(x0, x1);
  if (u1 < 1e-7) u1 = 1e-7;
  const v1 = 2 * Math.PI * uint64ToDouble(x2, x3);
  const u2 = Math.sqrt(-2 * Math.log(u1));
  return [Math.sin(v1) * u2, Math.cos(v1) * u2];
}

/** A TF distribution: a fixed number of results per group, from one 128-bit block or a stream. */
export interface Distribution {
  /** Results per group (`kResultElementCount`). */
  readonly groupSize: number;
  /** True for rejection samplers (`kVariableSamplesPerOutput`): each group gets its own stream. */
  readonly variable: boolean;
  /** Fills `out[0, groupSize)` with one group. */
  sample(gen: Philox, out: Float64Array): void;
}

/** Fixed-size uniform/normal distributions take one 128-bit block per group. */
function blockDistribution(
  groupSize: number,
  fill: (s: Uint32Array, out: Float64Array) => void,
): Distribution {
  const s = new Uint32Array(4);
  return {
    groupSize,
    variable: false,
    sample: (gen, out) => {
      gen.next(s);
      fill(s, out);
    },
  };
}

/** `UniformDistribution<PhiloxRandom, T>` for the float types. */
export function uniformDistribution(dtype: string): Distribution {
  switch (dtype) {
    case 'float64':
      return blockDistribution(2, (s, out) => {
        out[0] = uint64ToDouble(s[0] as number, s[1] as number);
        out[1] = uint64ToDouble(s[2] as number, s[3] as number);
      });
    case 'float16':
      return blockDistribution(4, (s, out) => {
        for (let i = 0; i < 4; i++) out[i] = ((s[i] as number) & 0x3ff) * 2 ** -10;
      });
    case 'bfloat16':
      return blockDistribution(4, (s, out) => {
        for (let i = 0; i < 4; i++) out[i] = ((s[i] as number) & 0x7f) * 2 ** -7;
      });
    default:
      return blockDistribution(4, (s, out) => {
        for (let i = 0; i < 4; i++) out[i] = uint32ToFloat(s[i] as number);
      });
  }
}

/** `NormalDistribution<PhiloxRandom, T>`: Box-Muller in float (double for float64). */
export function normalDistribution(dtype: string): Distribution {
  if (dtype === 'float64') {
    return blockDistribution(2, (s, out) => {
      [out[0], out[1]] = boxMullerDouble(
        s[0] as number,
        s[1] as number,
        s[2] as number,
        s[3] as number,
      );
    });
  }
  return blockDistribution(4, (s, out) => {
    [out[0], out[1]] = boxMullerFloat(s[0] as number, s[1] as number);
    [out[2], out[3]] = boxMullerFloat(s[2] as number, s[3] as number);
  });
}

/** `TruncatedNormalDistribution`: Box-Muller pairs kept while |x| < 2, one stream per group. */
export function truncatedNormalDistribution(dtype: string): Distribution {
  const double = dtype === 'float64';
  const groupSize = double ? 2 : 4;
  return {
    groupSize,
    variable: true,
    sample: (gen, out) => {
      const single = new SingleSample(gen);
      let index = 0;
      for (;;) {
        const pair = double
          ? boxMullerDouble(single.next(), single.next(), single.next(), single.next())
          : boxMullerFloat(single.next(), single.next());
        for (const v of pair) {
          if (Math.abs(v) < 2) {
            out[index++] = v;
            if (index >= groupSize) return;
          }
        }
      }
    },
  };
}

/** TF's samples reserved per output of a rejection sampler (`kReservedSamplesPerOutput`). */
const RESERVED_SAMPLES_PER_OUTPUT = 256;

/**
 * TF's `FillPhiloxRandom` on CPU: group g of a fixed-size distribution uses block g of the
 * stream; group g of a rejection sampler starts its own stream 256 samples per output in.
 * The result does not depend on how TF shards the groups over threads.
 */
export function fillPhilox(base: Philox, dist: Distribution, size: number): Float64Array {
  const out = new Float64Array(size);
  const group = new Float64Array(dist.groupSize);
  const groups = Math.ceil(size / dist.groupSize);
  const gen = base.clone();
  for (let g = 0; g < groups; g++) {
    if (dist.variable) {
      const own = base.clone();
      own.skip((g * dist.groupSize * RESERVED_SAMPLES_PER_OUTPUT) / 4);
      dist.sample(own, group);
    } else {
      dist.sample(gen, group);
    }
    const start = g * dist.groupSize;
    for (let i = 0; i < dist.groupSize && start + i < size; i++)
      out[start + i] = group[i] as number;
  }
  return out;
}
