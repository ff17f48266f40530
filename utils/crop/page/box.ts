import type { Rect, Size } from '../geometry';

/**
 * Editing the crop box, in source pixels: drawing, moving, the eight handles and the keyboard.
 * `aspect` is width / height, or null for a free selection. Every result stays inside the image.
 */

export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

export interface Point {
  x: number;
  y: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** The whole image, or the largest centred rectangle of `aspect` inside it. */
export function largestWithAspect(bounds: Size, aspect: number | null): Rect {
  if (!aspect) return { x: 0, y: 0, ...bounds };
  const width = Math.min(bounds.width, bounds.height * aspect);
  const height = width / aspect;
  return { x: (bounds.width - width) / 2, y: (bounds.height - height) / 2, width, height };
}

/** A rectangle from a fixed corner towards a point, grown along the point's direction. */
function fromCorner(anchor: Point, point: Point, aspect: number | null, bounds: Size): Rect {
  const dirX = point.x >= anchor.x ? 1 : -1;
  const dirY = point.y >= anchor.y ? 1 : -1;
  // How far the box may grow from the anchor before it leaves the image.
  const roomX = dirX > 0 ? bounds.width - anchor.x : anchor.x;
  const roomY = dirY > 0 ? bounds.height - anchor.y : anchor.y;
  let width = Math.min(Math.abs(point.x - anchor.x), roomX);
  let height = Math.min(Math.abs(point.y - anchor.y), roomY);
  if (aspect) {
    // Follow the pointer's larger movement, then shrink both sides to stay inside.
    if (width / aspect >= height) height = width / aspect;
    else width = height * aspect;
    const k = Math.min(1, roomX / width || 1, roomY / height || 1);
    width *= k;
    height *= k;
  }
  return { x: dirX > 0 ? anchor.x : anchor.x - width, y: dirY > 0 ? anchor.y : anchor.y - height, width, height };
}

/** Drawing a new selection: press at `anchor`, drag to `point`. */
export function draw(anchor: Point, point: Point, aspect: number | null, bounds: Size): Rect {
  const a = { x: clamp(anchor.x, 0, bounds.width), y: clamp(anchor.y, 0, bounds.height) };
  return fromCorner(a, point, aspect, bounds);
}

export function move(r: Rect, dx: number, dy: number, bounds: Size): Rect {
  return { ...r, x: clamp(r.x + dx, 0, bounds.width - r.width), y: clamp(r.y + dy, 0, bounds.height - r.height) };
}

/** Dragging a handle to `point`: the opposite corner or edge stays where it is. */
export function resize(r: Rect, handle: Handle, point: Point, aspect: number | null, bounds: Size): Rect {
  const right = r.x + r.width;
  const bottom = r.y + r.height;
  if (handle.length === 2) {
    const anchor = { x: handle.includes('w') ? right : r.x, y: handle.includes('n') ? bottom : r.y };
    return fromCorner(anchor, point, aspect, bounds);
  }
  if (handle === 'e' || handle === 'w') return resizeEast(r, handle === 'e' ? r.x : right, point.x, aspect, bounds);
  // A top or bottom edge is a left or right edge of the transposed box.
  const t = resizeEast(transpose(r), handle === 's' ? r.y : bottom, point.y, aspect && 1 / aspect, transposeSize(bounds));
  return transpose(t);
}

/** Dragging a vertical edge to x, the other edge at anchorX; with an aspect, the height follows, centred. */
function resizeEast(r: Rect, anchorX: number, toX: number, aspect: number | null, bounds: Size): Rect {
  const x = clamp(toX, 0, bounds.width);
  let width = Math.abs(x - anchorX);
  let height = r.height;
  let y = r.y;
  if (aspect) {
    width = Math.min(width, bounds.height * aspect);
    height = width / aspect;
    y = clamp(r.y + r.height / 2 - height / 2, 0, bounds.height - height);
  }
  return { x: x >= anchorX ? anchorX : anchorX - width, y, width, height };
}

const transpose = (r: Rect): Rect => ({ x: r.y, y: r.x, width: r.height, height: r.width });
const transposeSize = (s: Size): Size => ({ width: s.height, height: s.width });

/** A preset chosen: the largest box of that shape around the current selection's centre. */
export function applyAspect(r: Rect, aspect: number | null, bounds: Size): Rect {
  if (!aspect) return r;
  const target = largestWithAspect(bounds, aspect);
  const area = Math.max(r.width * r.height, 1);
  // Keep roughly the area the user chose, but never more than fits.
  const k = Math.min(1, Math.sqrt(area / (target.width * target.height)));
  const width = target.width * k;
  const height = target.height * k;
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  return move({ x: cx - width / 2, y: cy - height / 2, width, height }, 0, 0, bounds);
}

export type Key = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/**
 * Keyboard editing: arrows move by one source pixel (Shift: ten); with Alt they resize from the
 * top-left corner (right/down grow, left/up shrink), keeping the aspect when one is set.
 */
/** Arrows: `unit` is how many source pixels one pixel on screen shows, so a press moves what the eye sees move. */
export function nudge(r: Rect, key: Key, opts: { shift: boolean; alt: boolean }, aspect: number | null, bounds: Size, unit = 1): Rect {
  const step = (opts.shift ? 10 : 1) * unit;
  const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
  const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
  if (!opts.alt) return move(r, dx, dy, bounds);
  let width = clamp(r.width + dx, 1, bounds.width - r.x);
  let height = clamp(r.height + dy, 1, bounds.height - r.y);
  if (aspect) {
    if (dx !== 0) height = width / aspect;
    else width = height * aspect;
    const k = Math.min(1, (bounds.width - r.x) / width, (bounds.height - r.y) / height);
    width *= k;
    height *= k;
  }
  return { ...r, width, height };
}
