import { browser } from 'wxt/browser';
import { createJobStore, type JobStore } from './jobs/store';
import { isFinished, type Job } from './jobs/types';
import { t } from './i18n';
import { onCropMessage, sendCropMessage } from './crop/messages';
import { cropStore, type CropRecord } from './crop/store';
import { onMessage, sendMessage } from './messaging';
import { findModel } from './providers/catalog';
import { draftPrompt, modelChoice, type ModelChoice } from './storage';
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

  readonly busy = $derived(this.job !== null && !isFinished(this.job.state));
  readonly model = $derived(findModel(this.choice.provider, this.choice.model));

  #store: JobStore;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(store: JobStore = createJobStore()) {
    this.#store = store;
  }

  async init(): Promise<void> {
    onMessage('jobChanged', ({ data }) => {
      if (this.job && data === this.job.id) void this.#refreshJob();
    });
    onCropMessage('cropChanged', () => void this.#loadSource());
    const [, draft, choice, jobs, hasKey] = await Promise.all([
      this.#loadSource(),
      draftPrompt.getValue(),
      modelChoice.getValue(),
      this.#store.list(),
      createVault().has('openai'),
    ]);
    this.prompt = draft;
    this.choice = choice;
    this.hasKey = hasKey;
    this.#showJob(jobs[0] ?? null);
    // A fresh pick from the page clears the notice that asked the user to open the popup.
    await (browser.action ?? browser.browserAction).setTitle({ title: t('actionTitle') });
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
    await modelChoice.setValue(choice);
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
    const s = this.source;
    const source = s ? { blob: s.blob, width: s.width, height: s.height, url: s.url ?? s.pageUrl, origin: s.origin } : undefined;
    const job = await this.#store.create({ provider: this.choice.provider, model: this.choice.model, prompt, options: {}, source });
    this.#showJob(job);
    await sendMessage('startJob', job.id);
  }

  async retry(): Promise<void> {
    if (!this.job) return;
    const { provider, model, prompt, options, source } = this.job;
    const job = await this.#store.create({ provider, model, prompt, options, source });
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
