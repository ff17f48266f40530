import { browserCropCodec } from '../crop/pipeline';
import { maskForJob, takesMask } from '../image/mask-png';
import { inputLimits, planInputs } from '../providers/inputs';
import { findModel, provider } from '../providers/registry';
import type { Job } from './types';

/**
 * The images a job sends, in order: its source, then its references, as many as the model takes
 * and each within the service's byte limits (scaled down where one needs it), and the painted mask
 * at the size of the first image sent.
 */
export async function requestImages(job: Pick<Job, 'provider' | 'model' | 'operation' | 'source' | 'references'>): Promise<{ inputs: Blob[]; mask?: Blob }> {
  const service = provider(job.provider);
  const source = job.source;
  if (!source) return { inputs: [] };
  const masked = !!source.mask && takesMask(service.masks, job.model, job.operation);
  const files = [source, ...(job.references ?? [])];
  const limits = inputLimits(service, findModel(job.provider, job.model), job.operation, masked);
  const plan = planInputs(limits, files.map((f) => ({ width: f.width, height: f.height, bytes: f.blob.size })));
  const inputs: Blob[] = [];
  for (const [i, step] of plan.entries()) {
    if (!step.sent) continue;
    const file = files[i]!;
    inputs.push(step.scaled ? await browserCropCodec.cut(file.blob, { x: 0, y: 0, width: file.width, height: file.height }, step.size, file.blob.type === 'image/png' ? 'image/png' : 'image/jpeg') : file.blob);
  }
  const first = plan[0]!.sent ? plan[0]!.size : source;
  return { inputs, mask: await maskForJob(service.masks, { ...job, source: { ...source, ...first } }) };
}
