import { ProviderError, toJobError } from '../providers/errors';
import type { Provider, ProviderId } from '../providers/types';
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
}

export interface Runner {
  run(jobId: string): Promise<Job | undefined>;
  cancel(jobId: string): Promise<void>;
}

export function createRunner(deps: RunnerDeps): Runner {
  const now = deps.now ?? Date.now;
  const running = new Map<string, AbortController>();

  async function save(jobId: string, change: (job: Job) => Partial<Job>): Promise<Job | undefined> {
    const job = await deps.store.patch(jobId, change);
    await deps.notify(jobId);
    return job;
  }

  return {
    async run(jobId) {
      const job = await deps.store.get(jobId);
      if (!job || job.state !== 'queued' || running.has(jobId)) return job;
      const controller = new AbortController();
      running.set(jobId, controller);
      try {
        await save(jobId, () => ({ state: 'running', startedAt: now() }));
        const apiKey = await deps.readKey(job.provider).catch((err: unknown) => {
          throw err instanceof ProviderError ? err : new ProviderError({ kind: 'vault' });
        });
        if (!apiKey) throw new ProviderError({ kind: 'no-key' });
        const result = await deps.providers[job.provider].run(
          { model: job.model, prompt: job.prompt, source: job.source?.blob, options: job.options },
          { apiKey, signal: controller.signal },
        );
        const results = result.images.map((blob) => ({ id: crypto.randomUUID(), blob }));
        return await save(jobId, () => ({ state: 'succeeded', results, usage: result.usage, finishedAt: now() }));
      } catch (err) {
        const error = controller.signal.aborted ? { kind: 'canceled' as const } : toJobError(err);
        return await save(jobId, () => ({
          state: error.kind === 'canceled' ? 'canceled' : 'failed',
          error,
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
