import { cutoutRequest } from '../jobs/cutout';
import { guarded } from '../platform/message-rules';
import { updateBadge } from '../results/badge';
import { cropStore, wholeImageCrop, type InputLinks } from '../crop/store';
import { t } from '../platform/i18n';
import { chainOf, type Chain } from '../jobs/chain';
import { createJobStore, type JobStore } from '../jobs/store';
import { cancelJob, submitAgain, submitFailure, submitJob } from '../jobs/submit';
import { isFinished, type Job } from '../jobs/types';
import { markSeen } from '../jobs/seen';
import { matchesQuery, nextPage, upsert, without } from './library';
import { nextMonthStart } from '../jobs/spend';
import { broadcast, onMessage } from '../platform/messaging';
import { imageDefaults } from '../platform/storage';
import { createVault } from '../keys/vault';
import { toolbarAction } from '../platform/action';

/** Jobs per page of the list. */
const PAGE = 24;
/** Typing pauses this long before the list is searched again. */
const SEARCH_DELAY_MS = 200;
/** `#job=<id>` opens a job, so Back in a tab returns to the list and a job's view can be linked. */
const JOB_HASH = /^#job=([0-9a-f-]{36})$/;

/**
 * What the library shows: the history newest first (a page at a time, filtered by the search),
 * one job at full size with where it came from and what was made from it, kept current by the
 * `jobChanged` notices every context sends.
 */
export class LibraryState {
  // Raw: jobs hold blobs and are replaced whole, never edited in place.
  jobs = $state.raw<Job[]>([]);
  more = $state(false);
  loading = $state(true);
  query = $state('');
  /** The month shown (its first moment, utils/jobs/spend.ts), or null for all of History. */
  month = $state<number | null>(null);
  selected = $state.raw<Job | null>(null);
  chain = $state.raw<Chain | null>(null);
  notice = $state<string | null>(null);
  /** The notice is fixed in Settings (a missing key): it carries a link there. */
  noticeSettings = $state(false);
  /** Said after a deletion, for screen readers and everyone else. */
  status = $state<string | null>(null);

  #store: JobStore;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest list request may fill the list (a slow search must not overwrite a newer one). */
  #listRequest = 0;
  #starting = false;
  #dispose = () => {};

  constructor(store: JobStore = createJobStore()) {
    this.#store = store;
  }

  async init(): Promise<void> {
    const stopListening = onMessage('jobChanged', guarded('jobChanged', (jobId) => void this.#changed(jobId)));
    const onHash = () => void this.#route();
    window.addEventListener('hashchange', onHash);
    this.#dispose = () => {
      stopListening();
      window.removeEventListener('hashchange', onHash);
    };
    await Promise.all([this.#reload(), this.#route()]);
  }

  /** Stops following changes (the page is going away). */
  dispose(): void {
    this.#dispose();
    clearTimeout(this.#searchTimer);
  }

  setQuery(query: string): void {
    this.query = query;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#reload(), SEARCH_DELAY_MS);
  }

  /** Shows one month's jobs, all of them (null: all of History, a page at a time). */
  setMonth(month: number | null): void {
    this.month = month;
    void this.#reload();
  }

  /** The jobs of the month shown, as they are stored (for its spend and its CSV). */
  monthJobs(): Promise<Job[]> {
    return this.month === null ? Promise.resolve([]) : this.#store.createdBetween(this.month, nextMonthStart(this.month));
  }

  async #reload(): Promise<void> {
    const request = ++this.#listRequest;
    this.loading = true;
    const month = this.month;
    const { jobs, more } = month === null ? await nextPage(this.#store, [], PAGE, this.query) : { jobs: (await this.monthJobs()).filter((j) => matchesQuery(j, this.query)), more: false };
    if (request !== this.#listRequest) return;
    this.jobs = jobs;
    this.more = more;
    this.loading = false;
  }

  async loadMore(): Promise<void> {
    const request = ++this.#listRequest;
    const { jobs, more } = await nextPage(this.#store, this.jobs, PAGE, this.query);
    if (request !== this.#listRequest) return;
    this.jobs = [...this.jobs, ...jobs];
    this.more = more;
  }

  /** A job was created, progressed, finished or was deleted somewhere: the list and the open job follow. */
  async #changed(jobId: string): Promise<void> {
    const job = await this.#store.get(jobId);
    const inMonth = (j: Job) => this.month === null || (j.createdAt >= this.month && j.createdAt < nextMonthStart(this.month));
    this.jobs = job && inMonth(job) ? upsert(this.jobs, job, this.query, this.more) : without(this.jobs, jobId);
    // Deleted elsewhere (e.g. Delete all history in another window): what is left is loaded again.
    if (!job && this.jobs.length === 0 && this.more) void this.#reload();
    const open = this.selected;
    if (!open) return;
    if (open.id === jobId) {
      if (job) {
        this.selected = job;
        this.chain = await chainOf(this.#store, job);
        this.#markSeen(job);
      } else this.back();
    } else if (job?.parent?.jobId === open.id || this.#inChain(jobId)) {
      this.chain = await chainOf(this.#store, open);
    }
  }

  #inChain(jobId: string): boolean {
    return !!this.chain && (this.chain.ancestors.some((l) => l.job.id === jobId) || this.chain.children.some((j) => j.id === jobId));
  }

  open(jobId: string): void {
    this.status = null;
    location.hash = `#job=${jobId}`;
  }

  back(): void {
    if (location.hash) location.hash = '';
    this.selected = null;
    this.chain = null;
  }

  async #route(): Promise<void> {
    this.notice = null;
    const id = JOB_HASH.exec(location.hash)?.[1];
    const job = id ? await this.#store.get(id) : undefined;
    if (id && !job) this.notice = t('libraryJobGone');
    this.selected = job ?? null;
    this.chain = job ? await chainOf(this.#store, job) : null;
    if (job) this.#markSeen(job);
  }

  /** Looking at a finished job answers the toolbar badge, as in the popup. */
  #markSeen(job: Job): void {
    if (!isFinished(job.state) || job.seen) return;
    markSeen(this.#store, job.id);
  }

  /** Other views (popup, another library) and the toolbar badge learn of a change made here. */
  async #told(jobId: string): Promise<void> {
    await Promise.all([broadcast('jobChanged', jobId), updateBadge(this.#store).catch(() => undefined)]);
  }

  /**
   * Deletes a job and its images (source and results). Jobs made from it keep their own copies. A
   * job still queued or running is canceled first: its request is stopped on the wire rather than
   * left to run (and be paid for) with nowhere for its result to go.
   */
  async remove(jobId: string): Promise<void> {
    const job = await this.#store.get(jobId);
    if (job && !isFinished(job.state)) await cancelJob(jobId);
    await this.#store.remove([jobId]);
    this.jobs = without(this.jobs, jobId);
    if (this.selected?.id === jobId) this.back();
    else if (this.selected) this.chain = await chainOf(this.#store, this.selected);
    this.status = t('libraryDeleted');
    await this.#told(jobId);
  }

  /** Every job and its images; keys, settings and the image waiting in the popup stay. */
  async removeAll(): Promise<void> {
    const shown = this.jobs.map((j) => j.id);
    // As for one job: nothing is left running, or paid for, behind an empty History.
    await Promise.all((await this.#store.inStates(['queued', 'running'])).map((j) => cancelJob(j.id)));
    await this.#store.clear();
    this.jobs = [];
    this.more = false;
    this.back();
    this.status = t('libraryAllDeleted');
    await updateBadge(this.#store).catch(() => undefined);
    // Other open views drop what they show of it.
    await Promise.all(shown.map((id) => broadcast('jobChanged', id)));
  }

  /** The same request again, as it was sent; the new job opens. */
  async again(jobId: string): Promise<void> {
    await this.#start(() => submitAgain(this.#store, jobId, (note) => (this.status = note)));
  }

  async cancel(jobId: string): Promise<void> {
    await cancelJob(jobId);
  }

  /** Makes a result the image to edit next, then opens the popup with it where the browser allows. */
  async useAsInput(blob: Blob, width: number, height: number, links?: InputLinks): Promise<void> {
    this.notice = null;
    this.noticeSettings = false;
    await cropStore.set(wholeImageCrop(blob, width, height, links));
    try {
      // Chrome ≥ 127 and Firefox ≥ 149 open it without a gesture; older ones refuse or lack it.
      await toolbarAction().openPopup();
    } catch {
      this.notice = t('libraryOpenPopup');
    }
  }

  /** PhotoRoom cuts out a result, as a job of its own linked to the one it came from. */
  async removeBackground(blob: Blob, width: number, height: number, parent: { jobId: string; result: number }): Promise<void> {
    this.notice = null;
    this.noticeSettings = false;
    const vault = createVault();
    const cutout = await cutoutRequest({ blob, width, height }, parent, { hasKey: (id) => vault.has(id), params: async (id) => (await imageDefaults.getValue())[id] ?? {} });
    if (!cutout) return;
    if ('missingKey' in cutout) {
      this.notice = cutout.missingKey;
      this.noticeSettings = true;
      return;
    }
    const { input } = cutout;
    await this.#start(() => submitJob(this.#store, input));
  }

  /** Starts a job once (a second click while it is stored would pay twice) and opens it. */
  async #start(submit: () => Promise<Job | undefined>): Promise<void> {
    if (this.#starting) return;
    this.#starting = true;
    try {
      const job = await submit();
      if (job) {
        this.jobs = upsert(this.jobs, job, this.query, this.more);
        this.open(job.id);
      }
    } catch (err) {
      this.notice = submitFailure(err);
    } finally {
      this.#starting = false;
    }
  }
}
