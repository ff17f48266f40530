/**
 * Bytes ↔ base64 and blobs, in one place: keys that travel as JSON between contexts, images that
 * providers answer as base64 (OpenAI, Gemini, PhotoRoom), and inputs Gemini takes as inlineData.
 */

/**
 * Base64 to bytes: the browser's own decoder where there is one (Uint8Array.fromBase64, Chrome 140,
 * Firefox 133): a result is megabytes of base64, and a byte-by-byte loop over it is most of the
 * time between its answer and the screen.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes to base64, in chunks to spare the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** How many first bytes an image's checks read (utils/image/inspect.ts): enough for every header they parse, an AVIF's largest size among them. */
export const HEAD_BYTES = 256 * 1024;

/**
 * The first HEAD_BYTES of blobs made here from bytes in hand (a provider's base64 answer, a page's
 * `data:` image), kept beside the blob: the check of a result's header reads them from here instead
 * of asking the browser for them back, a round trip that took ~4 ms between a 1024² answer and its
 * store (traced in Chrome, on the thread the popup shares). The copy goes with its blob.
 */
const heads = new WeakMap<Blob, Uint8Array>();

export function knownHead(blob: Blob): Uint8Array | undefined {
  return heads.get(blob);
}

export function base64ToBlob(base64: string, type: string): Blob {
  const bytes = fromBase64(base64);
  const blob = new Blob([bytes], { type });
  heads.set(blob, bytes.slice(0, HEAD_BYTES));
  return blob;
}

/** A blob's bytes as base64 (for JSON bodies such as Gemini's inlineData). */
export async function blobToBase64(blob: Blob): Promise<string> {
  return toBase64(new Uint8Array(await blob.arrayBuffer()));
}
