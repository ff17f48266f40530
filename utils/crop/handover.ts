/**
 * The config the background hands the crop overlay, when it reaches the page before the overlay
 * file (utils/crop/background/inject.ts; candidatesOf in utils/crop/background/sources.ts leaves it). It is this
 * injection's alone: stamped, dated, taken once, and taken back by the background if this
 * injection's file call fails. So nothing an earlier click left (its mode, its image, its
 * selection) can open the overlay of a later one.
 */
export interface LeftConfig<C = unknown> {
  stamp: string;
  /** When it was left, by the page's clock (Date.now()). */
  at: number;
  config: C;
}

/**
 * How long a left config waits for its file. Both calls leave the background together and reach
 * the page within milliseconds; a config older than this belongs to a click whose file never came,
 * even where the background's clean-up could not reach the page.
 */
export const LEFT_CONFIG_FRESH_MS = 15_000;

/** The overlay file's side: the config left for it, if fresh, removed in the same step. */
export function takeLeftConfig<C>(world: Record<string, unknown>, key: string, now: number): C | undefined {
  const left = world[key] as LeftConfig<C> | undefined;
  delete world[key];
  if (!left || typeof left !== 'object' || typeof left.at !== 'number') return undefined;
  return now - left.at >= 0 && now - left.at < LEFT_CONFIG_FRESH_MS ? left.config : undefined;
}

/**
 * Runs in the page (scripting.executeScript, self-contained): takes back the config this injection
 * left when its overlay file failed to run. Another injection's config is not touched.
 */
export function dropLeftConfig(key: string, stamp: string): void {
  const world = globalThis as Record<string, unknown>;
  const left = world[key] as { stamp?: string } | undefined;
  if (left?.stamp === stamp) delete world[key];
}
