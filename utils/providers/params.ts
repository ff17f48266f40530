import type { ModelDef, Operation, ParamProblem, ParamSpec, ParamValue, Params, SizeParam, SizeRules } from './types';

/**
 * Everything the popup, validation, settings import and the price estimate know about a model's
 * parameters comes from its schema (ParamSpec[]); nothing here names a provider's field.
 */

export function parseSize(size: string): { width: number; height: number } | undefined {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(size.trim());
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}

/** Checks a custom WxH against a model's rules (gpt-image-2's: platform.openai.com/docs/guides/image-generation, "Size and quality options"). */
export function checkCustomSize(size: string, rules: SizeRules): ParamProblem | undefined {
  const parsed = parseSize(size);
  if (!parsed || parsed.width === 0 || parsed.height === 0) return { key: 'optionSizeFormat' };
  const { width, height } = parsed;
  if (width % rules.multipleOf || height % rules.multipleOf) return { key: 'optionSizeMultiple', subs: [String(rules.multipleOf)] };
  if (Math.max(width, height) > rules.maxSide) return { key: 'optionSizeSide', subs: [String(rules.maxSide)] };
  if (Math.max(width, height) / Math.min(width, height) > rules.maxRatio) return { key: 'optionSizeRatio', subs: [String(rules.maxRatio)] };
  const pixels = width * height;
  if (pixels < rules.minPixels || pixels > rules.maxPixels) {
    return { key: 'optionSizePixels', subs: [rules.minPixels.toLocaleString('en-US'), rules.maxPixels.toLocaleString('en-US')] };
  }
  return undefined;
}

/** Whether a parameter is in play for this operation and these values (defaults merged in). */
export function applies(spec: ParamSpec, params: Params, operation: Operation): boolean {
  if (spec.operations && !spec.operations.includes(operation)) return false;
  if (spec.when) {
    const other = params[spec.when.param];
    if (other === undefined || !spec.when.oneOf.includes(other)) return false;
  }
  return true;
}

/** The parameters the form shows for this operation, given the values chosen so far. */
export function visibleParams(model: ModelDef, params: Params, operation: Operation): ParamSpec[] {
  const withDefaults = { ...defaults(model), ...params };
  return model.params.filter((spec) => applies(spec, withDefaults, operation));
}

/** Each parameter's default value (those that have one). */
export function defaults(model: ModelDef): Params {
  const out: Params = {};
  for (const spec of model.params) if ('default' in spec && spec.default !== undefined) out[spec.name] = spec.default;
  return out;
}

/** Whether `value` is one this parameter accepts. */
export function valueProblem(spec: ParamSpec, value: ParamValue): ParamProblem | undefined {
  switch (spec.kind) {
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? undefined : { key: 'optionInvalid', subs: [spec.name] };
    case 'int':
      return Number.isInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max
        ? undefined
        : spec.name === 'n'
          ? { key: 'optionCount', subs: [String(spec.max)] }
          : { key: 'optionRange', subs: [spec.name, String(spec.min), String(spec.max)] };
    case 'text':
      return typeof value === 'string' && value.length <= spec.maxLength ? undefined : { key: 'optionTooLong', subs: [spec.name, String(spec.maxLength)] };
    case 'bool':
      // Stored jobs hold the value as sent (input_fidelity = "high"), settings the checkbox's.
      return typeof value === 'boolean' || (spec.sendAs !== undefined && value === spec.sendAs) ? undefined : { key: 'optionInvalid', subs: [spec.name] };
    case 'size':
      return sizeProblem(spec, value);
  }
}

function sizeProblem(spec: SizeParam, value: ParamValue): ParamProblem | undefined {
  if (typeof value !== 'string') return { key: 'optionSizeFormat' };
  if (spec.values.includes(value)) return undefined;
  return spec.custom ? checkCustomSize(value, spec.custom) : { key: 'optionSizeFormat' };
}

/** Everything wrong with these parameters for this model and operation, before anything is sent. */
export function validateParams(model: ModelDef, params: Params, operation: Operation): ParamProblem[] {
  const problems: ParamProblem[] = [];
  if (!model.operations.includes(operation)) problems.push({ key: 'optionNoOperation', subs: [operation] });
  const merged = { ...defaults(model), ...params };
  for (const spec of model.params) {
    const value = params[spec.name];
    if (value === undefined || value === '' || !applies(spec, merged, operation)) continue;
    const problem = valueProblem(spec, value);
    if (problem) problems.push(problem);
  }
  const extra = model.check?.(merged, operation);
  if (extra) problems.push(extra);
  return problems;
}

/**
 * Only what this model takes for this operation, so that a request never carries a parameter the
 * model rejects: unknown names, parameters out of scope, values that mean "the provider decides"
 * and invalid values are dropped.
 */
export function paramsForModel(model: ModelDef, params: Params, operation: Operation): Params {
  const merged = { ...defaults(model), ...params };
  const out: Params = {};
  for (const spec of model.params) {
    const value = params[spec.name];
    if (value === undefined || value === '' || !applies(spec, merged, operation) || valueProblem(spec, value)) continue;
    if (spec.kind === 'bool') {
      if (value === true || value === spec.sendAs) out[spec.name] = spec.sendAs ?? true;
      continue;
    }
    if ('omit' in spec && spec.omit !== undefined && value === spec.omit) continue;
    out[spec.name] = value;
  }
  return out;
}

/** How many images a request with these parameters makes (the schema's `n`, else one). */
export function imageCount(params: Params): number {
  const n = params.n;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * Keeps only the values some model of a service takes (settings import, remembered choices): a
 * value is kept when at least one model's spec of that name accepts it.
 */
export function sanitizeParams(models: readonly ModelDef[], params: unknown): Params | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const out: Params = {};
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    const specs = models.flatMap((m) => m.params.filter((s) => s.name === name));
    if (specs.length === 0 || !specs.some((s) => !valueProblem(s, value))) return undefined;
    out[name] = value;
  }
  return out;
}

/**
 * The values of `params` this model takes (some operation of it), the others dropped: remembered
 * choices carried over to a model that replaced a shut-down one.
 */
export function paramsTakenBy(model: ModelDef, params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([name, value]) => model.params.some((s) => s.name === name && !valueProblem(s, value))));
}
