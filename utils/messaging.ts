import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser, type Browser } from 'wxt/browser';

/**
 * The one message protocol between Pictor's contexts. Payloads are job ids: images and API keys
 * travel through IndexedDB, never through messages.
 */
interface ProtocolMap {
  /** Popup → background: a stored job is ready to run. */
  startJob(jobId: string): void;
  /** Background → the context that runs jobs (Chrome's offscreen document). */
  runJob(jobId: string): void;
  /** Popup → background → runner. */
  cancelJob(jobId: string): void;
  /** Runner → everyone: a job's stored state changed. */
  jobChanged(jobId: string): void;
  /**
   * Chrome's offscreen document → background: the unlocked vault key (base64) or null when locked.
   * Only the offscreen document is answered (vault-session.ts); never an API key.
   */
  vaultSessionKey(): string | null;
}

// No logger: messages must not end up in a console (prompts are the user's own words).
export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>({ logger: undefined });

/** Sends a notification that may have no listener (e.g. the popup is closed). */
export async function broadcast(type: 'jobChanged', jobId: string): Promise<void> {
  await sendMessage(type, jobId).catch(() => undefined);
}

const JOB_ID = /^[0-9a-f-]{36}$/;

/**
 * The background and the runner reject by default: only Pictor's own extension pages may talk to
 * them (a content script's sender carries the page's URL), and only with a well-formed job id.
 */
export function isTrustedSender(sender: Browser.runtime.MessageSender | undefined): boolean {
  if (!sender || sender.id !== browser.runtime.id) return false;
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

export function assertJobMessage(sender: Browser.runtime.MessageSender | undefined, jobId: unknown): string {
  if (!isTrustedSender(sender)) throw new Error('Rejected a message from outside Pictor.');
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) throw new Error('Rejected a malformed job id.');
  return jobId;
}
