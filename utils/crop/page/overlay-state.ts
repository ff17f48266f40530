import { applyAspect, draw, largestWithAspect, move, nudge, resize, type Handle, type Key, type Point } from './box';
import { intersect, sourceToViewport, toPixels, viewportToSource, type ImagePlacement, type Rect, type Size } from '../geometry';
import type { AspectPreset } from '../presets';

type Drag = { kind: 'draw'; anchor: Point } | { kind: 'move'; from: Point; start: Rect } | { kind: 'resize'; handle: Handle };

/**
 * The overlay's state: the selection lives in source pixels; the screen is only a view of it.
 * Plain fields and getters, so that the page gets no UI framework: whoever shows the state sets
 * `onChange`, which every change of a field calls.
 */
export class OverlayState {
  onChange: () => void = () => undefined;

  #placement: ImagePlacement = { image: { x: 0, y: 0, width: 1, height: 1 }, visible: { x: 0, y: 0, width: 1, height: 1 } };
  #selection: Rect = { x: 0, y: 0, width: 1, height: 1 };
  #preset = 0;
  #busy = false;
  #error: string | null = null;
  #screenOnly: boolean;

  get placement(): ImagePlacement { return this.#placement; }
  set placement(v: ImagePlacement) { this.#placement = v; this.onChange(); }
  get selection(): Rect { return this.#selection; }
  set selection(v: Rect) { this.#selection = v; this.onChange(); }
  get preset(): number { return this.#preset; }
  set preset(v: number) { this.#preset = v; this.onChange(); }
  get busy(): boolean { return this.#busy; }
  set busy(v: boolean) { this.#busy = v; this.onChange(); }
  get error(): string | null { return this.#error; }
  set error(v: string | null) { this.#error = v; this.onChange(); }
  /** Only a screenshot of the page can be read: the readout speaks in screen pixels. Known once the overlay is up, at times. */
  get screenOnly(): boolean { return this.#screenOnly; }
  set screenOnly(v: boolean) { this.#screenOnly = v; this.onChange(); }

  get aspect(): number | null {
    return this.presets[this.preset]?.aspect ?? null;
  }
  get pixels(): Rect {
    return toPixels(this.selection, this.source);
  }
  /** The selection on screen, in viewport CSS px. */
  get onScreen(): Rect {
    return sourceToViewport(this.selection, this.placement.image, this.source);
  }
  /** Nothing selected yet (a capture starts so): Enter waits for a drag. */
  get empty(): boolean {
    return this.selection.width < 1 || this.selection.height < 1;
  }
  /**
   * What will really be sent: the selection in source pixels, or, when only a screenshot can be
   * read, the selection as the screen shows it, in device pixels.
   */
  get sent(): Size {
    if (!this.screenOnly) return { width: this.pixels.width, height: this.pixels.height };
    const shown = intersect(this.onScreen, this.placement.visible);
    return { width: Math.round(shown.width * this.dpr), height: Math.round(shown.height * this.dpr) };
  }

  #drag: Drag | null = null;

  constructor(
    readonly source: Size,
    readonly presets: AspectPreset[],
    placement: ImagePlacement,
    /** `whole`: Enter right away takes the whole image; `none`: a capture, drawn first; or the last selection (fractions). */
    start: 'whole' | 'none' | Rect = 'whole',
    screenOnly = false,
    readonly dpr = 1,
  ) {
    this.#screenOnly = screenOnly;
    this.placement = placement;
    if (start === 'whole') this.selection = largestWithAspect(source, null);
    else if (start === 'none') this.selection = { x: 0, y: 0, width: 0, height: 0 };
    else this.selection = toPixels({ x: start.x * source.width, y: start.y * source.height, width: start.width * source.width, height: start.height * source.height }, source);
  }

  #toSource(clientX: number, clientY: number): Point {
    const r = viewportToSource({ x: clientX, y: clientY, width: 0, height: 0 }, this.placement.image, this.source);
    return { x: r.x, y: r.y };
  }

  setPreset(index: number): void {
    this.preset = index;
    this.selection = applyAspect(this.selection, this.aspect, this.source);
  }

  begin(kind: 'draw' | 'move' | Handle, clientX: number, clientY: number): void {
    const p = this.#toSource(clientX, clientY);
    const all = this.selection;
    // While the box is the whole image (or nothing) there is nothing to move: dragging draws a new one.
    if (kind === 'move' && this.empty) kind = 'draw';
    if (kind === 'move' && all.x <= 0 && all.y <= 0 && all.width >= this.source.width && all.height >= this.source.height) kind = 'draw';
    if (kind === 'draw') this.#drag = { kind: 'draw', anchor: p };
    else if (kind === 'move') this.#drag = { kind: 'move', from: p, start: this.selection };
    else this.#drag = { kind: 'resize', handle: kind };
  }

  drag(clientX: number, clientY: number): void {
    const d = this.#drag;
    if (!d) return;
    const p = this.#toSource(clientX, clientY);
    if (d.kind === 'draw') {
      // A click without a drag keeps the current selection.
      if (Math.abs(p.x - d.anchor.x) + Math.abs(p.y - d.anchor.y) < 1) return;
      this.selection = draw(d.anchor, p, this.aspect, this.source);
    } else if (d.kind === 'move') {
      this.selection = move(d.start, p.x - d.from.x, p.y - d.from.y, this.source);
    } else {
      this.selection = resize(this.selection, d.handle, p, this.aspect, this.source);
    }
  }

  end(): void {
    this.#drag = null;
  }

  key(key: Key, shift: boolean, alt: boolean): void {
    if (this.empty) return;
    // One press moves one pixel of what the user sees, whatever the image's scale on screen.
    const unit = this.source.width / Math.max(1, this.placement.image.width);
    this.selection = nudge(this.selection, key, { shift, alt }, this.aspect, this.source, unit);
  }
}
