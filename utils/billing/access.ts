import type { MessageKey } from '../platform/i18n';
import type { Job } from '../jobs/types';
import { GATEWAY_MAX_AGE_MS } from './config';
import type { Billing } from './service';
import type { Access } from './rules';

/**
 * ExtensionPay behind one question: may this user generate now, and if not, why. The rules are in
 * billing/rules.ts (pure, clock in hand), the asking and remembering in billing/service.ts, the
 * background's wiring in billing/background.ts, what pages show in billing/state.svelte.ts.
 *
 * Every request to a provider counts, background removal with PhotoRoom included: it is a call to
 * the user's own PhotoRoom account, but removing backgrounds is one of Pictor's features.
 */
export type { Access, BillingPlan, Verdict } from './rules';

type Refused = Extract<Access, { allowed: false }>['status'];

/** Why the user may not generate, as the sentence they read (popup, options, a refused job). */
const WHY_NOT: Record<Refused, MessageKey> = {
  'trial-ended': 'billingWhyTrialEnded',
  ended: 'billingWhyEnded',
  'past-due-ended': 'billingWhyPastDue',
  unverified: 'billingWhyUnverified',
};

export function whyNot(access: Access): MessageKey | null {
  return access.allowed ? null : WHY_NOT[access.status];
}

/**
 * The gateway's check (utils/jobs/gateway.ts): true, or the reason to refuse the job. A job that
 * already started once (resumed after a restart, with the provider's work perhaps paid for) was
 * entitled when it started and goes on.
 */
export function jobEntitlement(billing: Pick<Billing, 'check'>): (job: Job) => Promise<true | MessageKey> {
  return async (job) => {
    if (job.startedAt !== undefined) return true;
    const { access } = await billing.check({ maxAgeMs: GATEWAY_MAX_AGE_MS });
    return whyNot(access) ?? true;
  };
}
