import { describe, expect, test } from 'vitest';
import { jobEntitlement } from '../../utils/billing/access';
import { afterAnswer, afterFailure, DAY, decide, GRACE_MS, HOUR, parseUser, TRIAL_MS, type BillingRecord, type BillingUser } from '../../utils/billing/rules';
import { createBilling, failureKind, type RecordStore } from '../../utils/billing/service';
import { createGateway } from '../../utils/jobs/gateway';
import { createJobStore } from '../../utils/jobs/store';
import type { Job } from '../../utils/jobs/types';
import { billingRecord } from '../../utils/platform/storage';

/** A fixed clock: 2026-11-23 12:00 UTC. */
const T0 = Date.UTC(2026, 10, 23, 12);
const MONTHLY = { unitAmountCents: 499, currency: 'usd', nickname: null, interval: 'month' as const, intervalCount: 1 };
const nobody: BillingUser = { paid: false, paidAt: null, trialStartedAt: null, subscriptionStatus: null, subscriptionCancelAt: null, plan: null };
const paid: BillingUser = { ...nobody, paid: true, paidAt: T0 - 30 * DAY, subscriptionStatus: 'active', plan: MONTHLY };
const pastDue: BillingUser = { ...paid, paid: false, subscriptionStatus: 'past_due' };
const answered = (user: BillingUser, checkedAt = T0): BillingRecord => ({ user, checkedAt });

describe('the free period: 7 days from install, no sign-up; an emailed trial keeps its own 7 days', () => {
  const installed = (ago: number, user: BillingUser | null = null): BillingRecord =>
    user ? { ...answered(user), installedAt: T0 - ago } : { ...afterFailure(null, 'no-key', T0), installedAt: T0 - ago };

  test.each([
    ['just installed', 0, 7],
    ['a day after install', DAY, 6],
    ['six days and a minute after', 6 * DAY + 60_000, 1],
    ['the last millisecond', TRIAL_MS - 1, 1],
  ])('%s, with no ExtPay key and no answer from ExtensionPay: allowed, with the days left', (_what, ago, daysLeft) => {
    expect(decide(installed(ago), T0)).toEqual({ access: { allowed: true, status: 'trial', endsAt: T0 - ago + TRIAL_MS, daysLeft } });
  });

  test('7 days after install, with no key: the plans ("I already paid" links a subscription)', () => {
    expect(decide(installed(TRIAL_MS), T0).access).toEqual({ allowed: false, status: 'trial-ended' });
    expect(decide(installed(30 * DAY, nobody), T0).access).toEqual({ allowed: false, status: 'trial-ended' });
  });

  test('the free period needs no good answer: ExtensionPay unreachable on day 1 still allows', () => {
    const record = afterFailure(null, 'unreachable', T0, T0 - DAY);
    expect(decide(record, T0).access).toMatchObject({ allowed: true, status: 'trial', daysLeft: 6 });
    expect(decide(record, T0 + 7 * DAY).access.status).toBe('unverified');
  });

  test('an emailed trial started after install: its end counts, being the later', () => {
    const record = installed(5 * DAY, { ...nobody, trialStartedAt: T0 - DAY });
    expect(decide(record, T0).access).toEqual({ allowed: true, status: 'trial', endsAt: T0 - DAY + TRIAL_MS, daysLeft: 6 });
    expect(decide(record, T0 + 5 * DAY).access.status).toBe('trial');
    expect(decide(record, T0 + 6 * DAY).access.status).toBe('trial-ended');
  });

  test('an emailed trial long over does not cut short the 7 days from a later install', () => {
    const record = installed(DAY, { ...nobody, trialStartedAt: T0 - 60 * DAY });
    expect(decide(record, T0).access).toMatchObject({ allowed: true, status: 'trial', endsAt: T0 - DAY + TRIAL_MS });
  });

  test('an emailed trial alone (no install date known) still runs 7 days from its start', () => {
    expect(decide(answered({ ...nobody, trialStartedAt: T0 - DAY }), T0).access).toMatchObject({ allowed: true, status: 'trial', daysLeft: 6 });
    expect(decide(answered({ ...nobody, trialStartedAt: T0 - TRIAL_MS }), T0).access.status).toBe('trial-ended');
  });

  test('the install date kept is the earliest seen (a later one is a reinstall or a clock that moved)', () => {
    const first = afterFailure(null, 'no-key', T0, T0 - 8 * DAY);
    expect(afterFailure(first, 'no-key', T0 + HOUR, T0).installedAt).toBe(T0 - 8 * DAY);
    expect(afterAnswer(first, nobody, T0 + HOUR, T0).installedAt).toBe(T0 - 8 * DAY);
  });

  test('a remembered trial still ends on time while ExtensionPay is away', () => {
    const record = afterFailure(answered({ ...nobody, trialStartedAt: T0 - 6 * DAY }), 'unreachable', T0 + HOUR);
    expect(decide(record, T0 + HOUR).access.status).toBe('trial');
    expect(decide(record, T0 + DAY).access.status).toBe('trial-ended');
  });
});

describe('subscriptions', () => {
  test('paid is allowed with no note; a subscription canceled at period end stays paid until that date', () => {
    expect(decide(answered(paid), T0).access).toEqual({ allowed: true, status: 'paid', cancelAt: null });
    const canceling = answered({ ...paid, subscriptionCancelAt: T0 + 10 * DAY });
    expect(decide(canceling, T0).access).toEqual({ allowed: true, status: 'paid', cancelAt: T0 + 10 * DAY });
  });

  test("the clock: a fresh paid: true is ExtensionPay's word, whatever this device's clock says of the cancel date", () => {
    // This device's clock runs ahead (or ExtensionPay has yet to switch the status): still paid.
    const fresh = answered({ ...paid, subscriptionCancelAt: T0 - HOUR });
    expect(decide(fresh, T0).access).toEqual({ allowed: true, status: 'paid', cancelAt: T0 - HOUR });
  });

  test('the clock: the cancel date ends a remembered answer (the last check failed), which must not outlive it', () => {
    const remembered = afterFailure(answered({ ...paid, subscriptionCancelAt: T0 + 2 * DAY }), 'unreachable', T0 + DAY);
    expect(decide(remembered, T0 + DAY).access.status).toBe('paid');
    // Within the 72 hours a remembered answer is honoured, but not past the end it named.
    expect(decide(remembered, T0 + 2 * DAY).access).toEqual({ allowed: false, status: 'ended' });
  });


  test('a canceled subscription that ran out is the paywall, even with a trial long over', () => {
    const canceled = { ...paid, paid: false, subscriptionStatus: 'canceled' as const, subscriptionCancelAt: T0 - DAY, trialStartedAt: T0 - 60 * DAY };
    expect(decide(answered(canceled), T0).access).toEqual({ allowed: false, status: 'ended' });
  });

  test('past due keeps working for 72 hours from the first past-due answer, then asks for a new payment method', () => {
    const first = afterAnswer(answered(paid, T0 - DAY), pastDue, T0);
    expect(first.pastDueSince).toBe(T0);
    // Later answers, still past due, keep the first sighting.
    const later = afterAnswer(first, pastDue, T0 + 48 * HOUR);
    expect(later.pastDueSince).toBe(T0);
    expect(decide(later, T0 + 48 * HOUR).access).toEqual({ allowed: true, status: 'past-due', graceEndsAt: T0 + GRACE_MS });
    expect(decide(later, T0 + GRACE_MS - 1).access.allowed).toBe(true);
    expect(decide(later, T0 + GRACE_MS).access).toEqual({ allowed: false, status: 'past-due-ended' });
    // Paid again: the past-due clock is gone, and a new failure starts a new one.
    const fixed = afterAnswer(later, paid, T0 + 80 * HOUR);
    expect(fixed.pastDueSince).toBeUndefined();
    expect(afterAnswer(fixed, pastDue, T0 + 90 * HOUR).pastDueSince).toBe(T0 + 90 * HOUR);
  });
});

describe('when ExtensionPay cannot be asked: the last good answer, for 72 hours', () => {
  test('paid stays paid for 72 hours after the last good answer, saying so, then cannot be verified', () => {
    const record = afterFailure(answered(paid, T0), 'unreachable', T0 + HOUR);
    const stale = { checkedAt: T0, until: T0 + GRACE_MS, kind: 'unreachable' };
    expect(decide(record, T0 + HOUR)).toEqual({ access: { allowed: true, status: 'paid', cancelAt: null }, stale });
    expect(decide(record, T0 + GRACE_MS - 1).access.allowed).toBe(true);
    expect(decide(record, T0 + GRACE_MS)).toEqual({ access: { allowed: false, status: 'unverified' }, stale });
  });

  test('an error answer is said as such', () => {
    expect(decide(afterFailure(answered(paid), 'error', T0), T0).stale?.kind).toBe('error');
  });

  test('lock-out: ExtPay without its key (its items removed, here or on another synced browser) is a failure, not "not paid"', () => {
    // A paying user's key vanished: getUser() would answer paid: false without asking anyone.
    const record = afterFailure({ ...answered(paid, T0), installedAt: T0 - 90 * DAY }, 'no-key', T0 + HOUR);
    expect(decide(record, T0 + HOUR)).toEqual({ access: { allowed: true, status: 'paid', cancelAt: null }, stale: { checkedAt: T0, until: T0 + GRACE_MS, kind: 'no-key' } });
    // After the grace: the plans, with "I already paid" to link this browser again (not "can't be checked").
    expect(decide(record, T0 + GRACE_MS).access).toEqual({ allowed: false, status: 'trial-ended' });
  });

  test('with no answer ever, nothing can be verified', () => {

    expect(decide(null, T0).access.status).toBe('unverified');
    expect(decide(afterFailure(null, 'unreachable', T0), T0).access.status).toBe('unverified');
  });
});

test('ExtPay users become plain records: dates as milliseconds, strings from storage too, no email', () => {
  const user = parseUser({ paid: true, paidAt: new Date(T0), email: 'a@b.c', trialStartedAt: '2026-11-01T00:00:00.000Z', subscriptionStatus: 'active', plan: MONTHLY });
  expect(user).toEqual({ ...paid, paidAt: T0, trialStartedAt: Date.UTC(2026, 10, 1) });
  expect(JSON.stringify(user)).not.toContain('a@b.c');
  // An older answer without the subscription fields is still an answer.
  expect(parseUser({ paid: false, paidAt: null, trialStartedAt: null })).toEqual(nobody);
});

test.each([
  ['no body at all', null],
  ['a string', 'Internal Server Error'],
  ['an empty object', {}],
  ['paid as a string', { paid: 'yes' }],
  ['a date that is no date', { paid: false, paidAt: 'soon' }],
  ['an unknown status', { paid: false, subscriptionStatus: 'weird' }],
  ['a plan that is no plan', { paid: true, plan: { unitAmountCents: 'x' } }],
])('lock-out: an unexpected body (%s) is no answer at all, never "not paid"', (_what, body) => {
  expect(parseUser(body)).toBeNull();
});

test("ExtPay's failures: a string or status is an error answer, a body that is not JSON too, a TypeError an unreachable site", () => {
  expect(failureKind('ExtPay error while fetching user: Internal Server Error')).toBe('error');
  expect(failureKind(500)).toBe('error');
  expect(failureKind(new SyntaxError('Unexpected token < in JSON'))).toBe('error');
  expect(failureKind(new TypeError('Failed to fetch'))).toBe('unreachable');
});

function memoryStore(initial: BillingRecord | null = null): RecordStore & { value: BillingRecord | null } {
  const s = {
    value: initial,
    getValue: async () => s.value,
    setValue: async (v: BillingRecord | null) => void (s.value = v),
  };
  return s;
}

describe('asking ExtensionPay', () => {
  test('a good answer is stored; a failure keeps it and is remembered', async () => {
    let now = T0;
    let answer: () => Promise<object> = async () => ({ paid: true, paidAt: new Date(T0 - DAY), subscriptionStatus: 'active' });
    const record = memoryStore();
    const billing = createBilling({ getUser: () => answer(), hasKey: async () => true, installedAt: async () => T0 - 90 * DAY, record, now: () => now });
    expect((await billing.check()).access.status).toBe('paid');
    expect(record.value?.checkedAt).toBe(T0);
    now += HOUR;
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    const verdict = await billing.check();
    expect(verdict.access.status).toBe('paid');
    expect(verdict.stale).toEqual({ checkedAt: T0, until: T0 + GRACE_MS, kind: 'unreachable' });
    expect(record.value?.failure).toEqual({ at: T0 + HOUR, kind: 'unreachable' });
  });

  test('a recent allowing answer is reused; a refusal is always asked again; concurrent checks share one request', async () => {
    let calls = 0;
    let user: object = { paid: true, subscriptionStatus: 'active' };
    const record = memoryStore();
    const billing = createBilling({ getUser: async () => (calls++, user), hasKey: async () => true, installedAt: async () => T0 - 90 * DAY, record, now: () => T0 });
    await Promise.all([billing.check(), billing.check()]);
    expect(calls).toBe(1);
    await billing.check({ maxAgeMs: 60_000 });
    expect(calls).toBe(1);
    user = { paid: false, trialStartedAt: new Date(T0 - 8 * DAY) };
    await billing.check();
    expect(calls).toBe(2);
    expect((await billing.check({ maxAgeMs: 60_000 })).access.status).toBe('trial-ended');
    expect(calls).toBe(3);
  });

  test('lock-out: an answer without an ExtPay key, or malformed, is a failure; the last good answer stands with its 72 hours', async () => {
    let now = T0;
    let keyed = true;
    let answer: unknown = { paid: true, paidAt: new Date(T0 - DAY), subscriptionStatus: 'active' };
    let asked = 0;
    const record = memoryStore();
    const billing = createBilling({ getUser: async () => (asked++, answer), hasKey: async () => keyed, installedAt: async () => T0 - 90 * DAY, record, now: () => now });
    expect((await billing.check()).access.status).toBe('paid');
    // The key is gone (synced storage cleared elsewhere): ExtPay would say "not paid" without asking.
    keyed = false;
    answer = { paid: false, paidAt: null, trialStartedAt: null };
    now += HOUR;
    expect(await billing.check()).toEqual({ access: { allowed: true, status: 'paid', cancelAt: null }, stale: { checkedAt: T0, until: T0 + GRACE_MS, kind: 'no-key' } });
    expect(asked).toBe(1);
    // The key is back, but the body is not ExtPay's user: an error, not a verdict.
    keyed = true;
    answer = { error: 'maintenance' };
    now += HOUR;
    expect(await billing.check()).toMatchObject({ access: { status: 'paid' }, stale: { checkedAt: T0, kind: 'error' } });
    expect(record.value?.user?.paid).toBe(true);
    now = T0 + GRACE_MS;
    expect((await billing.check()).access.status).toBe('unverified');
  });

  test('a new user with no key: the free period from the install date, and no request to ExtensionPay', async () => {
    const record = memoryStore();
    const getUser = () => Promise.reject(new Error('ExtensionPay must not be asked'));
    const billing = createBilling({ getUser, hasKey: async () => false, installedAt: async () => T0 - DAY, record, now: () => T0 });
    expect((await billing.check()).access).toEqual({ allowed: true, status: 'trial', endsAt: T0 - DAY + TRIAL_MS, daysLeft: 6 });
    expect(record.value).toEqual({ user: null, checkedAt: 0, installedAt: T0 - DAY, failure: { at: T0, kind: 'no-key' } });
  });

  test('an answer pushed by onPaid is stored as it is', async () => {
    const record = memoryStore(answered(nobody));
    const billing = createBilling({ getUser: () => Promise.reject(new Error('not asked')), hasKey: async () => true, installedAt: async () => T0 - 90 * DAY, record, now: () => T0 });
    expect((await billing.accept({ paid: true, subscriptionStatus: 'active' })).access.status).toBe('paid');
    expect(record.value?.user?.paid).toBe(true);
  });

  test('a malformed answer pushed by a listener is not stored; ExtensionPay is asked instead', async () => {
    const record = memoryStore(answered(paid));
    const getUser = async () => ({ paid: true, subscriptionStatus: 'active' });
    const billing = createBilling({ getUser, hasKey: async () => true, installedAt: async () => T0 - 90 * DAY, record, now: () => T0 });
    expect((await billing.accept({ paid: 'no' })).access.status).toBe('paid');
    expect(record.value?.user?.paid).toBe(true);
  });

  test('the record lives in extension storage', async () => {
    await billingRecord.setValue(answered(paid));
    expect(await billingRecord.getValue()).toEqual(answered(paid));
  });
});

describe('the gateway refuses a job the user is not entitled to, whatever the popup showed', () => {
  const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

  async function setup(user: BillingUser) {
    const store = createJobStore({ now: () => T0 });
    const getUser = async () => ({ ...user, paidAt: user.paidAt && new Date(user.paidAt), trialStartedAt: user.trialStartedAt && new Date(user.trialStartedAt) });
    const billing = createBilling({ getUser, hasKey: async () => true, installedAt: async () => T0 - 30 * DAY, record: memoryStore(), now: () => T0 });
    const handed: string[] = [];
    const gateway = createGateway({ store, run: async (id) => void handed.push(id), stop: async () => false, notify: async () => undefined, entitled: jobEntitlement(billing) });
    return { store, gateway, handed };
  }

  test.each([
    ['a trial that ended', { ...nobody, trialStartedAt: T0 - 8 * DAY }, 'billingWhyTrialEnded'],
    ['the free period over, never subscribed', nobody, 'billingWhyTrialEnded'],
  ])('%s: the job fails with the reason, and nothing is handed to a provider', async (_what, user, reason) => {
    const { store, gateway, handed } = await setup(user);
    const job = await store.create({ provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} });
    await gateway.start(job.id);
    expect(handed).toEqual([]);
    expect(await store.get(job.id)).toMatchObject({ state: 'failed', error: { kind: 'not-entitled', reason } });
  });

  test('background removal counts as a generation', async () => {
    const { store, gateway, handed } = await setup({ ...nobody, trialStartedAt: T0 - 8 * DAY });
    const job = await store.create({ provider: 'photoroom', operation: 'remove-background', model: 'segment', prompt: '', params: {}, source: { blob: png, width: 1, height: 1 } });
    await gateway.start(job.id);
    expect(handed).toEqual([]);
    expect((await store.get(job.id))?.error?.kind).toBe('not-entitled');
  });

  test.each([
    ['a paid user', paid],
    ['a running trial', { ...nobody, trialStartedAt: T0 - DAY }],
    ['a past-due subscription, first seen now', pastDue],
  ])('%s goes through', async (_what, user) => {
    const { store, gateway, handed } = await setup(user);
    const job = await store.create({ provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} });
    await gateway.start(job.id);
    expect(handed).toEqual([job.id]);
  });

  test('a job that already started before goes on (resumed after a restart)', async () => {
    const entitled = jobEntitlement({ check: () => Promise.reject(new Error('not asked')) });
    expect(await entitled({ startedAt: T0 } as Job)).toBe(true);
  });
});
