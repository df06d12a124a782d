import type { TensorLike } from '../convert-to-tensor.js';
import type { Tensor } from '../tensor.js';
import { bindArgs, nameArg } from './args.js';
import { genOne } from './gen-op.js';

export interface ResizeBilinearOptions {
  alignCorners?: boolean;
  name?: string | null;
  halfPixelCenters?: boolean;
}

/**
 * TF 1's `tf.compat.v1.image.resize_bilinear(images, size, align_corners=False, name=None,
 * half_pixel_centers=False)`: one `ResizeBilinear` op.
 */
export function resizeBilinear(
  images: TensorLike,
  size: TensorLike,
  options?: ResizeBilinearOptions,
): Tensor;
export function resizeBilinear(
  images: TensorLike,
  size: TensorLike,
  alignCorners?: boolean,
  name?: string | null,
  halfPixelCenters?: boolean,
): Tensor;
export function resizeBilinear(...args: unknown[]): Tensor {
  const o = bindArgs(
    'resize_bilinear',
    ['images', 'size', 'alignCorners', 'name', 'halfPixelCenters'],
    2,
    args,
  );
  return genOne(
    'ResizeBilinear',
    [o['images'], o['size']],
    {
      align_corners: o['alignCorners'] ?? false,
      half_pixel_centers: o['halfPixelCenters'] ?? false,
    },
    nameArg(o['name']),
  );
}

/** TF's `tf.image` namespace (the builders here). */
export const image = { resizeBilinear };
