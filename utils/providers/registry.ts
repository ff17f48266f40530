import { google } from './google';
import { ideogram } from './ideogram';
import { openai } from './openai';
import { photoroom } from './photoroom';
import type { ModelDef, ProviderDefinition, ServiceId } from './types';

/**
 * Every service Pictor talks to, in the order the user sees them. A new service is one folder
 * (definition in index.ts, the call in run.ts) plus one line here; vault names, settings
 * validation, the options page, manifest host permissions and the job runner all derive from this.
 */
export const PROVIDERS = [openai, google, ideogram, photoroom] as const satisfies readonly ProviderDefinition[];

export const SERVICE_IDS: readonly ServiceId[] = PROVIDERS.map((p) => p.id);

const BY_ID = new Map<string, ProviderDefinition<ServiceId>>(PROVIDERS.map((p) => [p.id, p]));

export function isServiceId(id: unknown): id is ServiceId {
  return typeof id === 'string' && BY_ID.has(id);
}

export function provider(id: ServiceId): ProviderDefinition<ServiceId> {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`Unknown service ${id}`);
  return found;
}

export function serviceLabel(id: ServiceId): string {
  return BY_ID.get(id)?.label ?? id;
}

/** The catalog row, or undefined for a model id the catalog does not list. */
export function findModel(id: ServiceId, model: string): ModelDef | undefined {
  return BY_ID.get(id)?.models.find((m) => m.id === model);
}

/** Services that make or change images from a prompt: the popup's "Provider" list. */
export const IMAGE_PROVIDERS: readonly ProviderDefinition<ServiceId>[] = PROVIDERS.filter((p) =>
  p.models.some((m) => m.operations.some((op) => op !== 'remove-background')),
);

export { DEFAULT_CHOICE } from './default-choice';

/** Manifest host permissions: every service's hosts. */
export function providerHosts(): string[] {
  return [...new Set(PROVIDERS.flatMap((p) => p.hosts))];
}
