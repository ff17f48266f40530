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

/** One pass of a box blur along rows (`horizontal`) or columns, reading `outside` past an open side and the edge value past a closed one. */
function boxPass(src: Float32Array, size: Size, r: number, horizontal: boolean, open: [boolean, boolean]): Float32Array {
  const out = new Float32Array(src.length);
  const len = horizontal ? size.width : size.height;
  const lines = horizontal ? size.height : size.width;
  const step = horizontal ? 1 : size.width;
  const div = 2 * r + 1;
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * size.width : line;
    const at = (i: number): number => {
      if (i < 0) return open[0] ? 0 : src[base]!;
      if (i >= len) return open[1] ? 0 : src[base + (len - 1) * step]!;
      return src[base + i * step]!;
    };
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += at(i);
    for (let i = 0; i < len; i++) {
      out[base + i * step] = sum / div;
      sum += at(i + r + 1) - at(i - r);
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
  let f: Float32Array = Float32Array.from(mask, (v) => v / 255);
  for (let pass = 0; pass < 2; pass++) {
    f = boxPass(f, size, r, true, [open.left, open.right]);
    f = boxPass(f, size, r, false, [open.top, open.bottom]);
  }
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    out[i] = Math.round(Math.min(1, Math.max(0, 2 * f[i]! - 1)) * (mask[i]! / 255) * 255);
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
