import { get, update } from 'idb-keyval';
import { keyValueStore } from '../platform/kv-store';
import type { JobReference } from '../jobs/types';
import { cropStore, REFERENCES_KEY, wholeImageCrop } from './store';
import { t } from '../platform/i18n';

/**
 * The images added to the next request after the crop ("Add to Pictor as a reference", a paste, a
 * drop, "Use as reference"), in order, in the extension's IndexedDB beside the crop: they belong to
 * the crop waiting and stay with it, through the popup closing and through requests to several
 * models, until removed or until a new crop (or none) takes its place. Every page that shows them hears each
 * change on a BroadcastChannel (which the sending page's own other listeners hear too).
 */

const KEY = REFERENCES_KEY;
const db = keyValueStore('pictor-crop', 'crop');
const CHANNEL = 'pictor-references';

export async function loadReferences(): Promise<JobReference[]> {
  return (await get<JobReference[]>(KEY, db())) ?? [];
}

/** At most this many wait: more than any model takes (OpenAI's 16 images, the crop among them). */
export const MAX_REFERENCES = 15;

/** Changes the list in one transaction (the popup and the background both write it), then tells every page. */
async function change(edit: (list: JobReference[]) => JobReference[], crop = false): Promise<void> {
  await update<JobReference[]>(KEY, (old) => edit(old ?? []), db());
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(crop ? 'crop' : 'references');
  channel.close();
}

/** Hears changes made anywhere: `crop` when the image added became the crop (there was none). */
export function onReferencesChanged(listener: (what: 'crop' | 'references') => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<'crop' | 'references'>) => listener(event.data);
  return () => channel.close();
}

/** What an addition did: the image became the crop, was added (as reference `position`, from 1), or was refused. */
export type Addition = { outcome: 'crop' | 'full' } | { outcome: 'reference'; position: number };

/**
 * Adds an image after the others. With no crop waiting, it becomes the crop (the image edited), and
 * references left from an earlier one go. Past MAX_REFERENCES it is refused (`full`).
 */
export async function addReference(reference: JobReference): Promise<Addition> {
  if (!(await cropStore.get())) {
    await cropStore.set(wholeImageCrop(reference.blob, reference.width, reference.height, { url: /^https?:/.test(reference.from) ? reference.from : undefined }));
    await change(() => [], true);
    return { outcome: 'crop' };
  }
  let position = 0;
  await change((list) => {
    if (list.length >= MAX_REFERENCES) return list;
    position = list.length + 1;
    return [...list, reference];
  });
  return position ? { outcome: 'reference', position } : { outcome: 'full' };
}

/** What an addition did, in the user's words; `added` says a reference added, given its position. */
export function additionNotice(addition: Addition, added: (position: number) => string): string {
  if (addition.outcome === 'reference') return added(addition.position);
  return addition.outcome === 'crop' ? t('referenceBecameCrop') : t('referencesFull', String(MAX_REFERENCES));
}

export async function removeReference(index: number): Promise<void> {
  await change((list) => list.filter((_, i) => i !== index));
}

/** Moves one image a place earlier (-1) or later (+1). */
export async function moveReference(index: number, by: -1 | 1): Promise<void> {
  await change((list) => {
    const to = index + by;
    if (to < 0 || to >= list.length || index < 0 || index >= list.length) return list;
    const next = [...list];
    [next[index], next[to]] = [next[to]!, next[index]!];
    return next;
  });
}

export async function clearReferences(): Promise<void> {
  await change(() => []);
}
