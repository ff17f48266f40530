import type { JobError } from '../providers/errors';
import type { ImageOptions, ProviderId, Usage } from '../providers/types';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

export interface JobSource {
  blob: Blob;
  width: number;
  height: number;
  /** Where the image came from, shown to the user. */
  url?: string;
  /** `screen` when only a screenshot of the page could be read (utils/crop/pipeline.ts). */
  origin?: 'original' | 'screen';
}

export interface JobResult {
  id: string;
  blob: Blob;
}

/** A generation, persisted before it starts so nothing about it can be lost. */
export interface Job {
  id: string;
  createdAt: number;
  state: JobState;
  provider: ProviderId;
  model: string;
  prompt: string;
  options: ImageOptions;
  /** A custom API base URL from Settings (compatible endpoints, proxies); the provider's own when absent. */
  baseURL?: string;
  source?: JobSource;
  startedAt?: number;
  finishedAt?: number;
  results: JobResult[];
  usage?: Usage;
  /** What the request cost in output images (catalog prices), when the catalog knows the model. */
  cost?: number;
  /** The latest partial preview while the provider streams. */
  partial?: Blob;
  /** Automatic retries: which attempt is running or next, and when it starts. */
  attempt?: number;
  retryAt?: number;
  error?: JobError;
  /** The results were saved by the auto-download setting. */
  autoDownloaded?: boolean;
  /** The user has looked at the finished job (drives the toolbar badge). */
  seen: boolean;
}

export type NewJob = Pick<Job, 'provider' | 'model' | 'prompt' | 'options' | 'source' | 'baseURL'>;

export function isFinished(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'canceled';
}
