import { t, tOptional } from '../platform/i18n';
import type { Job } from '../jobs/types';
import { findModel, serviceLabel } from './registry';
import type { ModelDef } from './types';

// Ideogram writes ratios as "16x9"; sizes in pixels (three digits and up) stay "1024x1024".
const isRatio = (v: string) => /^\d{1,2}x\d{1,2}$/.test(v);

/**
 * How a parameter value reads everywhere it is shown (popup, settings, library): "auto" → "Auto",
 * "TURBO" → "Turbo", "16x9" → "16:9"; a messages.json entry (`valueAuto`, `valueHigh`…) wins.
 */
export function valueLabel(value: string): string {
  const key = `value${value.charAt(0).toUpperCase()}${value.slice(1).toLowerCase()}`.replace(/[^A-Za-z0-9_]/g, '_');
  const known = tOptional(key);
  if (known) return known;
  if (isRatio(value)) return value.replace('x', ':');
  if (/^\d+x\d+$/.test(value)) return value.replace('x', ' × ');
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** The model's name as the catalog writes it; a typed id stays as typed. */
export function modelLabel(job: Pick<Job, 'provider' | 'model'>): string {
  return findModel(job.provider, job.model)?.label ?? job.model;
}

/**
 * A model as the pickers list it: its name, then "new" for one the key's model list added to the
 * catalog's, and its shutdown date once the provider has announced one ("deprecated" before that).
 */
export function pickerLabel(model: Pick<ModelDef, 'label' | 'isNew' | 'retiresOn' | 'deprecated'>): string {
  const name = model.isNew ? t('modelNewLabel', model.label) : model.label;
  if (model.retiresOn) return t('modelShutsDownLabel', [name, model.retiresOn]);
  return model.deprecated ? t('modelDeprecatedLabel', name) : name;
}

/** A job in one line, as the popup and the library show it: "OpenAI · GPT Image 2 · 1024 × 1024 · High". */
export function jobSummary(job: Pick<Job, 'provider' | 'model' | 'params'>): string {
  const values = Object.values(job.params).filter((v): v is string => typeof v === 'string').map(valueLabel);
  return [serviceLabel(job.provider), modelLabel(job), ...values].join(' · ');
}
