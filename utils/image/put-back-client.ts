import type { Rect, Size } from '../crop/geometry';
// Vite bundles the worker as a file of its own (https://vite.dev/guide/features#import-with-query-suffixes).
import PutBackWorker from './put-back.worker.ts?worker';

/** What the put-back worker (utils/image/put-back.worker.ts) is given. */
/** Formats the put back writes again with loss (quality 0.95): the rest of the photo is not kept exactly. */
export function isLossy(type: string): boolean {
  return type === 'image/jpeg' || type === 'image/webp';
}

export interface PutBackRequest {
  /** The full-resolution file the crop was cut from. */
  original: Blob;
  /** The crop's rectangle in the original's pixels. */
  rect: Rect;
  /** The edited image to put back. */
  result: Blob;
  /** 255 where the edit may change the picture, at the size it was painted; absent: the whole crop. */
  mask?: Size & { data: Uint8Array };
  /** Width of the soft edge, in the original's pixels. */
  feather: number;
  /** Written as PNG even when the original is a JPEG or WebP, so that every pixel outside the edit stays exact. */
  lossless?: boolean;
}

export interface PutBackDone {
  kind: 'done';
  blob: Blob;
  width: number;
  height: number;
  /** The result's own size, and the part of it that went back (utils/image/put-back.ts fitResult). */
  resultWidth: number;
  resultHeight: number;
  take: Rect;
  reshaped: boolean;
}

export type PutBackReply = PutBackDone | { kind: 'progress'; done: number } | { kind: 'error'; message: string };

/** A put-back that takes longer than this has stalled (a 24 MP photo takes a few seconds). */
const BOUND_MS = 120_000;

/**
 * Runs one put-back in a worker of its own, so the page that asked never freezes, and ends the
 * worker when it is done, failed or out of time. `onProgress` hears the fraction done (0–1).
 */
export function putBack(req: PutBackRequest, onProgress: (done: number) => void = () => undefined): Promise<PutBackDone> {
  const worker = new PutBackWorker();
  return new Promise<PutBackDone>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Putting the edit back took too long.')), BOUND_MS);
    worker.addEventListener('message', (event: MessageEvent<PutBackReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') return onProgress(reply.done);
      clearTimeout(timer);
      if (reply.kind === 'done') resolve(reply);
      else reject(new Error(reply.message));
    });
    worker.addEventListener('error', (event) => {
      clearTimeout(timer);
      reject(new Error(event.message || 'The put-back worker failed.'));
    });
    worker.postMessage(req);
  }).finally(() => worker.terminate());
}

/** The rectangle `rect` of an image, as PNG: a put-back photo's region, to edit again at full resolution. */
export async function regionOf(image: Blob, rect: Rect): Promise<Blob> {
  const bitmap = await createImageBitmap(image, rect.x, rect.y, rect.width, rect.height);
  try {
    const canvas = new OffscreenCanvas(rect.width, rect.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}
