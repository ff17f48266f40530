import { FETCH_LIMITS, ImageFetchError } from './bounded-fetch';

/** `Uint8Array.fromBase64` (TC39 "Uint8Array to/from base64"): Chrome 140 and Firefox 133 on. */
type FromBase64 = (base64: string) => Uint8Array<ArrayBuffer>;

/**
 * A base64 `data:` URL's bytes as a Blob of the type it names, decoded in one call rather than
 * fetched. A crop cut in the page reaches the background as such a URL (a megabyte or more, in a
 * JSON message: utils/crop/page/page-cut.ts); read with fetch, it went through the browser's loader in
 * four tasks and was copied twice more, in the service worker, while the popup was starting on the
 * same cores. Null when this is not a base64 `data:` URL or the browser has no `Uint8Array.fromBase64`:
 * the caller fetches it then. Past `maxBytes` it throws as fetchBounded does; bad base64 throws too.
 */
export function dataUrlBlob(url: string, maxBytes: number = FETCH_LIMITS.maxBytes): Blob | null {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  const comma = url.indexOf(',');
  if (!fromBase64 || comma < 0 || !/^data:/i.test(url)) return null;
  const [type = '', ...params] = url.slice(5, comma).split(';');
  if (params.at(-1)?.trim().toLowerCase() !== 'base64') return null;
  // Four characters of base64 carry three bytes.
  if (Math.floor(((url.length - comma - 1) * 3) / 4) > maxBytes + 2) throw new ImageFetchError('too-large');
  return new Blob([fromBase64.call(Uint8Array, url.slice(comma + 1))], { type: type.trim().toLowerCase() });
}
