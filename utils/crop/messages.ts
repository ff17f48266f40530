import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ModelFit } from './fit';
import type { Rect, Size } from './geometry';
import type { AspectPreset } from './presets';
import type { PageCrop } from './page/page-cut';

/** What the overlay needs to know, given to it by the background when it injects it. */
export interface OverlayConfig {
  mode: 'image' | 'capture';
  /** The image the user right-clicked (the menu's srcUrl), for `image`. */
  srcUrl?: string;
  /** The extension may fetch the image's origin itself (full resolution without CORS). */
  hostPermission: boolean;
  inSubframe: boolean;
  /** Recrop: the last selection, as fractions of the image, to start from. */
  selection?: Rect;
  /** Opened by "Add to Pictor as a reference": Enter and the main button add the selection as a reference. */
  intent?: 'reference';
  /** The chosen model's shapes, then the common ones: worked out by the background from the catalog. */
  presets: AspectPreset[];
  /** What the chosen model makes, to warn before a crop it would enlarge heavily or reshape. */
  fit?: ModelFit;
}

/** The user pressed Enter: what to cut, and every way to get it. */
export interface CropRequest {
  mode: 'image' | 'capture';
  /** The highest-resolution file the page offers for the image. */
  url?: string;
  pageUrl: string;
  /** The selection as fractions (0–1) of the image's width and height. */
  selection: Rect;
  /** The selection as it is on screen, in viewport CSS px (for the screenshot route). */
  screen: Rect;
  viewport: Size;
  /** Bytes the page could read (or an SVG the overlay rasterized), as a data: URL. */
  pageBytes?: string;
  /** The crop already cut by the page from bytes it could read (utils/crop/page/page-cut.ts). */
  pageCut?: PageCrop;
  /** `reference`: added after the crop waiting (Shift+Enter), instead of replacing it. */
  as?: 'reference';
}

export type CropReply = { ok: true } | { ok: false; message: string };

/**
 * The file a page-cut crop came from (utils/crop/page/page-cut.ts), sent by the overlay once the crop
 * is stored, so that an edit can later be put back into it; the crop itself never waits for it.
 */
export interface CropOriginal {
  /** The file the crop request named. */
  url: string;
  /** The file's bytes, as a data:image URL. */
  bytes: string;
  /** The crop's selection, as in its request (it says which stored crop this belongs to). */
  selection: Rect;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const isRect = (r: unknown, max: number): boolean =>
  typeof r === 'object' && r !== null && ['x', 'y', 'width', 'height'].every((k) => {
    const v = (r as Record<string, unknown>)[k];
    return finite(v) && v >= -max && v <= max;
  });

/**
 * The background fetches what a crop request names, with the extension's host permissions: it
 * takes only http(s), data: and blob: image addresses, page bytes as a data:image URL, and a
 * selection within the image.
 */
export function isCropRequest(req: unknown): req is CropRequest {
  if (typeof req !== 'object' || req === null) return false;
  const r = req as Partial<CropRequest>;
  const okUrl = r.url === undefined || (typeof r.url === 'string' && /^(https?:|data:image\/|blob:)/i.test(r.url));
  const okBytes = r.pageBytes === undefined || (typeof r.pageBytes === 'string' && r.pageBytes.startsWith('data:image/'));
  const cut = r.pageCut;
  const okCut = cut === undefined || (typeof cut === 'object' && cut !== null && typeof cut.bytes === 'string' && cut.bytes.startsWith('data:image/') && finite(cut.width) && finite(cut.height));
  const sel = r.selection;
  const okSelection = isRect(sel, 1) && sel!.x >= 0 && sel!.y >= 0 && sel!.width > 0 && sel!.height > 0 && sel!.x + sel!.width <= 1.0001 && sel!.y + sel!.height <= 1.0001;
  return (r.mode === 'image' || r.mode === 'capture') && typeof r.pageUrl === 'string' && okUrl && okBytes && okCut && okSelection && isRect(r.screen, 1e6) && (r.as === undefined || r.as === 'reference') &&
    typeof r.viewport === 'object' && r.viewport !== null && finite(r.viewport.width) && finite(r.viewport.height);
}

export function isCropOriginal(v: unknown): v is CropOriginal {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<CropOriginal>;
  return typeof o.url === 'string' && /^(https?:|data:image\/|blob:)/i.test(o.url) && typeof o.bytes === 'string' && o.bytes.startsWith('data:image/') && isRect(o.selection, 1);
}

interface CropProtocol {
  /** Overlay → background. The background checks the sender is Pictor's own content script. */
  confirmCrop(request: CropRequest): CropReply;
  /** Overlay → background: the page is cutting the crop itself; open the popup meanwhile (utils/crop/pending.ts). */
  cropStarting(): void;
  /** Overlay → background: the file a page-cut crop came from, to keep with it. */
  cropOriginal(original: CropOriginal): void;
  /** Popup → background: show the overlay again on the page the crop came from. */
  recrop(): CropReply;
  /** Background → popup: the stored crop changed (e.g. re-read at full resolution). */
  cropChanged(): void;
}

// Pure: the crop overlay imports this file for its types and OVERLAY_CONFIG_KEY only, and sends with
// utils/crop/page/overlay-send.ts, so its bundle leaves the library out.
export const { sendMessage: sendCropMessage, onMessage: onCropMessage } = /* @__PURE__ */ defineExtensionMessaging<CropProtocol>({ logger: undefined });

export const OVERLAY_CONFIG_KEY = '__pictorOverlayConfig';
/** Where the overlay file, when it runs before its config arrives, leaves the function that opens it. */
export const OVERLAY_OPEN_KEY = '__pictorOverlayOpen';
