/**
 * Narrow binary floating-point formats (float16, bfloat16, the float8 kinds, float4),
 * described by their bit layout and special-value rules, with exact conversion to and
 * from JS numbers. Semantics follow numpy (float16) and ml_dtypes (the others).
 */
export interface MiniFloatFormat {
  readonly name: string;
  readonly exponentBits: number;
  readonly mantissaBits: number;
  readonly bias: number;
  /**
   * Which encodings are special:
   * - `ieee`: an all-ones exponent holds ±Inf (mantissa 0) and NaN.
   * - `fn`: no Inf; only all-ones exponent and mantissa is NaN (float8_e4m3fn).
   * - `fnuz`: no Inf, no -0; the negative-zero pattern is the single NaN.
   * - `finite`: no Inf, no NaN (float4_e2m1fn).
   */
  readonly specials: 'ieee' | 'fn' | 'fnuz' | 'finite';
  /** The bits a NaN input encodes to (ml_dtypes' choice, positive sign). */
  readonly nanBits: number;
}

/** 2^k for every k a double can hold exactly (-1074..1023), so scaling is a single exact multiply. */
const POW2 = new Float64Array(1074 + 1024);
for (let k = -1074; k <= 1023; k++) POW2[k + 1074] = 2 ** k;
const pow2 = (k: number): number => POW2[k + 1074] as number;

/** floor(log2(a)) for a finite a > 0, exact (Math.log2 can be off by one near powers of two). */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (e < -1074) e = -1074;
  if (e > 1023) e = 1023;
  while (e > -1074 && pow2(e) > a) e--;
  while (e < 1023 && pow2(e + 1) <= a) e++;
  return e;
}

/** Precomputed limits of one format, so encode/decode do no repeated work. */
export class MiniFloatCodec {
  readonly format: MiniFloatFormat;
  private readonly signBit: number;
  private readonly mantissaMask: number;
  private readonly maxExponentField: number;
  private readonly maxMantissaAtTop: number;
  private readonly minNormalExponent: number;
  private readonly maxFiniteBits: number;
  private readonly decodeTable: Float64Array;

  constructor(format: MiniFloatFormat) {
    this.format = format;
    const { exponentBits: eb, mantissaBits: mb, specials } = format;
    this.signBit = 2 ** (eb + mb);
    this.mantissaMask = 2 ** mb - 1;
    const allOnes = 2 ** eb - 1;
    this.maxExponentField = specials === 'ieee' ? allOnes - 1 : allOnes;
    this.maxMantissaAtTop = specials === 'fn' ? this.mantissaMask - 1 : this.mantissaMask;
    this.minNormalExponent = 1 - format.bias;
    this.maxFiniteBits = this.maxExponentField * 2 ** mb + this.maxMantissaAtTop;
    this.decodeTable = new Float64Array(this.signBit * 2);
    for (let bits = 0; bits < this.decodeTable.length; bits++) {
      this.decodeTable[bits] = this.slowDecode(bits);
    }
  }

  /** The largest finite value. */
  get max(): number {
    return this.decode(this.maxFiniteBits);
  }

  /** The number `bits` stands for (NaN patterns give NaN). */
  decode(bits: number): number {
    const v = this.decodeTable[bits];
    if (v === undefined) throw new RangeError(`${bits} is not a ${this.format.name} bit pattern`);
    return v;
  }

  private slowDecode(bits: number): number {
    const { mantissaBits: mb, bias, specials } = this.format;
    const negative = bits >= this.signBit;
    const magnitude = bits % this.signBit;
    const expField = Math.floor(magnitude / 2 ** mb);
    const man = magnitude & this.mantissaMask;
    if (specials === 'fnuz' && bits === this.signBit) return NaN;
    if (specials === 'ieee' && expField === this.maxExponentField + 1) {
      return man === 0 ? (negative ? -Infinity : Infinity) : NaN;
    }
    if (specials === 'fn' && expField === this.maxExponentField && man === this.mantissaMask) {
      return NaN;
    }
    const value =
      expField === 0 ? man * pow2(1 - bias - mb) : (2 ** mb + man) * pow2(expField - bias - mb);
    return negative ? -value : value;
  }

  /** The bits of `x` rounded to nearest, ties to even, straight from the double (one rounding). */
  encode(x: number): number {
    const { mantissaBits: mb, bias, specials } = this.format;
    if (Number.isNaN(x)) return this.format.nanBits;
    const negative = x < 0 || Object.is(x, -0);
    const sign = negative ? this.signBit : 0;
    const a = Math.abs(x);
    if (a === Infinity) return this.overflow(sign);
    if (a === 0) return specials === 'fnuz' ? 0 : sign;
    let e = Math.max(exponentOf(a), this.minNormalExponent);
    const scaled = a * pow2(mb - e); // exact: a power-of-two scale of a double
    let r = Math.floor(scaled);
    const rest = scaled - r;
    if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r += 1;
    const implicit = 2 ** mb;
    if (r === implicit * 2) {
      r = implicit;
      e += 1;
    }
    if (r === 0) return specials === 'fnuz' ? 0 : sign;
    const expField = r < implicit ? 0 : e + bias;
    const man = r < implicit ? r : r - implicit;
    if (
      expField > this.maxExponentField ||
      (expField === this.maxExponentField && man > this.maxMantissaAtTop)
    ) {
      return this.overflow(sign);
    }
    return sign + expField * implicit + man;
  }

  private overflow(sign: number): number {
    switch (this.format.specials) {
      case 'ieee':
        return sign + (this.maxExponentField + 1) * 2 ** this.format.mantissaBits;
      case 'fn':
        return sign + this.maxFiniteBits + 1;
      case 'fnuz':
        return this.signBit;
      case 'finite':
        return sign + this.maxFiniteBits;
    }
  }
}
