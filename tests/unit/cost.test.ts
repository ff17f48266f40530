import { describe, expect, test } from 'vitest';
import { costFromUsage, estimateCost, formatUsd } from '../../utils/providers/cost';
import { findModel } from '../../utils/providers/registry';
import type { ModelDef } from '../../utils/providers/types';

describe('cost from the catalog’s price rules', () => {
  const gpt2 = findModel('openai', 'gpt-image-2');

  test('per image at 1024², by quality, times the count', () => {
    expect(estimateCost(gpt2, { quality: 'high', size: '1024x1024' })).toBeCloseTo(0.211);
    expect(estimateCost(gpt2, { quality: 'low', n: 3 })).toBeCloseTo(0.018);
  });

  test('"auto" quality is priced as medium; larger sizes scale with pixels', () => {
    expect(estimateCost(gpt2, { quality: 'auto', size: 'auto' })).toBeCloseTo(0.053);
    expect(estimateCost(gpt2, { quality: 'medium', size: '1536x1024' })).toBeCloseTo(0.0795);
  });

  test('the images actually made count, not the images asked for', () => {
    expect(estimateCost(gpt2, { quality: 'high', n: 4 }, 1)).toBeCloseTo(0.211);
  });

  test('a value from a provider that the table does not know takes the fallback, never NaN', () => {
    expect(estimateCost(gpt2, { quality: 'constructor' })).toBeCloseTo(0.053);
    expect(estimateCost(gpt2, { quality: '__proto__', size: 'wild' })).toBeCloseTo(0.053);
  });

  test('per call prices ignore the count; no price for an unknown model', () => {
    const call: ModelDef = { id: 'x', label: 'x', operations: ['remove-background'], params: [], price: { unit: 'call', base: 0.02 } };
    expect(estimateCost(call, { n: 3 })).toBeCloseTo(0.02);
    expect(estimateCost(undefined, { quality: 'high' })).toBeUndefined();
  });

  test('a finished OpenAI job costs its tokens at the model’s rates: text in, images in, image out', () => {
    // 12 text tokens at $5/M, 256 image tokens at $8/M, 1767 output tokens at $30/M.
    expect(costFromUsage(gpt2, { inputTokens: 268, inputTextTokens: 12, inputImageTokens: 256, outputTokens: 1767 })).toBeCloseTo(0.00006 + 0.002048 + 0.05301, 6);
    // Input not split by kind is priced as text (the lower rate).
    expect(costFromUsage(gpt2, { inputTokens: 100, outputTokens: 1000 })).toBeCloseTo(0.0005 + 0.03, 6);
  });

  test('no token prices or no counted output: no cost from usage (the estimate stands); junk counts are not money', () => {
    const ideogram = findModel('ideogram', 'ideogram-4-5');
    expect(costFromUsage(ideogram, { inputTokens: 10, outputTokens: 1000 })).toBeUndefined();
    expect(costFromUsage(gpt2, undefined)).toBeUndefined();
    expect(costFromUsage(gpt2, { inputTokens: 10 })).toBeUndefined();
    expect(costFromUsage(gpt2, { inputTokens: Number.NaN, inputImageTokens: -5, outputTokens: 1000 })).toBeCloseTo(0.03, 6);
  });

  test('money reads like money', () => {
    expect(formatUsd(0.053)).toBe('$0.053');
    expect(formatUsd(0.2)).toBe('$0.20');
    expect(formatUsd(1.234)).toBe('$1.23');
  });
});
