import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@tensorgraph/errors';
import { ConfigProto } from '@tensorgraph/core';
import { memoryLimit, readGpuOptions } from '../src/gpu-options.js';
import { resolveStridedSlice } from '../src/kernels/copies.js';
import { broadcastStrides, coalesce } from '../src/shapes.js';

const config = (gpuOptions: Record<string, unknown>) =>
  new ConfigProto({ gpuOptions } as unknown as ConstructorParameters<
    typeof ConfigProto
  >[0]).toJSON() as Record<string, unknown>;

describe('ConfigProto.gpuOptions', () => {
  it('maps visible_device_list to physical ordinals in order', () => {
    expect(readGpuOptions(config({ visibleDeviceList: '1,0' }), 2).visibleDeviceList).toEqual([
      1, 0,
    ]);
    expect(readGpuOptions(config({}), 2).visibleDeviceList).toBeNull();
    expect(readGpuOptions(undefined, 0)).toEqual({
      visibleDeviceList: null,
      allowGrowth: false,
      perProcessGpuMemoryFraction: 0,
    });
  });

  it("refuses an invalid or duplicate id with TF's message", () => {
    expect(() => readGpuOptions(config({ visibleDeviceList: '0,3' }), 2)).toThrow(
      InvalidArgumentError,
    );
    expect(() => readGpuOptions(config({ visibleDeviceList: '0,3' }), 2)).toThrow(
      "'visible_device_list' listed an invalid Device id '3' but visible device count is 2",
    );
    expect(() => readGpuOptions(config({ visibleDeviceList: '0,0' }), 2)).toThrow(
      'visible_device_list contained a duplicate entry: 0,0',
    );
  });

  it('per_process_gpu_memory_fraction and allow_growth', () => {
    const o = readGpuOptions(config({ perProcessGpuMemoryFraction: 0.25, allowGrowth: true }), 1);
    expect(o.allowGrowth).toBe(true);
    expect(memoryLimit(o, 80e9, 70e9)).toBe(20e9);
    // Without a fraction: what is free, less a reserve for the driver and cuBLAS.
    expect(memoryLimit(readGpuOptions(config({}), 1), 80e9, 70e9)).toBe(66.5e9);
  });
});

describe('kernel index helpers', () => {
  it('merges contiguous dims so kernels see the lowest rank', () => {
    const shape = [2, 3, 4];
    expect(coalesce(shape, [[12, 4, 1], broadcastStrides([3, 4], shape)])).toEqual({
      shape: [2, 12],
      strides: [
        [12, 1],
        [0, 1],
      ],
    });
    expect(coalesce([2, 1, 5], [[5, 5, 1]])).toEqual({ shape: [10], strides: [[1]] });
    expect(coalesce([3, 0], [[0, 1]])).toEqual({ shape: [0], strides: [[0]] });
  });

  it('resolves StridedSlice masks as TF does', () => {
    const none = {
      begin_mask: 0,
      end_mask: 0,
      ellipsis_mask: 0,
      new_axis_mask: 0,
      shrink_axis_mask: 0,
    };
    // x[1:, ::-2] of a [3, 5]
    expect(
      resolveStridedSlice([3, 5], [1, 0], [0, 0], [1, -2], { ...none, end_mask: 3, begin_mask: 2 }),
    ).toEqual({
      begins: [1, 4],
      steps: [1, -2],
      sizes: [2, 3],
      finalShape: [2, 3],
    });
    // x[..., 2, tf.newaxis] of a [2, 3, 4]
    expect(
      resolveStridedSlice([2, 3, 4], [0, 2, 0], [0, 3, 0], [1, 1, 1], {
        ...none,
        ellipsis_mask: 1,
        shrink_axis_mask: 2,
        new_axis_mask: 4,
      }).finalShape,
    ).toEqual([2, 3, 1]);
  });
});
