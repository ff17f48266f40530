import { describe, expect, test } from 'vitest';
import { fitWarnings } from '../../utils/crop/fit';
import { modelFit } from '../../utils/crop/presets';

describe('a word before a crop the model would enlarge heavily or reshape', () => {
  test("each model's range comes from the catalog: GPT Image 2 takes any shape up to 3:1; Gemini's smallest output is 1K", () => {
    expect(modelFit({ provider: 'openai', model: 'gpt-image-2' })).toMatchObject({ model: 'GPT Image 2', outputEdge: 1024, minAspect: 1 / 3, maxAspect: 3 });
    expect(modelFit({ provider: 'google', model: 'gemini-3-pro-image' })).toMatchObject({ minAspect: 9 / 16, maxAspect: 21 / 9 });
    expect(modelFit({ provider: 'google', model: 'gemini-nano-banana-2.1' })?.outputEdge).toBe(1024);
    expect(modelFit({ provider: 'openai', model: 'a-typed-id' })).toBeUndefined();
  });

  test('a crop under a quarter of the smallest output, and a shape past the range, are each said; a fitting crop says nothing', () => {
    const fit = { model: 'GPT Image 1.5', outputEdge: 1024, minAspect: 2 / 3, maxAspect: 1.5 };
    expect(fitWarnings(fit, { width: 800, height: 600 })).toEqual([]);
    expect(fitWarnings(fit, { width: 200, height: 200 })).toEqual([{ kind: 'upscale', model: 'GPT Image 1.5', outputEdge: 1024 }]);
    expect(fitWarnings(fit, { width: 1200, height: 300 })).toEqual([{ kind: 'ratio', model: 'GPT Image 1.5', min: '1:1.5', max: '1.5:1', ratio: '4:1' }]);
    expect(fitWarnings(undefined, { width: 10, height: 10 })).toEqual([]);
  });
});
