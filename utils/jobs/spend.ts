import { estimateCost, formatUsd } from '../providers/cost';
import { findModel, SERVICE_IDS, serviceLabel } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import type { Job } from './types';
import type { JobStore } from './store';

/**
 * What requests cost, by calendar month in the user's own time zone: each finished job's recorded
 * cost (the catalog's prices, utils/providers/cost.ts) summed per service, and the check a monthly
 * limit makes before a job is sent.
 */

/** The first moment of the month `at` falls in, in the browser's time zone (ms since the epoch). */
export function monthStart(at: number): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

/** The first moment of the next month. */
export function nextMonthStart(at: number): number {
  const d = new Date(monthStart(at));
  return new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
}

export interface Spend {
  total: number;
  byProvider: Partial<Record<ServiceId, number>>;
  /** Finished jobs of models the catalog has no price for: not in the sums. */
  unpriced: number;
}

type Costed = Pick<Job, 'provider' | 'cost' | 'state' | 'createdAt' | 'finishedAt'>;

/** When a job's money was spent: when it finished. */
const spentAt = (job: Costed) => job.finishedAt ?? job.createdAt;

/** The spend of the jobs that succeeded within [from, to). */
export function spendOf(jobs: readonly Costed[], from: number, to: number): Spend {
  const spend: Spend = { total: 0, byProvider: {}, unpriced: 0 };
  for (const job of jobs) {
    const at = spentAt(job);
    if (job.state !== 'succeeded' || at < from || at >= to) continue;
    if (job.cost === undefined || !Number.isFinite(job.cost)) {
      spend.unpriced++;
      continue;
    }
    addCost(spend, job.provider, job.cost);
  }
  return spend;
}

/** Counts an amount in a spend, for its service and in the total. */
export function addCost(spend: Spend, service: ServiceId, amount: number): void {
  spend.total += amount;
  spend.byProvider[service] = (spend.byProvider[service] ?? 0) + amount;
}

/** A spend per service, as the popup, Settings and History say it: "OpenAI $0.21 · Google $0.05". */
export function spendByService(spend: Spend): string {
  return SERVICE_IDS.filter((id) => spend.byProvider[id]).map((id) => `${serviceLabel(id)} ${formatUsd(spend.byProvider[id] ?? 0)}`).join(' · ');
}

/**
 * The spend of the month `at` falls in, read from the store. A job finished just after midnight on
 * the 1st may have been created the day before, so two days more are read.
 */
export async function monthSpend(store: Pick<JobStore, 'createdBetween'>, at: number): Promise<Spend> {
  const from = monthStart(at);
  const to = nextMonthStart(at);
  return spendOf(await store.createdBetween(from - 2 * 86_400_000, to), from, to);
}

/** A monthly limit in US dollars, overall and per service; absent means none. */
export interface SpendLimits {
  overall?: number;
  byProvider?: Partial<Record<ServiceId, number>>;
  /** A batch estimated above this asks before it starts (utils/jobs/batch.ts DEFAULT_CONFIRM_USD when absent). */
  askAbove?: number;
}

/** Why a job may not be sent: the limit it would pass, what is spent or committed, and its own estimate. */
export interface SpendRefusal {
  scope: ServiceId | 'all';
  limit: number;
  spent: number;
  estimate: number;
}

/** What a job is expected to cost, from the catalog (0 when unknown: a job without a price is never refused). */
export function jobEstimate(job: Pick<Job, 'provider' | 'model' | 'params'>): number {
  return estimateCost(findModel(job.provider, job.model), job.params) ?? 0;
}

/**
 * Whether sending `job` would take this month's spend past a limit. `committed`: what the month
 * has cost so far plus the estimates of the jobs already sent and not yet finished.
 */
export function limitRefusal(limits: SpendLimits, committed: Spend, job: Pick<Job, 'provider' | 'model' | 'params'>): SpendRefusal | undefined {
  const estimate = jobEstimate(job);
  if (estimate <= 0) return undefined;
  const own = limits.byProvider?.[job.provider];
  const spentHere = committed.byProvider[job.provider] ?? 0;
  // A cent's rounding never refuses: estimates are shown rounded.
  if (own !== undefined && spentHere + estimate > own + 1e-9) return { scope: job.provider, limit: own, spent: spentHere, estimate };
  if (limits.overall !== undefined && committed.total + estimate > limits.overall + 1e-9) return { scope: 'all', limit: limits.overall, spent: committed.total, estimate };
  return undefined;
}

/** A CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
function field(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The jobs, one a line, with what each cost (US dollars; empty when unknown). */
export function jobsCsv(jobs: readonly Pick<Job, 'createdAt' | 'finishedAt' | 'provider' | 'model' | 'operation' | 'prompt' | 'state' | 'cost' | 'results'>[]): string {
  const head = ['date', 'service', 'model', 'operation', 'prompt', 'state', 'images', 'cost_usd'];
  const rows = jobs.map((job) => [new Date(spentAt(job)).toISOString(), job.provider, job.model, job.operation, job.prompt, job.state, job.results.length, job.cost === undefined ? undefined : job.cost.toFixed(4)]);
  return [head, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
