import type { SpendLimits } from '../jobs/spend';
import type { CompareChoice } from '../providers/compare';
import { storage } from 'wxt/utils/storage';
import type { BillingRecord } from '../billing/rules';
import { legacyOpenAIParams } from '../providers/legacy';
import { DEFAULT_CHOICE } from '../providers/default-choice';
import type { KeyTestOutcome, ModelList, Params, ServiceId } from '../providers/types';
import type { JobError } from '../providers/errors';

/**
 * Every storage.local item, defined once. Secrets never live here (see vault.ts), and Pictor puts
 * nothing in storage.sync (ExtPay does: see billingRecord).
 */

export interface ModelChoice {
  provider: ServiceId;
  model: string;
}

/** The provider and model the popup starts with: the last ones used (or the default set in Settings). */
export const modelChoice = storage.defineItem<ModelChoice>('local:modelChoice', {
  fallback: { ...DEFAULT_CHOICE },
  version: 1,
});

/** The last model used with each provider, so switching provider and back restores it. */
export const lastModels = storage.defineItem<Partial<Record<ServiceId, string>>>('local:lastModels', { fallback: {}, version: 1 });

/** The pairs compared beside the popup's own choice (utils/providers/compare.ts); empty: no comparison. */
export const compareWith = storage.defineItem<CompareChoice[]>('local:compareWith', { fallback: [], version: 1 });

/**
 * Batches the user paused, or that stopped at a monthly limit (utils/jobs/batch.ts): their jobs
 * wait in the queue until Resume. A batch not named here runs.
 */
export const pausedBatches = storage.defineItem<Record<string, 'user' | 'spend-limit'>>('local:pausedBatches', { fallback: {}, version: 1 });

export interface DownloadSettings {
  folder: string;
  template: string;
}

export const downloadSettings = storage.defineItem<DownloadSettings>('local:downloadSettings', {
  fallback: { folder: 'Pictor', template: 'pictor-{date}-{time}-{prompt}-{n}' },
  version: 1,
});

/**
 * Each service's model list as its key last read it (utils/providers/model-lists.ts): when, and the image
 * models it named with their shutdown dates. The pickers read it (utils/providers/choice.ts); only
 * Settings and the background write it, so the popup never waits on a provider. Version 1 held the
 * ids of Gemini models the catalog lacked; they come over as a list read long ago, so the next
 * wake-up reads the list again.
 */
export type ModelLists = Partial<Record<ServiceId, ModelList>>;

export const modelLists = storage.defineItem<ModelLists>('local:discoveredModels', {
  fallback: {},
  version: 2,
  migrations: {
    2: (v1: unknown): ModelLists => {
      const out: ModelLists = {};
      if (typeof v1 !== 'object' || v1 === null) return out;
      for (const [id, ids] of Object.entries(v1)) {
        if (Array.isArray(ids)) out[id as ServiceId] = { at: 0, models: ids.filter((m): m is string => typeof m === 'string').map((m) => ({ id: m })) };
      }
      return out;
    },
  },
});

/** Runs PhotoRoom background removal on every result as it arrives (needs a PhotoRoom key). */
export const autoRemoveBackground = storage.defineItem<boolean>('local:autoRemoveBackground', { fallback: false, version: 1 });

/** A notification "Your image is ready" when a job finishes while the popup is closed. */
export const notifyWhenReady = storage.defineItem<boolean>('local:notifyWhenReady', { fallback: true, version: 1 });

/** Keep the last N requests in History (0: keep everything); see utils/jobs/retention.ts. */
export const keepLastJobs = storage.defineItem<number>('local:keepLastJobs', { fallback: 0, version: 1 });

/** Saves every result to the downloads folder as soon as it arrives (the background does it). */
export const autoDownload = storage.defineItem<boolean>('local:autoDownload', { fallback: false, version: 1 });

/**
 * Parameters a new request starts with, per provider, by the names the provider's schema uses:
 * set in Settings and remembered from the popup's last request. The popup shows, and sends, only
 * those the chosen model takes. Version 1 held OpenAI's options in Pictor's own names.
 */
export type ProviderParams = Partial<Record<ServiceId, Params>>;

export const imageDefaults = storage.defineItem<ProviderParams>('local:imageDefaults', {
  fallback: {},
  version: 2,
  migrations: {
    2: (v1: unknown): ProviderParams => ({ openai: legacyOpenAIParams(v1) }),
  },
});

// Custom API base URLs are not here: they decide where a key goes, and content scripts can write
// storage.local. See endpoint-store.ts.

/**
 * Jobs whose results the disk could not hold, handed to Downloads instead (job id → the job's
 * error: saved there, or lost and why; utils/jobs/unsaved.ts). In session storage: it does not
 * depend on the room IndexedDB lacked, and it is cleared with the session.
 */
export const unsavedJobs = storage.defineItem<Record<string, JobError>>('session:unsavedJobs', { fallback: {}, version: 1 });

/**
 * Results of those jobs not yet written to Downloads: object URLs of the document that ran the job
 * (the images stay alive there until it closes), with their place in the job, so that the popup can
 * save them again once there is room. A few short strings per job; cleared with the session.
 */
export interface HeldResult {
  /** Object URL in the document that ran the job. */
  url: string;
  type: string;
  /** Its place among the job's results (names the file). */
  index: number;
}
export const heldResults = storage.defineItem<Record<string, { total: number; images: HeldResult[] }>>('session:heldResults', { fallback: {}, version: 1 });

/**
 * What each provider last said of the saved key (Save or Test key), so Settings can say "works" or
 * "rejected" without asking again. Outcomes only: never the key, nor any part of it.
 */
export interface KeyCheck {
  outcome: KeyTestOutcome;
  status?: number;
  at: number;
}
export const keyChecks = storage.defineItem<Partial<Record<ServiceId, KeyCheck>>>('local:keyChecks', { fallback: {}, version: 1 });

/**
 * The unlocked vault key while a passphrase lock is on. storage.session lives in memory only, is
 * emptied when the browser closes, and by default only extension pages and the worker can read it
 * (never content scripts). See vault-session.ts.
 */
export interface VaultUnlock {
  /** The PBKDF2-derived AES key, base64. */
  key: string;
  lastUsed: number;
  /** Lock again after this long without use; 0 = only when the browser closes. */
  idleMs: number;
}

export const vaultUnlock = storage.defineItem<VaultUnlock | null>('session:vaultUnlock', { fallback: null, version: 1 });

/**
 * ExtensionPay's last good answer about this user and what happened since (utils/billing/rules.ts):
 * honoured for 72 hours when the site can't be reached. No email, no key: ExtPay keeps its own
 * `extensionpay_*` items in storage.sync.
 */
export const billingRecord = storage.defineItem<BillingRecord | null>('local:billingRecord', { fallback: null, version: 1 });

/** Monthly spending limits in US dollars, overall and per service (utils/jobs/spend.ts); none by default. */
export const spendLimits = storage.defineItem<SpendLimits>('local:spendLimits', { fallback: {}, version: 1 });
