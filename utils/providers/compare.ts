import { effectiveOperation, initialModel, modelsOf, resolveModel } from './choice';
import { estimateCost } from './cost';
import { paramsForModel, validateParams } from './params';
import { findModel, IMAGE_PROVIDERS } from './registry';
import type { ModelDef, ModelList, Operation, ParamProblem, Params, ServiceId } from './types';

/** How many provider/model pairs one Generate may compare, the composer's own choice included. */
export const MAX_COMPARED = 4;

/** A pair compared beside the composer's choice, with options of its own (only those its model takes are sent). */
export interface CompareChoice {
  provider: ServiceId;
  model: string;
  params: Params;
}

/** A compared pair as the popup shows it and Generate sends it. */
export interface ComparedPair {
  choice: CompareChoice;
  model: ModelDef;
  models: ModelDef[];
  /** The composer's operation when this model can do it, else its own first for the input. */
  operation: Operation | undefined;
  /** What is sent: the pair's options cleaned for its model and operation. */
  params: Params;
  problems: ParamProblem[];
  estimate: number | undefined;
}

export interface CompareContext {
  lists: Partial<Record<ServiceId, ModelList>>;
  hasSource: boolean;
  /** The operation the composer runs: each pair runs the same where its model can. */
  operation: Operation | undefined;
  now: number;
}

export function comparedPair(choice: CompareChoice, ctx: CompareContext): ComparedPair {
  const list = ctx.lists[choice.provider];
  const models = modelsOf(choice.provider, list, ctx.now);
  const model = models.find((m) => m.id === choice.model) ?? resolveModel(choice.provider, choice.model, list);
  const operation = effectiveOperation(model, ctx.hasSource, ctx.operation ?? null);
  const params = operation ? paramsForModel(model, choice.params, operation) : {};
  const problems: ParamProblem[] = operation ? validateParams(model, choice.params, operation) : [{ key: ctx.hasSource ? 'optionNoEdit' : 'optionNoGenerate' }];
  const estimate = operation ? estimateCost(findModel(choice.provider, model.id), params) : undefined;
  return { choice, model, models, operation, params, problems, estimate };
}

/**
 * The pair "Add a model" proposes: the first provider with a key not yet in the comparison (else
 * the first with a key), on its newest model, with the options last used with that provider.
 */
export function nextPair(taken: readonly { provider: ServiceId; model: string }[], hasKey: (id: ServiceId) => boolean, saved: Partial<Record<ServiceId, Params>>, lists: CompareContext['lists'], now: number): CompareChoice {
  const keyed = IMAGE_PROVIDERS.filter((p) => hasKey(p.id));
  const pool = keyed.length ? keyed : IMAGE_PROVIDERS;
  const fresh = pool.find((p) => !taken.some((t) => t.provider === p.id)) ?? pool[0]!;
  const models = modelsOf(fresh.id, lists[fresh.id], now);
  // On a provider already compared, the next model it offers rather than the same one twice.
  const unused = models.find((m) => !taken.some((t) => t.provider === fresh.id && t.model === m.id));
  return { provider: fresh.id, model: unused?.id ?? initialModel(fresh.id, undefined, lists[fresh.id], now), params: { ...saved[fresh.id] } };
}
