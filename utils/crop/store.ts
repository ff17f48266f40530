import { createStore, del, get, set } from 'idb-keyval';
import type { Rect } from './geometry';

/**
 * The crop waiting in the popup, in the extension's IndexedDB: written before the popup opens,
 * kept until the user removes it, so closing the popup loses nothing.
 */
export interface CropRecord {
  blob: Blob;
  width: number;
  height: number;
  /** `screen` when only a screenshot was readable: the crop is at screen resolution. */
  origin: 'original' | 'screen';
  mode: 'image' | 'capture';
  url?: string;
  pageUrl: string;
  /** The selection as fractions of the image, to cut it again from the original bytes. */
  selection: Rect;
  tabId: number;
  frameId: number;
  at: number;
}

const KEY = 'current';
let store: ReturnType<typeof createStore> | undefined;
// Opened lazily: the unit tests give each test a fresh indexedDB.
const db = () => (store ??= createStore('pictor-crop', 'crop'));

export const cropStore = {
  get: () => get<CropRecord>(KEY, db()),
  set: (record: CropRecord) => set(KEY, record, db()),
  clear: () => del(KEY, db()),
  /** For tests that swap indexedDB between cases. */
  reset: () => {
    store = undefined;
  },
};
