import type { Rect, Size } from '../crop/geometry';

/**
 * Putting an edited crop back into the photo it was cut from: the pure parts (fit, mask, blend),
 * run by the worker in utils/image/put-back.worker.ts on the crop's rectangle only. Pixels outside
 * the rectangle are never read or written; inside it, pixels the mask leaves out are the original's
 * exactly (a blend weight of 0 writes nothing).
 */

/** The soft edge, in pixels of the original, unless the user sets another. */
export const DEFAULT_FEATHER = 4;
export const MAX_FEATHER = 32;

/** Shapes closer than this are the same shape: the whole result is scaled into the rectangle. */
const SAME_SHAPE = 0.01;

export interface ResultFit {
  /** The part of the result (in its own pixels) that is scaled onto the crop's rectangle. */
  take: Rect;
  /** The model returned another shape than the crop: part of its result is left out. */
  reshaped: boolean;
}

/**
 * Which part of a result goes back into the rectangle. A result of the crop's shape goes whole. A
 * model that returned another shape (the overlay warned of it: a shape outside the model's range
 * is padded or cut by the provider) centred the crop in it, so the centre of the crop's shape is
 * taken, as large as fits: scaled to cover the rectangle, nothing stretched.
 */
export function fitResult(result: Size, rect: Size): ResultFit {
  const whole = { x: 0, y: 0, width: result.width, height: result.height };
  if (result.width < 1 || result.height < 1 || rect.width < 1 || rect.height < 1) return { take: whole, reshaped: false };
  const want = rect.width / rect.height;
  const have = result.width / result.height;
  if (Math.abs(have / want - 1) <= SAME_SHAPE) return { take: whole, reshaped: false };
  if (have > want) {
    const width = Math.max(1, Math.round(result.height * want));
    return { take: { x: Math.floor((result.width - width) / 2), y: 0, width, height: result.height }, reshaped: true };
  }
  const height = Math.max(1, Math.round(result.width / want));
  return { take: { x: 0, y: Math.floor((result.height - height) / 2), width: result.width, height }, reshaped: true };
}

/**
 * A mask (one byte a pixel, 255 where the edit may change the picture) resized to another size,
 * by sampling the nearest source pixel of each target pixel's centre. Painted masks are hard-edged:
 * the soft edge comes from featherMask, after scaling, in the original's pixels.
 */
export function scaleMask(mask: Uint8Array, from: Size, to: Size): Uint8Array {
  if (mask.length !== from.width * from.height) throw new Error('mask size does not match');
  const out = new Uint8Array(to.width * to.height);
  const xs = new Uint32Array(to.width);
  for (let x = 0; x < to.width; x++) xs[x] = Math.min(from.width - 1, Math.floor(((x + 0.5) * from.width) / to.width));
  for (let y = 0; y < to.height; y++) {
    const row = Math.min(from.height - 1, Math.floor(((y + 0.5) * from.height) / to.height)) * from.width;
    const o = y * to.width;
    for (let x = 0; x < to.width; x++) out[o + x] = mask[row + xs[x]!]!;
  }
  return out;
}

/** Which sides of the rectangle lie inside the picture (a side on the picture's edge has no outside to blend with). */
export interface OpenSides {
  left: boolean;
  top: boolean;
  right: boolean;
  bottom: boolean;
}

export function openSides(rect: Rect, image: Size): OpenSides {
  return { left: rect.x > 0, top: rect.y > 0, right: rect.x + rect.width < image.width, bottom: rect.y + rect.height < image.height };
}

/**
 * One pass of a box blur along rows, reading 0 past an open side and the edge value past a closed
 * one. A running sum per row: each pixel costs one add and one subtract whatever the radius.
 */
function rowPass(src: Float32Array, size: Size, r: number, open: [boolean, boolean]): Float32Array {
  const out = new Float32Array(src.length);
  const { width, height } = size;
  const div = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    const before = open[0] ? 0 : src[base]!;
    const after = open[1] ? 0 : src[base + width - 1]!;
    let sum = r * before;
    for (let i = 0; i <= r; i++) sum += i < width ? src[base + i]! : after;
    for (let x = 0; x < width; x++) {
      out[base + x] = sum / div;
      const enter = x + r + 1;
      const leave = x - r;
      sum += (enter < width ? src[base + enter]! : after) - (leave >= 0 ? src[base + leave]! : before);
    }
  }
  return out;
}

/** The same along columns, a row at a time (a running sum per column), so memory is read in order. */
function columnPass(src: Float32Array, size: Size, r: number, open: [boolean, boolean]): Float32Array {
  const out = new Float32Array(src.length);
  const { width, height } = size;
  const div = 2 * r + 1;
  const lastRow = (height - 1) * width;
  const at = (y: number, x: number): number => (y < 0 ? (open[0] ? 0 : src[x]!) : y >= height ? (open[1] ? 0 : src[lastRow + x]!) : src[y * width + x]!);
  const sums = new Float32Array(width);
  for (let x = 0; x < width; x++) for (let y = -r; y <= r; y++) sums[x]! += at(y, x);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const enter = y + r + 1;
    const leave = y - r;
    // Whole rows in and out where they lie inside; the edge rows only near the ends.
    const inside = enter < height && leave >= 0;
    for (let x = 0; x < width; x++) {
      out[row + x] = sums[x]! / div;
      sums[x]! += inside ? src[enter * width + x]! - src[leave * width + x]! : at(enter, x) - at(leave, x);
    }
  }
  return out;
}

/**
 * The blend weight of each pixel (0–255): the mask with a soft edge `feather` pixels wide that
 * falls off inward, so that nothing outside the mask changes. Two box blurs make a smooth ramp that
 * is ½ on the mask's edge; mapping ½→0 and 1→1 moves the ramp wholly inside. Past a side of the
 * rectangle inside the picture counts as outside the mask; past the picture's own edge it does not.
 */
export function featherMask(mask: Uint8Array, size: Size, feather: number, open: OpenSides): Uint8Array {
  const r = Math.max(0, Math.round(Math.min(feather, MAX_FEATHER) / 2));
  if (r === 0) return mask.slice();
  let f: Float32Array = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) f[i] = mask[i]! / 255;
  for (let pass = 0; pass < 2; pass++) {
    f = rowPass(f, size, r, [open.left, open.right]);
    f = columnPass(f, size, r, [open.top, open.bottom]);
  }
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i]!;
    if (m === 0) continue;
    const ramp = 2 * f[i]! - 1;
    out[i] = Math.round((ramp <= 0 ? 0 : ramp >= 1 ? 1 : ramp) * m);
  }
  return out;
}

/**
 * Blends `patch` into `base` (both RGBA, the rectangle's size) through `weights`, in place. A
 * weight of 0 leaves the base's bytes untouched; 255 writes the patch's exactly.
 */
export function blendInto(base: Uint8ClampedArray, patch: Uint8ClampedArray, weights: Uint8Array): void {
  if (base.length !== patch.length || base.length !== weights.length * 4) throw new Error('blend sizes do not match');
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const p = i * 4;
    if (w === 255) {
      base[p] = patch[p]!;
      base[p + 1] = patch[p + 1]!;
      base[p + 2] = patch[p + 2]!;
      base[p + 3] = patch[p + 3]!;
      continue;
    }
    for (let c = 0; c < 4; c++) base[p + c] = base[p + c]! + ((patch[p + c]! - base[p + c]!) * w) / 255;
  }
}

/** The whole crop may change: the default when nothing is painted. */
export function wholeMask(size: Size): Uint8Array {
  return new Uint8Array(size.width * size.height).fill(255);
}
