import { browser, type Browser } from 'wxt/browser';
import { BILLING_PAGES, type BillingPage } from '../billing/config';
import { isCropOriginal, isCropRequest, type CropOriginal, type CropRequest } from '../crop/messages';
import { isOriginPattern } from './origins';
import type { ServiceId } from '../providers/types';

/**
 * Who may send each message, and what its payload must be: declared once, here, and checked before
 * any handler runs (`guarded`). Everything else is refused by default: a sender outside its declared kind, or a payload that
 * does not match, never reaches a handler (https://developer.chrome.com/docs/extensions/develop/security-privacy/stay-secure#sanitize).
 */

/** Where a message came from, told by the sender the browser vouches for. */
export type SenderKind = 'extension-page' | 'background' | 'offscreen' | 'content-script';

export function senderKind(sender: Browser.runtime.MessageSender | undefined): SenderKind | null {
  if (!sender || sender.id !== browser.runtime.id) return null;
  const root = browser.runtime.getURL('/');
  if (typeof sender.url === 'string' && sender.url.startsWith(root)) {
    const path = new URL(sender.url).pathname;
    // Chrome's service worker script, or Firefox's generated background page.
    if (path === '/background.js' || path === '/_generated_background_page.html') return 'background';
    if (path === '/offscreen.html') return 'offscreen';
    return 'extension-page';
  }
  // Not one of Pictor's pages, yet from Pictor: its content script (the crop overlay, extpay's) in a tab.
  return sender.tab ? 'content-script' : null;
}

const JOB_ID = /^[0-9a-f-]{36}$/;
export const isJobId = (v: unknown): v is string => typeof v === 'string' && JOB_ID.test(v);
const nothing = (v: unknown): v is undefined => v === undefined || v === null;

export interface UnsavedResults {
  jobId: string;
  urls: { url: string; type: string }[];
}
const isUnsaved = (v: unknown): v is UnsavedResults => {
  if (typeof v !== 'object' || v === null) return false;
  const { jobId, urls } = v as Partial<UnsavedResults>;
  return isJobId(jobId) && Array.isArray(urls) && urls.length <= 10 && urls.every((u) => typeof u?.url === 'string' && u.url.startsWith('blob:') && typeof u.type === 'string');
};

/** A job handed to the runner, and its service's id (a hint the runner checks against the record). */
export interface RunJob {
  jobId: string;
  provider: ServiceId;
}
const SERVICE_ID = /^[a-z]{1,20}$/;
const isRunJob = (v: unknown): v is RunJob => {
  if (typeof v !== 'object' || v === null) return false;
  const { jobId, provider } = v as Partial<RunJob>;
  return isJobId(jobId) && typeof provider === 'string' && SERVICE_ID.test(provider);
};

interface Rule<T> {
  from: readonly SenderKind[];
  valid: (data: unknown) => data is T;
}
const rule = <T>(from: readonly SenderKind[], valid: (data: unknown) => data is T): Rule<T> => ({ from, valid });
const OWN: readonly SenderKind[] = ['extension-page', 'background', 'offscreen'];

export const MESSAGE_RULES = {
  // Jobs: the popup and the library start and cancel; only the background hands work to the runner.
  // Pages start the jobs they stored; Chrome's offscreen runner hands back, through the gateway, a
  // job it resumes from a checkpoint after a restart (entrypoints/offscreen/main.ts).
  startJob: rule(['extension-page', 'offscreen'], isJobId),
  cancelJob: rule(['extension-page'], isJobId),
  runJob: rule(['background'], isRunJob),
  stopJob: rule(['background'], isJobId),
  jobChanged: rule(OWN, isJobId),
  jobSeen: rule(['extension-page'], isJobId),
  saveUnsaved: rule(['offscreen'], isUnsaved),
  saveHeldAgain: rule(['extension-page'], isJobId),
  // Only Chrome's offscreen runner asks for the vault's session key and for origin grants.
  vaultSessionKey: rule(['offscreen'], nothing),
  originGranted: rule(['offscreen'], isOriginPattern),
  billingCheck: rule(['extension-page'], nothing),
  billingPlans: rule(['extension-page'], nothing),
  billingOpen: rule(['extension-page'], (v: unknown): v is BillingPage => BILLING_PAGES.includes(v as BillingPage)),
  // The crop overlay runs as a content script; Recrop comes from the popup.
  confirmCrop: rule(['content-script'], (v: unknown): v is CropRequest => isCropRequest(v)),
  cropStarting: rule(['content-script'], nothing),
  cropOriginal: rule(['content-script'], (v: unknown): v is CropOriginal => isCropOriginal(v)),
  recrop: rule(['extension-page'], nothing),
  cropChanged: rule(['background', 'extension-page'], nothing),
} as const;

export type MessageName = keyof typeof MESSAGE_RULES;
type Payload<K extends MessageName> = (typeof MESSAGE_RULES)[K] extends Rule<infer T> ? T : never;

export class RefusedMessage extends Error {
  override name = 'RefusedMessage';
}

/** The payload, if `name` may come from this sender in this shape; RefusedMessage otherwise. */
export function guard<K extends MessageName>(name: K, sender: Browser.runtime.MessageSender | undefined, data: unknown): Payload<K> {
  const { from, valid } = MESSAGE_RULES[name] as Rule<Payload<K>>;
  const kind = senderKind(sender);
  if (!kind || !from.includes(kind)) throw new RefusedMessage(`Rejected ${name} from outside its senders.`);
  if (!valid(data)) throw new RefusedMessage(`Rejected a malformed ${name}.`);
  return data;
}

/** A handler that runs only for its declared senders and payload: `onMessage('x', guarded('x', (data, sender) => …))`. */
export function guarded<K extends MessageName, R>(name: K, handler: (data: Payload<K>, sender: Browser.runtime.MessageSender) => R) {
  return ({ data, sender }: { data: unknown; sender: Browser.runtime.MessageSender }): R => handler(guard(name, sender, data), sender);
}
