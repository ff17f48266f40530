import type { MessageKey } from '../platform/i18n';
import type { BillingPlan, BillingUser, FailureKind } from './rules';
import { HOUR } from './rules';

/** Why the status comes from an older answer, as the sentence that says so. */
export const STALE: Record<FailureKind, MessageKey> = {
  unreachable: 'billingStaleUnreachable',
  error: 'billingStaleError',
  'no-key': 'billingStaleNoKey',
};

/** A price in its own currency, e.g. "$4.99" or "€49.00". */
export function formatPrice(cents: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    // An unknown currency code: the number and the code as ExtensionPay gave them.
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

/** A plan as one sentence's key and substitutions: "$4.99 per month", "$90.00 every 2 years", "$20.00 once". */
export function describePlan(plan: BillingPlan, locale?: string): { key: MessageKey; subs: string[] } {
  const price = formatPrice(plan.unitAmountCents, plan.currency, locale);
  if (plan.interval === 'once') return { key: 'billingPlanOnce', subs: [price] };
  const count = plan.intervalCount ?? 1;
  if (count > 1) return { key: plan.interval === 'year' ? 'billingPlanYears' : 'billingPlanMonths', subs: [price, String(count)] };
  return { key: plan.interval === 'year' ? 'billingPlanYear' : 'billingPlanMonth', subs: [price] };
}

/** Whole hours left until `at`, at least 1 while any time is left. */
export function hoursLeft(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / HOUR));
}

/**
 * When a subscription renews next: its first payment plus whole billing periods, the first after
 * `now`. ExtensionPay charges again at the end of each period from the payment that started it
 * (extpay's docs/how_subscriptions_work.md); null for a one-time payment or without a plan.
 */
export function nextRenewal(user: BillingUser, now: number): number | null {
  const plan = user.plan;
  if (!plan || plan.interval === 'once' || user.paidAt === null) return null;
  const months = (plan.interval === 'year' ? 12 : 1) * Math.max(1, plan.intervalCount ?? 1);
  const start = new Date(user.paidAt);
  for (let periods = 1; periods <= 1200; periods++) {
    const at = new Date(start);
    at.setUTCMonth(start.getUTCMonth() + periods * months);
    // A month without that day (31 Jan + 1 month) renews on its last day, as Stripe does.
    if (at.getUTCDate() !== start.getUTCDate()) at.setUTCDate(0);
    if (at.getTime() > now) return at.getTime();
  }
  return null;
}
