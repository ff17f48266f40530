import { describe, expect, test } from 'vitest';
import { capabilitiesOf } from '../../utils/providers/catalog';
import { checkCustomSize, optionsForModel, validateOptions } from '../../utils/providers/options';

const gpt2 = capabilitiesOf('openai', 'gpt-image-2');
const gpt1 = capabilitiesOf('openai', 'gpt-image-1');
const mini = capabilitiesOf('openai', 'gpt-image-1-mini');
const keys = (problems: { key: string }[]) => problems.map((p) => p.key);

describe('custom sizes for gpt-image-2 (multiples of 16, ratio ≤ 3:1, ≤ 3840 px, 655,360–8,294,400 px)', () => {
  const rules = gpt2.customSize!;
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
    expect(checkCustomSize(size, rules)?.key).toBe(problem);
  });

  test('a custom size is refused for models without custom sizes', () => {
    expect(keys(validateOptions(gpt1, { size: '2048x1152' }, false))).toEqual(['optionSizeFormat']);
    expect(validateOptions(gpt2, { size: '2048x1152' }, false)).toEqual([]);
  });
});

describe('validation', () => {
  test('image count within the model’s range', () => {
    expect(keys(validateOptions(gpt2, { n: 11 }, false))).toEqual(['optionCount']);
    expect(keys(validateOptions(gpt2, { n: 0 }, false))).toEqual(['optionCount']);
    expect(validateOptions(gpt2, { n: 10 }, false)).toEqual([]);
  });

  test('transparent JPEG is refused before sending', () => {
    expect(keys(validateOptions(gpt1, { background: 'transparent', outputFormat: 'jpeg' }, true))).toEqual(['optionTransparentJpeg']);
  });

  test('compression is 0–100', () => {
    expect(keys(validateOptions(gpt1, { compression: 101, outputFormat: 'webp' }, true))).toEqual(['optionCompression']);
  });
});

describe('only what the model takes is sent', () => {
  const everything = { size: 'auto', quality: 'auto', n: 1, outputFormat: 'png' as const, compression: 80, background: 'transparent' as const, inputFidelity: 'high' as const };

  test('"auto" and defaults are left to the provider', () => {
    expect(optionsForModel(gpt1, { size: 'auto', quality: 'auto', n: 1 }, true)).toEqual({});
  });

  test('input fidelity: edits with gpt-image-1 only; never gpt-image-2 or mini, never text-to-image', () => {
    expect(optionsForModel(gpt1, everything, true).inputFidelity).toBe('high');
    expect(optionsForModel(gpt1, everything, false).inputFidelity).toBeUndefined();
    expect(optionsForModel(gpt2, everything, true).inputFidelity).toBeUndefined();
    expect(optionsForModel(mini, everything, true).inputFidelity).toBeUndefined();
  });

  test('compression only with JPEG or WebP output', () => {
    expect(optionsForModel(gpt1, everything, true).compression).toBeUndefined();
    expect(optionsForModel(gpt1, { ...everything, outputFormat: 'webp' }, true).compression).toBe(80);
  });

  test('transparent background only where the model supports it', () => {
    expect(optionsForModel(gpt1, everything, true).background).toBe('transparent');
    expect(optionsForModel(gpt2, everything, true).background).toBeUndefined();
    expect(optionsForModel(gpt2, { background: 'opaque' }, true).background).toBe('opaque');
  });

  test('a custom model id gets the common GPT Image options and no more', () => {
    const custom = capabilitiesOf('openai', 'gpt-image-9-preview');
    expect(custom.customSize).toBeUndefined();
    expect(optionsForModel(custom, everything, true)).toEqual({ outputFormat: 'png' });
  });
});
