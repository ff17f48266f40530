import { storage } from 'wxt/utils/storage';

/**
 * Which files the page may name for a crop: the image the user right-clicked (the menu's srcUrl)
 * and the other candidates of that same element (its srcset, its <picture>'s sources), read from
 * the page when the overlay is injected, per tab and frame. A crop request naming any other file is
 * cut from the screen instead: what the extension downloads with its host permissions is decided
 * by the user's click, not by what the page says later. In session storage: out of content
 * scripts' reach, and kept across a worker restart.
 */
const item = storage.defineItem<Record<string, string[]>>('session:cropSources', { fallback: {}, version: 1 });
const slot = (tabId: number, frameId: number) => `${tabId}:${frameId}`;

export async function rememberSources(tabId: number, frameId: number, urls: readonly string[]): Promise<void> {
  await item.setValue({ ...(await item.getValue()), [slot(tabId, frameId)]: [...new Set(urls)] });
}

export async function isRememberedSource(tabId: number, frameId: number, url: string): Promise<boolean> {
  return ((await item.getValue())[slot(tabId, frameId)] ?? []).includes(url);
}

/**
 * Runs in the page's frame (scripting.executeScript, self-contained): every file the element(s)
 * showing `srcUrl` offer, as absolute URLs.
 */
export function candidatesOf(srcUrl: string): string[] {
  const abs = (u: string | null | undefined) => {
    try {
      return u ? new URL(u, document.baseURI).href : '';
    } catch {
      return '';
    }
  };
  const want = abs(srcUrl);
  const urls = new Set<string>([want]);
  for (const img of Array.from(document.querySelectorAll('img'))) {
    if (abs(img.currentSrc) !== want && abs(img.src) !== want) continue;
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    const sets = [img.srcset, ...Array.from(picture?.querySelectorAll('source') ?? []).map((s) => s.srcset)];
    urls.add(abs(img.currentSrc)).add(abs(img.src));
    // "a.jpg 1x, b.jpg 2x" or "a.jpg 800w,b.jpg 1600w": a candidate ends at a comma after a descriptor
    // or before whitespace (a data: URL's own comma has neither).
    for (const set of sets) for (const part of (set || '').split(/(?<=\s\d+(?:\.\d+)?[wx])\s*,\s*|,\s+/)) urls.add(abs(part.trim().split(/\s+/)[0]));
  }
  urls.delete('');
  return [...urls];
}
