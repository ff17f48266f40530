import type { ComposerState } from './composer-state.svelte';
import type { JobStore } from '../jobs/store';
import type { Job, JobReference, NewJob } from '../jobs/types';
import type { KeysState } from '../keys/keys-state.svelte';
import type { PopupSource, SourceState } from './source-state.svelte';
import { unsavedJobs } from '../platform/storage';
import { t } from '../platform/i18n';

/**
 * What the popup loads after its first screen (the crop and the prompt), as one chunk: the catalog
 * behind the composer, the key vault, the job store and messaging. The popup asks for it once that
 * screen is drawn (utils/popup/popup-state.svelte.ts).
 */
export { createJobStore } from '../jobs/store';
export { cutoutRequest } from '../jobs/cutout';
export { markSeen } from '../jobs/seen';
export { againRequest, cancelJob, prepareJob, roomCheck, submitFailure, submitJob } from '../jobs/submit';
export { ComposerState } from './composer-state.svelte';
export { KeysState } from '../keys/keys-state.svelte';
export { paramsForModel } from '../providers/params';
export { replacementNote, upToDateRequest } from '../providers/choice';
export { provider } from '../providers/registry';
export { updateBadge } from '../results/badge';
export { onMessage, sendMessage } from '../platform/messaging';
export { onCropMessage, sendCropMessage } from '../crop/messages';
export { guarded } from '../platform/message-rules';


/** The popup's parts once loaded: this module, and what it made of it. */
export interface Loaded {
  lib: typeof import('./popup-parts');
  store: JobStore;
  composer: ComposerState;
  keys: KeysState;
  /** The room check, asked when the popup opens and used by Generate while fresh. */
  room: ReturnType<typeof import('../jobs/submit').roomCheck>;
}

/**
 * A job as read again, with the blobs of results already shown kept (a result's bytes never
 * change): a later change of the job (its thumbnails, "seen") must not make the popup load and
 * decode a full-size image it already shows.
 */
export function keepShownBlobs(shown: Job | null, job: Job | null): Job | null {
  if (!job || !shown || shown.id !== job.id || shown.results.length === 0) return job;
  const blobs = new Map(shown.results.map((r) => [r.id, r.blob]));
  return { ...job, results: job.results.map((r) => ({ ...r, blob: blobs.get(r.id) ?? r.blob })) };
}

/**
 * The strip's jobs as read again, each kept as the very object already shown when nothing the strip
 * draws of it has changed (its state, prompt and picture): a job changes many times while it runs,
 * and a new object for each would load and decode every thumbnail again, on the main thread the
 * popup shares with the runner.
 */
export function keepStripJobs(shown: readonly Job[], jobs: Job[]): Job[] {
  const before = new Map(shown.map((j) => [j.id, j]));
  const picture = (j: Job) => `${j.results[0]?.id ?? ''}:${j.results[0]?.thumb ? 'thumb' : ''}:${j.source ? 'source' : ''}`;
  return jobs.map((j) => {
    const old = before.get(j.id);
    return old && old.state === j.state && old.prompt === j.prompt && picture(old) === picture(j) ? old : j;
  });
}

/**
 * The job Generate asks for, from the composer, the prompt and the crop; or the sentence saying
 * what is missing (a parameter the schema refuses, an operation the model cannot do).
 */
export function jobInput(composer: ComposerState, prompt: string, crop: PopupSource | null, references: readonly JobReference[] = []): Omit<NewJob, 'baseURL'> | { problem: string } {
  const operation = composer.operation;
  const problem = composer.problems[0];
  if (problem || !operation) return { problem: problem ? t(problem.key, problem.subs) : t('optionNoGenerate') };
  const source = crop ? { blob: crop.blob, width: crop.width, height: crop.height, url: crop.url ?? (crop.pageUrl || undefined), origin: crop.origin, original: crop.original, cropAt: crop.at, mask: crop.mask } : undefined;
  // A result made the input (or a put-back step) links this job to it in History.
  return {
    provider: composer.choice.provider,
    operation,
    model: composer.choice.model.trim(),
    prompt: composer.needsPrompt ? prompt : '',
    params: composer.paramsToSend(operation),
    source,
    // As many as the model takes after the crop; the others stay for another request.
    references: source ? references.slice(0, composer.inputLimits(!!crop?.mask).count - 1) : [],
    parent: crop?.parent,
  };
}

/**
 * A job read again from the store. Results the disk could not hold went to Downloads while the
 * store may still say running: such a job is said failed, for that reason.
 */
export async function readJob(store: JobStore, id: string): Promise<Job | null> {
  const job = (await store.get(id)) ?? null;
  // A job the store could not even mark finished, or whose outcome changed since (saved again).
  const unsaved = job && job.state !== 'succeeded' ? (await unsavedJobs.getValue())[job.id] : undefined;
  return job && unsaved ? { ...job, state: 'failed', error: unsaved } : job;
}

/**
 * The references waiting beside the crop, and what adds them from the popup (pastes and drops on
 * it), started once the first screen is drawn: its first scripts carry none of it.
 */
export async function startReferences(crop: SourceState): Promise<void> {
  const [{ ReferencesState }, row] = await Promise.all([import('./references-state.svelte'), import('../../components/popup/ReferenceRow.svelte')]);
  const references = new ReferencesState(() => crop.load());
  await references.load();
  references.listen(window);
  crop.references = references;
  crop.referenceRow = row.default;
}
