import type { MessageKey } from '../i18n';
import type { BillingPlan } from './rules';
import { HOUR } from './rules';

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
