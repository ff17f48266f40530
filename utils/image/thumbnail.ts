/**
 * Small copies of results, made once when they are stored, so that lists (the popup's strip,
 * History) decode a few kilobytes per row instead of full-size images.
 */
export const THUMB_SIDE = 256;

/** A WebP at most THUMB_SIDE px on its long side; undefined where the context cannot draw. */
export async function thumbnail(blob: Blob): Promise<Blob | undefined> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return undefined;
  try {
    const bitmap = await createImageBitmap(blob);
    const scale = Math.min(1, THUMB_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
  } catch {
    // A thumbnail is a convenience: the full image is stored either way.
    return undefined;
  }
}
