/**
 * Pure geometry for the crop overlay: where an image's pixels are on screen, and which source
 * pixels a selection drawn over them covers. No DOM here, so every case is unit-tested.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

export type ObjectFit = 'fill' | 'contain' | 'cover' | 'none' | 'scale-down';

/** One axis of `object-position`, as getComputedStyle reports it ("50%", "10px"). */
export type PositionAxis = { percent: number } | { px: number };

export function parseObjectPosition(value: string): [PositionAxis, PositionAxis] {
  const parts = value.trim().split(/\s+/);
  const axis = (token: string | undefined): PositionAxis => {
    if (token?.endsWith('px')) return { px: Number.parseFloat(token) };
    if (token?.endsWith('%')) return { percent: Number.parseFloat(token) / 100 };
    return { percent: 0.5 };
  };
  return [axis(parts[0]), axis(parts[1] ?? parts[0])];
}

export function parseObjectFit(value: string): ObjectFit {
  return (['fill', 'contain', 'cover', 'none', 'scale-down'] as const).find((f) => f === value) ?? 'fill';
}

/**
 * Where the image is drawn inside its element's content box, in CSS px relative to that box
 * (CSS Images 3, object-fit and object-position: https://www.w3.org/TR/css-images-3/#the-object-fit).
 * With `cover` (or `none`) the rectangle is larger than the box and the box clips it.
 */
export function fittedImageRect(box: Size, natural: Size, fit: ObjectFit, position: [PositionAxis, PositionAxis] = parseObjectPosition('50% 50%')): Rect {
  if (fit === 'fill' || natural.width <= 0 || natural.height <= 0) return { x: 0, y: 0, ...box };
  const contain = Math.min(box.width / natural.width, box.height / natural.height);
  const scale = fit === 'contain' ? contain : fit === 'cover' ? Math.max(box.width / natural.width, box.height / natural.height) : fit === 'none' ? 1 : Math.min(1, contain);
  const width = natural.width * scale;
  const height = natural.height * scale;
  const place = (axis: PositionAxis, free: number) => ('px' in axis ? axis.px : free * axis.percent);
  return { x: place(position[0], box.width - width), y: place(position[1], box.height - height), width, height };
}

export function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

/** What the overlay reads from an `<img>` (getBoundingClientRect, offset size, computed style). */
export interface ElementBox {
  /** getBoundingClientRect(): the border box after every CSS transform, in viewport CSS px. */
  bounds: Rect;
  /** offsetWidth/offsetHeight: the border box before transforms. */
  layout: Size;
  /** Border + padding on each side, in untransformed CSS px. */
  inset: { top: number; right: number; bottom: number; left: number };
  fit: ObjectFit;
  position: [PositionAxis, PositionAxis];
  /** naturalWidth/naturalHeight of the resource the element shows (its currentSrc). */
  natural: Size;
}

export interface ImagePlacement {
  /** The whole image as drawn, in viewport CSS px (may extend past what is visible). */
  image: Rect;
  /** The part of it the user sees (clipped by the content box and the viewport). */
  visible: Rect;
}

/**
 * Places the image's pixels in the viewport. Scales and translations (of the element or any
 * ancestor) are read from the transformed bounding box; rotations and skews are approximated by
 * that box, which the overlay then shows upright.
 */
export function placeImage(el: ElementBox, viewport: Size): ImagePlacement {
  const sx = el.layout.width > 0 ? el.bounds.width / el.layout.width : 1;
  const sy = el.layout.height > 0 ? el.bounds.height / el.layout.height : 1;
  const content: Size = {
    width: el.layout.width - el.inset.left - el.inset.right,
    height: el.layout.height - el.inset.top - el.inset.bottom,
  };
  const fitted = fittedImageRect(content, el.natural, el.fit, el.position);
  const originX = el.bounds.x + el.inset.left * sx;
  const originY = el.bounds.y + el.inset.top * sy;
  const image = { x: originX + fitted.x * sx, y: originY + fitted.y * sy, width: fitted.width * sx, height: fitted.height * sy };
  const box = { x: originX, y: originY, width: content.width * sx, height: content.height * sy };
  return { image, visible: intersect(intersect(image, box), { x: 0, y: 0, ...viewport }) };
}

/** A selection in viewport CSS px → the same selection in the source image's pixels. */
export function viewportToSource(sel: Rect, image: Rect, source: Size): Rect {
  const kx = source.width / image.width;
  const ky = source.height / image.height;
  return { x: (sel.x - image.x) * kx, y: (sel.y - image.y) * ky, width: sel.width * kx, height: sel.height * ky };
}

/** The inverse: source pixels → viewport CSS px (to draw the box). */
export function sourceToViewport(sel: Rect, image: Rect, source: Size): Rect {
  const kx = image.width / source.width;
  const ky = image.height / source.height;
  return { x: image.x + sel.x * kx, y: image.y + sel.y * ky, width: sel.width * kx, height: sel.height * ky };
}

/** Rescales a rectangle from one pixel grid to another (e.g. a smaller srcset candidate to the largest). */
export function rescale(r: Rect, from: Size, to: Size): Rect {
  const kx = to.width / from.width;
  const ky = to.height / from.height;
  return { x: r.x * kx, y: r.y * ky, width: r.width * kx, height: r.height * ky };
}

/** Whole pixels inside the bounds: what is actually cut. */
export function toPixels(r: Rect, bounds: Size): Rect {
  const x = Math.min(Math.max(0, Math.round(r.x)), bounds.width - 1);
  const y = Math.min(Math.max(0, Math.round(r.y)), bounds.height - 1);
  const right = Math.min(bounds.width, Math.max(x + 1, Math.round(r.x + r.width)));
  const bottom = Math.min(bounds.height, Math.max(y + 1, Math.round(r.y + r.height)));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * A viewport rectangle in a screenshot's pixels. The scale is measured (screenshot width over
 * viewport width) rather than taken from devicePixelRatio, so page zoom is accounted for too.
 */
export function viewportToScreenshot(sel: Rect, viewport: Size, shot: Size): Rect {
  return toPixels(rescale(sel, viewport, shot), shot);
}

/** Largest size within the limits, keeping the aspect ratio (never enlarges). */
export function fitWithin(size: Size, limits: { maxEdge: number; maxPixels: number }): Size {
  const k = Math.min(1, limits.maxEdge / Math.max(size.width, size.height), Math.sqrt(limits.maxPixels / (size.width * size.height)));
  if (k >= 1) return size;
  return { width: Math.max(1, Math.floor(size.width * k)), height: Math.max(1, Math.floor(size.height * k)) };
}
