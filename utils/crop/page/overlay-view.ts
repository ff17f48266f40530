import { HANDLES, type Handle, type Key } from './box';
import { fitWarnings, type ModelFit } from '../fit';
import { t } from './overlay-i18n';
import css from './overlay.css?inline';
import type { OverlayState } from './overlay-state';

/**
 * The crop overlay's view, in plain DOM: it runs inside any page the user crops from, where a UI
 * framework's runtime would cost more than the few elements it keeps up to date.
 */

export interface OverlayViewProps {
  crop: OverlayState;
  /** The image's site, named when only a screenshot of it can be read. */
  site: string;
  /** What the chosen model makes, for a word before a crop it would enlarge heavily or reshape. */
  fit?: ModelFit;
  /** Opened to add a reference ("Add to Pictor as a reference"): Enter and the one main button add it. */
  referenceOnly?: boolean;
  /** `asReference`: Shift+Enter or Add as reference (after the crop waiting), else Enter or Crop. */
  onConfirm: (asReference: boolean) => void;
  onCancel: () => void;
}

const ARROWS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
/** The toolbar's distance from the viewport's edge (overlay.css `.bar`), and its height before it is laid out. */
const BAR_EDGE_PX = 12;
const BAR_GUESS_PX = 110;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Only when it changed, so that a live region does not repeat itself. */
function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function place(node: HTMLElement, r: { x: number; y: number; width: number; height: number }): void {
  node.style.setProperty('left', `${r.x}px`);
  node.style.setProperty('top', `${r.y}px`);
  node.style.setProperty('width', `${r.width}px`);
  node.style.setProperty('height', `${r.height}px`);
}

export interface OverlayView {
  /** Gives the keyboard to the crop area (once the view is in the document). */
  focus(): void;
  /** Takes the view away again. */
  remove(): void;
}

/**
 * Builds the overlay in `target` and keeps it in step with `crop`. It can be built before `target`'s
 * host is in the document: the browser then works out its styles and layout once, not once for the
 * host and again for what it holds.
 */
export function mountOverlayView(target: ShadowRoot, { crop, site, fit, referenceOnly = false, onConfirm, onCancel }: OverlayViewProps): OverlayView {
  // The stage is the keyboard-operated crop area (arrows, Enter, Esc), so it takes focus.
  const stage = el('div', { class: 'stage', role: 'application', 'aria-label': t('overlayStage'), 'aria-describedby': 'pictor-crop-help', tabindex: '0' });
  const box = el('div', { class: 'box', 'aria-hidden': 'true' }, ...HANDLES.map((handle) => {
    const span = el('span', { class: `handle ${handle}`, role: 'none' });
    span.addEventListener('pointerdown', (e) => start(handle, e));
    return span;
  }));
  const select = el('select', {}, ...crop.presets.map((preset, i) => el('option', { value: String(i) }, preset.label)));
  const readout = el('output', { class: 'readout', 'aria-live': 'polite' });
  const confirm = el('button', { type: 'button', class: 'primary' });
  const reference = el('button', { type: 'button' }, t('overlayAddReference'));
  const cancel = el('button', { type: 'button' }, t('overlayCancel'));
  const help = el('p', { id: 'pictor-crop-help', class: 'help' }, t(referenceOnly ? 'overlayHelpReference' : 'overlayHelp'));
  const bar = el('div', { class: 'bar', role: 'toolbar', 'aria-label': t('overlayTitle') },
    el('label', {}, el('span', {}, t('overlayAspect')), select), readout, confirm, ...(referenceOnly ? [] : [reference]), cancel, help);
  const root = el('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('overlayTitle'), tabindex: '-1' }, stage, box, bar);
  // Notes (fit warnings, screen only) come and go between the buttons and the help; an error after the help.
  const notes: HTMLParagraphElement[] = [];
  /** The toolbar's height as last laid out (a first guess until then), followed without reading layout on every drag. */
  let barHeight = BAR_GUESS_PX;
  const barSize =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(([entry]) => {
          const height = entry?.borderBoxSize[0]?.blockSize;
          if (height === undefined || height === barHeight) return;
          barHeight = height;
          render();
        })
      : null;
  let error: HTMLParagraphElement | null = null;
  let shownError: string | null = null;

  function start(kind: 'draw' | 'move' | Handle, event: PointerEvent) {
    if (event.button !== 0 || crop.busy) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    crop.begin(kind, event.clientX, event.clientY);
    stage.focus();
  }

  function onKey(event: KeyboardEvent) {
    // Keys stay in the overlay: the page underneath must not scroll or react.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (crop.busy) {
      event.preventDefault();
    } else if (event.key === 'Enter' && event.target === stage) {
      event.preventDefault();
      onConfirm(referenceOnly || event.shiftKey);
    } else if (ARROWS.includes(event.key) && event.target === stage) {
      event.preventDefault();
      crop.key(event.key as Key, event.shiftKey, event.altKey);
    } else if (event.key === 'Tab') {
      trapFocus(event);
    }
  }

  /** Tab cycles through the overlay's own controls only (a modal dialog's focus trap). */
  function trapFocus(event: KeyboardEvent) {
    const items = [...root.querySelectorAll<HTMLElement>('[tabindex="0"], button, select')].filter((item) => !item.hasAttribute('disabled'));
    if (items.length === 0) return;
    const current = items.indexOf(target.activeElement as HTMLElement);
    const next = (current + (event.shiftKey ? -1 : 1) + items.length) % items.length;
    event.preventDefault();
    items[next]?.focus();
  }

  root.addEventListener('keydown', onKey);
  root.addEventListener('pointermove', (e) => crop.drag(e.clientX, e.clientY));
  root.addEventListener('pointerup', () => crop.end());
  root.addEventListener('pointercancel', () => crop.end());
  root.addEventListener('contextmenu', (e) => e.preventDefault());
  stage.addEventListener('pointerdown', (e) => start('draw', e));
  box.addEventListener('pointerdown', (e) => start('move', e));
  select.addEventListener('change', () => crop.setPreset(Number(select.value)));
  confirm.addEventListener('click', () => onConfirm(referenceOnly));
  reference.addEventListener('click', () => onConfirm(true));
  cancel.addEventListener('click', onCancel);

  function render() {
    const onScreen = crop.onScreen;
    place(stage, crop.placement.visible);
    place(box, onScreen);
    box.classList.toggle('empty', crop.empty);
    // The toolbar never covers the selection: at the top, unless the selection starts under it and
    // the bottom has more room. Its height is as laid out: the help and notes wrap to several lines.
    bar.classList.toggle('below', !crop.empty && onScreen.y < BAR_EDGE_PX + barHeight && innerHeight - (onScreen.y + onScreen.height) > onScreen.y);
    if (select.value !== String(crop.preset)) select.value = String(crop.preset);
    select.disabled = crop.busy;
    const sent = crop.sent;
    setText(readout, crop.empty ? t('overlayDrawFirst') : t('overlayReadout', [String(sent.width), String(sent.height)]));
    confirm.disabled = crop.busy || crop.empty;
    reference.disabled = confirm.disabled;
    setText(confirm, crop.busy ? t('overlayWorking') : t(referenceOnly ? 'overlayAddReference' : 'overlayConfirm'));

    // A reference guides the edit: the result takes the shape of the first image, not of this one.
    const noteTexts = (crop.empty || referenceOnly ? [] : fitWarnings(fit, sent)).map((w) =>
      w.kind === 'upscale' ? t('overlayWarnUpscale', [w.model, String(w.outputEdge)]) : t('overlayWarnRatio', [w.model, w.min, w.max, w.ratio]));
    if (crop.screenOnly) noteTexts.push(site ? t('overlayScreenOnly', site) : t('overlayScreenOnlyNoSite'));
    for (const extra of notes.splice(noteTexts.length)) extra.remove();
    noteTexts.forEach((text, i) => {
      const note = (notes[i] ??= bar.insertBefore(el('p', { class: 'note' }), help));
      setText(note, text);
    });

    if (crop.error) {
      error ??= bar.appendChild(el('p', { class: 'error', role: 'alert' }));
      setText(error, crop.error);
    } else {
      error?.remove();
      error = null;
    }
    // Hidden while the page was captured, the overlay lost the focus: an error gives it back, so
    // Esc, Enter and the arrows work again at once.
    if (crop.error && crop.error !== shownError) stage.focus();
    shownError = crop.error;
  }

  // Changes come in bursts (a preset and the selection it reshapes, busy and the error): each burst
  // is shown once, after it.
  let queued = false;
  crop.onChange = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      render();
    });
  };

  render();
  const style = el('style', {}, css);
  target.append(style, root);
  barSize?.observe(bar);
  return {
    focus: () => stage.focus(),
    remove() {
      barSize?.disconnect();
      crop.onChange = () => undefined;
      style.remove();
      root.remove();
    },
  };
}
