import { storage } from 'wxt/utils/storage';

/**
 * Which files the page may name for a crop: the image the user right-clicked (the menu's srcUrl)
 * and the other candidates of that same element (its srcset, its <picture>'s sources), read from
 * the page when the overlay is injected, per tab and frame. A crop request naming any other file is
 * cut from the screen instead: what the extension downloads with its host permissions is decided
 * by the user's click, not by what the page says later. In session storage: out of content
 * scripts' reach, and kept across a worker restart.
 *
 * Bounded, since a page chooses what its elements list and session storage holds 10 MB for all of
 * Pictor (the unlock, drafts and pending crops live there too): each file is kept as the SHA-256 of
 * its address (a `data:` URL can be megabytes), at most MAX_CANDIDATES per click, for the
 * MAX_SLOTS most recent tab frames.
 */
const MAX_CANDIDATES = 32;
const MAX_SLOTS = 16;

async function digest(url: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url)));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

const item = storage.defineItem<Record<string, string[]>>('session:cropSources', { fallback: {}, version: 1 });
const slot = (tabId: number, frameId: number) => `${tabId}:${frameId}`;

/** Every write in turn: each one reads the whole record and writes it back. */
let writes: Promise<unknown> = Promise.resolve();
/** Per tab and frame, the list being stored for the latest injection (see rememberSources). */
const pending = new Map<string, Promise<void>>();

/**
 * Stores the files this click allows. `urls` may still be on its way (read from the page by the
 * same executeScript call that hands the overlay its config, see utils/crop/background/inject.ts): the write is
 * registered at once, before the overlay can run, and isRememberedSource waits for it. So a crop
 * request is never checked against an older list, and a list that could not be stored allows
 * nothing.
 */
export function rememberSources(tabId: number, frameId: number, urls: readonly string[] | Promise<readonly string[]>): Promise<void> {
  const key = slot(tabId, frameId);
  const done = (async () => {
    // The right-clicked file comes first (candidatesOf), so a cut keeps it.
    const list = await Promise.all([...new Set(await urls)].slice(0, MAX_CANDIDATES).map(digest));
    const write = writes.then(async () => {
      const { [key]: _previous, ...others } = await item.getValue();
      const kept = Object.entries(others).slice(-(MAX_SLOTS - 1));
      return item.setValue({ ...Object.fromEntries(kept), [key]: list });
    });
    writes = write.catch(() => undefined);
    await write;
  })();
  pending.set(key, done);
  const settled = () => {
    if (pending.get(key) === done) pending.delete(key);
  };
  done.then(settled, settled);
  return done;
}

export async function isRememberedSource(tabId: number, frameId: number, url: string): Promise<boolean> {
  const key = slot(tabId, frameId);
  const stored = await (pending.get(key)?.then(() => true, () => false) ?? true);
  if (!stored) return false;
  return ((await item.getValue())[key] ?? []).includes(await digest(url));
}

/** What the background gives the overlay in the same call that reads the candidates (utils/crop/background/inject.ts). */
export interface HandOver {
  /** Where the overlay file looks for its config. */
  configKey: string;
  /** Where the overlay file, run first, leaves the function that opens it. */
  openKey: string;
  config: unknown;
  /** This injection's own mark: a config left in the page carries it, so the background can take back exactly its own (dropLeftConfig). */
  stamp: string;
}

/**
 * Runs in the page's frame (scripting.executeScript, self-contained): every file the element(s)
 * showing `srcUrl` offer, as absolute URLs. With `handOver`, then gives the overlay its config in
 * the same call, one round trip fewer before it is drawn: the overlay file is injected alongside,
 * in the same isolated world, and whichever of the two runs second opens the overlay (if the file
 * came first, it left its opener; if not, it finds the config). Each takes what it finds, so that a
 * later injection never reuses it.
 */
export function candidatesOf(srcUrl: string | null | undefined, handOver?: HandOver): string[] {
  const abs = (u: string | null | undefined) => {
    try {
      return u ? new URL(u, document.baseURI).href : '';
    } catch {
      return '';
    }
  };
  const want = abs(srcUrl);
  const urls = new Set<string>([want]);
  for (const img of want ? Array.from(document.querySelectorAll('img')) : []) {
    if (abs(img.currentSrc) !== want && abs(img.src) !== want) continue;
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    const sets = [img.srcset, ...Array.from(picture?.querySelectorAll('source') ?? []).map((s) => s.srcset)];
    urls.add(abs(img.currentSrc)).add(abs(img.src));
    // "a.jpg 1x, b.jpg 2x" or "a.jpg 800w,b.jpg 1600w": a candidate ends at a comma after a descriptor
    // or before whitespace (a data: URL's own comma has neither).
    for (const set of sets) for (const part of (set || '').split(/(?<=\s\d+(?:\.\d+)?[wx])\s*,\s*|,\s+/)) urls.add(abs(part.trim().split(/\s+/)[0]));
  }
  urls.delete('');
  // Read before the overlay opens (it reads the same element), all in this one task.
  if (handOver) {
    const world = globalThis as Record<string, unknown>;
    const open = world[handOver.openKey];
    delete world[handOver.openKey];
    if (typeof open === 'function') {
      delete world[handOver.configKey];
      (open as (config: unknown) => void)(handOver.config);
    } else {
      // Left for this injection's overlay file: stamped and dated, so that a file that never
      // comes (its call failed) cannot hand it to a later injection (utils/crop/handover.ts).
      world[handOver.configKey] = { stamp: handOver.stamp, at: Date.now(), config: handOver.config };
    }
  }
  return [...urls];
}
