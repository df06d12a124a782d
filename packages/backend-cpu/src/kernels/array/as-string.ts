import {
  defineKernel,
  floatBitsToNumber,
  isUnsigned,
  ops,
  storageOf,
  type DType,
  type FloatBitsDType,
} from '@tensorgraph/core';
import { inputArray } from '../../kernel-helpers.js';
import { invalidArgument, output, type BigNums, type Nums } from './buffers.js';
import { printf, type PrintfSpec } from './printf.js';

const encoder = new TextEncoder();

/** The dtypes whose values AsString prints with `%f`/`%e`/`%g`. */
const FLOATING: ReadonlySet<DType> = new Set<DType>([
  'float32',
  'float64',
  'float16',
  'bfloat16',
  'complex64',
  'complex128',
]);

export const asStringCpu = defineKernel(ops.AsString, {
  deviceType: 'CPU',
  typeConstraints: {
    T: [
      'float32',
      'float64',
      'int32',
      'uint8',
      'int16',
      'int8',
      'int64',
      'bfloat16',
      'uint16',
      'float16',
      'uint32',
      'uint64',
      'complex64',
      'complex128',
      'bool',
      'string',
    ],
  },
  create: ({ attrs }) => {
    const dtype = attrs.T;
    const { precision, scientific, shortest, width, fill } = attrs;
    // TF checks the attrs when it builds the kernel, before any input is read.
    if (!FLOATING.has(dtype)) {
      if (scientific || shortest) {
        throw invalidArgument(`scientific and shortest format not supported for datatype ${dtype}`);
      }
      if (precision >= 0) throw invalidArgument(`precision not supported for datatype ${dtype}`);
    }
    if (encoder.encode(fill).length > 1) {
      throw invalidArgument('Fill string must be one or fewer characters');
    }
    if (scientific && shortest) {
      throw invalidArgument('Cannot select both scientific and shortest notation');
    }
    if (width > -1 && fill !== '' && !' +-0#'.includes(fill)) {
      throw invalidArgument(`Fill argument not supported: "${fill}"`);
    }
    // The printf spec TF builds: "%" + fill + width + "." + precision + conversion.
    const flags = width > -1 ? fill : '';
    const base: Omit<PrintfSpec, 'conversion'> = {
      flags: isUnsigned(dtype) ? flags.replace(/[+ ]/g, '') : flags,
      ...(width > 0 ? { width } : {}),
      ...(precision > -1 ? { precision } : {}),
    };
    const conversion = shortest ? 'g' : scientific ? 'e' : 'f';
    const floatSpec: PrintfSpec = { ...base, conversion };
    const intSpec: PrintfSpec = { ...base, conversion: 'd' };
    return (ctx) => {
      const x = inputArray(ctx, 0);
      const { kind } = storageOf(x.dtype);
      const d = x.data as Nums;
      let format: (i: number) => string;
      switch (kind) {
        case 'float':
          format = (i) => printf(floatSpec, d[i] as number);
          break;
        case 'float-bits':
          format = (i) =>
            printf(floatSpec, floatBitsToNumber(x.dtype as FloatBitsDType, d[i] as number));
          break;
        case 'complex':
          format = (i) =>
            `(${printf(floatSpec, d[2 * i] as number)},${printf(floatSpec, d[2 * i + 1] as number)})`;
          break;
        case 'bool':
          format = (i) => (d[i] !== 0 ? 'true' : 'false');
          break;
        case 'bigint':
          format = (i) => printf(intSpec, (x.data as BigNums)[i] as bigint);
          break;
        case 'string': {
          // %s: only `-` (left-justify) and the width matter.
          const left = flags.includes('-');
          const strings = x.data as Uint8Array[];
          const out = strings.map((s) => {
            const pad = Math.max(0, width - s.length);
            if (pad === 0) return s;
            const bytes = new Uint8Array(s.length + pad).fill(0x20);
            bytes.set(s, left ? 0 : pad);
            return bytes;
          });
          output(ctx, 0, 'string', x.shape, out);
          return;
        }
        default:
          format = (i) => printf(intSpec, d[i] as number);
      }
      const out = new Array<Uint8Array>(x.size);
      for (let i = 0; i < x.size; i++) out[i] = encoder.encode(format(i));
      output(ctx, 0, 'string', x.shape, out);
    };
  },
});
