import { describe, expect, test } from 'vitest';
import { estimateCost, formatUsd } from '../../utils/providers/cost';
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

  test('money reads like money', () => {
    expect(formatUsd(0.053)).toBe('$0.053');
    expect(formatUsd(0.2)).toBe('$0.20');
    expect(formatUsd(1.234)).toBe('$1.23');
  });
});
