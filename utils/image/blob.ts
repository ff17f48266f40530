/** Small, dependency-free conversions between the shapes image bytes travel in. */

export function base64ToBlob(base64: string, type: string): Blob {
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
