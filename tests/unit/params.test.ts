import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkCustomSize, paramsForModel, sanitizeParams, validateParams, visibleParams } from '../../utils/providers/params';
import { effectiveOperation, modelsOf, operationsFor, resolveModel } from '../../utils/providers/choice';
import { DEFAULT_CHOICE, findModel, IMAGE_PROVIDERS, provider, providerHosts, SERVICE_IDS } from '../../utils/providers/registry';
import { RUNNERS } from '../../utils/providers/runners';
import type { ModelDef, ParamSpec } from '../../utils/providers/types';
import { imageDefaults, lastModels, modelChoice } from '../../utils/platform/storage';
import { ComposerState } from '../../utils/popup/composer-state.svelte';

const gpt2 = resolveModel('openai', 'gpt-image-2');
/**
 * A GPT Image model shaped as the shut-down GPT Image 1.5 was (preset sizes only, transparent
 * backgrounds, input fidelity on edits), to exercise those parts of the schema machinery.
 */
const gpt15: ModelDef = {
  ...gpt2,
  id: 'gpt-image-schema-test',
  params: [
    ...gpt2.params.map((s): ParamSpec => {
      if (s.kind === 'size') return { kind: 'size', name: s.name, label: s.label, values: s.values, default: s.default, omit: s.omit, primary: true };
      if (s.name === 'background' && s.kind === 'enum') return { ...s, values: ['auto', 'opaque', 'transparent'] };
      return s;
    }),
    { kind: 'bool', name: 'input_fidelity', label: 'labelFidelity', default: false, sendAs: 'high', operations: ['edit'] },
  ],
};
const custom = resolveModel('openai', 'gpt-image-9-preview');
test('a new install starts with a model the catalog has, one that edits images', () => {
  expect(findModel(DEFAULT_CHOICE.provider, DEFAULT_CHOICE.model)?.operations).toContain('edit');
});

const keys = (problems: { key: string }[]) => problems.map((p) => p.key);
const sizeRules = () => {
  const spec = gpt2.params.find((s) => s.name === 'size');
  if (spec?.kind !== 'size' || !spec.custom) throw new Error('gpt-image-2 has custom sizes');
  return spec.custom;
};

describe('the registry is the one list of services', () => {
  test('every service has a definition, a runner, hosts and a key check', () => {
    expect(SERVICE_IDS).toEqual(['openai', 'google', 'ideogram', 'photoroom']);
    for (const id of SERVICE_IDS) {
      expect(provider(id).hosts.length).toBeGreaterThan(0);
      expect(provider(id).keyCheck.path).toMatch(/^\//);
    }
    expect(Object.keys(RUNNERS).sort()).toEqual(SERVICE_IDS.filter((id) => provider(id).models.length > 0).sort());
    expect(providerHosts()).toContain('https://api.openai.com/*');
  });

  test('the popup lists services that make images; background removal alone is not one', () => {
    expect(IMAGE_PROVIDERS.map((p) => p.id)).toContain('openai');
    expect(IMAGE_PROVIDERS.map((p) => p.id)).not.toContain('photoroom');
  });
});

describe('custom sizes for gpt-image-2 (multiples of 16, ratio ≤ 3:1, ≤ 3840 px, 655,360–8,294,400 px)', () => {
  test.each([
    ['2048x1152', undefined],
    ['3840x2160', undefined],
    ['1024x1024', undefined],
    ['1000x1000', 'optionSizeMultiple'],
    ['3856x1024', 'optionSizeSide'],
    ['3072x1008', 'optionSizeRatio'],
    ['512x512', 'optionSizePixels'],
    ['3840x2176', 'optionSizePixels'],
    ['big', 'optionSizeFormat'],
    ['0x1024', 'optionSizeFormat'],
  ])('%s → %s', (size, problem) => {
    expect(checkCustomSize(size, sizeRules())?.key).toBe(problem);
  });

  test('a custom size is refused for models without custom sizes', () => {
    expect(keys(validateParams(gpt15, { size: '2048x1152' }, 'generate'))).toEqual(['optionSizeFormat']);
    expect(validateParams(gpt2, { size: '2048x1152' }, 'generate')).toEqual([]);
  });
});

describe('validation from the schema', () => {
  test('image count within the model’s range', () => {
    expect(keys(validateParams(gpt2, { n: 11 }, 'generate'))).toEqual(['optionCount']);
    expect(keys(validateParams(gpt2, { n: 0 }, 'generate'))).toEqual(['optionCount']);
    expect(validateParams(gpt2, { n: 10 }, 'generate')).toEqual([]);
  });

  test('a value the model does not take is refused; an operation it cannot do too', () => {
    expect(keys(validateParams(gpt2, { quality: 'ultra' }, 'edit'))).toEqual(['optionInvalid']);
    expect(keys(validateParams(gpt2, { background: 'transparent' }, 'edit'))).toEqual(['optionInvalid']);
    expect(keys(validateParams(gpt2, {}, 'reframe'))).toEqual(['optionNoOperation']);
  });

  test('transparent JPEG is refused before sending', () => {
    expect(keys(validateParams(gpt15, { background: 'transparent', output_format: 'jpeg' }, 'edit'))).toEqual(['optionTransparentJpeg']);
  });

  test('compression is 0–100, and shown only for JPEG or WebP', () => {
    expect(keys(validateParams(gpt15, { output_compression: 101, output_format: 'webp' }, 'edit'))).toEqual(['optionRange']);
    const names = (format: string) => visibleParams(gpt15, { output_format: format }, 'edit').map((s) => s.name);
    expect(names('png')).not.toContain('output_compression');
    expect(names('webp')).toContain('output_compression');
  });
});

describe('only what the model takes is sent', () => {
  const everything = { size: 'auto', quality: 'auto', n: 1, output_format: 'png', output_compression: 80, background: 'transparent', input_fidelity: true, moderation: 'low', style_type: 'REALISTIC' };

  test('"auto" and defaults are left to the provider', () => {
    expect(paramsForModel(gpt15, { size: 'auto', quality: 'auto', n: 1 }, 'edit')).toEqual({});
  });

  test('input fidelity: edits with models that take it, sent as "high"; never gpt-image-2 or a typed id, never text-to-image', () => {
    expect(paramsForModel(gpt15, everything, 'edit').input_fidelity).toBe('high');
    expect(paramsForModel(gpt15, everything, 'generate').input_fidelity).toBeUndefined();
    expect(paramsForModel(gpt2, everything, 'edit').input_fidelity).toBeUndefined();
    expect(paramsForModel(custom, everything, 'edit').input_fidelity).toBeUndefined();
  });

  test('moderation with text-to-image only; compression only with JPEG or WebP; no other provider’s fields', () => {
    expect(paramsForModel(gpt15, everything, 'generate').moderation).toBe('low');
    expect(paramsForModel(gpt15, everything, 'edit').moderation).toBeUndefined();
    expect(paramsForModel(gpt15, everything, 'edit').output_compression).toBeUndefined();
    expect(paramsForModel(gpt15, { ...everything, output_format: 'webp' }, 'edit').output_compression).toBe(80);
    expect(paramsForModel(gpt15, everything, 'edit').style_type).toBeUndefined();
  });

  test('transparent background only where the model supports it', () => {
    expect(paramsForModel(gpt15, everything, 'edit').background).toBe('transparent');
    expect(paramsForModel(gpt2, everything, 'edit').background).toBeUndefined();
    expect(paramsForModel(gpt2, { background: 'opaque' }, 'edit').background).toBe('opaque');
  });

  test('a custom model id gets the common GPT Image options and no more', () => {
    expect(paramsForModel(custom, { ...everything, size: '2048x1152' }, 'edit')).toEqual({});
    expect(paramsForModel(custom, { quality: 'high' }, 'edit')).toEqual({ quality: 'high' });
  });
});

describe('what the composer offers', () => {
  test('a model picked while a provider switch is still reading the last one used stays picked', async () => {
    await lastModels.setValue({ ideogram: 'ideogram-4-5' });
    await modelChoice.setValue({ provider: 'ideogram', model: 'ideogram-4-5' });
    const composer = new ComposerState();
    await composer.load();
    // The user picks Ideogram again (the select fires on it), then Ideogram 4.0 at once, before the
    // stored last model is read: seen in an e2e run, where the request then went to Ideogram 4.5.
    const switching = composer.setProvider('ideogram');
    const picking = composer.setModel('ideogram-4');
    await Promise.all([switching, picking]);
    expect(composer.choice).toEqual({ provider: 'ideogram', model: 'ideogram-4' });
    expect(await modelChoice.getValue()).toEqual({ provider: 'ideogram', model: 'ideogram-4' });
  });

  test('with an image: edit; without: generate; a pick that no longer fits falls back', () => {
    expect(operationsFor(gpt2, true)).toEqual(['edit']);
    expect(operationsFor(gpt2, false)).toEqual(['generate']);
    expect(effectiveOperation(gpt2, true, 'generate')).toBe('edit');
  });

  test('models newest first, then those the key listed that the catalog does not', () => {
    const list = { at: 0, models: [{ id: 'gpt-image-2' }, { id: 'gpt-image-3-preview' }] };
    expect(modelsOf('openai', list).map((m) => m.id)).toEqual(['gpt-image-2', 'gpt-image-3-preview']);
  });

  test('settings keep only values some model of the service takes', () => {
    expect(sanitizeParams(provider('openai').models, { quality: 'high', n: 2 })).toEqual({ quality: 'high', n: 2 });
    expect(sanitizeParams(provider('openai').models, { quality: 'ultra' })).toBeUndefined();
    expect(sanitizeParams(provider('openai').models, { unknown: 1 })).toBeUndefined();
    expect(sanitizeParams(provider('openai').models, 'nope')).toBeUndefined();
  });
});

test('stored defaults from before providers had schemas migrate to OpenAI’s API names', async () => {
  await fakeBrowser.storage.local.set({ imageDefaults: { size: '1024x1536', quality: 'high', n: 2, outputFormat: 'jpeg', compression: 70 } });
  // What WXT does when the extension starts with the newer definition.
  await imageDefaults.migrate();
  expect(await imageDefaults.getValue()).toEqual({ openai: { size: '1024x1536', quality: 'high', n: 2, output_format: 'jpeg', output_compression: 70 } });
});
