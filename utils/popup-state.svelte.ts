import { browser } from 'wxt/browser';
import type { JobStore } from './jobs/store';
import { isFinished, type Job, type NewJob } from './jobs/types';
import { t } from './i18n';
import type { KeysState } from './keys-state.svelte';
import { cropStore, type CropRecord } from './crop/store';
import type { ComposerState } from './composer-state.svelte';
import { readDraft, saveDraft } from './draft';
import { onPendingCropChange, readPendingCrop } from './crop/pending';

/**
 * What the popup needs after its first screen (the crop and the prompt): the catalog, the key vault,
 * the job store and messaging, loaded once that screen is drawn (utils/popup-parts.ts).
 */
type Parts = typeof import('./popup-parts');
interface Loaded {
  lib: Parts;
  store: JobStore;
  composer: ComposerState;
  keys: KeysState;
}

/** The crop waiting in the popup (see utils/crop/store.ts). */
export type PopupSource = CropRecord;

/** A performance mark at the moment the crop and the prompt are back on screen. */
export const RESTORED_MARK = 'pictor-popup-restored';

/** Jobs in the strip of running and recent work. */
const RECENT = 6;

/** Everything the popup shows, derived from storage so that closing and reopening it loses nothing. */
export class PopupState {
  #source = $state<PopupSource | null>(null);
  /** The image to work on; the composer offers what can be done with it (or without one). */
  get source(): PopupSource | null {
    return this.#source;
  }
  set source(value: PopupSource | null) {
    this.#source = value;
    if (this.composer) this.composer.hasSource = value !== null;
  }
  sourceLoading = $state(false);
  /** The crop is still being cut: the popup opened as Enter was pressed. */
  cutting = $state(false);
  sourceError = $state<string | null>(null);
  prompt = $state('');
  /** The prompt of the last crop, offered (not silently reused) when a new crop starts a fresh composer. */
  lastPrompt = $state<string | null>(null);
  /**
   * The newest jobs, for the strip of running and recent work. Raw: the list is only ever replaced
   * whole (re-read on each jobChanged), never edited, so a deep proxy over every job, its params,
   * results and source (several proxies and their handlers per job, rebuilt on each re-read) would
   * be memory the popup holds for nothing.
   */
  recent = $state.raw<Job[]>([]);
  /** The crop that "Use as input" replaced, for Undo. */
  replacedSource = $state<PopupSource | null>(null);
  /** The crop and the prompt are back: the first screen is usable. */
  restored = $state(false);
  /** Storage has been read: until then Generate waits (it would act on defaults). */
  ready = $state(false);
  /** Generate was pressed while locked: unlocking goes on with it. */
  pendingGenerate = $state(false);
  job = $state<Job | null>(null);
  /** The saved keys: which exist, what they mean, whether they are locked (said before Generate). */
  keys = $state.raw<KeysState | null>(null);
  notice = $state<string | null>(null);
  /** The notice is fixed in Settings (a missing key): it carries a link there. */
  noticeSettings = $state(false);
  now = $state(Date.now());
  /** Provider, model, operation and parameters (null until the catalog has loaded). */
  composer = $state.raw<ComposerState | null>(null);

  readonly busy = $derived(this.job !== null && !isFinished(this.job.state));
  readonly hasKey = $derived(this.keys && this.composer ? this.keys.saved[this.composer.choice.provider] : false);

  #store: JobStore | undefined;
  #loaded: Promise<Loaded>;
  #settle!: (loaded: Loaded) => void;
  #restored!: () => void;
  /** Settles when the first screen (the crop and the prompt) is drawn: what comes after waits for it. */
  readonly whenRestored = new Promise<void>((resolve) => (this.#restored = resolve));
  #starting = false;
  /** A background removal of the crop itself: its result becomes the crop when it arrives. */
  #cutoutOfSource: string | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(store?: JobStore) {
    this.#store = store;
    this.#loaded = new Promise((resolve) => (this.#settle = resolve));
  }

  async init(): Promise<void> {
    // A crop on its way, stored (or failed) while this starts: shown at once.
    onPendingCropChange(() => {
      if (this.cutting) void this.#loadSource().then(() => this.#startFresh());
    });
    // The first screen: the crop and the prompt.
    const [, draft] = await Promise.all([this.#loadSource(), readDraft()]);
    // A crop newer than what the popup last showed starts a fresh composer: no earlier result,
    // error or prompt under it. Otherwise the popup shows what it showed when it closed.
    const since = this.source?.at ?? 0;
    // Words typed while this loaded win over the stored draft.
    if (draft.at >= since && !this.prompt) this.prompt = draft.text;
    else if (draft.at < since) this.lastPrompt = draft.text.trim() || null;
    this.restored = true;
    // For `npm run bench`: the scripts loaded before this moment are what the first screen cost.
    performance.mark(RESTORED_MARK);
    this.#restored();

    const loaded = await this.#load(await import('./popup-parts'));
    const jobs = await loaded.store.page({ limit: RECENT });
    this.recent = jobs;
    const newest = jobs[0];
    this.#showJob(newest && newest.createdAt >= since ? newest : null);
    this.ready = true;
    // Opening the popup answers whatever the badge and title were asking the user to look at.
    await (browser.action ?? browser.browserAction).setTitle({ title: t('actionTitle') });
    await loaded.lib.updateBadge(loaded.store);
  }

  async #load(lib: Parts): Promise<Loaded> {
    const { onMessage, onCropMessage, guarded } = lib;
    onMessage('jobChanged', guarded('jobChanged', (jobId) => {
      if (this.job && jobId === this.job.id) void this.#refreshJob();
      void this.#loadRecent();
    }));
    onCropMessage('cropChanged', guarded('cropChanged', () => void this.#loadSource().then(() => this.#startFresh())));
    // A crop stored while this page was loading, before the listener above: shown now.
    if ((await cropStore.get())?.at !== this.source?.at) await this.#loadSource().then(() => this.#startFresh());
    const store = (this.#store ??= lib.createJobStore());
    const composer = new lib.ComposerState();
    composer.hasSource = this.source !== null;
    const keys = new lib.KeysState();
    await Promise.all([composer.load(), keys.refresh()]);
    this.composer = composer;
    this.keys = keys;
    const loaded = { lib, store, composer, keys };
    this.#settle(loaded);
    return loaded;
  }

  async #loadRecent(): Promise<void> {
    const { store } = await this.#loaded;
    this.recent = await store.page({ limit: RECENT });
  }

  /** A new crop arrived while the popup is open: clear the composer of the last one. */
  #startFresh(): void {
    if (this.job && this.source && this.job.createdAt < this.source.at) this.#showJob(null);
    if (this.prompt.trim()) this.lastPrompt = this.prompt;
    this.prompt = '';
    this.replacedSource = null;
  }

  /** The unlock form succeeded: a Generate pressed while locked goes on. */
  async unlocked(): Promise<void> {
    const { keys } = await this.#loaded;
    await keys.refresh();
    if (this.pendingGenerate && !keys.locked) await this.generate();
  }

  useLastPrompt(): void {
    if (this.lastPrompt) this.setPrompt(this.lastPrompt);
    this.lastPrompt = null;
  }

  /** Shows an earlier job from the strip in the results panel. */
  async open(jobId: string): Promise<void> {
    const { store } = await this.#loaded;
    this.#showJob((await store.get(jobId)) ?? null);
  }

  /**
   * The crop was cut and stored before the popup opened: showing it is one IndexedDB read. Or it is
   * still being cut (the popup opened as Enter was pressed, utils/crop/pending.ts): the popup says so
   * until cropChanged, or says why it failed.
   */
  async #loadSource(): Promise<void> {
    this.sourceLoading = true;
    try {
      const [record, pending] = await Promise.all([cropStore.get(), readPendingCrop()]);
      this.source = record ?? null;
      const onItsWay = pending !== null && pending.at > (record?.at ?? 0);
      this.cutting = onItsWay && !pending.error;
      if (onItsWay && pending.error) this.sourceError = pending.error;
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
    const { lib } = await this.#loaded;
    const reply = await lib.sendCropMessage('recrop');
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
    void saveDraft(value);
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
    const replaced = this.source;
    await cropStore.set(record);
    this.replacedSource = replaced;
    this.source = record;
    this.sourceError = null;
  }

  /** Puts back the crop that "Use as input" replaced. */
  async undoUseAsInput(): Promise<void> {
    const previous = this.replacedSource;
    if (!previous) return;
    await cropStore.set($state.snapshot(previous) as PopupSource);
    this.source = previous;
    this.replacedSource = null;
  }

  async generate(): Promise<void> {
    this.notice = null;
    this.noticeSettings = false;
    const prompt = this.prompt.trim();
    const { lib, composer, keys } = await this.#loaded;
    const operation = composer.operation;
    if (composer.needsPrompt && !prompt) {
      this.notice = t('popupPromptMissing');
      return;
    }
    // The room check and the wake-up alarm go on while the keys are checked: Generate waits on both.
    const prepared = lib.prepareJob();
    prepared.catch(() => undefined);
    await keys.refresh();
    // Said once, where the composer already shows it (the provider's "no key" note, the unlock form).
    this.pendingGenerate = keys.locked;
    if (!this.hasKey || keys.locked) return;
    const problem = composer.problems[0];
    if (problem || !operation) {
      this.notice = problem ? t(problem.key, problem.subs) : t('optionNoGenerate');
      return;
    }
    const s = this.source;
    const source = s ? { blob: s.blob, width: s.width, height: s.height, url: s.url ?? (s.pageUrl || undefined), origin: s.origin } : undefined;
    await this.#start({
      provider: composer.choice.provider,
      operation,
      model: composer.choice.model.trim(),
      prompt: composer.needsPrompt ? prompt : '',
      params: composer.paramsToSend(operation),
      source,
    }, prepared);
  }

  /**
   * Removes the background of an image with PhotoRoom as a job of its own: a result (linked to the
   * job it came from) or the crop before it is sent.
   */
  async removeBackground(blob: Blob, width: number, height: number, parent?: { jobId: string; result: number }): Promise<void> {
    this.notice = null;
    this.noticeSettings = false;
    const { lib, composer, keys } = await this.#loaded;
    await keys.refresh();
    if (!keys.saved.photoroom) {
      this.notice = t('popupNeedKey', lib.provider('photoroom').label);
      this.noticeSettings = true;
      return;
    }
    const def = lib.provider('photoroom');
    const model = def.models[0];
    if (!model) return;
    const params = lib.paramsForModel(model, composer.paramsFor('photoroom'), 'remove-background');
    const job = await this.#start({ provider: 'photoroom', operation: 'remove-background', model: model.id, prompt: '', params, source: { blob, width, height, origin: 'original' }, parent });
    if (!parent && job) this.#cutoutOfSource = job.id;
  }

  /** The same request again, as it was sent. */
  async retry(): Promise<void> {
    // From the store, not the reactive copy: IndexedDB can't clone Svelte's state proxies.
    const { store } = await this.#loaded;
    const previous = this.job && (await store.get(this.job.id));
    if (!previous) return;
    const { provider: id, operation, model, prompt, params, source, parent } = previous;
    await this.#start({ provider: id, operation, model, prompt, params, source, parent });
  }

  /**
   * Stores a job and asks the background to run it, once: a second click while the first is being
   * stored is ignored (it would pay twice).
   */
  async #start(input: Omit<NewJob, 'baseURL'>, prepared?: Promise<void>): Promise<Job | undefined> {
    if (this.#starting) return undefined;
    this.#starting = true;
    const { lib, store } = await this.#loaded;
    try {
      const job = await lib.submitJob(store, input, prepared);
      this.#showJob(job);
      return job;
    } catch (err) {
      // Nothing was sent: say why; the prompt and image are still here.
      this.notice = lib.submitFailure(err);
      return undefined;
    } finally {
      this.#starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.job) return;
    const { lib } = await this.#loaded;
    await lib.sendMessage('cancelJob', this.job.id).catch(() => undefined);
    await this.#refreshJob();
  }

  async #refreshJob(): Promise<void> {
    const { lib, store } = await this.#loaded;
    if (!this.job) return;
    const id = this.job.id;
    const job = (await store.get(id)) ?? null;
    // Results the disk could not hold went to Downloads; the store may still say running.
    const unsaved = job && !isFinished(job.state) ? (await lib.unsavedJobs.getValue())[job.id] : undefined;
    // Another job was shown meanwhile (Generate pressed again): this read must not bring the old one back.
    if (this.job?.id !== id) return;
    this.#showJob(job && unsaved ? { ...job, state: 'failed', error: { kind: 'storage', detail: String(unsaved) } } : this.#sameBlobs(job));
  }

  /**
   * The job as read again, with the blobs of results already shown kept (a result's bytes never
   * change): a later change of the job (its thumbnails, "seen") must not make the popup load and
   * decode a full-size image it already shows.
   */
  #sameBlobs(job: Job | null): Job | null {
    const shown = this.job;
    if (!job || !shown || shown.id !== job.id || shown.results.length === 0) return job;
    const blobs = new Map(shown.results.map((r) => [r.id, r.blob]));
    return { ...job, results: job.results.map((r) => ({ ...r, blob: blobs.get(r.id) ?? r.blob })) };
  }

  #showJob(job: Job | null): void {
    this.job = job;
    const cutout = job?.state === 'succeeded' && job.id === this.#cutoutOfSource ? job.results[0] : undefined;
    if (cutout && job?.source) {
      this.#cutoutOfSource = null;
      void this.useAsInput(cutout.blob, job.source.width, job.source.height);
    }
    clearInterval(this.#timer);
    if (job && !isFinished(job.state)) {
      this.#timer = setInterval(() => (this.now = Date.now()), 1000);
    } else if (job && !job.seen) {
      // The user is looking at it now: the badge can stop counting it. Written in this same tick
      // (a job is only shown once the store is open), so that a popup closed right after still
      // records it.
      const store = this.#store;
      const seen = store ? store.patch(job.id, () => ({ seen: true })) : this.#loaded.then((l) => l.store.patch(job.id, () => ({ seen: true })));
      void Promise.all([seen, this.#loaded])
        .then(([, { lib }]) => lib.sendMessage('jobChanged', job.id))
        .catch(() => undefined);
    }
  }
}
