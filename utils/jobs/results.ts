import { checkImageBlob, ImageCheckError } from '../image/inspect';
import { ProviderError } from '../providers/errors';

/** More images than any model returns in one answer is not an answer Pictor keeps. */
const MAX_RESULTS = 10;
/** Words beside the image kept at most (a provider could send a book). */
export const MAX_TEXT = 10_000;

/**
 * A provider's images, checked by their bytes (PNG, JPEG, WebP, GIF or AVIF, within the size limits)
 * and typed by them, not by what the answer claimed: anything else is a malformed answer, said as
 * such and not retried.
 */
export async function checkedResults(images: Blob[]): Promise<Blob[]> {
  if (images.length > MAX_RESULTS) throw new ProviderError({ kind: 'malformed', detail: `${images.length} images in one answer` });
  try {
    return await Promise.all(
      images.map(async (image) => {
        const { blob, stored } = await checkImageBlob(image);
        // A result whose header does not give its size could be any size once decoded: not kept.
        if (!stored) throw new ProviderError({ kind: 'malformed', detail: 'an image whose header does not give its size' });
        return blob;
      }),
    );
  } catch (err) {
    if (err instanceof ImageCheckError) throw new ProviderError({ kind: 'malformed', detail: `an image was ${err.problem}` });
    throw err;
  }
}
