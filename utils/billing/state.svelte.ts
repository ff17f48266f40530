import { t, type MessageKey } from '../platform/i18n';
import { sendMessage } from '../platform/messaging';
import { billingRecord } from '../platform/storage';
import type { BillingPage } from './config';
import { decide, type BillingPlan, type BillingRecord } from './rules';

/** Sentences for what went wrong asking ExtensionPay (the background sends the kind as the message). */
const FAILED: Record<string, MessageKey> = { unreachable: 'billingUnreachable', error: 'billingError' };

function failureSentence(err: unknown): string {
  const kind = err instanceof Error ? err.message : '';
  return t(FAILED[kind] ?? 'billingUnreachable');
}

/**
 * What the popup and the options page show about the trial and subscription. It reads the stored
 * record (so it shows something at once, offline too), watches it (a payment or trial start that the
 * background learns of shows without a reload), and asks the background to check again on open.
 */
export class BillingState {
  record = $state<BillingRecord | null>(null);
  /** The stored record has been read, and either it held an answer or the first check finished. */
  known = $state(false);
  checking = $state(false);
  now = $state(Date.now());
  /** null until asked for; [] when ExtensionPay lists none. */
  plans = $state<BillingPlan[] | null>(null);
  plansError = $state<string | null>(null);
  /** Why opening an ExtensionPay page failed, in a sentence. */
  openError = $state<string | null>(null);

  readonly verdict = $derived(decide(this.record, this.now));
  readonly access = $derived(this.verdict.access);

  #stop: (() => void)[] = [];
  #settleKnown!: () => void;
  /** Settles once the status is known: an action taken before that waits for it rather than being lost. */
  readonly whenKnown = new Promise<void>((resolve) => (this.#settleKnown = resolve));

  async init(): Promise<void> {
    this.#stop.push(
      billingRecord.watch((value) => {
        // Decided at the time of the answer: a trial that started a moment ago has all its 7 days left.
        this.now = Date.now();
        this.record = value;
      }),
    );
    const timer = setInterval(() => (this.now = Date.now()), 30_000);
    this.#stop.push(() => clearInterval(timer));
    this.record = await billingRecord.getValue();
    // Anything stored is something to decide on (the free period needs no answer from ExtensionPay).
    this.known = this.record !== null;
    if (this.known) this.#settleKnown();
    await this.check();
  }

  /** Asks ExtensionPay again, through the background (which stores the answer). */
  async check(): Promise<void> {
    this.checking = true;
    try {
      await sendMessage('billingCheck', undefined);
    } catch {
      // The background could not be reached: the stored answer stands.
    } finally {
      this.record = await billingRecord.getValue();
      this.now = Date.now();
      this.known = true;
      this.#settleKnown();
      this.checking = false;
    }
  }

  async loadPlans(): Promise<void> {
    if (this.plans !== null) return;
    this.plansError = null;
    try {
      this.plans = await sendMessage('billingPlans', undefined);
    } catch (err) {
      this.plansError = failureSentence(err);
    }
  }

  async open(page: BillingPage): Promise<void> {
    this.openError = null;
    try {
      await sendMessage('billingOpen', page);
    } catch (err) {
      this.openError = failureSentence(err);
    }
  }

  destroy(): void {
    for (const stop of this.#stop.splice(0)) stop();
  }
}
