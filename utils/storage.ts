import { storage } from 'wxt/utils/storage';
import { DEFAULT_MODEL } from './providers/catalog';
import type { ImageOptions, ProviderId } from './providers/types';

/**
 * Every storage.local item, defined once. Secrets never live here (see vault.ts), and nothing goes
 * to storage.sync.
 */

/** The image the user picked on a page, waiting in the popup until they use or remove it. */
export interface PendingSource {
  url: string;
  pageUrl?: string;
  at: number;
}

export const pendingSource = storage.defineItem<PendingSource | null>('local:pendingSource', {
  fallback: null,
  version: 1,
});

export interface ModelChoice {
  provider: ProviderId;
  model: string;
}

export const modelChoice = storage.defineItem<ModelChoice>('local:modelChoice', {
  fallback: { provider: DEFAULT_MODEL.provider, model: DEFAULT_MODEL.id },
  version: 1,
});

/** Save every result to the downloads folder as soon as it arrives. */
export const autoDownload = storage.defineItem<boolean>('local:autoDownload', { fallback: false, version: 1 });

/** The options last used in the popup, so the next request starts from them. */
export const imageOptions = storage.defineItem<ImageOptions>('local:imageOptions', { fallback: {}, version: 1 });

/** What the user was typing, kept so closing the popup loses nothing. */
export const draftPrompt = storage.defineItem<string>('local:draftPrompt', { fallback: '', version: 1 });

export interface DownloadSettings {
  folder: string;
  template: string;
}

export const downloadSettings = storage.defineItem<DownloadSettings>('local:downloadSettings', {
  fallback: { folder: 'Pictor', template: 'pictor-{date}-{time}-{prompt}-{n}' },
  version: 1,
});
