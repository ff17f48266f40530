import type { JobStore } from '../jobs/store';
import type { Prepared } from '../jobs/submit';
import { isFinished, type Job, type NewJob } from '../jobs/types';
import { t } from '../platform/i18n';
import { cropStore } from '../crop/store';
import { SourceState } from './source-state.svelte';
import type { ComposerState } from './composer-state.svelte';
import type { KeysState } from '../keys/keys-state.svelte';
import { readDraft, saveDraft } from './draft';
import { onPendingCropChange } from '../crop/pending';
import { toolbarAction } from '../platform/action';
import { afterPaint, onceAfter, RESULT_FIRST_MS } from '../platform/later';
import { HeldStart } from './held-start.svelte';

/** What the popup needs after its first screen, loaded once that screen is drawn (utils/popup/popup-parts.ts). */
type Parts = typeof import('./popup-parts');
type Loaded = import('./popup-parts').Loaded;
type Input = Omit<NewJob, 'baseURL'>;

/** A performance mark at the moment the crop and the prompt are back on screen. */
export const RESTORED_MARK = 'pictor-popup-restored';

/** Jobs in the strip of running and recent work. */
const RECENT = 6;

/** Everything the popup shows, derived from storage so that closing and reopening it loses nothing. */
export class PopupState {
  /** The image to work on; the composer offers what can be done with it (or without one). */
  readonly crop = new SourceState((hasSource) => {
    if (this.composer) this.composer.hasSource = hasSource;
  });
  prompt = $state('');
  /** The prompt of the last crop, offered (not silently reused) when a new crop starts a fresh composer. */
  lastPrompt = $state<string | null>(null);
  /** The newest jobs, for the strip. Raw: replaced whole on each re-read, never edited (a deep proxy would be memory for nothing). */
  recent = $state.raw<Job[]>([]);
  /** The crop and the prompt are back: the first screen is usable. */
  restored = $state(false);
  /** Storage has been read: until then Generate waits (it would act on defaults). */
  ready = $state(false);
  /** Generate was pressed while locked: unlocking goes on with it. */
  pendingGenerate = $state(false);
  job = $state<Job | null>(null);
  /** The jobs of the comparison the shown job belongs to, side by side (empty: none). */
  group = $state.raw<Job[]>([]);
  /** The saved keys: which exist, what they mean, whether they are locked (said before Generate). */
  keys = $state.raw<KeysState | null>(null);
  notice = $state<string | null>(null);
  /** The notice is fixed in Settings (a missing key): it carries a link there. */
  noticeSettings = $state(false);
  now = $state(Date.now());
  /** Provider, model, operation and parameters (null until the catalog has loaded). */
  composer = $state.raw<ComposerState | null>(null);

  /** A job just started, shown once its request has left (utils/popup/held-start.svelte.ts). */
  readonly #held = new HeldStart((job) => this.#showJob(job));
  readonly busy = $derived((this.job !== null && !isFinished(this.job.state)) || this.#held.job !== null);
  readonly hasKey = $derived(this.keys && this.composer ? this.keys.saved[this.composer.choice.provider] : false);

  #store: JobStore | undefined;
  #settle!: (loaded: Loaded) => void;
  #loaded = new Promise<Loaded>((resolve) => (this.#settle = resolve));
  #restored!: () => void;
  /** Settles when the first screen (the crop and the prompt) is painted: what comes after waits for it. */
  readonly whenRestored = new Promise<void>((resolve) => (this.#restored = resolve));
  /** Called by SourceCard once the crop's image has loaded: whenRestored waits for its paint. */
  cropShown!: () => void;
  readonly #cropLoaded = new Promise<void>((resolve) => (this.cropShown = resolve));
  #starting = false;
  /** Which read of the shown job, and of its comparison, is the latest: an earlier one that answers later is dropped. */
  #reads = 0;
  #groupReads = 0;
  /** A background removal of the crop itself: its result becomes the crop when it arrives. */
  #cutoutOfSource: string | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Reads that wait while a result loads: the strip's, and the shown job's after its stored copy was just shown (followStored). */
  readonly #recentLater = onceAfter<void>(RESULT_FIRST_MS, () => this.#loadRecent());
  readonly #refreshLater = onceAfter<void>(RESULT_FIRST_MS, () => this.#refreshJob());

  constructor(store?: JobStore) {
    this.#store = store;
  }

  async init(): Promise<void> {
    // A crop on its way, stored (or failed) while this starts: shown at once.
    onPendingCropChange(() => {
      if (this.crop.cutting) void this.crop.load().then(() => this.#startFresh());
    });
    // The first screen: the crop and the prompt.
    const [, draft] = await Promise.all([this.crop.load(), readDraft()]);
    // A crop newer than what the popup last showed starts fresh; else it shows what it showed
    // (words typed while this loaded win over the stored draft).
    const since = this.crop.source?.at ?? 0;
    if (draft.at >= since && !this.prompt) this.prompt = draft.text;
    else if (draft.at < since) this.lastPrompt = draft.text.trim() || null;
    this.restored = true;
    performance.mark(RESTORED_MARK);
    // What follows loads ~20 chunks at once: before the paint, it held the crop's frame back 130-200 ms (crop bench).
    await afterPaint(this.crop.source && !this.crop.cutting ? this.#cropLoaded : undefined);
    this.#restored();
    const loaded = await this.#load(await import('./popup-parts'));
    // A batch's jobs are followed in History: none holds Generate up here.
    const newest = (this.recent = await loaded.store.page({ limit: RECENT })).find((j) => j.group?.kind !== 'batch');
    this.#showJob(newest && newest.createdAt >= since ? newest : null);
    this.ready = true;
    // Opening the popup answers whatever the badge and title were asking the user to look at.
    await toolbarAction().setTitle({ title: t('actionTitle') });
    await loaded.lib.updateBadge(loaded.store);
  }

  async #load(lib: Parts): Promise<Loaded> {
    const { onMessage, onCropMessage, guarded } = lib;
    const copies = lib.followStored(() => this.job, (job) => void (this.#reads++, this.#showJob(job)));
    onMessage('jobChanged', guarded('jobChanged', (jobId) => {
      this.#held.release(jobId);
      const shown = this.job?.id === jobId;
      if (shown) void (copies.shownLately(jobId) ? this.#refreshLater() : this.#refreshJob());
      if (this.job?.group) void this.#loadGroup();
      // The strip leaves the job shown out; its spend line can wait until the result is drawn.
      void (shown ? this.#recentLater() : this.#loadRecent());
    }));
    // A new crop starts fresh; the crop shown, stored again with its original, changes nothing the user typed.
    onCropMessage('cropChanged', guarded('cropChanged', () => void this.crop.reload().then((fresh) => fresh && this.#startFresh())));
    // The references, and pastes and drops on the popup that add them.
    void lib.startReferences(this.crop);
    // A crop stored while this page was loading, before the listener above: shown now.
    if ((await cropStore.get())?.at !== this.crop.source?.at) await this.crop.load().then(() => this.#startFresh());
    const store = (this.#store ??= lib.createJobStore());
    const composer = new lib.ComposerState();
    const keys = new lib.KeysState();
    // Asked now, while the user types: Generate need not wait on the browser's storage estimate.
    const room = lib.roomCheck();
    void room.ask();
    await Promise.all([composer.load(), keys.refresh()]);
    // Read after the wait: until `this.composer` is set, a crop removed or arrived cannot reach it.
    composer.hasSource = this.crop.source !== null;
    [this.composer, this.keys] = [composer, keys];
    const loaded = { lib, store, composer, keys, room };
    this.#settle(loaded);
    return loaded;
  }

  async #loadRecent(): Promise<void> {
    const { lib, store } = await this.#loaded;
    this.recent = lib.keepStripJobs(this.recent, await store.page({ limit: RECENT }));
  }

  #startFresh(): void {
    if (this.job && this.crop.source && this.job.createdAt < this.crop.source.at) this.#showJob(null);
    if (this.prompt.trim()) this.lastPrompt = this.prompt;
    this.prompt = '';
    this.crop.replaced = null;
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

  /** Says a sentence above Generate (null: none); `settings`: it is fixed in Settings (a missing key). */
  #say(notice: string | null, settings = false): void {
    [this.notice, this.noticeSettings] = [notice, settings];
  }

  /** Shows an earlier job from the strip in the results panel. */
  async open(jobId: string): Promise<void> {
    this.#held.drop();
    this.#showJob((await (await this.#loaded).store.get(jobId)) ?? null);
  }

  setPrompt(value: string): void {
    this.prompt = value;
    void saveDraft(value);
  }

  /** Back to the overlay on the page the crop came from. */
  async recrop(): Promise<void> {
    await this.crop.recrop(async () => (await this.#loaded).lib.sendCropMessage('recrop'));
  }

  async generate(): Promise<void> {
    this.#say(null);
    const prompt = this.prompt.trim();
    const { lib, composer, keys, room } = await this.#loaded;
    if (composer.needsPrompt && !prompt) {
      this.notice = t('popupPromptMissing');
      return;
    }
    // The room check (asked when the popup opened) and the wake-up alarm, while the keys are checked.
    const prepared = lib.prepareJob(room.get());
    // A lock can close on its idle timer: read again when a lock is on or no key was seen. Should a
    // key go all the same, the runner fails the job saying so, with nothing sent.
    if (keys.lockOn || !this.hasKey) await keys.check();
    // Said once, where the composer already shows it (the provider's "no key" note, the unlock form).
    this.pendingGenerate = keys.locked;
    if (!this.hasKey || keys.locked) return;
    const inputs = lib.generateInputs(composer, prompt, this.crop.source, this.crop.references?.list, (id) => keys.saved[id]);
    if ('problem' in inputs) this.notice = inputs.problem;
    else await this.#start(inputs, prepared);
  }

  /** A background removal as a job of its own (utils/jobs/cutout.ts): of a result (linked to its job), or of the crop before it is sent. */
  async removeBackground(blob: Blob, width: number, height: number, parent?: { jobId: string; result: number }): Promise<void> {
    this.#say(null);
    const { lib, composer, keys } = await this.#loaded;
    await keys.refresh();
    const cutout = await lib.cutoutRequest({ blob, width, height }, parent, { hasKey: (id) => keys.saved[id], params: (id) => composer.paramsFor(id) });
    if (!cutout) return;
    if ('missingKey' in cutout) return this.#say(cutout.missingKey, true);
    const job = await this.#start(cutout.input);
    if (!parent && job) this.#cutoutOfSource = job.id;
  }

  /** The same request again, as it was sent (the job shown, or one of its comparison, which it rejoins). */
  async retry(jobId = this.job?.id): Promise<void> {
    // From the store, not the reactive copy: IndexedDB can't clone Svelte's state proxies.
    const { lib, store, composer } = await this.#loaded;
    const previous = jobId && (await store.get(jobId));
    if (!previous) return;
    // On a model shut down since the first attempt, the request goes to its replacement, and says so.
    const again = lib.againRequest(previous, composer.lists[previous.provider], composer.now());
    await this.#start(previous.group ? { ...again.request, group: previous.group } : again.request);
    if (again.note) this.notice = again.note;
  }

  /** Stores a job and asks the background to run it, once: a click while one is being stored, or held, is ignored (it would pay twice). */
  async #start(input: Input | Input[], prepared?: Prepared): Promise<Job | undefined> {
    if (this.#starting || this.#held.job) return undefined;
    this.#starting = true;
    const { lib, store } = await this.#loaded;
    const [first, ...others] = [input].flat();
    // A job of a comparison shown rejoins it; a new one is shown from when it is stored; a lone job once its request has left.
    const rejoins = !!first!.group && first!.group.id === this.job?.group?.id;
    try {
      const job = await lib.submitJob(store, first!, prepared, (stored) => (rejoins ? void this.#loadGroup() : first!.group ? this.#showJob(stored) : this.#held.hold(stored)));
      for (const next of others) await lib.submitJob(store, next, prepared, () => void this.#loadGroup());
      // Failed to start (the background could not be reached): shown as such. Else the job shown
      // since it was stored stays, with what the views were told of it meanwhile.
      if (job.state === 'failed' && !rejoins) {
        this.#held.drop();
        this.#showJob(job);
      }
      return job;
    } catch (err) {
      // Nothing was sent: say why; the prompt and image are still here.
      this.notice = lib.submitFailure(err);
      return undefined;
    } finally {
      this.#starting = false;
    }
  }

  /** Cancel: the job shown, or one of its comparison. */
  async cancel(jobId = this.job?.id): Promise<void> {
    if (jobId) await (await this.#loaded).lib.cancelJob(jobId);
    await this.#refreshJob();
  }

  async #refreshJob(): Promise<void> {
    const { lib, store } = await this.#loaded;
    if (!this.job) return;
    const id = this.job.id;
    const read = ++this.#reads;
    const job = await lib.readJob(store, id);
    // Another job shown meanwhile (Generate again) must stay; so must a later read's answer (a job that
    // started and failed at once must not show running again, for ever).
    if (this.job?.id !== id || read !== this.#reads) return;
    this.#showJob(lib.keepShownBlobs(this.job, job));
  }

  /** The shown job's comparison, read again. */
  async #loadGroup(): Promise<void> {
    const [id, read] = [this.job?.group?.id, ++this.#groupReads];
    const { lib, store } = await this.#loaded;
    const jobs = id ? await lib.readGroup(store, id, this.group) : [];
    if (this.job?.group?.id === id && read === this.#groupReads) this.group = jobs;
  }

  #showJob(job: Job | null): void {
    if (job?.group?.id !== this.job?.group?.id) this.group = [];
    this.job = job;
    if (job?.group) void this.#loadGroup();
    const cutout = job?.state === 'succeeded' && job.id === this.#cutoutOfSource ? job.results[0] : undefined;
    if (cutout && job?.source) {
      this.#cutoutOfSource = null;
      void this.crop.useAsInput(cutout.blob, job.source.width, job.source.height);
    }
    clearInterval(this.#timer);
    // A finished job shown is seen: the user is looking at it now (a job is only shown once the store is open).
    if (job && !isFinished(job.state)) this.#timer = setInterval(() => (this.now = Date.now()), 1000);
    else if (job && !job.seen) void this.#loaded.then(({ lib, store }) => lib.markSeen(store, job.id));
  }
}
