import type { ComposerState } from './composer-state.svelte';
import type { JobStore } from '../jobs/store';
import { isFinished, type Job, type JobReference, type NewJob } from '../jobs/types';
import { markSeen } from '../jobs/seen';
import { latestPerPlace } from '../jobs/groups';
import { MAX_BATCH_REQUESTS } from '../jobs/batch';
import type { KeysState } from '../keys/keys-state.svelte';
import type { PopupSource, SourceState } from './source-state.svelte';
import { unsavedJobs } from '../platform/storage';
import { t } from '../platform/i18n';
import { inputLimits } from '../providers/inputs';
import { needsPrompt } from '../providers/choice';
import { provider } from '../providers/registry';
import type { ServiceId } from '../providers/types';
import { onStoredJob } from '../jobs/stored-channel';
import { RESULT_FIRST_MS } from '../platform/later';
import { warmImage } from '../image/blob-url';

/**
 * What the popup loads after its first screen (the crop and the prompt), as one chunk: the catalog
 * behind the composer, the key vault, the job store and messaging. The popup asks for it once that
 * screen is drawn (utils/popup/popup-state.svelte.ts).
 */
export { createJobStore } from '../jobs/store';
export { cutoutRequest } from '../jobs/cutout';
export { markSeen } from '../jobs/seen';
export { againRequest, cancelJob, prepareJob, roomCheck, submitBatch, submitFailure, submitJob } from '../jobs/submit';
export { ComposerState } from './composer-state.svelte';
export { KeysState } from '../keys/keys-state.svelte';
export { paramsForModel } from '../providers/params';
export { replacementNote, upToDateRequest } from '../providers/choice';
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
 * The shown job as just stored, handed over by the context that runs it before its `jobChanged`
 * notice (utils/jobs/stored-channel.ts), for `show` with the blobs already shown kept: the result
 * is on screen without a read back (the caller drops a read under way: it may predate the change).
 * A copy that would take a finished job back to unfinished (one overtaken by a read) is dropped.
 * `shownLately(id)`: a copy of that job was shown less than RESULT_FIRST_MS ago, so the notice that
 * follows it can have its read of the store wait (the copy is what the store holds; a read then
 * would run while the result's image loads and is drawn, on the thread the popup shares).
 */
export function followStored(shown: () => Job | null, show: (job: Job) => void): { stop: () => void; shownLately: (jobId: string) => boolean } {
  let last = { id: '', at: -Infinity };
  const stop = onStoredJob((job) => {
    const now = shown();
    if (now?.id !== job.id || (isFinished(now.state) && !isFinished(job.state))) return;
    last = { id: job.id, at: performance.now() };
    // A result new to the panel starts loading now, while the panel is built (utils/image/blob-url.ts).
    // Not a comparison's: its grid shows the group as read from the store, other blobs of the same bytes.
    const had = new Set(now.results.map((r) => r.id));
    if (!job.group) for (const r of job.results) if (!had.has(r.id)) warmImage(r.blob);
    show(keepShownBlobs(now, job)!);
  });
  return { stop, shownLately: (jobId) => last.id === jobId && performance.now() - last.at < RESULT_FIRST_MS };
}

/**
 * The strip's jobs as read again, each kept as the very object already shown when nothing the strip
 * draws of it has changed (its state, prompt and picture): a job changes many times while it runs,
 * and a new object for each would load and decode every thumbnail again, on the main thread the
 * popup shares with the runner.
 */
export function keepStripJobs(shown: Job[], jobs: Job[]): Job[] {
  const before = new Map(shown.map((j) => [j.id, j]));
  const picture = (j: Job) => `${j.results[0]?.id ?? ''}:${j.results[0]?.thumb ? 'thumb' : ''}:${j.source ? 'source' : ''}`;
  const kept = jobs.map((j) => {
    const old = before.get(j.id);
    return old && old.state === j.state && old.prompt === j.prompt && picture(old) === picture(j) ? old : j;
  });
  // Nothing the strip shows changed: the same list, nothing drawn again.
  return kept.length === shown.length && kept.every((j, i) => j === shown[i]) ? shown : kept;
}

/**
 * The job Generate asks for, from the composer, the prompt and the crop; or the sentence saying
 * what is missing (a parameter the schema refuses, an operation the model cannot do).
 */
export function jobInput(composer: ComposerState, prompt: string, crop: PopupSource | null, references: readonly JobReference[] = []): Input | { problem: string } {
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
 * What Generate starts: the job jobInput makes; with models to compare, one job for each, linked as
 * one comparison (comparisonInputs); or the sentence saying why nothing can go.
 */
export function generateInputs(composer: ComposerState, prompt: string, crop: PopupSource | null, references: readonly JobReference[] = [], hasKey: (id: ServiceId) => boolean): Input | Input[] | { problem: string } {
  const input = jobInput(composer, prompt, crop, references);
  return 'problem' in input || !composer.others.length ? input : comparisonInputs(composer, input, prompt, references, hasKey);
}

type Input = Omit<NewJob, 'baseURL'>;

/**
 * One Generate sent to the composer's choice (`first`, from jobInput) and to each compared pair: the
 * jobs to start, linked as one comparison, in the order the pairs were chosen; or the sentence
 * saying which pair cannot go and why (then none goes).
 */
function comparisonInputs(composer: ComposerState, first: Input, prompt: string, references: readonly JobReference[], hasKey: (id: ServiceId) => boolean): Input[] | { problem: string } {
  const inputs = [first];
  for (const pair of composer.compared) {
    const service = provider(pair.choice.provider);
    if (!hasKey(service.id)) return { problem: t('compareNoKey', [pair.model.label, service.label]) };
    const problem = pair.problems[0];
    if (problem || !pair.operation) return { problem: t('compareCannot', [pair.model.label, problem ? t(problem.key, problem.subs) : t('optionNoGenerate')]) };
    const count = inputLimits(service, pair.model, pair.operation, !!first.source?.mask).count;
    inputs.push({
      ...first,
      provider: service.id,
      operation: pair.operation,
      model: pair.choice.model.trim(),
      prompt: needsPrompt(pair.operation) ? prompt : '',
      params: pair.params,
      references: first.source ? references.slice(0, count - 1) : [],
    });
  }
  const id = crypto.randomUUID();
  return inputs.map((input, index) => ({ ...input, group: { id, kind: 'compare', index } }));
}

/**
 * A batch's jobs: each prompt `times` times, with the composer's model or the compared set
 * (generateInputs), on the image (without one when there is none), in that order, linked as one
 * batch; or the sentence saying why it cannot start.
 */
export function batchInputs(composer: ComposerState, prompts: readonly string[], times: number, crop: PopupSource | null, references: readonly JobReference[], hasKey: (id: ServiceId) => boolean): Input[] | { problem: string } {
  if (!prompts.length) return { problem: t('batchNoPrompts') };
  // The requests of one prompt, checked once: only the prompt differs from one to the next.
  const made = generateInputs(composer, prompts[0]!, crop, references, hasKey);
  if ('problem' in made) return made;
  const each = [made].flat();
  const inputs: Input[] = [];
  for (const prompt of prompts) {
    for (let n = 0; n < times; n++) inputs.push(...each.map((input) => ({ ...input, prompt: input.prompt ? prompt : '' })));
  }
  if (inputs.length > MAX_BATCH_REQUESTS) return { problem: t('batchTooMany', [String(inputs.length), String(MAX_BATCH_REQUESTS)]) };
  const id = crypto.randomUUID();
  return inputs.map((input, index) => ({ ...input, group: { id, kind: 'batch', index } }));
}

/**
 * A comparison's jobs read again, in their order, a retried one in place of the attempt before it;
 * blobs already shown kept (keepShownBlobs); finished ones are seen now.
 */
export async function readGroup(store: JobStore, groupId: string, shown: readonly Job[]): Promise<Job[]> {
  return latestPerPlace(await store.inGroup(groupId)).map((job) => {
    if (isFinished(job.state) && !job.seen) void markSeen(store, job.id);
    return keepShownBlobs(shown.find((s) => s.id === job.id) ?? null, job)!;
  });
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
