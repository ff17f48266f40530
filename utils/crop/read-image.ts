import { checkImageBlob, ImageCheckError } from '../image/inspect';
import { t } from '../platform/i18n';
import { browserCropCodec, cutFromBytes } from './pipeline';

/*
 * Reading an image added as a reference (a paste, a drop, a result): apart from utils/crop/references.ts,
 * so that the popup's first screen does not load the crop pipeline; it is imported when an image is added.
 */

/**
 * An image file as a request takes it: checked (type, bytes, pixels) and, where larger than a crop
 * may be, scaled down as crops are (utils/crop/pipeline.ts).
 */
export async function readImage(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const { blob } = await checkImageBlob(file);
  const cut = await cutFromBytes(blob, { x: 0, y: 0, width: 1, height: 1 }, browserCropCodec);
  return { blob: cut.blob, width: cut.width, height: cut.height };
}

/** What is wrong with an image that could not be read, in the user's words; undefined for other failures. */
export function imageProblem(err: unknown): string | undefined {
  if (!(err instanceof ImageCheckError)) return undefined;
  return err.problem === 'not-image' ? t('errorSourceNotImage') : t('errorImageTooLarge');
}
