import type { MessageKey } from '../i18n';
import { paramsForModel } from './params';
import { findModel, modelDef, provider } from './registry';
import { PROMPTLESS, SOURCELESS, type ModelDef, type Operation, type Params, type ServiceId } from './types';

/**
 * What the composer offers for a provider, a model and whether an input image is there; pure, so
 * the popup and the options page agree and unit tests reach it.
 */

/** The catalog's models, then those the key's own list named that the catalog does not. */
export function modelsOf(id: ServiceId, discovered: readonly string[] = []): ModelDef[] {
  const def = provider(id);
  const extra = discovered.filter((m) => !def.models.some((c) => c.id === m)).map((m) => def.customModel(m));
  return [...def.models, ...extra];
}

/** The catalog row, a discovered model, or what the service assumes of a typed id. */
export function resolveModel(id: ServiceId, model: string): ModelDef {
  return findModel(id, model) ?? provider(id).customModel(model);
}

/** Operations this model can do with what the user has: an image (edit and friends) or none (generate). */
export function operationsFor(model: ModelDef, hasSource: boolean): Operation[] {
  return model.operations.filter((op) => op !== 'remove-background' && SOURCELESS.includes(op) !== hasSource);
}

/** The operation to run: the user's pick while it is possible, else the model's first that is. */
export function effectiveOperation(model: ModelDef, hasSource: boolean, picked: Operation | null): Operation | undefined {
  const ops = operationsFor(model, hasSource);
  return picked && ops.includes(picked) ? picked : ops[0];
}

export function needsPrompt(operation: Operation | undefined): boolean {
  return operation !== undefined && !PROMPTLESS.includes(operation);
}

/** The model to show when switching to a provider: the one last used with it, else its newest. */
export function initialModel(id: ServiceId, last: string | undefined, discovered: readonly string[] = []): string {
  const models = modelsOf(id, discovered);
  if (last && last.trim()) return currentModel(id, last);
  return models[0]?.id ?? '';
}

/** A saved model the provider shut down, and the catalog model that takes its place. */
export interface Replacement {
  from: string;
  fromLabel: string;
  on: string;
  to: string;
  toLabel: string;
}

/** The replacement of a model the provider shut down, or undefined for one it still serves. */
export function replacementOf(id: ServiceId, model: string): Replacement | undefined {
  const gone = provider(id).shutDown?.find((m) => m.id === model.trim());
  if (!gone) return undefined;
  return { from: gone.id, fromLabel: gone.label, on: gone.on, to: gone.by, toLabel: findModel(id, gone.by)?.label ?? gone.by };
}

/** The model to use for a saved choice: itself, or its replacement once it is shut down. */
export function currentModel(id: ServiceId, model: string): string {
  return replacementOf(id, model)?.to ?? model;
}

/** The one-line note that says a saved model was replaced ("GPT Image 1.5 was shut down on …"). */
export function replacementNote(r: Replacement): { key: MessageKey; subs: string[] } {
  return { key: 'modelReplaced', subs: [r.fromLabel, r.on, r.toLabel] };
}

/**
 * A request made again (Retry, Generate again) on a model that was shut down since: moved to its
 * replacement, with only the parameters the replacement takes. Unchanged otherwise.
 */
export function upToDateRequest<T extends { provider: ServiceId; model: string; operation: Operation; params: Params }>(request: T): { request: T; replaced?: Replacement } {
  const replaced = replacementOf(request.provider, request.model);
  if (!replaced) return { request };
  const params = paramsForModel(modelDef(request.provider, replaced.to), request.params, request.operation);
  return { request: { ...request, model: replaced.to, params }, replaced };
}
