import type { MessageKey } from '../platform/i18n';
import type { JobError } from '../providers/errors';
import { provider } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import { modelLists, type ModelLists } from '../platform/storage';
import type { JobStore } from './store';
import { isFinished, type Job } from './types';
import { jobProblem } from './validate';
import { addCost, jobEstimate, limitRefusal, monthSpend, type Spend, type SpendLimits } from './spend';

/** Jobs of one service running at once unless its definition says otherwise. */
export const DEFAULT_CONCURRENCY = 2;

export interface GatewayDeps {
  store: JobStore;
  /** Hands a job to the context that runs jobs (Chrome's offscreen document, Firefox's background page). */
  run(jobId: string, provider: ServiceId): Promise<void>;
  /** Tells that context to stop a job it runs; resolves false when no such context exists. */
  stop(jobId: string): Promise<boolean>;
  /** Tells every view a job changed (after the change is stored). */
  notify(jobId: string): Promise<void>;
  /**
   * Whether the user may have this job run now (utils/billing/access.ts): true, or the sentence (a message
   * key) saying why not. Asked in the background for every job, whatever the popup showed.
   */
  entitled?: (job: Job) => Promise<true | MessageKey>;
  now?: () => number;
  /** The keys' model lists as last read (default: storage's `modelLists`). */
  modelLists?: () => Promise<ModelLists>;
  /** The user's monthly spending limits (Settings); none when absent. */
  spendLimits?: () => Promise<SpendLimits>;
  /** Batches paused (by the user or at a limit): their jobs wait (utils/jobs/batch.ts). */
  pausedBatches?: () => Promise<Record<string, string>>;
  /** A batch reached a monthly limit: it pauses, its other jobs wait instead of being refused one by one. */
  pauseBatch?: (id: string, why: 'spend-limit') => Promise<void>;
}

export interface Gateway {
  /** A stored job is ready: validated, then started when its service has a free slot. */
  /** Starts a stored job (queued until its service has room); resolves with the job as read. */
  start(jobId: string): Promise<Job>;
  cancel(jobId: string): Promise<void>;
  /** Starts what waits in the queue, oldest first, as far as each service's limit allows. */
  pump(): Promise<void>;
}

/**
 * The one door every job goes through, in the background. It never trusts the page that stored
 * the job: the job is read back from the store, checked against its model's schema, and the user's
 * subscription or trial is checked (`entitled`) before anything is sent. It owns the
 * queue: per service at most `concurrency` jobs run; the rest stay queued (in IndexedDB, so a
 * restart keeps them) and start as slots free up.
 */
export function createGateway(deps: GatewayDeps): Gateway {
  const now = deps.now ?? Date.now;
  /** Handed to the runner but perhaps not yet marked running there. */
  const handed = new Set<string>();
  /**
   * Entitlement answers asked by start() while the queue is read, for the pump to use: the billing
   * check and the queue's reads go on at once instead of one after the other.
   */
  const asked = new Map<string, Promise<JobError | undefined>>();
  let pumping: Promise<void> = Promise.resolve();

  async function fail(jobId: string, error: JobError): Promise<void> {
    await deps.store.patch(jobId, (j) => (isFinished(j.state) ? {} : { state: 'failed', error, finishedAt: now() }));
    await deps.notify(jobId);
  }

  /** Undefined when the user may run the job; else the refusal. A failing check refuses. */
  async function refusal(job: Job): Promise<JobError | undefined> {
    if (!deps.entitled) return undefined;
    const answer = await deps.entitled(job).catch((): MessageKey => 'billingWhyUnverified');
    return answer === true ? undefined : { kind: 'not-entitled', reason: answer };
  }

  /** What this month has cost and will cost: finished jobs' recorded costs, plus the estimates of the jobs sent and not finished (`active`). */
  async function committedSpend(active: readonly Job[]): Promise<Spend> {
    const spend = await monthSpend(deps.store, now());
    for (const job of active) addTo(spend, job);
    return spend;
  }

  const addTo = (spend: Spend, job: Job) => addCost(spend, job.provider, jobEstimate(job));

  async function pumpOnce(): Promise<void> {
    const [running, queued] = await Promise.all([deps.store.inStates(['running']), deps.store.inStates(['queued'])]);
    const limits = queued.length && deps.spendLimits ? await deps.spendLimits().catch((): SpendLimits => ({})) : {};
    const limited = limits.overall !== undefined || Object.keys(limits.byProvider ?? {}).length > 0;
    let committed: Spend | undefined;
    // New models the keys' lists named are checked with the options the pickers gave them.
    const lists: ModelLists = queued.length ? await (deps.modelLists ?? (() => modelLists.getValue()))().catch((): ModelLists => ({})) : {};
    const paused: Record<string, string> = queued.some((j) => j.group?.kind === 'batch') && deps.pausedBatches ? { ...(await deps.pausedBatches().catch(() => ({}))) } : {};
    for (const id of handed) if (!queued.some((j) => j.id === id)) handed.delete(id);
    const busy = new Map<ServiceId, number>();
    for (const j of running) busy.set(j.provider, (busy.get(j.provider) ?? 0) + 1);
    for (const id of handed) {
      const j = queued.find((q) => q.id === id);
      if (j) busy.set(j.provider, (busy.get(j.provider) ?? 0) + 1);
    }
    for (const job of queued) {
      if (handed.has(job.id) || (job.group && paused[job.group.id])) continue;
      const problem = jobProblem(job, lists[job.provider]);
      if (problem) {
        await fail(job.id, { kind: 'bad-request', detail: problem });
        continue;
      }
      const early = asked.get(job.id);
      asked.delete(job.id);
      const refused = await (early ?? refusal(job));
      if (refused) {
        await fail(job.id, refused);
        continue;
      }
      const limit = provider(job.provider).concurrency ?? DEFAULT_CONCURRENCY;
      if ((busy.get(job.provider) ?? 0) >= limit) continue;
      // The monthly limit, checked when the job would be sent, against what is spent and on its way.
      if (limited) {
        committed ??= await committedSpend([...running, ...queued.filter((q) => handed.has(q.id))]);
        const over = limitRefusal(limits, committed, job);
        if (over) {
          await fail(job.id, { kind: 'spend-limit', spend: over });
          // A batch stops there: its other jobs wait, and Resume (after raising the limit) sends them.
          if (job.group?.kind === 'batch' && deps.pauseBatch) {
            paused[job.group.id] = 'spend-limit';
            await deps.pauseBatch(job.group.id, 'spend-limit');
          }
          continue;
        }
        addTo(committed, job);
      }
      busy.set(job.provider, (busy.get(job.provider) ?? 0) + 1);
      handed.add(job.id);
      await deps.run(job.id, job.provider).catch(async (err: unknown) => {
        handed.delete(job.id);
        await fail(job.id, { kind: 'bad-request', detail: err instanceof Error ? err.message : String(err) });
      });
    }
  }

  const gateway: Gateway = {
    async start(jobId) {
      // Looked up while the queue is pumped: the job waits on both, and the pump starts it only if
      // it is there. Whether the user may run it is asked as soon as it is read, beside the queue.
      const read = deps.store.get(jobId);
      const refused = read.then((job) => (job && job.state === 'queued' ? refusal(job) : undefined));
      refused.catch(() => undefined);
      asked.set(jobId, refused);
      const [job] = await Promise.all([read, gateway.pump()]).finally(() => {
        // The pass this start asked for is over: the answer was used, or is of no use.
        if (asked.get(jobId) === refused) asked.delete(jobId);
      });
      if (!job) throw new Error('No such job.');
      return job;
    },
    async cancel(jobId) {
      // Twice at most: a job read queued may have started by the time it is written canceled.
      for (let tries = 0; tries < 2; tries++) {
        const job = await deps.store.get(jobId);
        if (!job || isFinished(job.state)) return;
        // Running somewhere: that context stops it and records it. Otherwise it is stopped here.
        if (job.state === 'running' && (await deps.stop(jobId))) return;
        let moved = false;
        await deps.store.patch(jobId, (j) => {
          if (isFinished(j.state)) return {};
          // Started meanwhile: marked canceled here, its runner would go on (and be paid). Asked again.
          if (j.state !== job.state) {
            moved = true;
            return {};
          }
          return { state: 'canceled', partial: undefined, retryAt: undefined, finishedAt: now() };
        });
        if (moved) continue;
        handed.delete(jobId);
        await deps.notify(jobId);
        await gateway.pump();
        return;
      }
    },
    pump() {
      // One pass at a time: two notifications at once must not start the same job twice.
      pumping = pumping.then(pumpOnce, pumpOnce);
      return pumping;
    },
  };
  return gateway;
}
