/**
 * Where the crop's pixels come from, best first (the source cascade):
 * - `page`: bytes the page itself can read (blob:, same origin, CORS-enabled), read by the overlay;
 * - `extension`: a fetch from the extension, which ignores CORS for origins the user granted
 *   (and needs nothing for data: URLs);
 * - `screen`: a screenshot of the visible tab, at screen resolution.
 * Content scripts obey the page's CORS; extension contexts with host permission do not
 * (https://developer.chrome.com/docs/extensions/develop/concepts/network-requests).
 */
export type SourceRoute = 'page' | 'extension' | 'screen';

export interface CascadeInput {
  /** The image file to cut from; absent when capturing an area of the page. */
  url?: string;
  pageUrl: string;
  /** The extension holds host permission for the image's origin. */
  hostPermission: boolean;
  /** The overlay runs in a subframe, whose place on the screen it cannot know. */
  inSubframe: boolean;
  /** SVG is rasterized by the overlay, where a DOM can draw it (Chrome's worker has none). */
  svg?: boolean;
}

export function planRoutes({ url, pageUrl, hostPermission, inSubframe, svg = false }: CascadeInput): SourceRoute[] {
  const screen: SourceRoute[] = inSubframe ? [] : ['screen'];
  if (!url) return screen;
  let protocol: string;
  try {
    protocol = new URL(url, pageUrl).protocol;
  } catch {
    return screen;
  }
  if (svg) return ['page', ...(hostPermission ? (['extension'] as const) : []), ...screen];
  if (protocol === 'data:') return ['extension', ...screen];
  if (protocol === 'blob:') return ['page', ...screen];
  if (protocol !== 'http:' && protocol !== 'https:') return screen;
  if (hostPermission) return ['extension', ...screen];
  // Same origin, or another origin that sends CORS headers: the page may read it.
  return ['page', ...screen];
}

