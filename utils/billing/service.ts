import { afterAnswer, afterFailure, decide, toBillingUser, type BillingRecord, type ExtPayUserLike, type Verdict } from './rules';

/** The stored record, as a WXT storage item offers it (utils/storage.ts `billingRecord`). */
export interface RecordStore {
  getValue(): Promise<BillingRecord | null>;
  setValue(value: BillingRecord | null): Promise<void>;
}

export interface BillingDeps {
  /** ExtensionPay's `getUser()`: always a network call once a key exists; throws when it fails. */
  getUser(): Promise<ExtPayUserLike>;
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
  /** An answer ExtensionPay pushed (onPaid, onTrialStarted): stored as a good answer. */
  accept(user: ExtPayUserLike): Promise<Verdict>;
}

/**
 * ExtPay throws what it got from an answer that was an error: a string from `getUser()` ('ExtPay
 * error while fetching user: …') and `getPlans()`, the bare HTTP status when it cannot make a key.
 * A site it cannot reach makes fetch throw a TypeError (PROVIDERS.md, from the extpay 3.1.2 source).
 */
export function failureKind(err: unknown): 'unreachable' | 'error' {
  return typeof err === 'string' || typeof err === 'number' ? 'error' : 'unreachable';
}

export function createBilling(deps: BillingDeps): Billing {
  const now = deps.now ?? Date.now;
  /** One request at a time: the gateway and a popup asking together share the answer. */
  let inflight: Promise<BillingRecord> | null = null;

  async function save(next: BillingRecord): Promise<BillingRecord> {
    await deps.record.setValue(next);
    return next;
  }

  async function ask(): Promise<BillingRecord> {
    try {
      const user = toBillingUser(await deps.getUser());
      return await save(afterAnswer(await deps.record.getValue(), user, now()));
    } catch (err) {
      return save(afterFailure(await deps.record.getValue(), failureKind(err), now()));
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
    async accept(user) {
      const record = await save(afterAnswer(await deps.record.getValue(), toBillingUser(user), now()));
      return decide(record, now());
    },
  };
}
