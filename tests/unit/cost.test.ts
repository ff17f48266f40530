import { describe, expect, test } from 'vitest';
import { findModel } from '../../utils/providers/catalog';
import { formatUsd, imageCost } from '../../utils/providers/cost';

describe('cost from catalog prices', () => {
  const gpt2 = findModel('openai', 'gpt-image-2');

  test('per image at 1024², by quality, times the count', () => {
    expect(imageCost(gpt2, 'high', '1024x1024', 1)).toBeCloseTo(0.211);
    expect(imageCost(gpt2, 'low', undefined, 3)).toBeCloseTo(0.018);
  });

  test('"auto" quality is priced as medium; larger sizes scale with pixels', () => {
    expect(imageCost(gpt2, 'auto', 'auto', 1)).toBeCloseTo(0.053);
    expect(imageCost(gpt2, 'medium', '1536x1024', 1)).toBeCloseTo(0.0795);
  });

  test('no price for an unknown model', () => {
    expect(imageCost(undefined, 'high', '1024x1024', 1)).toBeUndefined();
  });

  test('money reads like money', () => {
    expect(formatUsd(0.053)).toBe('$0.053');
    expect(formatUsd(0.2)).toBe('$0.20');
    expect(formatUsd(1.234)).toBe('$1.23');
  });
});
