/**
 * Host permissions by origin: the match pattern that grants one site (a custom API base URL, or an
 * image's site for a full-resolution crop), and the check that a value is one. Match patterns have
 * no port (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns).
 */

/** `https://host/*` for an http(s) URL; null for anything else (data:, blob:, a broken URL). */
export function originPattern(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.protocol}//${u.hostname}/*` : null;
  } catch {
    return null;
  }
}

/** What originPattern makes, and all the background answers permission questions about. */
export function isOriginPattern(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\/[^/?#@*\s]+\/\*$/.test(value);
}
