import { browser } from 'wxt/browser';
import { createJobStore, type JobStore } from './jobs/store';
import { isFinished, type Job, type NewJob } from './jobs/types';
import { toJobError } from './providers/errors';
import { updateBadge } from './badge';
import { t } from './i18n';
import { onCropMessage, sendCropMessage } from './crop/messages';
import { cropStore, type CropRecord } from './crop/store';
import { onMessage, sendMessage } from './messaging';
import { capabilitiesOf, findModel } from './providers/catalog';
import { imageCost } from './providers/cost';
import { optionsForModel, validateOptions } from './providers/options';
import type { ImageOptions } from './providers/types';
import { draftPrompt, imageDefaults, modelChoice, serviceEndpoints, type ModelChoice } from './storage';
import { createVault } from './vault';

/** The crop waiting in the popup (see utils/crop/store.ts). */
export type PopupSource = CropRecord;

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
  #starting = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(store: JobStore = createJobStore()) {
    this.#store = store;
  }

  async init(): Promise<void> {
    onMessage('jobChanged', ({ data }) => {
      if (this.job && data === this.job.id) void this.#refreshJob();
    });
    onCropMessage('cropChanged', () => void this.#loadSource());
    const [, draft, choice, options, jobs, hasKey] = await Promise.all([
      this.#loadSource(),
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
    // Opening the popup answers whatever the badge and title were asking the user to look at.
    await (browser.action ?? browser.browserAction).setTitle({ title: t('actionTitle') });
    await updateBadge(this.#store);
  }

  /** The crop was cut and stored before the popup opened: showing it is one IndexedDB read. */
  async #loadSource(): Promise<void> {
    this.sourceLoading = true;
    try {
      this.source = (await cropStore.get()) ?? null;
    } finally {
      this.sourceLoading = false;
    }
  }

  async clearSource(): Promise<void> {
    this.source = null;
    this.sourceError = null;
    await cropStore.clear();
  }

  /** Back to the overlay on the page the crop came from; the popup closes to show it. */
  async recrop(): Promise<void> {
    this.sourceError = null;
    const reply = await sendCropMessage('recrop');
    if (reply.ok) window.close();
    else this.sourceError = reply.message;
  }

  /**
   * Asks for access to the image's site (an optional host permission, from this click's user
   * gesture). The background then cuts the same selection from the original file and tells us.
   */
  async grantAccess(pattern: string): Promise<void> {
    this.sourceError = null;
    const granted = await browser.permissions.request({ origins: [pattern] }).catch(() => false);
    if (!granted) this.sourceError = t('popupGrantDenied');
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
    const record: CropRecord = {
      blob,
      width,
      height,
      origin: 'original',
      mode: 'image',
      pageUrl: '',
      selection: { x: 0, y: 0, width: 1, height: 1 },
      tabId: -1,
      frameId: 0,
      at: Date.now(),
    };
    // Stored like a crop, so it is still the image to edit after the popup closes.
    await cropStore.set(record);
    this.source = record;
    this.sourceError = null;
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
    const s = this.source;
    const source = s ? { blob: s.blob, width: s.width, height: s.height, url: s.url ?? (s.pageUrl || undefined), origin: s.origin } : undefined;
    const options = optionsForModel(this.capabilities, $state.snapshot(this.options), source !== undefined);
    await this.#start({ provider: this.choice.provider, model: this.choice.model.trim(), prompt, options, source });
  }

  async retry(): Promise<void> {
    // From the store, not the reactive copy: IndexedDB can't clone Svelte's state proxies.
    const previous = this.job && (await this.#store.get(this.job.id));
    if (!previous) return;
    const { provider, model, prompt, options, source } = previous;
    await this.#start({ provider, model, prompt, options, source });
  }

  /**
   * Stores a job and asks the background to run it, once: a second click while the first is being
   * stored is ignored (it would pay twice). If the background can't be reached, the job fails
   * visibly instead of waiting forever.
   */
  async #start(input: Omit<NewJob, 'baseURL'>): Promise<void> {
    if (this.#starting) return;
    this.#starting = true;
    try {
      // The base URL is read now, not copied from an older job: one the user removed gets no key.
      const baseURL = (await serviceEndpoints.getValue())[input.provider] || undefined;
      const job = await this.#store.create({ ...input, baseURL });
      this.#showJob(job);
      await sendMessage('startJob', job.id).catch(async (err: unknown) => {
        const failed = await this.#store.patch(job.id, () => ({ state: 'failed', error: toJobError(err), finishedAt: Date.now() }));
        this.#showJob(failed ?? null);
      });
    } catch (err) {
      // Storing the job failed (e.g. the disk is full): say so; the prompt and image are still here.
      this.notice = t('errorUnknown', err instanceof Error && err.message ? err.message : t('popupActionFailed'));
    } finally {
      this.#starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.job) return;
    await sendMessage('cancelJob', this.job.id).catch(() => undefined);
    await this.#refreshJob();
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
