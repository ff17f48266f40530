/** Small, dependency-free conversions between the shapes image bytes travel in. */

export function base64ToBlob(base64: string, type: string): Blob {
  // The browser's own decoder where there is one (Chrome 140, Firefox 133): a result is megabytes
  // of base64, and a byte-by-byte loop over it is most of the time between its answer and the screen.
  const native = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native) return new Blob([native(base64)], { type });
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** The formats every provider accepts as input; anything else is re-encoded to PNG first. */
export const PROVIDER_INPUT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export function isProviderInputType(type: string): boolean {
  return (PROVIDER_INPUT_TYPES as readonly string[]).includes(type);
}

export function extensionFor(type: string): string {
  if (type === 'image/jpeg') return 'jpg';
  if (type === 'image/webp') return 'webp';
  return 'png';
}

/** A blob's bytes as base64 (for JSON bodies such as Gemini's inlineData), in chunks to spare the stack. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
