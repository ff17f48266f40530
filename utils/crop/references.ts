import { get, set } from 'idb-keyval';
import { keyValueStore } from '../platform/kv-store';
import { checkImageBlob } from '../image/inspect';
import type { JobReference } from '../jobs/types';
import { browserCropCodec, cutFromBytes } from './pipeline';
import { cropStore, wholeImageCrop } from './store';

/**
 * The images added to the next request after the crop ("Add to Pictor as a reference", a paste, a
 * drop, "Use as reference"), in order, in the extension's IndexedDB beside the crop: they belong to
 * the crop waiting and stay with it, through the popup closing and through requests to several
 * models, until removed or until a new crop (or none) takes its place. Every page that shows them hears each
 * change on a BroadcastChannel (which the sending page's own other listeners hear too).
 */

const KEY = 'references';
const db = keyValueStore('pictor-crop', 'crop');
const CHANNEL = 'pictor-references';

export async function loadReferences(): Promise<JobReference[]> {
  return (await get<JobReference[]>(KEY, db())) ?? [];
}

async function save(list: JobReference[], crop = false): Promise<void> {
  await set(KEY, list, db());
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

/**
 * An image file as a request takes it: checked (type, bytes, pixels) and, where larger than a crop
 * may be, scaled down as crops are (utils/crop/pipeline.ts).
 */
export async function readImage(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const { blob } = await checkImageBlob(file);
  const cut = await cutFromBytes(blob, { x: 0, y: 0, width: 1, height: 1 }, browserCropCodec);
  return { blob: cut.blob, width: cut.width, height: cut.height };
}

/** Adds an image after the others. With no crop waiting, it becomes the crop (the image edited). */
export async function addReference(reference: JobReference): Promise<'crop' | 'reference'> {
  if (!(await cropStore.get())) {
    await cropStore.set(wholeImageCrop(reference.blob, reference.width, reference.height, { url: /^https?:/.test(reference.from) ? reference.from : undefined }));
    await save(await loadReferences(), true);
    return 'crop';
  }
  await save([...(await loadReferences()), reference]);
  return 'reference';
}

export async function removeReference(index: number): Promise<void> {
  await save((await loadReferences()).filter((_, i) => i !== index));
}

/** Moves one image a place earlier (-1) or later (+1). */
export async function moveReference(index: number, by: -1 | 1): Promise<void> {
  const list = await loadReferences();
  const to = index + by;
  if (to < 0 || to >= list.length) return;
  [list[index], list[to]] = [list[to]!, list[index]!];
  await save(list);
}

export async function clearReferences(): Promise<void> {
  await save([]);
}
