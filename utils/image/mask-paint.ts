import type { Size } from '../crop/geometry';

/**
 * The area of a crop the user painted as "may change": one byte a pixel, 255 painted, 0 not, on a
 * grid of the crop's shape (at most MAX_EDGE a side, so a 4096² crop's mask stays 1 MB). It is
 * scaled to what each use needs: the image sent (OpenAI's and Ideogram's mask files,
 * utils/image/mask-png.ts) and the crop's rectangle in the original (utils/image/put-back.ts).
 * No mask, or an empty one, means the whole crop.
 */
export interface CropMask extends Size {
  data: Uint8Array;
}

const MAX_EDGE = 1024;

export function maskGridSize(crop: Size): Size {
  const scale = Math.min(1, MAX_EDGE / Math.max(crop.width, crop.height));
  return { width: Math.max(1, Math.round(crop.width * scale)), height: Math.max(1, Math.round(crop.height * scale)) };
}

export function emptyMask(crop: Size): CropMask {
  const size = maskGridSize(crop);
  return { ...size, data: new Uint8Array(size.width * size.height) };
}

/** A mask with something painted, or undefined for "the whole crop". */
export function paintedOrNone(mask: CropMask | undefined): CropMask | undefined {
  return mask && mask.data.some((v) => v !== 0) ? mask : undefined;
}

/** Paints (`value` 255) or erases (0) a disc of radius `r` at (cx, cy), in grid pixels. */
export function stamp(mask: CropMask, cx: number, cy: number, r: number, value: 0 | 255): void {
  const { width, height, data } = mask;
  const r2 = r * r;
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(height - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(width - 1, Math.ceil(cx + r)); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (dx * dx + dy * dy <= r2) data[y * width + x] = value;
    }
  }
}

/** A stroke from one pointer position to the next: discs no further apart than half the radius, so no gaps. */
export function strokeSegment(mask: CropMask, from: { x: number; y: number }, to: { x: number; y: number }, r: number, value: 0 | 255): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / Math.max(0.5, r / 2)));
  for (let i = 1; i <= steps; i++) stamp(mask, from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps, r, value);
}

/** How much of the crop is painted, 0–1 (said to screen readers and shown beside the brush). */
export function paintedShare(mask: CropMask): number {
  let n = 0;
  for (const v of mask.data) if (v !== 0) n++;
  return n / mask.data.length;
}
