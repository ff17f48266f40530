import { isProviderInputType } from './blob';

/** An image ready to send to a provider, with its size in source pixels. */
export interface LoadedImage {
  blob: Blob;
  width: number;
  height: number;
}

export type SourceErrorKind = 'unreadable' | 'not-image';

export class SourceError extends Error {
  constructor(readonly kind: SourceErrorKind, detail: string) {
    super(detail);
    this.name = 'SourceError';
  }
}

export interface ImageCodec {
  /** Width and height of an encoded image; throws when the browser can't decode it. */
  measure(blob: Blob): Promise<{ width: number; height: number }>;
  /** Re-encodes to PNG (for formats providers don't take, e.g. GIF or AVIF). */
  toPng(blob: Blob): Promise<Blob>;
}

/** Decoding with the browser's own codecs (createImageBitmap + OffscreenCanvas). */
export const browserCodec: ImageCodec = {
  async measure(blob) {
    const bitmap = await createImageBitmap(blob);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  },
  async toPng(blob) {
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    return canvas.convertToBlob({ type: 'image/png' });
  },
};

/**
 * Reads an image's bytes from its URL in an extension page (data:, blob:, and sites that allow it),
 * then makes sure a provider can take them.
 */
export async function loadImageFromUrl(url: string, fetchFn: typeof fetch = fetch, codec = browserCodec): Promise<LoadedImage> {
  let blob: Blob;
  try {
    const response = await fetchFn(url, { credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    blob = await response.blob();
  } catch (err) {
    throw new SourceError('unreadable', err instanceof Error ? err.message : String(err));
  }
  let size: { width: number; height: number };
  try {
    size = await codec.measure(blob);
  } catch {
    throw new SourceError('not-image', `cannot decode ${blob.type || 'unknown type'}`);
  }
  if (!isProviderInputType(blob.type)) blob = await codec.toPng(blob);
  return { blob, ...size };
}
