import { coordPixel } from './crop-site';
import type { decodePng } from '../fake-providers/png';

type Decoded = ReturnType<typeof decodePng>;

/** The crop's cells (row-major, `width` a row) where the mask file's verdict differs from what the user painted. */
export function maskMismatches(mask: Decoded, painted: ReadonlySet<number>, isEdit: (rgba: readonly number[]) => boolean): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < mask.width * mask.height; i++) if (isEdit(mask.rgba(i % mask.width, Math.floor(i / mask.width))) !== painted.has(i)) wrong.push(i);
  return wrong;
}

/**
 * A put-back photo against the test photo (tests/e2e/site.ts `bigPhoto`, coordPixel): how many
 * pixels changed outside the painted cells (the crop of `cropWidth` columns at left/top), and inside them.
 */
export function changedAgainstPhoto(full: Decoded, crop: { left: number; top: number; cropWidth: number; cropHeight: number }, painted: ReadonlySet<number>): { outside: number; painted: number } {
  const { left, top, cropWidth, cropHeight } = crop;
  let outside = 0;
  let inside = 0;
  for (let y = 0; y < full.height; y++) {
    for (let x = 0; x < full.width; x++) {
      const same = full.rgba(x, y).every((v, i) => v === coordPixel(x, y)[i]);
      if (same) continue;
      const inCrop = x >= left && x < left + cropWidth && y >= top && y < top + cropHeight;
      if (inCrop && painted.has((y - top) * cropWidth + (x - left))) inside++;
      else outside++;
    }
  }
  return { outside, painted: inside };
}
