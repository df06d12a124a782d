import { InvalidArgumentError } from '@tensorgraph/errors';
import { defineKernel, NDArray, ops } from '@tensorgraph/core';
import { inputArray, setOutputArray } from '../../kernel-helpers.js';
import { narrowRound, readReals, shapeString } from './nn-util.js';

const ia = (m: string) => new InvalidArgumentError(null, null, m);
const f = Math.fround;

/** TF's IOU of boxes i and j (corners in any order), in float32 as TF computes it. */
function iou(b: ArrayLike<number>, i: number, j: number): number {
  const box = (k: number) => {
    const [y0, x0, y1, x1] = [b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3]] as number[];
    return [Math.min(y0!, y1!), Math.min(x0!, x1!), Math.max(y0!, y1!), Math.max(x0!, x1!)];
  };
  const [ymin1, xmin1, ymax1, xmax1] = box(i) as [number, number, number, number];
  const [ymin2, xmin2, ymax2, xmax2] = box(j) as [number, number, number, number];
  const area1 = f(f(ymax1 - ymin1) * f(xmax1 - xmin1));
  const area2 = f(f(ymax2 - ymin2) * f(xmax2 - xmin2));
  if (area1 <= 0 || area2 <= 0) return 0;
  const h = Math.max(f(Math.min(ymax1, ymax2) - Math.max(ymin1, ymin2)), 0);
  const w = Math.max(f(Math.min(xmax1, xmax2) - Math.max(xmin1, xmin2)), 0);
  const inter = f(h * w);
  return f(inter / f(f(area1 + area2) - inter));
}

/**
 * NonMaxSuppressionV3: greedy selection by score (ties to the lower index), dropping boxes
 * whose IOU with a selected box exceeds the threshold.
 */
export const nonMaxSuppressionV3Cpu = defineKernel(ops.NonMaxSuppressionV3, {
  deviceType: 'CPU',
  typeConstraints: { T: ['float16', 'float32'] },
  create: () => (ctx) => {
    const boxes = inputArray(ctx, 0);
    const scores = inputArray(ctx, 1);
    const maxT = inputArray(ctx, 2);
    const iouT = inputArray(ctx, 3);
    const scoreT = inputArray(ctx, 4);
    if (maxT.rank !== 0) {
      throw ia(
        `max_output_size must be 0-D, got shape ${shapeString(maxT.shape)} (Shape must be rank 0 but is rank ${maxT.rank})`,
      );
    }
    if (iouT.rank !== 0) {
      throw ia(
        `iou_threshold must be 0-D, got shape ${shapeString(iouT.shape)} (Shape must be rank 0 but is rank ${iouT.rank})`,
      );
    }
    const iouThreshold = readReals(iouT)[0] as number;
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) throw ia('iou_threshold must be in [0, 1]');
    if (scoreT.rank !== 0) {
      throw ia(`score_threshold must be 0-D, got shape ${shapeString(scoreT.shape)}`);
    }
    const scoreThreshold = readReals(scoreT)[0] as number;
    if (boxes.rank !== 2) {
      throw ia(
        `boxes must be 2-D${shapeString(boxes.shape)} (Shape must be rank 2 but is rank ${boxes.rank})`,
      );
    }
    const numBoxes = boxes.shape[0] as number;
    if (boxes.shape[1] !== 4) {
      throw ia(`boxes must have 4 columns (Dimension must be 4 but is ${boxes.shape[1]})`);
    }
    if (scores.rank !== 1) {
      throw ia(
        `scores must be 1-D${shapeString(scores.shape)} (Shape must be rank 1 but is rank ${scores.rank})`,
      );
    }
    if (scores.shape[0] !== numBoxes) {
      throw ia(
        `scores has incompatible shape (Dimensions must be equal, but are ${numBoxes} and ${scores.shape[0]})`,
      );
    }
    const maxOut = (maxT.data as Int32Array)[0] as number;
    if (maxOut < 0) throw ia('output size must be non-negative');
    const b = readReals(boxes);
    const s = readReals(scores);
    // The similarity is cast to T before the comparison.
    const toT = narrowRound(boxes.dtype) ?? ((v: number) => v);
    const candidates: number[] = [];
    for (let i = 0; i < numBoxes; i++) if ((s[i] as number) > scoreThreshold) candidates.push(i);
    candidates.sort((i, j) => (s[j] as number) - (s[i] as number) || i - j);
    const selected: number[] = [];
    for (const c of candidates) {
      if (selected.length >= maxOut) break;
      let keep = true;
      for (let j = selected.length - 1; j >= 0; j--) {
        if (toT(iou(b, c, selected[j] as number)) > iouThreshold) {
          keep = false;
          break;
        }
      }
      if (keep) selected.push(c);
    }
    setOutputArray(ctx, 0, new NDArray('int32', [selected.length], Int32Array.from(selected)));
  },
});
