import { browser } from 'wxt/browser';
import { createJobStore, type JobStore } from './jobs/store';
import { isFinished, type Job } from './jobs/types';
import { t } from './i18n';
import { loadImageFromUrl, SourceError, type LoadedImage } from './image/source';
import { onMessage, sendMessage } from './messaging';
import { capabilitiesOf, findModel } from './providers/catalog';
import { imageCost } from './providers/cost';
import { optionsForModel, validateOptions } from './providers/options';
import type { ImageOptions } from './providers/types';
import { draftPrompt, imageDefaults, modelChoice, pendingSource, serviceEndpoints, type ModelChoice } from './storage';
import { createVault } from './vault';

export interface PopupSource extends LoadedImage {
  url: string;
}

/** Everything the popup shows, derived from storage so that closing and reopening it loses nothing. */
export class PopupState {
  source = $state<PopupSource | null>(null);
  sourceLoading = $state(false);
  sourceError = $state<string | null>(null);
  prompt = $state('');
  choice = $state<ModelChoice>(modelChoice.fallback);
  job = $state<Job | null>(null);
  hasKey = $state(true);
  notice = $state<string | null>(null);
  now = $state(Date.now());

  options = $state<ImageOptions>({});

  readonly busy = $derived(this.job !== null && !isFinished(this.job.state));
  readonly model = $derived(findModel(this.choice.provider, this.choice.model));
  readonly capabilities = $derived(capabilitiesOf(this.choice.provider, this.choice.model));
  /** Reasons the current options can't be sent, shown before anything is spent. */
  readonly problems = $derived(validateOptions(this.capabilities, this.options, this.source !== null));
  readonly estimate = $derived(imageCost(this.model, this.options.quality, this.options.size, this.options.n ?? 1));

  #store: JobStore;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(store: JobStore = createJobStore()) {
    this.#store = store;
  }

  async init(): Promise<void> {
    onMessage('jobChanged', ({ data }) => {
      if (this.job && data === this.job.id) void this.#refreshJob();
    });
    const [pending, draft, choice, options, jobs, hasKey] = await Promise.all([
      pendingSource.getValue(),
      draftPrompt.getValue(),
      modelChoice.getValue(),
      imageDefaults.getValue(),
      this.#store.list(),
      createVault().has('openai'),
    ]);
    this.prompt = draft;
    this.choice = choice;
    this.options = options;
    this.hasKey = hasKey;
    this.#showJob(jobs[0] ?? null);
    // A fresh pick from the page clears the notice that asked the user to open the popup.
    await (browser.action ?? browser.browserAction).setTitle({ title: t('actionTitle') });
    if (pending) await this.#loadSource(pending.url);
  }

  async #loadSource(url: string): Promise<void> {
    this.sourceLoading = true;
    this.sourceError = null;
    try {
      this.source = { url, ...(await loadImageFromUrl(url)) };
    } catch (err) {
      this.source = null;
      this.sourceError = err instanceof SourceError && err.kind === 'not-image' ? t('errorSourceNotImage') : t('errorSourceUnreadable');
    } finally {
      this.sourceLoading = false;
    }
  }

  async clearSource(): Promise<void> {
    this.source = null;
    this.sourceError = null;
    await pendingSource.setValue(null);
  }

  setPrompt(value: string): void {
    this.prompt = value;
    void draftPrompt.setValue(value);
  }

  async setChoice(choice: ModelChoice): Promise<void> {
    this.choice = choice;
    await modelChoice.setValue($state.snapshot(choice));
  }

  async setOptions(options: ImageOptions): Promise<void> {
    this.options = options;
    await imageDefaults.setValue($state.snapshot(options));
  }

  /** Makes a result the image to edit next, to iterate on it. */
  async useAsInput(blob: Blob, width: number, height: number): Promise<void> {
    this.source = { blob, width, height, url: '' };
    this.sourceError = null;
    await pendingSource.setValue(null);
  }

  async generate(): Promise<void> {
    this.notice = null;
    const prompt = this.prompt.trim();
    if (!prompt) {
      this.notice = t('popupPromptMissing');
      return;
    }
    if (!this.hasKey) this.hasKey = await createVault().has('openai');
    if (!this.hasKey) {
      this.notice = t('popupNeedKey');
      return;
    }
    const problem = this.problems[0];
    if (problem) {
      this.notice = t(problem.key, problem.subs);
      return;
    }
    const source = this.source ? { blob: this.source.blob, width: this.source.width, height: this.source.height, url: this.source.url || undefined } : undefined;
    const options = optionsForModel(this.capabilities, $state.snapshot(this.options), source !== undefined);
    const model = this.choice.model.trim();
    const baseURL = (await serviceEndpoints.getValue())[this.choice.provider] || undefined;
    const job = await this.#store.create({ provider: this.choice.provider, model, prompt, options, source, baseURL });
    this.#showJob(job);
    await sendMessage('startJob', job.id);
  }

  async retry(): Promise<void> {
    // From the store, not the reactive copy: IndexedDB can't clone Svelte's state proxies.
    const previous = this.job && (await this.#store.get(this.job.id));
    if (!previous) return;
    const { provider, model, prompt, options, source, baseURL } = previous;
    const job = await this.#store.create({ provider, model, prompt, options, source, baseURL });
    this.#showJob(job);
    await sendMessage('startJob', job.id);
  }

  async cancel(): Promise<void> {
    if (this.job) await sendMessage('cancelJob', this.job.id);
  }

  async #refreshJob(): Promise<void> {
    if (!this.job) return;
    this.#showJob((await this.#store.get(this.job.id)) ?? null);
  }

  #showJob(job: Job | null): void {
    this.job = job;
    clearInterval(this.#timer);
    if (job && !isFinished(job.state)) {
      this.#timer = setInterval(() => (this.now = Date.now()), 1000);
    } else if (job && !job.seen) {
      // The user is looking at it now: the badge can stop counting it.
      void this.#store.patch(job.id, () => ({ seen: true })).then(() => sendMessage('jobChanged', job.id).catch(() => undefined));
    }
  }
}
