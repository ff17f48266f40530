import { blendInto, featherMask, fitResult, openSides, scaleMask, wholeMask } from './put-back';
import { isLossy, type PutBackDone, type PutBackReply, type PutBackRequest } from './put-back-client';

/**
 * Puts an edited crop back into its original, off the popup's main thread: decode the original and
 * the result, scale the fitted part of the result to the crop's rectangle, blend it in through the
 * feathered mask, encode at the original's size and format. Only the rectangle's pixels are read
 * and written back (getImageData/putImageData); the rest of the canvas is the original as decoded.
 */

const post = (reply: PutBackReply) => postMessage(reply);

/**
 * The original's format when the browser can write it; PNG otherwise, or when asked: a JPEG or WebP
 * written again is compressed again, so its pixels outside the edit are near the original's, not equal.
 */
function outputType(type: string, lossless: boolean | undefined): string {
  return !lossless && isLossy(type) ? type : 'image/png';
}

async function putBack(req: PutBackRequest): Promise<PutBackDone> {
  // Default decoding: a file with a colour profile is brought into the canvas's sRGB, which is what
  // the written file (it carries no profile) needs in order to look as the original did; the canvas
  // keeps premultiplied pixels whatever the bitmap's option. Asking for 'none' on either took the
  // slower decode path (+270 ms on a 24 MP JPEG, measured) for no change in the file written.
  const original = await createImageBitmap(req.original);
  post({ kind: 'progress', done: 0.3 });
  const { width, height } = original;
  const rect = req.rect;
  if (rect.x < 0 || rect.y < 0 || rect.x + rect.width > width || rect.y + rect.height > height) throw new Error('the crop lies outside its original');
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(original, 0, 0);
  original.close();

  const result = await createImageBitmap(req.result);
  const fit = fitResult(result, rect);
  const resultSize = { resultWidth: result.width, resultHeight: result.height };
  const patchCanvas = new OffscreenCanvas(rect.width, rect.height);
  const pctx = patchCanvas.getContext('2d', { willReadFrequently: true });
  if (!pctx) throw new Error('no 2d context');
  pctx.imageSmoothingQuality = 'high';
  // The result over the crop as it was: where a result is transparent (a cut-out), the photo shows.
  pctx.drawImage(canvas, rect.x, rect.y, rect.width, rect.height, 0, 0, rect.width, rect.height);
  pctx.drawImage(result, fit.take.x, fit.take.y, fit.take.width, fit.take.height, 0, 0, rect.width, rect.height);
  result.close();
  post({ kind: 'progress', done: 0.5 });

  const mask = req.mask ? scaleMask(req.mask.data, req.mask, rect) : wholeMask(rect);
  const weights = featherMask(mask, rect, req.feather, openSides(rect, { width, height }));
  const base = ctx.getImageData(rect.x, rect.y, rect.width, rect.height);
  blendInto(base.data, pctx.getImageData(0, 0, rect.width, rect.height).data, weights);
  ctx.putImageData(base, rect.x, rect.y);
  post({ kind: 'progress', done: 0.7 });

  const type = outputType(req.original.type, req.lossless);
  const blob = await canvas.convertToBlob({ type, quality: 0.95 });
  return { kind: 'done', blob, width, height, ...resultSize, take: fit.take, reshaped: fit.reshaped };
}

addEventListener('message', (event: MessageEvent<PutBackRequest>) => {
  putBack(event.data).then(post, (err: unknown) => post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }));
});
