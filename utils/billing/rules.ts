/**
 * Who may generate, decided from ExtensionPay's last good answer and a clock: no browser, no
 * network, so every rule here is tested with a fixed clock (tests/unit/billing.test.ts).
 */

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
/**
 * The free period: 7 days from install (ExtPay's `installedAt`, which it keeps in storage.sync as
 * `extensionpay_installed_at`, per the extpay 3.1.2 source), with no email and no page to visit. A
 * user who started ExtensionPay's emailed trial keeps 7 days from `trialStartedAt` (ExtensionPay
 * leaves a trial's length to the extension, per extpay's README): the later of the two ends counts.
 */
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

/**
 * Why the last check gave no answer to go by: the site could not be reached, it answered an error or
 * something that is not ExtPay's user, or ExtPay has no key for this browser (then `getUser()`
 * answers "not paid" without asking anyone: that is no verdict, per the extpay 3.1.2 source).
 */
export type FailureKind = 'unreachable' | 'error' | 'no-key';

/** The stored record (utils/platform/storage.ts `billingRecord`): the last good answer and what came after. */
export interface BillingRecord {
  /** The last answer ExtensionPay gave (null: none yet). */
  user: BillingUser | null;
  /** When that answer came. */
  checkedAt: number;
  /** When Pictor was installed, as ExtPay keeps it (the earliest date seen): the free period's start. */
  installedAt?: number;
  /** When Pictor first saw the subscription past due (ExtensionPay does not say when it became so). */
  pastDueSince?: number;
  /** The last attempt since `checkedAt` failed: what was known before stands, with its grace. */
  failure?: { at: number; kind: FailureKind };
}

export type Access =
  | { allowed: true; status: 'paid'; cancelAt: number | null }
  | { allowed: true; status: 'trial'; endsAt: number; daysLeft: number }
  | { allowed: true; status: 'past-due'; graceEndsAt: number }
  /** The free period is over and there was never a subscription (or ExtPay has no key here): the plans. */
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
  stale?: { checkedAt: number; until: number; kind: FailureKind };
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

/** A date as ExtPay gives it (a Date, or an ISO string from its stored copy); undefined if it is none. */
function time(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string' || typeof value === 'number') {
    const ms = new Date(value).getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
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

const STATUSES = new Set(['active', 'past_due', 'canceled']);

/**
 * ExtensionPay's user in the shape Pictor stores, or null when the answer is not one: `paid` must be
 * a boolean, each date a date, the status one of ExtensionPay's three (extpay's README, "user object
 * properties"), the plan a plan. A malformed answer is a failure, never read as "not paid".
 */
export function parseUser(u: unknown): BillingUser | null {
  if (!u || typeof u !== 'object') return null;
  const r = u as ExtPayUserLike;
  if (typeof r.paid !== 'boolean') return null;
  const paidAt = time(r.paidAt);
  const trialStartedAt = time(r.trialStartedAt);
  const subscriptionCancelAt = time(r.subscriptionCancelAt);
  if (paidAt === undefined || trialStartedAt === undefined || subscriptionCancelAt === undefined) return null;
  const status = r.subscriptionStatus ?? null;
  if (status !== null && !(typeof status === 'string' && STATUSES.has(status))) return null;
  const userPlan = r.plan === null || r.plan === undefined ? null : plan(r.plan);
  if (r.plan !== null && r.plan !== undefined && userPlan === null) return null;
  return { paid: r.paid, paidAt, trialStartedAt, subscriptionStatus: status as BillingUser['subscriptionStatus'], subscriptionCancelAt, plan: userPlan };
}

export function plansFrom(value: unknown): BillingPlan[] {
  return Array.isArray(value) ? value.map(plan).filter((p): p is BillingPlan => p !== null) : [];
}

/** The earlier of two install dates (a later one is a reinstall, or a clock that moved). */
function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The record after a good answer at `now`: the past-due clock starts at the first past-due answer. */
export function afterAnswer(previous: BillingRecord | null, user: BillingUser, now: number, installedAt?: number): BillingRecord {
  const record: BillingRecord = { user, checkedAt: now };
  const installed = earliest(previous?.installedAt, installedAt);
  if (installed !== undefined) record.installedAt = installed;
  if (user.subscriptionStatus === 'past_due') {
    const wasPastDue = previous?.user?.subscriptionStatus === 'past_due' && previous.pastDueSince !== undefined;
    record.pastDueSince = wasPastDue ? previous.pastDueSince : now;
  }
  return record;
}

/** The record after a failed check: the last good answer is kept, with what went wrong. */
export function afterFailure(previous: BillingRecord | null, kind: FailureKind, now: number, installedAt?: number): BillingRecord {
  const record: BillingRecord = { ...(previous ?? { user: null, checkedAt: 0 }), failure: { at: now, kind } };
  const installed = earliest(previous?.installedAt, installedAt);
  if (installed !== undefined) record.installedAt = installed;
  return record;
}

/** When the free period ends: 7 days from install or from an emailed trial's start, whichever is later. */
export function freeUntil(record: BillingRecord): number | null {
  const starts = [record.installedAt, record.user?.trialStartedAt].filter((t): t is number => typeof t === 'number');
  return starts.length ? Math.max(...starts) + TRIAL_MS : null;
}

function freeAccess(record: BillingRecord, now: number): Access | null {
  const endsAt = freeUntil(record);
  return endsAt !== null && now < endsAt ? { allowed: true, status: 'trial', endsAt, daysLeft: Math.ceil((endsAt - now) / DAY) } : null;
}

/**
 * `remembered`: the answer is from an earlier check (the last one failed). A fresh `paid: true` is
 * ExtensionPay's word and is trusted over this device's clock; a cancel date only ends a remembered
 * answer, which must not outlive the subscription it describes.
 */
function accessOf(user: BillingUser, record: BillingRecord, now: number, remembered: boolean): Access {
  const cancelAt = user.subscriptionCancelAt;
  if (user.paid && !(remembered && cancelAt !== null && cancelAt <= now)) return { allowed: true, status: 'paid', cancelAt };
  if (user.subscriptionStatus === 'past_due') {
    const graceEndsAt = (record.pastDueSince ?? record.checkedAt) + GRACE_MS;
    return now < graceEndsAt ? { allowed: true, status: 'past-due', graceEndsAt } : { allowed: false, status: 'past-due-ended' };
  }
  const free = freeAccess(record, now);
  if (free) return free;
  if (user.paidAt !== null || user.subscriptionStatus === 'canceled' || user.paid) return { allowed: false, status: 'ended' };
  return { allowed: false, status: 'trial-ended' };
}

/**
 * The one question: may this user generate at `now`, and if not, why. The free period needs no
 * answer from ExtensionPay; after it, the last good answer decides, for up to 72 hours after it came
 * when the checks since have failed. With no answer to go by: the plans if ExtPay has no key here
 * ("I already paid" links this browser again), else "can't be checked".
 */
export function decide(record: BillingRecord | null, now: number): Verdict {
  if (!record) return { access: { allowed: false, status: 'unverified' } };
  const failure = record.failure;
  const stale = failure && record.user ? { checkedAt: record.checkedAt, until: record.checkedAt + GRACE_MS, kind: failure.kind } : undefined;
  const withStale = (access: Access): Verdict => (stale ? { access, stale } : { access });
  if (record.user && !(stale && now >= stale.until)) return withStale(accessOf(record.user, record, now, failure !== undefined));
  const free = freeAccess(record, now);
  if (free) return withStale(free);
  return withStale({ allowed: false, status: failure?.kind === 'no-key' ? 'trial-ended' : 'unverified' });
}
