import { delMany, get, setMany, update } from 'idb-keyval';
import { keyValueStore } from '../platform/kv-store';
import type { Rect } from './geometry';
import type { OriginalImage } from './pipeline';
import type { CropMask } from '../image/mask-paint';
import { showReferenceItem } from './reference-menu';

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
  /** The file the crop was cut from, once known: absent for a screenshot (see OriginalImage). */
  original?: OriginalImage;
  /** The area painted as "may change" in the popup; absent: the whole crop. */
  mask?: CropMask;
  /** The result this image is ("Use as input", a put-back step): the next job names it as its parent. */
  parent?: { jobId: string; result: number };
  tabId: number;
  frameId: number;
  at: number;
}

/** Where an image made the next input came from: its result (the History chain) and, for a region of a put-back photo, that photo. */
export type InputLinks = Partial<Pick<CropRecord, 'original' | 'parent'>>;

/** Makes an image the one to edit next ("Use as input", a put-back step). */
export type UseAsInput = (blob: Blob, width: number, height: number, links?: InputLinks) => void;

/**
 * A whole image as the crop to edit (a result made the next input, the welcome page's sample): all
 * of it selected, from no page region to cut again.
 */
export function wholeImageCrop(blob: Blob, width: number, height: number, from: Partial<Pick<CropRecord, 'url' | 'pageUrl' | 'tabId' | 'original' | 'parent'>> = {}): CropRecord {
  return { blob, width, height, origin: 'original', mode: 'image', pageUrl: '', selection: { x: 0, y: 0, width: 1, height: 1 }, tabId: -1, frameId: 0, at: Date.now(), ...from };
}

const KEY = 'current';
/** Where the references waiting beside the crop are kept, in the same store (utils/crop/references.ts). */
export const REFERENCES_KEY = 'references';
/**
 * The `at` of the crop waiting while no request has been made from it: the context menu offers to
 * add references to it (utils/crop/reference-menu.ts). A request made from an older crop (History's
 * Generate again) leaves it.
 */
const OFFER_KEY = 'offer-references';
const db = keyValueStore('pictor-crop', 'crop');

export const cropStore = {
  get: () => get<CropRecord>(KEY, db()),
  /** Stores the crop to edit next; the context menu then offers to add references to it (not waited on). */
  async set(record: CropRecord): Promise<void> {
    await setMany([[KEY, record], [OFFER_KEY, record.at]], db());
    void showReferenceItem(true);
  },
  /**
   * Changes some fields of the crop stored at `at`, read and written in one transaction: the
   * background adds the original while the popup paints a mask, and neither may undo the other.
   * False when another crop (or none) is stored.
   */
  async patch(at: number, changes: Partial<Pick<CropRecord, 'original' | 'mask'>>): Promise<boolean> {
    let patched = false;
    await update<CropRecord | undefined>(KEY, (old) => {
      patched = old?.at === at;
      return patched ? { ...old!, ...changes } : old;
    }, db());
    return patched;
  },
  /** Removes the crop and the references waiting beside it (utils/crop/references.ts), which were for it. */
  async clear(): Promise<void> {
    await delMany([KEY, REFERENCES_KEY, OFFER_KEY], db());
    void showReferenceItem(false);
  },
  /**
   * A request was made from the crop stored at `at`: the crop stays (Generate again, other models),
   * and if it is the one waiting, the context menu stops offering references for it.
   */
  async taken(at: number): Promise<void> {
    let offered = false;
    await update<number | undefined>(
      OFFER_KEY,
      (old) => {
        offered = old === at;
        return offered ? undefined : old;
      },
      db(),
    );
    if (offered) await showReferenceItem(false);
  },
  /** Whether the context menu offers "Add to Pictor as a reference" (a crop waits that no request took). */
  offersReferences: async () => typeof (await get<unknown>(OFFER_KEY, db())) === 'number',
};
