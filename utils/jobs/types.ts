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
  source?: JobSource;
  startedAt?: number;
  finishedAt?: number;
  results: JobResult[];
  usage?: Usage;
  error?: JobError;
  /** The user has looked at the finished job (drives the toolbar badge). */
  seen: boolean;
}

export type NewJob = Pick<Job, 'provider' | 'model' | 'prompt' | 'options' | 'source'>;

export function isFinished(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'canceled';
}
