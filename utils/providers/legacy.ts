import type { ModelDef, Params } from './types';

/**
 * Before requests named their operation, options were OpenAI's, in Pictor's own camelCase names
 * (stored jobs, imageDefaults v1, settings files v1). This maps them to the API's names that the
 * schema now uses, keeping only values of a parameter's type.
 */
const NAMES: Record<string, string> = {
  size: 'size',
  quality: 'quality',
  n: 'n',
  outputFormat: 'output_format',
  compression: 'output_compression',
  background: 'background',
  inputFidelity: 'input_fidelity',
};

export function legacyOpenAIParams(options: unknown, models?: readonly ModelDef[]): Params {
  const params: Params = {};
  if (typeof options !== 'object' || options === null) return params;
  // With `models`: only parameters some of them have (the others belonged to models shut down since).
  if (models) {
    const all = legacyOpenAIParams(options);
    return Object.fromEntries(Object.entries(all).filter(([name]) => models.some((m) => m.params.some((spec) => spec.name === name))));
  }
  for (const [k, v] of Object.entries(options)) {
    const name = NAMES[k];
    if (!name) continue;
    // input_fidelity was stored as "high"/"low"; the schema's checkbox is true when "high".
    if (name === 'input_fidelity') params[name] = v === 'high';
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params[name] = v;
  }
  return params;
}
