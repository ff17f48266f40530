/**
 * Object URLs shared by blob within a page: the first taker makes the URL, the last to let go
 * revokes it. One URL per blob is what lets an image start loading before the element that shows it
 * exists (`warmImage`): the browser's memory cache serves the later <img> of the same URL from the
 * load already under way instead of reading the blob a second time.
 */
const urls = new Map<Blob, { url: string; users: number }>();

export function takeUrl(blob: Blob): string {
  const held = urls.get(blob);
  if (held) {
    held.users++;
    return held.url;
  }
  const url = URL.createObjectURL(blob);
  urls.set(blob, { url, users: 1 });
  return url;
}

export function releaseUrl(blob: Blob): void {
  const held = urls.get(blob);
  if (!held || --held.users > 0) return;
  urls.delete(blob);
  URL.revokeObjectURL(held.url);
}

/** How long a warmed image keeps its URL for an <img> that has not taken it yet. */
export const WARM_HOLD_MS = 5_000;

/**
 * Starts reading `blob`'s image now, under the URL the <img> that will show it takes (BlobImage):
 * a result handed to the popup is read back from the browser (~18 ms for a 1024² PNG, traced) while
 * its panel is built, not after. The hold lets go after WARM_HOLD_MS whether or not an <img> came.
 */
export function warmImage(blob: Blob): void {
  const img = new Image();
  img.src = takeUrl(blob);
  setTimeout(() => {
    img.src = '';
    releaseUrl(blob);
  }, WARM_HOLD_MS);
}
