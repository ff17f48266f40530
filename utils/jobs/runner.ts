import { costFromUsage, estimateCost } from '../providers/cost';
import { ProviderError, toJobError, type JobError } from '../providers/errors';
import { thumbnail } from '../image/thumbnail';
import { findModel } from '../providers/registry';
import { requestImages } from './inputs';
import type { ImageResult, RunFn, ServiceId } from '../providers/types';
import { isEndpoint } from '../keys/endpoints';
import { originPattern } from '../platform/origins';
import { refuseKeyedRedirects, type RedirectRefused } from '../providers/keyed-fetch';
import { unsavedError, type Unsaved } from './unsaved';
import { AnswerTooLarge, DEFAULT_DEADLINES, DeadlineError, withIdleDeadline, type Deadlines } from './deadlines';
import { defaultRetryPolicy, sleep, type RetryPolicy } from './retry';
import type { JobStore } from './store';
import { isFinished, type Job } from './types';
import { previewWriter } from './previews';
import { checkedResults, MAX_TEXT } from './results';

export interface RunnerDeps {
  store: JobStore;
  /** The call of each service (providers/runners.ts). */
  runners: Partial<Record<ServiceId, RunFn>>;
  /** The decrypted key, read in the context that calls the provider and nowhere else. */
  readKey(provider: ServiceId): Promise<string | undefined>;
  /**
   * The custom base URL of a service now, from the extension-only store (endpoint-store.ts); the
   * job record's copy is not trusted. Absent: the job's own (tests of the runner alone).
   */
  endpoint?(provider: ServiceId): Promise<string | undefined>;
  /** Whether the browser grants this origin pattern now; a base URL that is not granted gets no key. */
  originGranted?(pattern: string): Promise<boolean>;
  /** Tells every open view that a job changed (and, when the change gave one, the job as stored); called only after the change is stored. */
  notify(jobId: string, stored?: Job): Promise<void> | void;
  now?: () => number;
  retry?: RetryPolicy;
  deadlines?: Deadlines;
  /** Makes the small copy lists show; the browser's by default. */
  thumbnail?: (image: Blob) => Promise<Blob | undefined>;
  /** Small copies are made this long after a result is stored (at once unless given; image/thumbnail.ts). */
  thumbnailAfterMs?: number;
  fetch?: typeof fetch;
  /**
   * Results that could not be stored at all (the disk is full): the context hands them to the user
   * at once (downloads) rather than lose images that were paid for, and says how many the browser
   * wrote, and why the others were not.
   */
  keepUnsaved?(job: Job, images: Blob[]): Promise<Unsaved>;
}

export interface Runner {
  /**
   * Runs a queued job. `provider`, when the caller knows it, is whose job it is: the key is then
   * read while the job is marked running (checked against the record before anything is sent).
   */
  run(jobId: string, provider?: ServiceId): Promise<Job | undefined>;
  /** Stops a job running here (true), or marks one that is not running here canceled (false). */
  cancel(jobId: string): Promise<boolean>;
}

export function createRunner(deps: RunnerDeps): Runner {
  const now = deps.now ?? Date.now;
  const policy = deps.retry ?? defaultRetryPolicy;
  const deadlines = deps.deadlines ?? DEFAULT_DEADLINES;
  const running = new Map<string, AbortController>();

  /**
   * Stores a change, then tells the views. A change the job's next step does not depend on (it
   * started, a preview) goes on without waiting for the views to hear of it (`wait: false`).
   */
  async function save(jobId: string, change: (job: Job) => Partial<Job>, { wait = true, relaxed = false } = {}): Promise<Job | undefined> {
    const job = await deps.store.patch(jobId, change, relaxed ? { durability: 'relaxed' } : undefined);
    const told = tell(jobId, job);
    if (wait) await told;
    return job;
  }

  /** Tells the views a stored change: a listener that fails (a badge, a download) must not undo it. */
  function tell(jobId: string, stored?: Job): Promise<void> {
    return Promise.resolve()
      .then(() => deps.notify(jobId, stored))
      .catch(() => undefined);
  }

  /** One call within its deadlines: the whole attempt, and no silence mid-answer. */
  async function within(job: Job, baseURL: string | undefined, apiKey: string, signal: AbortSignal, checkpoint: Job['checkpoint'], onCheckpoint: (state: Record<string, string>) => Promise<void>, onPartial: (partial: Blob) => void, send: typeof fetch): Promise<ImageResult> {
    const run = deps.runners[job.provider];
    if (!run) throw new ProviderError({ kind: 'bad-request', detail: `no runner for ${job.provider}` });
    // A Cancel that came while the key was read, or during a wait between attempts, has no abort
    // event left to hear: nothing is sent.
    signal.throwIfAborted();
    const attemptCtl = new AbortController();
    const stop = () => attemptCtl.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    const overtime = setTimeout(() => attemptCtl.abort(new DeadlineError('attempt')), deadlines.attemptMs);
    // A request with the key that is answered with a redirect is not followed (keyed-fetch.ts); the
    // SDKs wrap what fetch throws in errors of their own, so the refusal is remembered here.
    let redirected: RedirectRefused | undefined;
    const keyed = refuseKeyedRedirects(send, apiKey, (err) => (redirected = err));
    try {
      return await run(
        { operation: job.operation, model: job.model, prompt: job.prompt || undefined, ...(await requestImages(job)), params: job.params },
        {
          apiKey,
          signal: attemptCtl.signal,
          fetch: withIdleDeadline(keyed, deadlines.idleMs, (reason) => attemptCtl.abort(reason), deadlines.maxAnswerBytes),
          baseURL,
          checkpoint,
          onPartial: (partial) => onPartial(partial),
          onCheckpoint,
        },
      );
    } catch (err) {
      const reason: unknown = attemptCtl.signal.reason;
      if (!signal.aborted && reason instanceof DeadlineError) throw new ProviderError({ kind: 'timeout', detail: reason.message });
      // Not retried: the same request would be answered the same way.
      if (!signal.aborted && reason instanceof AnswerTooLarge) throw new ProviderError({ kind: 'malformed', detail: reason.message });
      // Not retried: the same request would be redirected again.
      if (!signal.aborted && redirected) throw new ProviderError({ kind: 'redirect', status: redirected.status, detail: redirected.message });
      throw err;
    } finally {
      clearTimeout(overtime);
      signal.removeEventListener('abort', stop);
    }
  }

  /** One request, retried by the policy; throws the last error. */
  async function attempt(job: Job, baseURL: string | undefined, apiKey: string, signal: AbortSignal, onPartial: (partial: Blob) => void, send: typeof fetch): Promise<ImageResult> {
    let checkpoint = job.checkpoint;
    for (let n = 1; ; n++) {
      try {
        const onCheckpoint = async (state: Record<string, string>) => {
          checkpoint = state;
          await save(job.id, () => ({ checkpoint: state }));
        };
        return await within(job, baseURL, apiKey, signal, checkpoint, onCheckpoint, onPartial, send);
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

  /**
   * Paid-for images are never dropped for want of disk space: stored as they are; else stored
   * without the source and preview (the bulk of a record); else handed to keepUnsaved.
   */
  async function storeResults(job: Job, done: Partial<Job>, images: Blob[]): Promise<Job | undefined> {
    try {
      return await save(job.id, () => done);
    } catch {
      try {
        const lean = done.results?.map(({ id, blob }) => ({ id, blob }));
        return await save(job.id, () => ({ ...done, results: lean, source: undefined, references: undefined, partial: undefined }));
      } catch {
        // Nothing thrown here may drop them silently: a hand-off that fails is said with its reason.
        const outcome = await Promise.resolve(deps.keepUnsaved?.(job, images) ?? { saved: 0 }).catch((err: unknown): Unsaved => ({ saved: 0, failure: err instanceof Error ? err.message : String(err) }));
        const unsaved = unsavedError(images.length, outcome);
        return await save(job.id, () => ({ state: 'failed', error: unsaved, partial: undefined, finishedAt: now() })).catch(() => ({ ...job, state: 'failed' as const, error: unsaved }));
      }
    }
  }

  /** Small copies of a stored job's results for lists; when they cannot be made, lists show the full images. */
  async function withThumbnails(job: Job): Promise<Job> {
    if (deps.thumbnailAfterMs) await new Promise((resolve) => setTimeout(resolve, deps.thumbnailAfterMs));
    const thumbs = new Map<string, Blob>();
    await Promise.all(
      job.results.map(async ({ id, blob }) => {
        const thumb = await (deps.thumbnail ?? thumbnail)(blob).catch(() => undefined);
        if (thumb) thumbs.set(id, thumb);
      }),
    );
    if (thumbs.size === 0) return job;
    const add = (j: Job) => ({ results: j.results.map((r) => (thumbs.has(r.id) ? { ...r, thumb: thumbs.get(r.id) } : r)) });
    return (await save(job.id, add, { relaxed: true }).catch(() => undefined)) ?? job;
  }

  /**
   * Where this job's key may go: the provider's own host, or a custom base URL that is well formed
   * and whose origin the browser still grants (a permission removed since, or a URL that reached
   * the store some other way, stops the job before the key is even decrypted).
   */
  async function destination(provider: ServiceId, job?: Job): Promise<string | undefined> {
    const baseURL = deps.endpoint ? await deps.endpoint(provider) : job?.baseURL;
    if (!baseURL) return undefined;
    const granted = isEndpoint(baseURL) && (await deps.originGranted?.(originPattern(baseURL) ?? '').catch(() => false));
    // No detail: the URL may hold a user name and password, and the job record is no place for them.
    if (!granted) throw new ProviderError({ kind: 'endpoint' });
    return baseURL;
  }

  return {
    async run(jobId, hint) {
      if (running.has(jobId)) return deps.store.get(jobId);
      const controller = new AbortController();
      running.set(jobId, controller);
      // Where the key may go, then the key: read while the job is marked running when the caller
      // says whose job it is (the background does), and in any case before anything is sent. The
      // request goes only once this runner has started the job: a Cancel that landed first wins.
      const readyFor = (provider: ServiceId, job?: Job) => {
        const ready = destination(provider, job).then(async (baseURL) => {
          const apiKey = await deps.readKey(provider).catch((err: unknown) => {
            throw err instanceof ProviderError ? err : new ProviderError({ kind: 'vault' });
          });
          return { baseURL, apiKey };
        });
        ready.catch(() => undefined);
        return ready;
      };
      const early = hint && deps.endpoint ? readyFor(hint) : undefined;
      // The views hear that the job started once its request is out (or its attempt ended without
      // one): their reads and redraws would otherwise hold the request up, in Chrome on the very
      // thread the popup shares with this document.
      let toldStart = false;
      const tellStarted = () => {
        if (toldStart) return;
        toldStart = true;
        void tell(jobId);
      };
      const base = deps.fetch ?? globalThis.fetch.bind(globalThis);
      const send: typeof fetch = (input, init) => {
        // Nothing leaves once the job is canceled, whatever the provider's code does in between.
        if (controller.signal.aborted) return Promise.reject(controller.signal.reason as Error);
        const sent = base(input, init);
        tellStarted();
        return sent;
      };
      // A failed preview write must never cost the image itself; none is written once the job is not running.
      const shown = previewWriter((partial) => save(jobId, (j) => (j.state === 'running' ? { partial } : {}), { wait: false, relaxed: true }).then(() => undefined));
      try {
        let mine = false;
        const job = await deps.store.patch(
          jobId,
          (j) => {
            if (j.state !== 'queued') return {};
            mine = true;
            return { state: 'running', startedAt: now(), attempt: 1 };
          },
          { durability: 'relaxed' },
        );
        if (!job || !mine) return job;
        const { baseURL, apiKey } = await (early && hint === job.provider ? early : readyFor(job.provider, job));
        // The record says where the key actually went.
        if (baseURL !== job.baseURL) await save(jobId, () => ({ baseURL }));
        if (!apiKey) throw new ProviderError({ kind: 'no-key' });
        const result = await attempt(job, baseURL, apiKey, controller.signal, (partial) => shown.add(partial), send);
        tellStarted();
        shown.close();
        const images = await checkedResults(result.images);
        // Results are stored before anyone is told they exist; their small copies for lists come
        // right after, so that the result is on screen without waiting for them.
        const results = images.map((blob) => ({ id: crypto.randomUUID(), blob }));
        const model = findModel(job.provider, job.model);
        const cost = costFromUsage(model, result.usage) ?? estimateCost(model, { ...job.params, ...result.actual }, results.length);
        const done: Partial<Job> = {
          state: 'succeeded',
          results,
          usage: result.usage,
          cost,
          // Words beside the image: kept, within reason (a provider could send a book).
          text: result.text?.slice(0, MAX_TEXT),
          refused: result.refused,
          checkpoint: undefined,
          partial: undefined,
          retryAt: undefined,
          error: undefined,
          finishedAt: now(),
        };
        const stored = await storeResults(job, done, result.images);
        return stored?.state === 'succeeded' ? await withThumbnails(stored) : stored;
      } catch (err) {
        tellStarted();
        shown.close();
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
        return true;
      }
      // Not running here: queued, or left "running" by a context that is gone. Either way, stop it.
      await save(jobId, (job) => (isFinished(job.state) ? {} : { state: 'canceled', partial: undefined, retryAt: undefined, finishedAt: now() }));
      return false;
    },
  };
}
