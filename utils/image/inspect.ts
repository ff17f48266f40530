import type { Size } from '../crop/geometry';
import { headerSize, jpegSizeDeep } from './dimensions';
import { HEAD_BYTES, knownHead } from '../platform/bytes';

/**
 * Every image that enters Pictor (a page's file, a provider's answer, a result used as input) is
 * checked by its own bytes before anything decodes it: what it says it is (a Content-Type, a MIME
 * type in JSON) is not trusted, and a header claiming a huge size is refused before the decoder
 * is asked to allocate it.
 */
export const IMAGE_LIMITS = { maxBytes: 50 * 1024 * 1024, maxPixels: 100_000_000 };

export type ImageProblem = 'not-image' | 'too-large' | 'too-many-pixels';

export class ImageCheckError extends Error {
  override name = 'ImageCheckError';
  constructor(
    readonly problem: ImageProblem,
    readonly size?: Size,
  ) {
    super(problem);
  }
}

const startsWith = (bytes: Uint8Array, at: number, text: string) => [...text].every((c, k) => bytes[at + k] === c.charCodeAt(0));

/** The type the bytes really are, or null when they are none of the formats Pictor reads. */
export function sniffImageType(bytes: Uint8Array, { svg = false } = {}): string | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && startsWith(bytes, 1, 'PNG\r\n')) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a'))) return 'image/gif';
  if (bytes.length >= 12 && startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'image/webp';
  if (bytes.length >= 12 && startsWith(bytes, 4, 'ftypavi')) return 'image/avif';
  if (svg) {
    // SVG is text: only from pages (rasterized there), never from a provider.
    const text = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
    if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
  }
  return null;
}

/**
 * Checks an image by its first bytes and its total length. Returns its real type and, when its
 * header says, its size; throws ImageCheckError otherwise.
 */
export function checkImage(head: Uint8Array, totalBytes: number, { svg = false } = {}): { type: string; size: Size | null; stored: Size | null } {
  const type = sniffImageType(head, { svg });
  if (!type) throw new ImageCheckError('not-image');
  // Pixels as stored: an EXIF rotation swaps the sides, not their product.
  const stored = type === 'image/svg+xml' ? null : headerSize(head, { ignoreRotation: true });
  if (stored && (stored.width === 0 || stored.height === 0)) throw new ImageCheckError('not-image');
  if (stored && stored.width * stored.height > IMAGE_LIMITS.maxPixels) throw new ImageCheckError('too-many-pixels', stored);
  if (totalBytes > IMAGE_LIMITS.maxBytes) throw new ImageCheckError('too-large');
  return { type, size: type === 'image/svg+xml' ? null : headerSize(head), stored };
}

/**
 * The same check on a Blob; returns the blob retyped to what its bytes are, and `stored`, its size
 * as stored (null when its header does not say, or for an SVG). A JPEG whose frame header lies past
 * the first bytes is measured through the file before the pixel limit is applied.
 */
export async function checkImageBlob(blob: Blob, options: { svg?: boolean } = {}): Promise<{ blob: Blob; size: Size | null; stored: Size | null }> {
  if (blob.size > IMAGE_LIMITS.maxBytes) throw new ImageCheckError('too-large');
  // A blob made from bytes in hand has its first bytes kept (base64ToBlob): no read back.
  const head = knownHead(blob) ?? new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const checked = checkImage(head, blob.size, options);
  let { size, stored } = checked;
  if (checked.type === 'image/jpeg' && !stored && blob.size > HEAD_BYTES) {
    stored = await jpegSizeDeep(blob);
    if (stored && stored.width * stored.height > IMAGE_LIMITS.maxPixels) throw new ImageCheckError('too-many-pixels', stored);
    size ??= stored;
  }
  return { blob: blob.type === checked.type ? blob : new Blob([blob], { type: checked.type }), size, stored };
}
