/** Small, dependency-free conversions between the shapes image bytes travel in. */

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
