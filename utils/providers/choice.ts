import { findModel, provider } from './registry';
import { PROMPTLESS, SOURCELESS, type ModelDef, type Operation, type ServiceId } from './types';

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
  if (last && last.trim()) return last;
  return models[0]?.id ?? '';
}
