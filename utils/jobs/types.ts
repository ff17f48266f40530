import type { OriginalImage } from '../crop/pipeline';
import type { CropMask } from '../image/mask-paint';
import type { JobError } from '../providers/errors';
import { legacyOpenAIParams } from '../providers/legacy';
import type { Operation, Params, ServiceId, Usage } from '../providers/types';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

export interface JobSource {
  blob: Blob;
  width: number;
  height: number;
  /** Where the image came from, shown to the user. */
  url?: string;
  /** `screen` when only a screenshot of the page could be read (utils/crop/pipeline.ts). */
  origin?: 'original' | 'screen';
  /** The whole picture the crop was cut from, for putting an edit back into it (kept in History with the job). */
  original?: OriginalImage;
  /** The stored crop this came from (its `at`): an original that arrives after the job started joins it. */
  cropAt?: number;
  /** The area painted as "may change" (utils/image/mask-paint.ts); absent: the whole crop. */
  mask?: CropMask;
}

/**
 * An image sent after the first: a reference the prompt can name ("put this jacket on the person in
 * the first picture"), in the order the user set.
 */
export interface JobReference {
  blob: Blob;
  width: number;
  height: number;
  /** Where it came from, shown to the user: a page's address, or how it was added (pasted, dropped, a result). */
  from: string;
}

/**
 * Jobs started together: one Generate sent to several models (a comparison, shown side by side), or
 * one run of a prompt list (a batch). Each job is its own request through the gateway.
 */
export interface JobGroup {
  id: string;
  kind: 'compare' | 'batch';
  /** This job's place in it, from 0: the order the models were chosen or the prompts listed. */
  index: number;
}

export interface JobResult {
  id: string;
  blob: Blob;
  /** A small copy for lists, made when the result was stored (utils/image/thumbnail.ts). */
  thumb?: Blob;
  /** The browser said a download of it completed (utils/results/download-done.ts). */
  saved?: boolean;
}

/** A request to a provider, persisted before it starts so nothing about it can be lost. */
export interface Job {
  id: string;
  createdAt: number;
  state: JobState;
  provider: ServiceId;
  operation: Operation;
  model: string;
  /** Empty for operations that take none (reframe, remove background). */
  prompt: string;
  /** Checked against the model's schema and cleaned before the job was stored. */
  params: Params;
  /** A custom API base URL from Settings (compatible endpoints, proxies); the provider's own when absent. */
  baseURL?: string;
  /** The input image (the crop, or an earlier result). */
  source?: JobSource;
  /** Images sent after the source, in order (utils/providers/inputs.ts says how many go). */
  references?: JobReference[];
  /** The job whose result this one started from (Use as input, Remove background), and which result. */
  parent?: { jobId: string; result: number };
  /** The comparison or batch this job belongs to. */
  group?: JobGroup;
  startedAt?: number;
  finishedAt?: number;
  results: JobResult[];
  usage?: Usage;
  /** What the request cost (catalog prices), when the catalog knows the model. */
  cost?: number;
  /** Text the model returned beside the images (Gemini). */
  text?: string;
  /** Images of the request the provider withheld as unsafe; the rest are in `results`. */
  refused?: number;
  /** What a provider saved mid-call so a restart resumes instead of paying twice. */
  checkpoint?: Record<string, string>;
  /** The latest partial preview while the provider streams. */
  partial?: Blob;
  /** Automatic retries: which attempt is running or next, and when it starts. */
  attempt?: number;
  retryAt?: number;
  error?: JobError;
  /** Background removal of every result was started by its setting (utils/jobs/follow-ups.ts). */
  backgroundsRemoved?: boolean;
  /** "Your image is ready" was shown for it. */
  announced?: boolean;
  /**
   * The auto-download setting has claimed the results (set before their downloads start, so two
   * notifications never save them twice; given back if one fails). Whether each was written is
   * JobResult.saved.
   */
  autoDownloaded?: boolean;
  /** Why the auto-download did not finish, for the popup. */
  autoDownloadError?: string;
  /** The user has looked at the finished job (drives the toolbar badge). */
  seen: boolean;
}

export type NewJob = Pick<Job, 'provider' | 'operation' | 'model' | 'prompt' | 'params' | 'source' | 'references' | 'baseURL' | 'parent' | 'group'>;

export function isFinished(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'canceled';
}

/** A stored record in today's shape: records from before operations existed were OpenAI edits or generations. */
export function normalizeJob(raw: Job & { options?: unknown }): Job {
  if (raw.operation && raw.params) return raw;
  const { options, ...rest } = raw;
  // A job holds what is sent: the checkbox's value is sent as "high" (see the schema's sendAs).
  const { input_fidelity, ...params } = legacyOpenAIParams(options);
  return { ...rest, operation: raw.source ? 'edit' : 'generate', params: input_fidelity ? { ...params, input_fidelity: 'high' } : params };
}
