import { t } from '../../platform/i18n';
import { ProviderError, retryAfterMs, type JobError } from '../errors';
import type { ImageRequest, ImageResult, ProviderContext, RunFn } from '../types';
import { headerSize } from '../../image/dimensions';
import { sleep } from '../../jobs/retry';
import { ideogram } from './index';
import { downloadImage } from './download';
import { inputProblem, routeFor } from './routes';
import { buildBody, readAnswer, toIdeogramError, type IdeogramAnswer, type IdeogramImage } from './wire';

/**
 * Ideogram over plain REST (it publishes no SDK). Each request is sent asynchronously: the POST
 * answers a `generation_id`, which is saved on the job (onCheckpoint) before Pictor polls
 * `GET /v2/generations/{id}` (developer.ideogram.ai/api-reference/generations/get-generation).
 * A job that resumes with that id polls it again instead of paying for a new generation. The
 * finished links are downloaded at once, since they expire.
 */
export interface RunOptions {
  /** Between polls; the reference's own example waits 2 s. */
  pollIntervalMs?: number;
  /** How long a generation may stay pending before Pictor gives up (the id stays saved). */
  maxWaitMs?: number;
  /** Tries per image download. */
  downloadAttempts?: number;
  /** Poll answers in a row that may be 5xx before the job fails as a server error. */
  pollFailures?: number;
}

const DEFAULTS: Required<RunOptions> = { pollIntervalMs: 2000, maxWaitMs: 10 * 60_000, downloadAttempts: 3, pollFailures: 3 };

export function createRun(options: RunOptions = {}): RunFn {
  const o = { ...DEFAULTS, ...options };
  return async (request, context) => {
    try {
      return await runOnce(request, context, o);
    } catch (err) {
      throw new ProviderError(toIdeogramError(err, context.signal));
    }
  };
}

export const run: RunFn = createRun();

async function runOnce(request: ImageRequest, context: ProviderContext, o: Required<RunOptions>): Promise<ImageResult> {
  // Bound: a browser's fetch called as a method of another object (`o.fetch(…)` in download.ts)
  // throws "Illegal invocation"; Node's does not, so only a real browser shows it.
  const call = context.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (context.baseURL ?? ideogram.defaultBaseURL).replace(/\/+$/, '');
  const headers = { ...ideogram.authHeaders(context.apiKey), accept: 'application/json' };
  const signal = context.signal;

  const poll = async (id: string, waitFirst: boolean): Promise<IdeogramAnswer> => {
    const deadline = Date.now() + o.maxWaitMs;
    let wait = waitFirst ? o.pollIntervalMs : 0;
    let failures = 0;
    for (;;) {
      if (wait) await sleep(wait, signal ?? new AbortController().signal);
      wait = o.pollIntervalMs;
      if (Date.now() > deadline) throw new ProviderError({ kind: 'timeout', detail: `generation ${id} was still pending` });
      const response = await call(`${base}/v2/generations/${encodeURIComponent(id)}`, { headers, signal });
      // "Polling is rate limited per organization; a 429 response carries a Retry-After header."
      if (response.status === 429) {
        await response.body?.cancel();
        wait = Math.max(retryAfterMs(response.headers) ?? o.pollIntervalMs * 2, o.pollIntervalMs);
        continue;
      }
      if (response.status >= 500 && ++failures < o.pollFailures) {
        await response.body?.cancel();
        continue;
      }
      if (response.status === 404) {
        // The id is unknown to Ideogram: forget it, so that a Retry starts a new generation.
        await forget(context);
        throw new ProviderError({ kind: 'bad-request', status: 404, detail: 'Ideogram no longer knows this generation' });
      }
      const answer = await readAnswer(response);
      failures = 0;
      if (answer.status === 'completed') return answer;
      if (answer.status === 'failed') {
        await forget(context);
        throw new ProviderError(failure(answer.failure_reason));
      }
    }
  };

  let answer: IdeogramAnswer;
  const resumed = context.checkpoint?.generationId;
  if (resumed) {
    answer = await poll(resumed, false);
  } else {
    const route = routeFor(request.model, request.operation);
    if (!route) throw new ProviderError({ kind: 'bad-request', detail: `${request.model} has no ${request.operation} endpoint in Pictor's list` });
    await checkInput(request);
    const { path, body, contentType } = buildBody(route, request);
    const response = await call(`${base}${path}`, { method: 'POST', headers: contentType ? { ...headers, 'content-type': contentType } : headers, body, signal });
    answer = await readAnswer(response);
    if (!Array.isArray(answer.data)) {
      const id = answer.generation_id;
      if (typeof id !== 'string' || !id) throw new ProviderError({ kind: 'malformed', detail: 'neither images nor a generation_id in the answer' });
      // Saved before the wait: a job cut off from here on resumes this generation, paid once.
      await Promise.resolve(context.onCheckpoint?.({ generationId: id })).catch(() => undefined);
      answer = await poll(id, true);
    }
  }
  return collect(answer.data, { fetch: call, signal, base, attempts: o.downloadAttempts, retryDelayMs: o.pollIntervalMs });
}

/** More links than any answer has (num_images is 1 to 8 in Ideogram's reference): not downloaded at all. */
const MAX_LINKS = 10;

/** The safe images, downloaded in order; the withheld ones counted. */
export async function collect(data: unknown, download: Parameters<typeof downloadImage>[1]): Promise<ImageResult> {
  if (!Array.isArray(data)) throw new ProviderError({ kind: 'malformed', detail: 'the finished generation has no data' });
  const items = data as IdeogramImage[];
  // "is_image_safe: Whether the image passed safety checks. If false, url is empty."
  const withheld = items.filter((item) => item?.is_image_safe === false).length;
  const urls = items.flatMap((item) => (item?.is_image_safe !== false && typeof item?.url === 'string' && item.url ? [item.url] : []));
  const refusal: JobError = { kind: 'refused', reason: 'ideogramReasonUnsafe' };
  if (urls.length === 0) throw new ProviderError(withheld ? refusal : { kind: 'malformed', detail: 'no image link in the answer' });
  // Counted before anything is downloaded (Ideogram makes at most 8 per request), then fetched two at a time.
  if (urls.length > MAX_LINKS) throw new ProviderError({ kind: 'malformed', detail: `${urls.length} image links in one answer` });
  const images: Blob[] = [];
  for (let i = 0; i < urls.length; i += 2) images.push(...(await Promise.all(urls.slice(i, i + 2).map((url) => downloadImage(url, download)))));
  return withheld ? { images, refused: withheld, refusal } : { images };
}

/** A failed generation: refused when Ideogram names a policy, else a server-side failure. */
function failure(reason: string | undefined): JobError {
  if (reason && /safe|polic|moderat|content|nsfw/i.test(reason)) return { kind: 'refused', detail: reason, reason: 'ideogramReasonSafety' };
  return { kind: 'server', detail: reason ? `the generation failed: ${reason}` : 'the generation failed' };
}

async function forget(context: ProviderContext): Promise<void> {
  await Promise.resolve(context.onCheckpoint?.({})).catch(() => undefined);
}

/** Shapes a route refuses with a 400 (inputProblem) are named before anything is sent (or paid). */
async function checkInput(request: ImageRequest): Promise<void> {
  const [image] = request.inputs;
  if (!image) return;
  const size = headerSize(new Uint8Array(await image.slice(0, 65_536).arrayBuffer()));
  const problem = size && inputProblem(request.model, request.operation, size, request.params);
  if (problem) throw new ProviderError({ kind: 'bad-request', detail: `${t(problem.key, problem.subs)} (the crop is ${size.width}×${size.height})` });
}
