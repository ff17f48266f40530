import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useEnglishMessages } from './english';
import { ComposerState } from '../../utils/popup/composer-state.svelte';
import { createJobStore } from '../../utils/jobs/store';
import { submitAgain } from '../../utils/jobs/submit';
import { currentModel, initialModel, replacementOf, upToDateRequest } from '../../utils/providers/choice';
import { findModel, provider } from '../../utils/providers/registry';
import { importSettings } from '../../utils/options/settings-io';
import { imageDefaults, lastModels, modelChoice } from '../../utils/platform/storage';

// The background is not here: the job is stored, and the start it asks for is recorded.
vi.mock('../../utils/platform/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/platform/messaging')>()),
  sendMessage: vi.fn(async () => undefined),
}));

beforeEach(useEnglishMessages);

const NOTE = 'GPT Image 1.5 was shut down on 2026-12-01: GPT Image 2 is used instead.';

describe('models OpenAI shut down on 2026-12-01', () => {
  test('are gone from the catalog, and each names a replacement the catalog has', () => {
    const openai = provider('openai');
    expect(openai.models.map((m) => m.id)).not.toContain('gpt-image-1.5');
    expect(openai.models.map((m) => m.id)).not.toContain('gpt-image-1-mini');
    expect(openai.shutDown?.map((m) => m.id)).toEqual(expect.arrayContaining(['gpt-image-1.5', 'gpt-image-1-mini']));
    for (const gone of openai.shutDown ?? []) {
      expect(findModel('openai', gone.id)).toBeUndefined();
      expect(findModel('openai', gone.by)).toBeDefined();
    }
    expect(currentModel('openai', 'gpt-image-1-mini')).toBe('gpt-image-2');
    expect(currentModel('openai', 'gpt-image-2')).toBe('gpt-image-2');
    expect(currentModel('openai', 'my-own-model')).toBe('my-own-model');
    expect(replacementOf('google', 'gpt-image-1.5')).toBeUndefined();
  });

  test('a stored choice of gpt-image-1.5 opens as its replacement, with a note, and is saved as such', async () => {
    await modelChoice.setValue({ provider: 'openai', model: 'gpt-image-1.5' });
    await imageDefaults.setValue({ openai: { quality: 'high', background: 'transparent' } });
    const composer = new ComposerState();
    await composer.load();
    expect(composer.choice).toEqual({ provider: 'openai', model: 'gpt-image-2' });
    // A value only the old model took is dropped: it would have blocked every request.
    expect(composer.params).toEqual({ quality: 'high' });
    expect(composer.problems).toEqual([]);
    expect(composer.model.id).toBe('gpt-image-2');
    expect(composer.modelNote).toBe(NOTE);
    expect(await modelChoice.getValue()).toEqual({ provider: 'openai', model: 'gpt-image-2' });
    // The next choice the user makes clears the note.
    await composer.setModel('gpt-image-2');
    expect(composer.modelNote).toBeNull();
  });

  test('a current stored choice opens as it is, without a note', async () => {
    await modelChoice.setValue({ provider: 'openai', model: 'gpt-image-2' });
    const composer = new ComposerState();
    await composer.load();
    expect(composer.choice.model).toBe('gpt-image-2');
    expect(composer.modelNote).toBeNull();
  });

  test('switching back to OpenAI after last using gpt-image-1-mini brings its replacement, with a note', async () => {
    await modelChoice.setValue({ provider: 'google', model: 'gemini-3-pro-image' });
    await lastModels.setValue({ openai: 'gpt-image-1-mini' });
    expect(initialModel('openai', 'gpt-image-1-mini')).toBe('gpt-image-2');
    const composer = new ComposerState();
    await composer.load();
    await composer.setProvider('openai');
    expect(composer.choice).toEqual({ provider: 'openai', model: 'gpt-image-2' });
    expect(composer.modelNote).toBe('GPT Image 1 mini was shut down on 2026-12-01: GPT Image 2 is used instead.');
  });

  test('a settings file that chose gpt-image-1.5 imports its replacement, and says so', async () => {
    await modelChoice.setValue({ provider: 'google', model: 'gemini-3-pro-image' });
    const notes: string[] = [];
    const file = JSON.stringify({ format: 'pictor-settings', version: 2, settings: { modelChoice: { provider: 'openai', model: 'gpt-image-1.5' } } });
    expect(await importSettings(file, (n) => notes.push(n.key))).toEqual(['modelChoice']);
    expect(await modelChoice.getValue()).toEqual({ provider: 'openai', model: 'gpt-image-2' });
    expect(notes).toEqual(['modelReplaced']);
  });

  test('a request made again goes to the replacement, with only the parameters it takes', () => {
    const previous = { provider: 'openai' as const, operation: 'edit' as const, model: 'gpt-image-1.5', prompt: 'a hat', params: { quality: 'high', background: 'transparent', input_fidelity: 'high' } };
    const again = upToDateRequest(previous);
    expect(again.request).toEqual({ ...previous, model: 'gpt-image-2', params: { quality: 'high' } });
    expect(again.replaced?.to).toBe('gpt-image-2');
    const current = { ...previous, model: 'gpt-image-2', params: { quality: 'low' } };
    expect(upToDateRequest(current)).toEqual({ request: current });
  });

  test('Retry of a job made with gpt-image-1.5 stores a gpt-image-2 job, and says why', async () => {
    vi.spyOn(fakeBrowser.alarms, 'create').mockResolvedValue(undefined);
    const store = createJobStore();
    const old = await store.create({ provider: 'openai', operation: 'generate', model: 'gpt-image-1.5', prompt: 'a fox', params: { background: 'transparent', quality: 'low' } });
    const notes: string[] = [];
    const job = await submitAgain(store, old.id, (n) => notes.push(n));
    expect(job).toMatchObject({ model: 'gpt-image-2', params: { quality: 'low' } });
    expect(notes).toEqual([NOTE]);
  });
});
