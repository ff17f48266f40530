import { inputLimits } from '../providers/inputs';
import { validateParams } from '../providers/params';
import { resolveModel } from '../providers/choice';
import { isServiceId, provider } from '../providers/registry';
import { PROMPTLESS, SOURCELESS, type ModelList } from '../providers/types';
import type { Job } from './types';

const MAX_PROMPT = 32_000;

/**
 * Whether a stored job may be sent at all, checked by the gateway whatever the page that stored it
 * showed: a known service, an operation its model can do, parameters its schema accepts, a prompt
 * where one is needed and an image where one is needed. Undefined when it may; else why not.
 * `list` is the service's model list as its key last read it: a new model it names is checked
 * against the options the pickers gave it (utils/providers/choice.ts).
 */
export function jobProblem(job: Job, list?: ModelList): string | undefined {
  if (!isServiceId(job.provider)) return `unknown service ${String(job.provider)}`;
  if (typeof job.model !== 'string' || !job.model.trim() || job.model.length > 200) return 'no model';
  const model = resolveModel(job.provider, job.model, list);
  if (!model.operations.includes(job.operation)) return `${job.model} cannot ${job.operation}`;
  if (typeof job.prompt !== 'string' || job.prompt.length > MAX_PROMPT) return 'the prompt is not text or too long';
  if (!PROMPTLESS.includes(job.operation) && !job.prompt.trim()) return 'no prompt';
  if (SOURCELESS.includes(job.operation) === Boolean(job.source)) return job.source ? 'an image was given to an operation that takes none' : 'no image to work on';
  if (job.source && !(job.source.blob instanceof Blob)) return 'the image is missing';
  const references = job.references ?? [];
  const sized = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (!Array.isArray(references) || (references.length && !job.source) || references.some((r) => !(r?.blob instanceof Blob) || !sized(r.width) || !sized(r.height) || typeof r.from !== 'string')) {
    return 'a reference image is missing or malformed';
  }
  if (references.length && references.length > inputLimits(provider(job.provider), model, job.operation, !!job.source?.mask).count - 1) return `more images than ${job.model} takes`;
  if (typeof job.params !== 'object' || job.params === null || Array.isArray(job.params)) return 'no parameters';
  // Only names the model's schema has for this operation: anything else (a "model" or "prompt" of
  // its own, a field of another model) would reach the provider unchecked and unpriced.
  const unknown = Object.keys(job.params).filter((name) => !model.params.some((s) => s.name === name && (!s.operations || s.operations.includes(job.operation))));
  if (unknown.length) return `parameters the model does not take (${unknown.join(', ')})`;
  const odd = Object.entries(job.params).filter(([, v]) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean');
  if (odd.length) return `invalid parameters (${odd.map(([name]) => name).join(', ')})`;
  const problems = validateParams(model, job.params, job.operation);
  return problems[0] ? `invalid parameters (${problems.map((p) => p.subs?.[0] ?? p.key).join(', ')})` : undefined;
}
