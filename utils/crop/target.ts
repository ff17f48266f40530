import { parseObjectFit, parseObjectPosition, type ElementBox, type Size } from './geometry';
import { largestCandidate, parseSrcset, type Candidate } from './page/srcset';
import { fetchBounded } from '../image/bounded-fetch';

/**
 * DOM side of the overlay: finding the image the user right-clicked, measuring where its pixels
 * are, and reading its bytes the way the page may (all of it runs in the page's content script).
 */

const sameUrl = (a: string, b: string) => {
  try {
    return new URL(a, location.href).href === new URL(b, location.href).href;
  } catch {
    return a === b;
  }
};

function visibleArea(el: Element): number {
  const r = el.getBoundingClientRect();
  const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
  const h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
  return Math.max(0, w) * Math.max(0, h);
}

/** The `<img>` showing `srcUrl` (the menu's srcUrl is its currentSrc); the most visible one wins. */
export function findImage(srcUrl: string): HTMLImageElement | null {
  // A stored crop names the largest file the page offers (Recrop), the menu the file it shows.
  const matches = [...document.images].filter(
    (img) => sameUrl(img.currentSrc || img.src, srcUrl) || sameUrl(img.src, srcUrl) || (img.naturalWidth > 0 && sameUrl(bestSource(img).url, srcUrl)),
  );
  // Several images may show the same file (a thumbnail strip, a srcset's fallback): the one the user
  // right-clicked is the one still under the pointer (the native menu leaves the page's hover state
  // as it was), else the most visible.
  const hovered = matches.find((img) => img.matches(':hover'));
  return hovered ?? matches.sort((a, b) => visibleArea(b) - visibleArea(a))[0] ?? null;
}

export function measureElement(img: HTMLImageElement): ElementBox {
  const style = getComputedStyle(img);
  const px = (v: string) => Number.parseFloat(v) || 0;
  const b = img.getBoundingClientRect();
  return {
    bounds: { x: b.x, y: b.y, width: b.width, height: b.height },
    layout: { width: img.offsetWidth, height: img.offsetHeight },
    inset: {
      top: px(style.borderTopWidth) + px(style.paddingTop),
      right: px(style.borderRightWidth) + px(style.paddingRight),
      bottom: px(style.borderBottomWidth) + px(style.paddingBottom),
      left: px(style.borderLeftWidth) + px(style.paddingLeft),
    },
    fit: parseObjectFit(style.objectFit),
    position: parseObjectPosition(style.objectPosition),
    natural: { width: img.naturalWidth, height: img.naturalHeight },
  };
}

/** Every candidate the page offers for this image: its srcset and its `<picture>`'s matching sources. */
function candidates(img: HTMLImageElement): Candidate[] {
  const all = parseSrcset(img.getAttribute('srcset') ?? '', document.baseURI);
  const picture = img.parentElement instanceof HTMLPictureElement ? img.parentElement : null;
  for (const source of picture?.querySelectorAll('source') ?? []) {
    const media = source.getAttribute('media');
    if (media && !matchMedia(media).matches) continue; // another art direction, not this picture
    const type = source.getAttribute('type');
    if (type && !['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'].includes(type)) continue;
    all.push(...parseSrcset(source.getAttribute('srcset') ?? '', document.baseURI));
  }
  return all;
}

/** The highest-resolution file the page offers, and its size in pixels (estimated from srcset). */
export function bestSource(img: HTMLImageElement): { url: string; size: Size } {
  const shown = img.currentSrc || img.src;
  const list = candidates(img);
  const density = list.find((c) => sameUrl(c.url, shown))?.density ?? 1;
  return largestCandidate(list, { url: shown, natural: { width: img.naturalWidth, height: img.naturalHeight }, density });
}

/** SVG has no pixels of its own: it is drawn at least 2048 px on its long side (at most 4096). */
export function svgRasterSize(natural: Size): Size {
  const long = Math.max(natural.width, natural.height, 1);
  const k = Math.min(4096, Math.max(2048, long)) / long;
  return { width: Math.round(natural.width * k), height: Math.round(natural.height * k) };
}

export function isSvgUrl(url: string): boolean {
  return /^data:image\/svg\+xml/i.test(url) || /\.svgz?(?:[?#]|$)/i.test(url);
}

/** A blob as a data: URL, the form bytes take in an extension message (JSON). */
export function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // readAsDataURL gives a string.
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('the image could not be read'));
    reader.readAsDataURL(blob);
  });
}

async function rasterizeSvg(blob: Blob, size: Size): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([blob], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    canvas.getContext('2d')?.drawImage(img, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The image's bytes as the page may read them (its own origin, CORS, blob:), as a data: URL for
 * the background; SVG is rasterized here, where a DOM can draw it. Undefined when refused.
 */
export async function readPageBytes(url: string, svgSize: Size | null): Promise<string | undefined> {
  try {
    // Counted as it comes and bounded in time (50 MB, 30 s): a file that never ends cannot hold the overlay.
    let blob = await fetchBounded(fetch, url);
    if (svgSize) blob = await rasterizeSvg(blob, svgSize);
    return await toDataUrl(blob);
  } catch {
    return undefined;
  }
}
