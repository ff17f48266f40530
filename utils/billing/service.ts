import { afterAnswer, afterFailure, decide, parseUser, type BillingRecord, type Verdict } from './rules';

/** The stored record, as a WXT storage item offers it (utils/platform/storage.ts `billingRecord`). */
export interface RecordStore {
  getValue(): Promise<BillingRecord | null>;
  setValue(value: BillingRecord | null): Promise<void>;
}

export interface BillingDeps {
  /** ExtensionPay's `getUser()`: always a network call once a key exists; throws when it fails. */
  getUser(): Promise<unknown>;
  /**
   * Whether ExtPay holds a key for this browser. Without one, `getUser()` answers "not paid" without
   * asking ExtensionPay (extpay 3.1.2 `fetch_user`), which is no verdict on anyone.
   */
  hasKey(): Promise<boolean>;
  /** ExtPay's install date (ms), the free period's start; now, if ExtPay has not stored it yet. */
  installedAt(): Promise<number>;
  record: RecordStore;
  now?: () => number;
}

export interface CheckOptions {
  /**
   * A stored good answer younger than this allows without asking again (0: always ask). A refusal
   * is never taken from memory: it is always checked against ExtensionPay first.
   */
  maxAgeMs?: number;
}

export interface Billing {
  /** Asks ExtensionPay (or reuses a recent good answer) and decides; never throws. */
  check(options?: CheckOptions): Promise<Verdict>;
  /** An answer ExtensionPay pushed (onPaid, onTrialStarted): stored as a good answer if it is one. */
  accept(user: unknown): Promise<Verdict>;
}

/**
 * ExtPay throws what it got from an answer that was an error: a string from `getUser()` ('ExtPay
 * error while fetching user: …') and `getPlans()`, the bare HTTP status when it cannot make a key.
 * A site it cannot reach makes fetch throw a TypeError (extpay 3.1.2 source), as does the
 * background's time-out; a body that is not JSON throws a SyntaxError: an error.
 */
export function failureKind(err: unknown): 'unreachable' | 'error' {
  return err instanceof TypeError ? 'unreachable' : 'error';
}

export function createBilling(deps: BillingDeps): Billing {
  const now = deps.now ?? Date.now;
  /** One request at a time: the gateway and a popup asking together share the answer. */
  let inflight: Promise<BillingRecord> | null = null;

  async function save(next: BillingRecord): Promise<BillingRecord> {
    await deps.record.setValue(next);
    return next;
  }

  /**
   * Only a well-formed answer to a request made with ExtPay's key is a verdict. No key, a malformed
   * body, an error or no answer are failures: the last good answer stands, with its 72 hours.
   */
  async function ask(): Promise<BillingRecord> {
    const installedAt = await deps.installedAt().catch(() => now());
    try {
      if (!(await deps.hasKey())) return await save(afterFailure(await deps.record.getValue(), 'no-key', now(), installedAt));
      const user = parseUser(await deps.getUser());
      const previous = await deps.record.getValue();
      return await save(user ? afterAnswer(previous, user, now(), installedAt) : afterFailure(previous, 'error', now(), installedAt));
    } catch (err) {
      return save(afterFailure(await deps.record.getValue(), failureKind(err), now(), installedAt));
    }
  }

  return {
    async check({ maxAgeMs = 0 } = {}) {
      const stored = await deps.record.getValue();
      if (maxAgeMs > 0 && stored?.user && !stored.failure && now() - stored.checkedAt < maxAgeMs) {
        const verdict = decide(stored, now());
        if (verdict.access.allowed) return verdict;
      }
      inflight ??= ask().finally(() => (inflight = null));
      return decide(await inflight, now());
    },
    async accept(answer) {
      const user = parseUser(answer);
      if (!user) return this.check();
      const record = await save(afterAnswer(await deps.record.getValue(), user, now(), await deps.installedAt().catch(() => undefined)));
      return decide(record, now());
    },
  };
}
