import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../assets/public/_locales/en/messages.json';
import { jobSummary, modelLabel, valueLabel } from '../../utils/providers/labels';

// The real English messages, as the browser would give them.
const english = (key: string) => (messages as Record<string, { message: string }>)[key]?.message ?? '';

describe('one spelling of each value, wherever it is shown', () => {
  test('values read the same in the form, the popup and the library', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(english);
    expect(valueLabel('auto')).toBe('Auto');
    expect(valueLabel('high')).toBe('High');
    expect(valueLabel('TURBO')).toBe('Turbo');
    expect(valueLabel('16x9')).toBe('16:9');
    expect(valueLabel('1024x1536')).toBe('1024 × 1536');
  });

  test('a job reads as provider, model name and values; a typed model id stays as typed', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(english);
    expect(jobSummary({ provider: 'openai', model: 'gpt-image-2', params: { size: '1024x1024', quality: 'high', n: 2 } })).toBe(
      'OpenAI · GPT Image 2 · 1024 × 1024 · High',
    );
    expect(modelLabel({ provider: 'openai', model: 'gpt-image-9-preview' })).toBe('gpt-image-9-preview');
  });
});
