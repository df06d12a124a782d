// A complete (tiny) tensorgraph backend: device type TOY with one kernel, Relu. Everything
// else a graph needs falls back to CPU under soft placement. See docs/writing-a-backend.md.
import { defineKernel, isFloatBitsDType, ops } from 'tensorgraph';
import { ToyDevice } from './toy-device.mjs';

const NUMBER_TYPES = ['float32', 'float64', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32'];
const BIGINT_TYPES = ['int64', 'uint64'];
// float16 and bfloat16 are stored as raw bits (Uint16Array): the sign bit says "negative".
const BITS_TYPES = ['float16', 'bfloat16'];

/** max(x, 0) elementwise, for every real number dtype TensorFlow's Relu takes. */
export const reluToy = defineKernel(ops.Relu, {
  deviceType: 'TOY',
  typeConstraints: { T: [...NUMBER_TYPES, ...BIGINT_TYPES, ...BITS_TYPES] },
  create: () => (ctx) => {
    const x = ctx.input(0);
    const out = ctx.allocateOutput(0, x.shape);
    const src = x.handle.data;
    const dst = out.handle.data;
    if (BIGINT_TYPES.includes(x.dtype)) {
      for (let i = 0; i < src.length; i++) dst[i] = src[i] > 0n ? src[i] : 0n;
    } else if (isFloatBitsDType(x.dtype)) {
      const nanExponent = x.dtype === 'float16' ? 0x7c00 : 0x7f80;
      for (let i = 0; i < src.length; i++) {
        const bits = src[i];
        const isNaN = (bits & nanExponent) === nanExponent && (bits & (nanExponent ^ 0x7fff)) !== 0;
        // Below zero: the sign bit, and neither NaN nor -0 (TF's Relu keeps both).
        dst[i] = bits & 0x8000 && !isNaN && bits !== 0x8000 ? 0 : bits;
      }
    } else {
      // TF's float32/float64 Relu keeps NaN and turns -0 into +0 (the conformance vectors
      // say so; its float16/bfloat16 Relu keeps -0, above).
      for (let i = 0; i < src.length; i++) dst[i] = src[i] > 0 || Number.isNaN(src[i]) ? src[i] : 0;
    }
  },
});

/** The factory: a plain object; creating it registers nothing. */
export function toy() {
  return {
    name: 'toy',
    deviceType: 'TOY',
    priority: 60, // above CPU's 50: ops nobody pinned go here when it has the kernel
    kernels: [reluToy],
    isAvailable: () => ({ available: true, detail: 'JavaScript heap memory' }),
    async createDevices({ namePrefix, maxDevices }) {
      if (maxDevices === 0) return [];
      return [
        new ToyDevice({
          name: `${namePrefix}/device:TOY:0`,
          deviceType: 'TOY',
          memoryLimitBytes: 1 << 30,
          incarnation: 1n,
        }),
      ];
    },
  };
}
