import { planRoutes } from '../cascade';
import { intersect, placeImage, type ImagePlacement, type Rect, type Size } from '../geometry';
import type { CropRequest, OverlayConfig } from '../messages';
import { t } from './overlay-i18n';
import { sendConfirmCrop, sendCropOriginal, sendCropStarting } from './overlay-send';
import { PageCut } from './page-cut';
import { OverlayState } from './overlay-state';
import { mountOverlayView } from './overlay-view';
import { bestSource, findImage, isSvgUrl, measureElement, readPageBytes, svgRasterSize } from '../target';

const HOST_TAG = 'pictor-crop-overlay';
/** How long the overlay waits for the right-clicked image to decode before it opens anyway. */
const DECODE_WAIT_MS = 2_000;

// The host is the only node Pictor adds to the page; these styles keep page CSS off it.
const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'inset: 0',
  'width: 100vw',
  'height: 100vh',
  'max-width: none',
  'max-height: none',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'background: transparent',
  'overflow: visible',
  'z-index: 2147483647',
  'display: block',
].map((rule) => `${rule} !important;`).join(' ');

const frames = (n: number) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(n);
});

/** What the overlay crops: the right-clicked `<img>`, or (capture) the visible page itself. */
interface Subject {
  url?: string;
  source: Size;
  svg: boolean;
  place(): ImagePlacement;
  /** The right-clicked image never loaded on the page: the screen around it is offered instead. */
  broken?: { selection: Rect | 'none' };
}

/**
 * The file goes a moment after the crop, once the popup has shown it: read, sent as one message
 * (megabytes), decoded and stored in the background while the popup starts, it made the crop reach
 * the screen 20-40 ms later on two cores (`crop-ratio` in `npm run bench`: 1.24-1.36 with it sent
 * at once, 1.19-1.20 without). Nothing waits for it: put back needs it minutes later, and a job
 * started from this crop before it arrives gets it too (utils/crop/background/service.ts).
 */
const ORIGINAL_AFTER_MS = 1000;

/** Sends the file a stored crop was cut from; a crop without it only cannot be put back. */
async function sendOriginal(cut: PageCut, url: string, selection: Rect): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ORIGINAL_AFTER_MS));
  const bytes = await cut.original();
  if (bytes) await sendCropOriginal({ url, bytes, selection }).catch(() => undefined);
}

async function subjectFor(config: OverlayConfig): Promise<Subject> {
  const img = config.mode === 'image' && config.srcUrl ? findImage(config.srcUrl) : null;
  const viewport = () => ({ x: 0, y: 0, width: innerWidth, height: innerHeight });
  // Capture: the viewport, in the screenshot's device pixels.
  const capture = () => ({ source: { width: Math.round(innerWidth * devicePixelRatio), height: Math.round(innerHeight * devicePixelRatio) }, svg: false, place: () => ({ image: viewport(), visible: viewport() }) });
  if (!img) return capture();
  // A lazy-loaded image may still be decoding when the menu is used. A decode that never ends (an
  // image whose download stalls) must not keep the overlay away: after a while it opens with what
  // the page shows, which the crop's own routes then handle.
  if (!img.complete || img.naturalWidth === 0) {
    await Promise.race([img.decode().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, DECODE_WAIT_MS))]);
  }
  // Broken (a file the browser could not decode, a 404): there is nothing of it to read, so the
  // overlay offers to capture the screen, starting from where the image sits.
  if (img.naturalWidth === 0) {
    const box = intersect(img.getBoundingClientRect(), viewport());
    const selection = box.width >= 1 && box.height >= 1 ? { x: box.x / innerWidth, y: box.y / innerHeight, width: box.width / innerWidth, height: box.height / innerHeight } : 'none';
    return { ...capture(), broken: { selection } };
  }
  const best = bestSource(img);
  const svg = isSvgUrl(best.url);
  const source = svg ? svgRasterSize(best.size) : best.size;
  return { url: best.url, source, svg, place: () => placeImage(measureElement(img), { width: innerWidth, height: innerHeight }) };
}

/**
 * Whether only a screenshot of this image can be read (a cross-origin file without CORS, and no
 * permission for its site), so that the readout and the note say so before the crop. Asked the way
 * the crop itself will ask (utils/crop/cascade.ts): at once where the routes decide it, else (a
 * cross-origin file the page may read if it answers CORS) a promise, checked with a request whose
 * body is dropped at once. The overlay does not wait for that request to be drawn: it shows the
 * note when the answer comes.
 */
function onlyScreen(config: OverlayConfig, subject: Subject): boolean | Promise<boolean> {
  if (!subject.url) return false;
  const routes = planRoutes({ url: subject.url, pageUrl: location.href, hostPermission: config.hostPermission, inSubframe: config.inSubframe, svg: subject.svg });
  if (routes[0] === 'screen') return true;
  if (routes[0] !== 'page' || new URL(subject.url, location.href).origin === location.origin || !/^https?:/.test(subject.url)) return false;
  return fetch(subject.url, { mode: 'cors', credentials: 'omit' }).then(
    (response) => {
      void response.body?.cancel();
      return !response.ok;
    },
    () => true,
  );
}

/** Opens the crop overlay on this page (injected on demand by the background). */
export async function openOverlay(config: OverlayConfig): Promise<void> {
  document.querySelector(HOST_TAG)?.remove();
  const subject = await subjectFor(config);
  const screenOnly = onlyScreen(config, subject);
  // A capture starts with nothing selected (the user draws); Recrop starts from the last selection.
  const start = subject.broken?.selection ?? config.selection ?? (config.mode === 'capture' ? 'none' : 'whole');
  const state = new OverlayState(subject.source, config.presets, subject.place(), start, screenOnly === true, devicePixelRatio);
  // Said where the user is looking, from the start: the image is not there to read.
  if (subject.broken) state.error = t('overlayBrokenImage');

  const host = document.createElement(HOST_TAG);
  host.setAttribute('style', HOST_STYLE);
  // The top layer puts the overlay above everything, even the page's own modal dialogs.
  host.setAttribute('popover', 'manual');
  const shadow = host.attachShadow({ mode: 'closed' });
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  const relayout = () => (state.placement = subject.place());
  const routes = planRoutes({ url: subject.url, pageUrl: location.href, hostPermission: config.hostPermission, inSubframe: config.inSubframe, svg: subject.svg });
  /** An image the page can read is cut here, read and decoded while the user selects (utils/crop/page/page-cut.ts). */
  let pageCut: PageCut | null = null;
  let closed = false;
  const startCut = () => (!closed && subject.url && !subject.svg && routes[0] === 'page' ? (pageCut ??= new PageCut(subject.url)) : null);

  const close = () => {
    closed = true;
    removeEventListener('scroll', relayout, true);
    removeEventListener('resize', relayout);
    pageCut?.release();
    view.remove();
    host.remove();
    previousFocus?.focus({ preventScroll: true });
  };

  /** Enter: the crop, replacing the one waiting; Shift+Enter or its button: a reference after it. */
  const confirm = async (asReference: boolean) => {
    if (state.busy || state.empty) return;
    state.busy = true;
    state.error = null;
    const s = state.pixels;
    const src = subject.source;
    const request: CropRequest = {
      // A broken image's crop is a capture of the screen: a Recrop starts it as one.
      mode: subject.broken ? 'capture' : config.mode,
      url: subject.url,
      pageUrl: location.href,
      selection: { x: s.x / src.width, y: s.y / src.height, width: s.width / src.width, height: s.height / src.height },
      screen: intersect(state.onScreen, state.placement.visible),
      viewport: { width: innerWidth, height: innerHeight },
      ...(asReference ? { as: 'reference' as const } : {}),
    };
    // Out of the way, so that a screenshot shows the page and not the overlay (two frames to be sure,
    // which pass while the page cuts).
    host.style.setProperty('visibility', 'hidden', 'important');
    const hidden = frames(2);
    const cut = startCut();
    if (cut && (await cut.readable())) {
      // The popup opens while this cuts: its start and the cut overlap (a reference: once it is added).
      if (!asReference) void sendCropStarting().catch(() => undefined);
      request.pageCut = await cut.cut(request.selection);
    }
    if (!request.pageCut && subject.url && routes[0] === 'page') request.pageBytes = await readPageBytes(subject.url, subject.svg ? subject.source : null);
    await hidden;
    const send = (req: CropRequest) => sendConfirmCrop(req);
    const reply = await send(request)
      // Page bytes too large for one message (Chrome caps them at 64 MiB): the background reads the
      // file itself or, failing that, the screen.
      .catch(() => (request.pageBytes ? send({ ...request, pageBytes: undefined }) : Promise.reject(new Error('unreachable'))))
      // The extension was updated or reloaded since the overlay opened: this page can't reach it.
      .catch(() => ({ ok: false as const, message: t('errorCropUnreachable') }));
    if (reply.ok) {
      // The file the page cut from follows the stored crop, for putting an edit back into it later.
      if (request.pageCut && cut && subject.url && !asReference) void sendOriginal(cut, subject.url, request.selection);
      return close();
    }
    host.style.setProperty('visibility', 'visible', 'important');
    state.busy = false;
    state.error = reply.message;
  };

  const site = subject.url && /^https?:/.test(subject.url) ? new URL(subject.url, location.href).hostname : '';
  // Built before the host is in the page: one style and layout pass for all of it, in the frame.
  const view = mountOverlayView(shadow, { crop: state, site, fit: config.fit, referenceOnly: config.intent === 'reference', onConfirm: (asReference) => void confirm(asReference), onCancel: close });
  document.documentElement.append(host);
  host.showPopover?.();
  view.focus();
  addEventListener('scroll', relayout, true);
  addEventListener('resize', relayout);
  // The CORS answer, when it had to be asked, updates the readout and the note of the overlay already shown.
  if (typeof screenOnly !== 'boolean') void screenOnly.then((only) => (state.screenOnly = only));
  // Reading the file starts after the overlay's first frame, which its request held back by ~1 ms
  // (a trace of overlay-ready in npm run bench); an Enter before then starts it itself.
  requestAnimationFrame(() => setTimeout(startCut));
}
