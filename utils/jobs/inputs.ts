import { browserCropCodec } from '../crop/pipeline';
import { maskForJob } from '../image/mask-png';
import { planInputs } from '../providers/inputs';
import { provider } from '../providers/registry';
import type { Job } from './types';

/**
 * The images a job sends, in order: its source, then its references (no more than the model takes:
 * the gateway refuses a job with more), each within the service's byte limits (scaled down where one
 * needs it), and the painted mask at the size of the first image sent.
 */
export async function requestImages(job: Pick<Job, 'provider' | 'model' | 'operation' | 'source' | 'references'>): Promise<{ inputs: Blob[]; mask?: Blob }> {
  const service = provider(job.provider);
  const source = job.source;
  if (!source) return { inputs: [] };
  const files = [source, ...(job.references ?? [])];
  // How many the model takes was checked by the gateway (utils/jobs/validate.ts, with the key's own
  // model list for models the catalog lacks): all of the job's go, each within the byte limits.
  const limits = { count: files.length, ...service.inputBytes };
  const plan = planInputs(limits, files.map((f) => ({ width: f.width, height: f.height, bytes: f.blob.size })));
  const inputs: Blob[] = [];
  let first = { width: source.width, height: source.height };
  for (const [i, step] of plan.entries()) {
    if (!step.sent) continue;
    const file = files[i]!;
    const sent = step.scaled ? await shrink(file, step.size, limits.each) : { blob: file.blob, ...step.size };
    if (i === 0) first = { width: sent.width, height: sent.height };
    inputs.push(sent.blob);
  }
  return { inputs, mask: await maskForJob(service.masks, { ...job, source: { ...source, ...first } }) };
}

/**
 * A file scaled to `size`; a file's size after encoding is only estimated, so one still over the
 * per-file limit is scaled again (by the square root of the excess), at most twice more.
 */
async function shrink(file: { blob: Blob; width: number; height: number }, size: { width: number; height: number }, each: number | undefined): Promise<{ blob: Blob; width: number; height: number }> {
  const type = file.blob.type === 'image/png' ? 'image/png' : 'image/jpeg';
  const whole = { x: 0, y: 0, width: file.width, height: file.height };
  let out = { ...size };
  let blob = await browserCropCodec.cut(file.blob, whole, out, type);
  for (let tries = 0; each && blob.size > each && tries < 2; tries++) {
    const k = Math.sqrt((each * 0.8) / blob.size);
    out = { width: Math.max(1, Math.floor(out.width * k)), height: Math.max(1, Math.floor(out.height * k)) };
    blob = await browserCropCodec.cut(file.blob, whole, out, type);
  }
  return { blob, ...out };
}
