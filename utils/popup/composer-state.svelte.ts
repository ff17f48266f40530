import { t } from '../platform/i18n';
import { effectiveOperation, initialModel, modelsOf, needsPrompt, operationsFor, replacementNote, replacementOf, resolveModel, type Replacement } from '../providers/choice';
import { estimateCost, formatUsd } from '../providers/cost';
import { paramsForModel, paramsTakenBy, validateParams } from '../providers/params';
import { findModel, provider } from '../providers/registry';
import { takesMask } from '../image/mask-png';
import { inputLimits, type InputLimits } from '../providers/inputs';
import type { Operation, ParamProblem, Params, ServiceId } from '../providers/types';
import { compareWith, imageDefaults, lastModels, modelChoice, modelLists, type ModelChoice, type ModelLists, type ProviderParams } from '../platform/storage';
import { comparedPair, MAX_COMPARED, nextPair, type CompareChoice } from '../providers/compare';

/** The chosen model's input limits, its name, and whether input images are billed (as input tokens). */
export type ChosenLimits = InputLimits & { label: string; billedAsTokens: boolean };

/**
 * What the composer asks of a provider: the provider and model, the operation, the parameters (one
 * set per provider), what is wrong with them and what they cost. Everything follows from the
 * model's schema; the choices are remembered in storage.
 */
export class ComposerState {
  /** The clock shutdown dates are read against (tests set it). */
  readonly now: () => number = Date.now;
  choice = $state<ModelChoice>(modelChoice.fallback);
  paramsByProvider = $state<ProviderParams>({});
  /** Each service's model list as its key last read it (Settings and the background read them). */
  lists = $state<ModelLists>({});
  /** Whether there is an image to work on (edit and friends) or not (generate). */
  hasSource = $state(false);
  /** The operation the user picked, while the model can do it. */
  pickedOperation = $state<Operation | null>(null);
  /** Says that a saved model was shut down and what replaced it; cleared by the next choice. */
  modelNote = $state<string | null>(null);
  /** The pairs compared beside the choice: one Generate sends the same input to each (empty: none). */
  others = $state<CompareChoice[]>([]);

  readonly models = $derived(modelsOf(this.choice.provider, this.lists[this.choice.provider], this.now()));
  readonly model = $derived(this.models.find((m) => m.id === this.choice.model) ?? resolveModel(this.choice.provider, this.choice.model, this.lists[this.choice.provider]));
  readonly params = $derived<Params>(this.paramsByProvider[this.choice.provider] ?? {});
  readonly operations = $derived(operationsFor(this.model, this.hasSource));
  readonly operation = $derived(effectiveOperation(this.model, this.hasSource, this.pickedOperation));
  readonly needsPrompt = $derived(needsPrompt(this.operation));
  /** Reasons the current choice can't be sent, shown before anything is spent. */
  readonly problems = $derived<ParamProblem[]>(this.operation ? validateParams(this.model, this.params, this.operation) : [{ key: this.hasSource ? 'optionNoEdit' : 'optionNoGenerate' }]);
  readonly estimate = $derived(this.operation ? estimateCost(findModel(this.choice.provider, this.model.id), paramsForModel(this.model, this.params, this.operation)) : undefined);
  /** How many images (and bytes) the chosen model takes in one request, and its name. */
  inputLimits(painted: boolean): ChosenLimits {
    const limits = inputLimits(provider(this.choice.provider), this.model, this.operation ?? undefined, painted);
    return { ...limits, label: this.model.label, billedAsTokens: !!this.model.price?.plusInputTokens };
  }
  /** What the chosen model does with a painted mask, said where the brush is. */
  readonly maskNote = $derived(
    this.operation && takesMask(provider(this.choice.provider).masks, this.choice.model.trim(), this.operation) ? t('maskNoteSent', this.model.label) : t('maskNoteNotSent', this.model.label),
  );
  /** The compared pairs as sent: model, operation, options, problems, estimate. */
  readonly compared = $derived(this.others.map((c) => comparedPair(c, { lists: this.lists, hasSource: this.hasSource, operation: this.operation, now: this.now() })));
  readonly canCompareMore = $derived(this.others.length < MAX_COMPARED - 1);
  /** The estimate as the popup says it ("$0.05"), or undefined when the catalog has no price. */
  readonly estimateUsd = $derived(this.estimate !== undefined ? formatUsd(this.estimate) : undefined);

  /** Counts choices made, so that a provider switch still reading storage does not undo a later pick. */
  #picks = 0;

  constructor(now?: () => number) {
    if (now) this.now = now;
  }

  async load(): Promise<void> {
    const [choice, params, lists, others] = await Promise.all([modelChoice.getValue(), imageDefaults.getValue(), modelLists.getValue(), compareWith.getValue()]);
    this.choice = choice;
    this.others = others.slice(0, MAX_COMPARED - 1);
    this.paramsByProvider = params;
    this.lists = lists;
    // A saved model the provider shut down opens as its replacement, saved as such, with a note.
    const replaced = replacementOf(choice.provider, choice.model, lists[choice.provider], this.now());
    if (replaced) {
      await this.setChoice({ provider: choice.provider, model: replaced.to });
      // Values only the shut-down model took (a transparent background) would block every request.
      const kept = paramsTakenBy(this.model, params[choice.provider] ?? {});
      if (Object.keys(kept).length !== Object.keys(params[choice.provider] ?? {}).length) await this.setParams(kept);
      this.#noteReplaced(replaced);
    }
  }

  /** Switches provider, restoring the model last used with it (or what replaced it). */
  async setProvider(id: ServiceId): Promise<void> {
    const asked = this.#picks;
    const last = (await lastModels.getValue())[id];
    // A model picked while the last one was being read wins: it came later.
    if (this.#picks !== asked) return;
    const replaced = last ? replacementOf(id, last, this.lists[id], this.now()) : undefined;
    await this.setChoice({ provider: id, model: initialModel(id, last, this.lists[id], this.now()) });
    if (replaced) this.#noteReplaced(replaced);
  }

  #noteReplaced(replaced: Replacement): void {
    const { key, subs } = replacementNote(replaced);
    this.modelNote = t(key, subs);
  }

  async setModel(model: string): Promise<void> {
    await this.setChoice({ provider: this.choice.provider, model });
  }

  async setChoice(choice: ModelChoice): Promise<void> {
    this.#picks += 1;
    this.modelNote = null;
    this.choice = choice;
    await modelChoice.setValue($state.snapshot(choice));
    await lastModels.setValue({ ...(await lastModels.getValue()), [choice.provider]: choice.model });
  }

  setOperation(operation: Operation): void {
    this.pickedOperation = operation;
  }

  /** The chosen provider's parameters, remembered for it alone. */
  async setParams(params: Params): Promise<void> {
    this.paramsByProvider = { ...this.paramsByProvider, [this.choice.provider]: params };
    await imageDefaults.setValue($state.snapshot(this.paramsByProvider));
  }

  /** The parameters to send: only what the model takes for this operation. */
  paramsToSend(operation: Operation): Params {
    return paramsForModel(this.model, $state.snapshot<Params>(this.params), operation);
  }

  /** Adds a pair to compare (up to MAX_COMPARED with the choice): a provider with a key not compared yet. */
  async addOther(hasKey: (id: ServiceId) => boolean): Promise<void> {
    if (!this.canCompareMore) return;
    const taken = [this.choice, ...this.others];
    await this.#saveOthers([...this.others, nextPair(taken, hasKey, this.paramsByProvider, this.lists, this.now())]);
  }

  /** Changes a compared pair: a new provider starts on its newest model with the options last used with it. */
  async setOther(index: number, change: Partial<CompareChoice>): Promise<void> {
    const before = this.others[index];
    if (!before) return;
    const next = { ...before, ...change };
    if (change.provider && change.provider !== before.provider) {
      next.model = initialModel(change.provider, undefined, this.lists[change.provider], this.now());
      next.params = { ...this.paramsByProvider[change.provider] };
    }
    await this.#saveOthers(this.others.map((c, i) => (i === index ? next : c)));
  }

  async removeOther(index: number): Promise<void> {
    await this.#saveOthers(this.others.filter((_, i) => i !== index));
  }

  async #saveOthers(others: CompareChoice[]): Promise<void> {
    this.others = others;
    await compareWith.setValue($state.snapshot(others));
  }

  /** Parameters remembered for another service (e.g. PhotoRoom's), cleaned for its model. */
  paramsFor(id: ServiceId): Params {
    return $state.snapshot<Params | undefined>(this.paramsByProvider[id]) ?? {};
  }
}
