import type { Size } from '../crop/geometry';

/**
 * Reads an image's pixel size from its header, so a crop can be cut from a huge file without first
 * decoding all of it. Returns null when the format is not one of these (or the JPEG carries an
 * EXIF rotation, which swaps what the browser shows): callers then decode to measure.
 */
export function headerSize(bytes: Uint8Array, { ignoreRotation = false } = {}): Size | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (i: number, s: string) => [...s].every((c, k) => bytes[i + k] === c.charCodeAt(0));
  if (bytes.length >= 24 && at(1, 'PNG') && at(12, 'IHDR')) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length >= 10 && at(0, 'GIF8')) return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (bytes.length >= 30 && at(0, 'RIFF') && at(8, 'WEBP')) return webpSize(view, bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(view, ignoreRotation);
  if (bytes.length >= 16 && at(4, 'ftyp')) return avifSize(view, bytes);
  return null;
}

function webpSize(view: DataView, bytes: Uint8Array): Size | null {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8X') return { width: 1 + (view.getUint32(24, true) & 0xffffff), height: 1 + (view.getUint32(27, true) & 0xffffff) };
  if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L') {
    const b = view.getUint32(21, true);
    return { width: 1 + (b & 0x3fff), height: 1 + ((b >> 14) & 0x3fff) };
  }
  return null;
}

/**
 * AVIF (HEIF): image spatial extent ('ispe') boxes carry the sizes of its items. A file may hold
 * several (a thumbnail, the tiles of a grid, the image itself), and a small one can come first, so
 * the largest width and height of them all are taken: a size check is never passed on a thumbnail's.
 */
function avifSize(view: DataView, bytes: Uint8Array): Size | null {
  let found = false;
  let width = 0;
  let height = 0;
  for (let i = 0; i + 20 <= bytes.length; i++) {
    if (bytes[i] === 0x69 && bytes[i + 1] === 0x73 && bytes[i + 2] === 0x70 && bytes[i + 3] === 0x65) {
      found = true;
      width = Math.max(width, view.getUint32(i + 8));
      height = Math.max(height, view.getUint32(i + 12));
    }
  }
  return found ? { width, height } : null;
}

function jpegSize(view: DataView, ignoreRotation: boolean): Size | null {
  let i = 2;
  let size: Size | null = null;
  while (i + 9 < view.byteLength) {
    if (view.getUint8(i) !== 0xff) return null;
    const marker = view.getUint8(i + 1);
    const length = view.getUint16(i + 2);
    // APP1 "Exif": an orientation other than 1 means the browser shows the image rotated.
    if (!ignoreRotation && marker === 0xe1 && exifRotated(view, i + 4, length - 2)) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      size = { width: view.getUint16(i + 7), height: view.getUint16(i + 5) };
      return size;
    }
    i += 2 + length;
  }
  return size;
}

function exifRotated(view: DataView, start: number, length: number): boolean {
  if (length < 14 || view.getUint32(start) !== 0x45786966) return false;
  const tiff = start + 6;
  const little = view.getUint16(tiff) === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  const count = view.getUint16(ifd, little);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 10 > view.byteLength) return false;
    if (view.getUint16(entry, little) === 0x0112) return view.getUint16(entry + 8, little) !== 1;
  }
  return false;
}

/**
 * A JPEG's stored size when its frame header lies past the bytes first read (metadata segments of
 * up to 64 KB each can come before it): the segments are walked through the file, a few bytes read
 * at each, so the pixel limit is checked before anything decodes it.
 */
export async function jpegSizeDeep(blob: Blob, maxSegments = 4096): Promise<Size | null> {
  const read = async (at: number, n: number) => new DataView(await blob.slice(at, at + n).arrayBuffer());
  let i = 2;
  for (let k = 0; k < maxSegments && i + 9 <= blob.size; k++) {
    const head = await read(i, 9);
    if (head.getUint8(0) !== 0xff) return null;
    const marker = head.getUint8(1);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { width: head.getUint16(7), height: head.getUint16(5) };
    i += 2 + head.getUint16(2);
  }
  return null;
}
