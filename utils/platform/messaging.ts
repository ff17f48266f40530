import { defineExtensionMessaging } from '@webext-core/messaging';
import type { BillingPage } from '../billing/config';
import type { BillingPlan, Verdict } from '../billing/rules';
import type { Unsaved } from '../jobs/unsaved';
import type { RunJob } from './message-rules';

/**
 * The one message protocol between Pictor's contexts. Payloads are job ids: images and API keys
 * travel through IndexedDB, never through messages (a job just stored also goes to the open views
 * by a channel of the extension's own pages, utils/jobs/stored-channel.ts; it holds no key).
 */
interface ProtocolMap {
  /** Popup → background: a stored job is ready to run. */
  startJob(jobId: string): void;
  /**
   * Background → the context that runs jobs (Chrome's offscreen document): a job the gateway let
   * through, and whose it is, so that its key is read while the job is marked running.
   */
  runJob(data: RunJob): void;
  /** Popup or library → background: stop a job (the gateway decides where it is). */
  cancelJob(jobId: string): void;
  /** Background → the context that runs jobs: stop this job if it runs there (true if it did). */
  stopJob(jobId: string): boolean;
  /**
   * Chrome's offscreen runner → background: results that could not be stored (the disk is full),
   * as object URLs of the runner's document, to be saved to Downloads at once. Never keys.
   */
  saveUnsaved(data: { jobId: string; urls: { url: string; type: string }[] }): Unsaved;
  /** Popup or library → background: save to Downloads again the results of this job still held (utils/results/held-results.ts). */
  saveHeldAgain(jobId: string): Unsaved;
  /** Popup → background: the user has looked at this finished job (the badge stops counting it). */
  jobSeen(jobId: string): void;
  /** Runner → everyone: a job's stored state changed. */
  jobChanged(jobId: string): void;
  /**
   * Chrome's offscreen document → background: the unlocked vault key (base64) or null when locked.
   * Only the offscreen document is answered (vault-session.ts); never an API key.
   */
  vaultSessionKey(): string | null;
  /**
   * Chrome's offscreen runner → background: does the browser grant this origin pattern now? The
   * offscreen document has no permissions API, and a custom base URL gets a key only if it does.
   */
  originGranted(pattern: string): boolean;
  /**
   * Popup or options → background: ask ExtensionPay now. The answer is also stored
   * (storage.ts billingRecord), which open pages watch.
   */
  billingCheck(): Verdict;
  /** Popup or options → background: the plans and prices ExtensionPay offers. */
  billingPlans(): BillingPlan[];
  /** Popup or options → background: open ExtensionPay's trial, payment or login page, then watch for the change. */
  billingOpen(page: BillingPage): void;
}

// No logger: messages must not end up in a console (prompts are the user's own words). Who may
// send each of them, and in what shape, is declared in message-rules.ts.
export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>({ logger: undefined });

/** Sends a notification that may have no listener (e.g. the popup is closed). */
export async function broadcast(type: 'jobChanged', jobId: string): Promise<void> {
  await sendMessage(type, jobId).catch(() => undefined);
}
