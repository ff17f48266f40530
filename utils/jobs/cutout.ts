import { paramsForModel } from '../providers/params';
import { PROVIDERS } from '../providers/registry';
import type { ModelDef, Params, ProviderDefinition, ServiceId } from '../providers/types';
import { t } from '../platform/i18n';
import type { Job, NewJob } from './types';

/**
 * Background removal, one way for every place that starts it (the popup, History, and the removal
 * after each result): which service removes backgrounds is the registry's answer, not a name in
 * the caller, and the job carries the options the user saved for that service.
 */
export interface Remover {
  service: ProviderDefinition<ServiceId>;
  model: ModelDef;
}

/** The first registered service with a model that removes backgrounds (PhotoRoom today). */
export function backgroundRemover(): Remover | undefined {
  for (const service of PROVIDERS as readonly ProviderDefinition<ServiceId>[]) {
    const model = service.models.find((m) => m.operations.includes('remove-background'));
    if (model) return { service, model };
  }
  return undefined;
}

/** The job that removes the background of one image (a crop, or a result of `parent`). */
export function cutoutJob(remover: Remover, saved: Params, image: { blob: Blob; width: number; height: number }, parent?: Job['parent']): Omit<NewJob, 'baseURL'> {
  return {
    provider: remover.service.id,
    operation: 'remove-background',
    model: remover.model.id,
    prompt: '',
    params: paramsForModel(remover.model, saved, 'remove-background'),
    source: { blob: image.blob, width: image.width, height: image.height, origin: 'original' },
    parent,
  };
}

/**
 * A background removal as the popup and History start it: the job, or the sentence that says which
 * service's key it needs (the caller links it to Settings). Undefined when no service removes backgrounds.
 */
export async function cutoutRequest(
  image: { blob: Blob; width: number; height: number },
  parent: Job['parent'],
  saved: { hasKey: (id: ServiceId) => boolean | Promise<boolean>; params: (id: ServiceId) => Params | Promise<Params> },
): Promise<{ input: Omit<NewJob, 'baseURL'> } | { missingKey: string } | undefined> {
  const remover = backgroundRemover();
  if (!remover) return undefined;
  if (!(await saved.hasKey(remover.service.id))) return { missingKey: t('popupNeedKey', remover.service.label) };
  return { input: cutoutJob(remover, await saved.params(remover.service.id), image, parent) };
}
