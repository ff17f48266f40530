import type { MessageKey } from '../platform/i18n';
import { paramsForModel } from './params';
import { findModel, provider } from './registry';
import { PROMPTLESS, SOURCELESS, type ListedModel, type ModelDef, type ModelList, type Operation, type Params, type ProviderDefinition, type ServiceId } from './types';

/**
 * What the composer offers for a provider, a model and whether an input image is there; pure, so
 * the popup and the options page agree and unit tests reach it.
 *
 * The catalog (each service's index.ts) is the offline default. The key's own model list, when one
 * was read (utils/providers/model-lists.ts, stored as `modelLists`), adjusts it: a model past its shutdown
 * date leaves, one with a date ahead says so, and a new model of a known family joins, marked new.
 * Functions that depend on the date take `now` (ms), so tests can set the clock.
 */

/** The calendar day of a moment, as shutdown dates are written (YYYY-MM-DD, UTC). */
function dayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Shut down by the day `today`: the provider stops serving it on its shutdown date. */
const isPast = (entry: ListedModel | undefined, today: string): entry is ListedModel & { shutdownDate: string } =>
  entry?.shutdownDate !== undefined && entry.shutdownDate <= today;

const familyOf = (def: ProviderDefinition, id: string) => def.families?.find((f) => f.test(id));

/** A dated snapshot of a catalog model ("gpt-image-2-2026-04-21"): the same model, not a new one. */
const isSnapshotOf = (def: ProviderDefinition, id: string) => def.models.some((m) => id.startsWith(`${m.id}-`) && /^\d{4}-\d{2}-\d{2}$/.test(id.slice(m.id.length + 1)));

/**
 * A model the key's list names and the catalog lacks, when it belongs to a known family: the
 * options of that family's newest catalog model (the catalog is newest first), its id as its name,
 * no price (unknown), marked new.
 */
function newModelOf(def: ProviderDefinition, entry: ListedModel): ModelDef | undefined {
  const family = familyOf(def, entry.id);
  if (!family || isSnapshotOf(def, entry.id)) return undefined;
  const newest = def.models.find((m) => family.test(m.id)) ?? def.customModel(entry.id);
  const { price: _price, retiresOn: _retires, deprecated: _deprecated, ...options } = newest;
  return { ...options, id: entry.id, label: entry.label ?? entry.id, isNew: true };
}

/**
 * The models to offer: the catalog's, then the new ones of known families the key's list names
 * (newest first), without those past their shutdown date; a date ahead shows as `retiresOn`.
 */
export function modelsOf(id: ServiceId, list?: ModelList, now = Date.now()): ModelDef[] {
  const def = provider(id);
  const today = dayOf(now);
  const listed = new Map((list?.models ?? []).map((m) => [m.id, m]));
  const dated = (m: ModelDef): ModelDef => {
    const date = listed.get(m.id)?.shutdownDate;
    return date ? { ...m, retiresOn: date } : m;
  };
  const gone = (m: ModelDef) => isPast(listed.get(m.id), today) || def.shutDown?.some((s) => s.id === m.id);
  const extra = [...listed.values()]
    .filter((m) => !def.models.some((c) => c.id === m.id))
    .sort((a, b) => (b.created ?? 0) - (a.created ?? 0))
    .flatMap((m) => newModelOf(def, m) ?? []);
  return [...def.models, ...extra].filter((m) => !gone(m)).map(dated);
}

/** The catalog row, a new model the key's list names, or what the service assumes of a typed id. */
export function resolveModel(id: ServiceId, model: string, list?: ModelList): ModelDef {
  const found = findModel(id, model);
  if (found) return found;
  const entry = list?.models.find((m) => m.id === model);
  return (entry && newModelOf(provider(id), entry)) ?? provider(id).customModel(model);
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

/** The model to show when switching to a provider: the one last used with it (or what replaced it), else its newest. */
export function initialModel(id: ServiceId, last: string | undefined, list?: ModelList, now = Date.now()): string {
  if (last && last.trim()) return currentModel(id, last, list, now);
  return modelsOf(id, list, now)[0]?.id ?? '';
}

/** A saved model the provider shut down, and the model that takes its place. */
export interface Replacement {
  from: string;
  fromLabel: string;
  on: string;
  to: string;
  toLabel: string;
}

/**
 * Where a choice of a shut-down model goes when the provider named no replacement: the newest
 * model still served of its family (by the creation time the key's list gives; else in catalog
 * order, newest first), else the service's first model.
 */
function newestOfFamily(id: ServiceId, model: string, list: ModelList | undefined, now: number): ModelDef | undefined {
  const offered = modelsOf(id, list, now);
  const family = familyOf(provider(id), model);
  const created = (m: ModelDef) => list?.models.find((e) => e.id === m.id)?.created ?? -1;
  // Array.prototype.sort is stable: models of the same (or no) creation time keep catalog order.
  const members = family ? offered.filter((m) => family.test(m.id)).sort((a, b) => created(b) - created(a)) : [];
  return members[0] ?? offered[0];
}

/**
 * The replacement of a model the provider shut down, or undefined for one it still serves. Two
 * sources say a model is gone: the catalog's list of shut-down models (with the replacement the
 * provider recommends) and the key's own model list (a shutdown date on or before today).
 */
export function replacementOf(id: ServiceId, model: string, list?: ModelList, now = Date.now()): Replacement | undefined {
  const wanted = model.trim();
  const today = dayOf(now);
  const listed = (m: string) => list?.models.find((e) => e.id === m);
  const gone = provider(id).shutDown?.find((m) => m.id === wanted);
  const entry = listed(wanted);
  if (!gone && !isPast(entry, today)) return undefined;
  const from = { from: wanted, fromLabel: gone?.label ?? findModel(id, wanted)?.label ?? entry?.label ?? wanted, on: gone?.on ?? entry?.shutdownDate ?? '' };
  // The recommended replacement, while the key's list does not say that one is shut down too.
  const named = gone && !isPast(listed(gone.by), today) ? resolveModel(id, gone.by, list) : undefined;
  const to = named ?? newestOfFamily(id, wanted, list, now);
  if (!to || to.id === wanted) return undefined;
  return { ...from, to: to.id, toLabel: to.label };
}

/** The model to use for a saved choice: itself, or its replacement once it is shut down. */
export function currentModel(id: ServiceId, model: string, list?: ModelList, now = Date.now()): string {
  return replacementOf(id, model, list, now)?.to ?? model;
}

/** The one-line note that says a saved model was replaced ("GPT Image 1.5 was shut down on …"). */
export function replacementNote(r: Replacement): { key: MessageKey; subs: string[] } {
  return { key: 'modelReplaced', subs: [r.fromLabel, r.on, r.toLabel] };
}

/**
 * A request made again (Retry, Generate again) on a model that was shut down since: moved to its
 * replacement, with only the parameters the replacement takes. Unchanged otherwise.
 */
export function upToDateRequest<T extends { provider: ServiceId; model: string; operation: Operation; params: Params }>(
  request: T,
  list?: ModelList,
  now = Date.now(),
): { request: T; replaced?: Replacement } {
  const replaced = replacementOf(request.provider, request.model, list, now);
  if (!replaced) return { request };
  const params = paramsForModel(resolveModel(request.provider, replaced.to, list), request.params, request.operation);
  return { request: { ...request, model: replaced.to, params }, replaced };
}
