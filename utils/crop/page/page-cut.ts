import { fetchBounded } from '../../image/bounded-fetch';
import { checkImageBlob } from '../../image/inspect';
import type { Rect, Size } from '../geometry';
import { browserCropCodec, cutFromBytes, INPUT_LIMITS, type CropCodec } from '../pipeline';
import { toDataUrl } from '../target';

/**
 * A crop cut in the page, as it travels to the background: the crop's bytes as a data: URL and the
 * size they claim (the background checks both before keeping them, utils/crop/pipeline.ts).
 */
export interface PageCrop {
  bytes: string;
  width: number;
  height: number;
}

/**
 * Cuts an image the page can read in the page itself, so that only the crop travels.
 *
 * Where the cut happens: extension messages are JSON, so bytes cross from the page to the background
 * as a data: URL, a third larger and encoded and decoded on each side. Sending the whole file to be
 * cut in the background paid that for every byte of the file, then decoded it a second time there.
 * The page already has the file (the HTTP cache) and the same codecs; cut here, only the crop (often
 * a fraction of the file) crosses, once.
 *
 * When: the file is read and decoded as the overlay opens, while the user selects, so Enter only
 * cuts and encodes. The decoded image takes 4 bytes a pixel for as long as the overlay is open, so
 * only images up to the providers' input size (16.7 MP) are decoded ahead; a larger one decodes just
 * its rectangle at Enter. Anything that fails here (a file the page can't fetch again, a format this
 * page can't decode) leaves the crop to the background's own routes, as before.
 */
/**
 * The largest file sent whole to the background: Chrome caps an extension message at 64 MiB of
 * JSON (https://developer.chrome.com/docs/extensions/develop/concepts/messaging), and a data: URL
 * is a third larger than its bytes. A larger file's crop simply has no original to put back into.
 */
const ORIGINAL_MESSAGE_BYTES = 40 * 1024 * 1024;

export class PageCut {
  readonly #file: Promise<{ blob: Blob; size: Size | null } | null>;
  readonly #decoded: Promise<ImageBitmap | null>;

  constructor(url: string) {
    this.#file = fetchBounded(fetch, url)
      .then((blob) => checkImageBlob(blob))
      .catch(() => null);
    this.#decoded = this.#file
      .then((file) => (file?.size && file.size.width * file.size.height <= INPUT_LIMITS.maxPixels ? createImageBitmap(file.blob) : null))
      .catch(() => null);
  }

  /** Whether the page could read the file and it is an image of a known size (the cut can start). */
  async readable(): Promise<boolean> {
    return Boolean((await this.#file)?.size);
  }

  /** The selection (fractions of the image) cut and encoded, or undefined to leave it to the background. */
  async cut(selection: Rect): Promise<PageCrop | undefined> {
    const file = await this.#file;
    if (!file?.size) return undefined;
    const decoded = await this.#decoded;
    const codec: CropCodec = decoded ? fromBitmap(decoded) : browserCropCodec;
    try {
      const cut = await cutFromBytes(file.blob, selection, codec);
      return { bytes: await toDataUrl(cut.blob), width: cut.width, height: cut.height };
    } catch {
      return undefined;
    }
  }

  /**
   * The whole file as a data: URL, for the background to keep with the crop (put back later), or
   * undefined when the page could not read it or it is too large for one extension message.
   */
  async original(): Promise<string | undefined> {
    const file = await this.#file;
    if (!file?.size || file.blob.size > ORIGINAL_MESSAGE_BYTES) return undefined;
    return toDataUrl(file.blob).catch(() => undefined);
  }

  /** The overlay closed: the decoded image goes. */
  release(): void {
    void this.#decoded.then((bitmap) => bitmap?.close());
  }
}

/** Cuts from an image decoded ahead (same output as browserCropCodec, without decoding again). */
function fromBitmap(bitmap: ImageBitmap): CropCodec {
  return {
    async cut(_blob, rect, out, type) {
      const canvas = new OffscreenCanvas(out.width, out.height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height, 0, 0, out.width, out.height);
      return canvas.convertToBlob({ type, quality: 0.95 });
    },
    measure: () => Promise.resolve({ width: bitmap.width, height: bitmap.height }),
  };
}
