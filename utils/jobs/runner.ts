import { findModel } from '../providers/catalog';
import { imageCost } from '../providers/cost';
import { ProviderError, toJobError, type JobError } from '../providers/errors';
import type { ImageResult, Provider, ProviderId } from '../providers/types';
import { defaultRetryPolicy, sleep, type RetryPolicy } from './retry';
import type { JobStore } from './store';
import type { Job } from './types';

export interface RunnerDeps {
  store: JobStore;
  providers: Record<ProviderId, Provider>;
  /** The decrypted key, read in the context that calls the provider and nowhere else. */
  readKey(provider: ProviderId): Promise<string | undefined>;
  /** Tells every open view that a job changed; called only after the change is stored. */
  notify(jobId: string): Promise<void> | void;
  now?: () => number;
  retry?: RetryPolicy;
}

export interface Runner {
  run(jobId: string): Promise<Job | undefined>;
  cancel(jobId: string): Promise<void>;
}

export function createRunner(deps: RunnerDeps): Runner {
  const now = deps.now ?? Date.now;
  const policy = deps.retry ?? defaultRetryPolicy;
  const running = new Map<string, AbortController>();

  async function save(jobId: string, change: (job: Job) => Partial<Job>): Promise<Job | undefined> {
    const job = await deps.store.patch(jobId, change);
    await deps.notify(jobId);
    return job;
  }

  /** One request, retried by the policy; throws the last error. */
  async function attempt(job: Job, apiKey: string, signal: AbortSignal): Promise<ImageResult> {
    for (let n = 1; ; n++) {
      try {
        return await deps.providers[job.provider].run(
          { model: job.model, prompt: job.prompt, source: job.source?.blob, options: job.options },
          { apiKey, signal, baseURL: job.baseURL, onPartial: (partial) => save(job.id, () => ({ partial })).then(() => undefined) },
        );
      } catch (err) {
        const error = toJobError(err);
        if (signal.aborted || n >= policy.maxAttempts(error)) throw err;
        const wait = policy.delay(error, n + 1);
        await save(job.id, () => ({ attempt: n + 1, retryAt: now() + wait, error }));
        await sleep(wait, signal);
        await save(job.id, () => ({ retryAt: undefined, error: undefined }));
      }
    }
  }

  return {
    async run(jobId) {
      const job = await deps.store.get(jobId);
      if (!job || job.state !== 'queued' || running.has(jobId)) return job;
      const controller = new AbortController();
      running.set(jobId, controller);
      try {
        await save(jobId, () => ({ state: 'running', startedAt: now(), attempt: 1 }));
        const apiKey = await deps.readKey(job.provider).catch((err: unknown) => {
          throw err instanceof ProviderError ? err : new ProviderError({ kind: 'vault' });
        });
        if (!apiKey) throw new ProviderError({ kind: 'no-key' });
        const result = await attempt(job, apiKey, controller.signal);
        // Results are stored before anyone is told they exist.
        const results = result.images.map((blob) => ({ id: crypto.randomUUID(), blob }));
        const cost = imageCost(findModel(job.provider, job.model), result.quality ?? job.options.quality, result.size ?? job.options.size, results.length);
        return await save(jobId, () => ({
          state: 'succeeded',
          results,
          usage: result.usage,
          cost,
          partial: undefined,
          retryAt: undefined,
          error: undefined,
          finishedAt: now(),
        }));
      } catch (err) {
        const error: JobError = controller.signal.aborted ? { kind: 'canceled' } : toJobError(err);
        return await save(jobId, () => ({
          state: error.kind === 'canceled' ? 'canceled' : 'failed',
          error,
          partial: undefined,
          retryAt: undefined,
          finishedAt: now(),
        }));
      } finally {
        running.delete(jobId);
      }
    },
    async cancel(jobId) {
      const controller = running.get(jobId);
      if (controller) {
        controller.abort();
        return;
      }
      await save(jobId, (job) => (job.state === 'queued' ? { state: 'canceled', finishedAt: now() } : {}));
    },
  };
}

/**
 * After a browser restart nothing is running any more: jobs left queued or running were cut off.
 * They are marked so, with a Retry, instead of spinning forever.
 */
export async function markInterrupted(store: JobStore, now = Date.now()): Promise<string[]> {
  const cut = (await store.list()).filter((j) => j.state === 'queued' || j.state === 'running');
  for (const job of cut) {
    await store.patch(job.id, () => ({ state: 'failed', error: { kind: 'interrupted' }, partial: undefined, retryAt: undefined, finishedAt: now }));
  }
  return cut.map((j) => j.id);
}
