/**
 * Who may generate, decided from ExtensionPay's last good answer and a clock: no browser, no
 * network, so every rule here is tested with a fixed clock (tests/unit/billing.test.ts).
 */

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
/** The free trial runs this long from `trialStartedAt` (ExtensionPay leaves its length to us). */
export const TRIAL_MS = 7 * DAY;
/**
 * How long a good answer stays good while ExtensionPay cannot be asked, and how long a subscription
 * whose payment failed (past_due) keeps working: 72 hours each.
 */
export const GRACE_MS = 72 * HOUR;

/** A subscription plan as ExtensionPay's `getPlans()` and `user.plan` give it. */
export interface BillingPlan {
  unitAmountCents: number;
  currency: string;
  nickname: string | null;
  interval: 'month' | 'year' | 'once';
  intervalCount: number | null;
}

/** What Pictor keeps of ExtensionPay's user: dates as epoch milliseconds, no email. */
export interface BillingUser {
  paid: boolean;
  paidAt: number | null;
  trialStartedAt: number | null;
  subscriptionStatus: 'active' | 'past_due' | 'canceled' | null;
  subscriptionCancelAt: number | null;
  plan: BillingPlan | null;
}

/** The stored record (utils/storage.ts `billingRecord`): the last good answer and what came after. */
export interface BillingRecord {
  /** The last answer ExtensionPay gave (null: none yet). */
  user: BillingUser | null;
  /** When that answer came. */
  checkedAt: number;
  /** When Pictor first saw the subscription past due (ExtensionPay does not say when it became so). */
  pastDueSince?: number;
  /** The last attempt since `checkedAt` failed: the site could not be reached, or answered an error. */
  failure?: { at: number; kind: 'unreachable' | 'error' };
}

export type Access =
  | { allowed: true; status: 'paid'; cancelAt: number | null }
  | { allowed: true; status: 'trial'; endsAt: number; daysLeft: number }
  | { allowed: true; status: 'past-due'; graceEndsAt: number }
  /** Never subscribed and no trial yet: the trial is offered. */
  | { allowed: false; status: 'new' }
  | { allowed: false; status: 'trial-ended' }
  /** A subscription that was canceled and has run out. */
  | { allowed: false; status: 'ended' }
  /** Past due for longer than the grace period. */
  | { allowed: false; status: 'past-due-ended' }
  /** No answer good enough to decide on: never checked, or the last good one is over 72 hours old. */
  | { allowed: false; status: 'unverified' };

export type AccessStatus = Access['status'];

export interface Verdict {
  access: Access;
  /** Set when the decision rests on an older answer because the last check failed. */
  stale?: { checkedAt: number; until: number; kind: 'unreachable' | 'error' };
}

/** A user as `getUser()` resolves it (Dates, perhaps strings from an older stored copy, extra fields). */
export interface ExtPayUserLike {
  paid?: unknown;
  paidAt?: unknown;
  trialStartedAt?: unknown;
  subscriptionStatus?: unknown;
  subscriptionCancelAt?: unknown;
  plan?: unknown;
}

function time(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value === 'string' || typeof value === 'number') {
    const ms = new Date(value).getTime();
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function plan(value: unknown): BillingPlan | null {
  if (!value || typeof value !== 'object') return null;
  const p = value as Record<string, unknown>;
  if (typeof p.unitAmountCents !== 'number' || typeof p.currency !== 'string') return null;
  const interval = p.interval === 'year' || p.interval === 'once' ? p.interval : 'month';
  return {
    unitAmountCents: p.unitAmountCents,
    currency: p.currency,
    nickname: typeof p.nickname === 'string' ? p.nickname : null,
    interval,
    intervalCount: typeof p.intervalCount === 'number' ? p.intervalCount : null,
  };
}

/** ExtensionPay's user in the shape Pictor stores; anything malformed reads as "not paid". */
export function toBillingUser(u: ExtPayUserLike): BillingUser {
  const status = u.subscriptionStatus;
  return {
    paid: u.paid === true,
    paidAt: time(u.paidAt),
    trialStartedAt: time(u.trialStartedAt),
    subscriptionStatus: status === 'active' || status === 'past_due' || status === 'canceled' ? status : null,
    subscriptionCancelAt: time(u.subscriptionCancelAt),
    plan: plan(u.plan),
  };
}

export function plansFrom(value: unknown): BillingPlan[] {
  return Array.isArray(value) ? value.map(plan).filter((p): p is BillingPlan => p !== null) : [];
}

/** The record after a good answer at `now`: the past-due clock starts at the first past-due answer. */
export function afterAnswer(previous: BillingRecord | null, user: BillingUser, now: number): BillingRecord {
  const record: BillingRecord = { user, checkedAt: now };
  if (user.subscriptionStatus === 'past_due') {
    const wasPastDue = previous?.user?.subscriptionStatus === 'past_due' && previous.pastDueSince !== undefined;
    record.pastDueSince = wasPastDue ? previous.pastDueSince : now;
  }
  return record;
}

/** The record after a failed check: the last good answer is kept, with what went wrong. */
export function afterFailure(previous: BillingRecord | null, kind: 'unreachable' | 'error', now: number): BillingRecord {
  return { ...(previous ?? { user: null, checkedAt: 0 }), failure: { at: now, kind } };
}

function accessOf(user: BillingUser, record: BillingRecord, now: number): Access {
  const cancelAt = user.subscriptionCancelAt;
  // "Canceled at period end" stays paid until that date; a remembered answer does not outlive it.
  if (user.paid && !(cancelAt !== null && cancelAt <= now)) return { allowed: true, status: 'paid', cancelAt };
  if (user.subscriptionStatus === 'past_due') {
    const graceEndsAt = (record.pastDueSince ?? record.checkedAt) + GRACE_MS;
    return now < graceEndsAt ? { allowed: true, status: 'past-due', graceEndsAt } : { allowed: false, status: 'past-due-ended' };
  }
  if (user.trialStartedAt !== null) {
    const endsAt = user.trialStartedAt + TRIAL_MS;
    if (now < endsAt) return { allowed: true, status: 'trial', endsAt, daysLeft: Math.ceil((endsAt - now) / DAY) };
  }
  if (user.paidAt !== null || user.subscriptionStatus === 'canceled' || user.paid) return { allowed: false, status: 'ended' };
  return user.trialStartedAt !== null ? { allowed: false, status: 'trial-ended' } : { allowed: false, status: 'new' };
}

/** The one question: may this user generate at `now`, and if not, why. */
export function decide(record: BillingRecord | null, now: number): Verdict {
  if (!record?.user) return { access: { allowed: false, status: 'unverified' } };
  const failure = record.failure;
  const stale = failure ? { checkedAt: record.checkedAt, until: record.checkedAt + GRACE_MS, kind: failure.kind } : undefined;
  if (stale && now >= stale.until) return { access: { allowed: false, status: 'unverified' }, stale };
  return { access: accessOf(record.user, record, now), ...(stale ? { stale } : {}) };
}
