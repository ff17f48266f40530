import { isProviderInputType } from '../image/blob';
import { headerSize } from '../image/dimensions';
import { fetchBounded } from '../image/bounded-fetch';
import { checkImageBlob, ImageCheckError } from '../image/inspect';
import type { SourceRoute } from './cascade';
import { fitWithin, toPixels, viewportToScreenshot, type Rect, type Size } from './geometry';
import type { CropRequest } from './messages';
import type { PageCrop } from './page/page-cut';

/** The size every provider takes as input; larger crops are scaled down to it. */
export const INPUT_LIMITS = { maxEdge: 4096, maxPixels: 16_777_216 };

/**
 * The full-resolution file a crop was cut from and where in it the crop lies, kept so that an edit
 * of the crop can be put back into the whole picture (utils/image/put-back.ts). A screenshot crop
 * has none: the screen is not a picture to put anything back into.
 */
export interface OriginalImage {
  blob: Blob;
  width: number;
  height: number;
  /** The crop's rectangle, in the original's pixels. */
  rect: Rect;
}

export interface CutImage {
  blob: Blob;
  width: number;
  height: number;
  origin: 'original' | 'screen';
  original?: OriginalImage;
}

/** Decoding and encoding, injected so the cascade is tested without a browser. */
export interface CropCodec {
  /** Decodes `rect` of the image only (createImageBitmap with a crop rectangle), scaled to `out`. */
  cut(blob: Blob, rect: Rect, out: Size, type: string): Promise<Blob>;
  /** Size of an image whose header does not say (decodes it). */
  measure(blob: Blob): Promise<Size>;
}

export interface CropDeps {
  fetch: typeof fetch;
  /** A screenshot of the tab's visible area (PNG). */
  capture(): Promise<Blob>;
  codec: CropCodec;
}

export class CropError extends Error {
  constructor(
    /** 'tab-changed': the screenshot would have shown another tab than the one cropped. */
    readonly kind: 'not-image' | 'unreadable' | 'too-many-pixels' | 'too-large' | 'tab-changed',
    /** The size the file's header claims, for 'too-many-pixels'. */
    readonly size?: Size,
  ) {
    super(kind);
    this.name = 'CropError';
  }
}

/** Picks the output format: photos stay JPEG or WebP (fast, small), everything else becomes PNG. */
function outputType(type: string): string {
  return type === 'image/jpeg' || type === 'image/webp' ? type : 'image/png';
}

async function sizeOf(blob: Blob, codec: CropCodec): Promise<Size> {
  const head = new Uint8Array(await blob.slice(0, 256 * 1024).arrayBuffer());
  return headerSize(head) ?? codec.measure(blob);
}

/** A selection (fractions of the image) in the pixels of an image of `size`. */
export function selectionInPixels(selection: Rect, size: Size): Rect {
  return toPixels({ x: selection.x * size.width, y: selection.y * size.height, width: selection.width * size.width, height: selection.height * size.height }, size);
}

/** Cuts the selection (fractions of the image) from the image's own bytes. */
export async function cutFromBytes(blob: Blob, selection: Rect, codec: CropCodec): Promise<Omit<CutImage, 'origin'>> {
  const size = await sizeOf(blob, codec);
  const rect = selectionInPixels(selection, size);
  const out = fitWithin(rect, INPUT_LIMITS);
  const whole = rect.width === size.width && rect.height === size.height;
  const original = { blob, ...size, rect };
  // The whole image, in a format providers take, within their limits: its bytes go as they are.
  if (whole && out.width === size.width && isProviderInputType(blob.type)) return { blob, ...size, original };
  return { blob: await codec.cut(blob, rect, out, outputType(blob.type)), ...out, original };
}

/**
 * A crop the page cut itself (utils/crop/page/page-cut.ts), kept only when its bytes are an image of the
 * size it claims, in a format and within the size providers take; otherwise the next way is tried.
 */
async function checkedPageCut(crop: PageCrop, deps: CropDeps): Promise<CutImage | null> {
  try {
    const { blob, size } = await checkImageBlob(await fetchBounded(deps.fetch, crop.bytes));
    const fits = size !== null && size.width === crop.width && size.height === crop.height && fitWithin(size, INPUT_LIMITS).width === size.width;
    return fits && isProviderInputType(blob.type) ? { blob, ...size, origin: 'original' } : null;
  } catch {
    return null;
  }
}

/**
 * Runs the routes in order until one gives pixels. A route that cannot read the bytes, or whose
 * bytes this context cannot decode (an SVG in Chrome's service worker), hands over to the next.
 */
export async function produceCrop(req: CropRequest, routes: SourceRoute[], deps: CropDeps): Promise<CutImage> {
  let undecodable = false;
  for (const route of routes) {
    try {
      if (route === 'screen') {
        const shot = await deps.capture();
        const shotSize = await sizeOf(shot, deps.codec);
        const rect = viewportToScreenshot(req.screen, req.viewport, shotSize);
        const out = fitWithin(rect, INPUT_LIMITS);
        return { blob: await deps.codec.cut(shot, rect, out, 'image/png'), ...out, origin: 'screen' };
      }
      if (route === 'page' && req.pageCut) {
        const cut = await checkedPageCut(req.pageCut, deps);
        if (cut) return cut;
      }
      const source = route === 'page' ? req.pageBytes : req.url;
      if (!source) continue;
      // Capped and timed: a huge or stalled file ends in the next route, not a hung crop.
      const fetched = await fetchBounded(deps.fetch, source, { credentials: 'omit' });
      // Checked by its bytes before anything decodes it (SVG only as the page's own file).
      const { blob } = await checkImageBlob(fetched, { svg: route === 'extension' });
      try {
        return { ...(await cutFromBytes(blob, req.selection, deps.codec)), origin: 'original' };
      } catch {
        undecodable = true;
      }
    } catch (err) {
      // Not an image, or too big to open: said as such (a screenshot of it would help no one).
      if (err instanceof ImageCheckError) throw new CropError(err.problem, err.size);
      // A screenshot of another tab is never taken for this one's crop.
      if (err instanceof CropError) throw err;
      // Unreachable, refused, too slow or too long: the next route may still work.
    }
  }
  throw new CropError(undecodable ? 'not-image' : 'unreadable');
}

/** Decoding with the browser's own codecs; works in Chrome's service worker and Firefox's page. */
export const browserCropCodec: CropCodec = {
  async cut(blob, rect, out, type) {
    const bitmap = await createImageBitmap(blob, rect.x, rect.y, rect.width, rect.height, {
      resizeWidth: out.width,
      resizeHeight: out.height,
      resizeQuality: 'high',
    });
    const canvas = new OffscreenCanvas(out.width, out.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    return canvas.convertToBlob({ type, quality: 0.95 });
  },
  async measure(blob) {
    const bitmap = await createImageBitmap(blob);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  },
};
