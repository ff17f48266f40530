// The key's own model list feeding the pickers: read when the key is saved and at most once a day
// after that (injected fetch and clock), a shutdown date in the past replacing a saved choice the
// way the catalog's shut-down list does, a date ahead shown, a new model of a known family offered.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useEnglishMessages } from './english';
import { ComposerState } from '../../utils/popup/composer-state.svelte';
import { createJobStore } from '../../utils/jobs/store';
import { submitAgain } from '../../utils/jobs/submit';
import type { Job } from '../../utils/jobs/types';
import { jobProblem } from '../../utils/jobs/validate';
import { saveKey } from '../../utils/keys/key-settings';
import { LIST_MAX_AGE_MS, refreshModelLists } from '../../utils/providers/model-lists';
import { modelsOf, replacementOf, upToDateRequest } from '../../utils/providers/choice';
import { pickerLabel } from '../../utils/providers/labels';
import { provider } from '../../utils/providers/registry';
import type { ModelList } from '../../utils/providers/types';
import { importSettings } from '../../utils/options/settings-io';
import { modelChoice, modelLists, type ModelLists } from '../../utils/platform/storage';
import type { FakeOpenAIModel } from '../fake-providers/openai';

vi.mock('../../utils/platform/messaging', async (original) => ({
  ...(await original<typeof import('../../utils/platform/messaging')>()),
  sendMessage: vi.fn(async () => undefined),
}));

beforeEach(useEnglishMessages);

const DAY = 24 * 60 * 60 * 1000;
/** 2026-12-10, 09:00 UTC. */
const NOW = Date.UTC(2026, 11, 10, 9);
const clock = () => NOW;

/** An entry of `GET /v1/models` as OpenAI publishes its shape. */
const entry = (id: string, created: number, shutdown_date?: string | null): FakeOpenAIModel => ({ id, object: 'model', created, owned_by: 'system', ...(shutdown_date !== undefined ? { shutdown_date } : {}) });

/** A `GET /v1/models` answer with gpt-image-2 past its shutdown date and a gpt-image-2.5 the catalog lacks. */
const LIST_BODY = {
  object: 'list',
  data: [
    entry('gpt-image-2', 1776729600, '2026-12-05'),
    entry('gpt-image-2.5-sunburst', 1790000000, null),
    entry('gpt-image-1.5', 1765843200, '2026-12-01'),
    entry('gpt-4o', 1715367049, '2027-01-14'),
    entry('whisper-1', 1677532384),
  ],
};

/** A fetch that answers each URL it is asked for from the table, and records the URLs. */
function fakeFetch(answer: (url: string) => Response | Promise<Response>) {
  const calls: string[] = [];
  const fn = vi.fn(async (input: string | URL) => {
    const url = input.toString();
    calls.push(url);
    return answer(url);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const openaiKeyOnly = { read: async (s: string) => (s === 'openai' ? 'sk-list-1' : undefined) };
const noEndpoints = async () => ({});

describe('reading the key’s model list', () => {
  test('the OpenAI list keeps its image models with their shutdown dates and creation times', () => {
    expect(provider('openai').readModelList!(LIST_BODY)).toEqual([
      { id: 'gpt-image-2', created: 1776729600, shutdownDate: '2026-12-05' },
      { id: 'gpt-image-2.5-sunburst', created: 1790000000 },
      { id: 'gpt-image-1.5', created: 1765843200, shutdownDate: '2026-12-01' },
    ]);
    expect(provider('openai').readModelList!({ error: { message: 'nope' } })).toBeUndefined();
    // Ideogram documents no list of its models: none is read.
    expect(provider('ideogram').readModelList).toBeUndefined();
  });

  test('on the first wake-up the list is read with the saved key and stored; a day has to pass before the next read', async () => {
    const { fetch, calls } = fakeFetch(() => json(LIST_BODY));
    expect(await refreshModelLists({ vault: openaiKeyOnly, fetch, now: clock, endpoints: noEndpoints })).toEqual(['openai']);
    // Google has no saved key here: nothing is asked of it.
    expect(calls).toEqual(['https://api.openai.com/v1/models']);
    const stored = (await modelLists.getValue()).openai;
    expect(stored?.at).toBe(NOW);
    expect(stored?.models.map((m) => m.id)).toEqual(['gpt-image-2', 'gpt-image-2.5-sunburst', 'gpt-image-1.5']);

    // Younger than a day: skipped, nothing fetched.
    expect(await refreshModelLists({ vault: openaiKeyOnly, fetch, now: () => NOW + LIST_MAX_AGE_MS - 1, endpoints: noEndpoints })).toEqual([]);
    expect(calls).toHaveLength(1);
    // A day old: read again.
    expect(await refreshModelLists({ vault: openaiKeyOnly, fetch, now: () => NOW + DAY, endpoints: noEndpoints })).toEqual(['openai']);
    expect(calls).toHaveLength(2);
    expect((await modelLists.getValue()).openai?.at).toBe(NOW + DAY);
  });

  test('a failed read changes nothing: offline, a refusal, an answer that is not a list, a locked vault', async () => {
    const before: ModelLists = { openai: { at: NOW - 2 * DAY, models: [{ id: 'gpt-image-2', created: 1 }] } };
    await modelLists.setValue(before);
    const failures: (() => Response | Promise<Response>)[] = [
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => json({ error: { message: 'Missing scopes: api.model.read', type: 'invalid_request_error', code: null } }, 403),
      () => json({ error: { message: 'The server had an error', type: 'server_error' } }, 500),
      () => new Response('<html>gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      () => json({ object: 'list' }),
    ];
    for (const fail of failures) {
      const { fetch, calls } = fakeFetch(fail);
      expect(await refreshModelLists({ vault: openaiKeyOnly, fetch, now: clock, endpoints: noEndpoints })).toEqual([]);
      expect(calls).toHaveLength(1);
      expect(await modelLists.getValue()).toEqual(before);
    }
    const { fetch, calls } = fakeFetch(() => json(LIST_BODY));
    const locked = { read: async () => Promise.reject(new Error('locked')) };
    expect(await refreshModelLists({ vault: locked, fetch, now: clock, endpoints: noEndpoints })).toEqual([]);
    expect(calls).toEqual([]);
    expect(await modelLists.getValue()).toEqual(before);
  });

  test('saving a key stores the list its check read; a key that may not list models keeps the old list', async () => {
    const vault = { save: vi.fn(async () => undefined), remove: vi.fn(async () => undefined) };
    const ok = await saveKey('openai', 'sk-new', { vault, now: clock, test: async () => ({ outcome: 'valid', status: 200, body: LIST_BODY }) });
    expect(ok.saved).toBe(true);
    expect((await modelLists.getValue()).openai?.at).toBe(NOW);
    expect((await modelLists.getValue()).openai?.models).toContainEqual({ id: 'gpt-image-2.5-sunburst', created: 1790000000 });
    const before = await modelLists.getValue();
    await saveKey('openai', 'sk-restricted', { vault, now: () => NOW + 5 * DAY, test: async () => ({ outcome: 'cannot-list', status: 403 }) });
    expect(await modelLists.getValue()).toEqual(before);
  });
});

describe('the pickers follow the stored list', () => {
  const list: ModelList = { at: NOW, models: provider('openai').readModelList!(LIST_BODY)! };

  test('a new gpt-image model is offered, marked new, with its family’s options; one past its shutdown date is gone', () => {
    const offered = modelsOf('openai', list, NOW);
    expect(offered.map((m) => m.id)).toEqual(['gpt-image-2.5-sunburst']);
    const newer = offered[0]!;
    expect(newer.isNew).toBe(true);
    expect(newer.params).toEqual(provider('openai').models[0]!.params);
    expect(newer.operations).toEqual(['generate', 'edit']);
    expect(newer.price).toBeUndefined();
    expect(pickerLabel(newer)).toBe('gpt-image-2.5-sunburst (new)');
    // Before 2026-12-05, gpt-image-2 is still there, with its date.
    const earlier = modelsOf('openai', list, Date.UTC(2026, 11, 4, 23));
    expect(earlier.map((m) => m.id)).toEqual(['gpt-image-2', 'gpt-image-2.5-sunburst']);
    expect(pickerLabel(earlier[0]!)).toBe('GPT Image 2 (shuts down 2026-12-05)');
    // Without a list (offline, never read), the catalog alone.
    expect(modelsOf('openai', undefined, NOW).map((m) => m.id)).toEqual(['gpt-image-2']);
  });

  test('a deprecated model without a shutdown date stays offered, marked deprecated, and a new one of its family is not', () => {
    const offered = modelsOf('google', undefined, NOW);
    const flash = offered.find((m) => m.id === 'gemini-3.1-flash-image')!;
    expect(pickerLabel(flash)).toBe('Nano Banana 2 (Gemini 3.1 Flash Image) (deprecated)');
    expect(flash.deprecated?.replacement).toBe('gemini-nano-banana-2.1');
    expect(offered.some((m) => m.id === flash.deprecated?.replacement)).toBe(true);
    expect(offered.filter((m) => m.deprecated).map((m) => m.id)).toEqual(['gemini-3.1-flash-image']);
  });

  test('a future shutdown date shows in the picker; a dated snapshot of a catalog model is not offered as new', () => {
    const later: ModelList = { at: NOW, models: [{ id: 'gpt-image-2', shutdownDate: '2027-03-01' }, { id: 'gpt-image-2-2026-04-21' }] };
    const offered = modelsOf('openai', later, NOW);
    expect(offered.map((m) => [m.id, pickerLabel(m)])).toEqual([['gpt-image-2', 'GPT Image 2 (shuts down 2027-03-01)']]);
    expect(replacementOf('openai', 'gpt-image-2', later, NOW)).toBeUndefined();
  });

  test('a saved choice past its date moves to the recommended replacement, else the newest of its family', () => {
    // gpt-image-1.5: the replacement OpenAI recommends (the catalog's list), while the key still serves it.
    const served: ModelList = { at: NOW, models: [{ id: 'gpt-image-1.5', shutdownDate: '2026-12-01' }, { id: 'gpt-image-2' }] };
    expect(replacementOf('openai', 'gpt-image-1.5', served, NOW)).toEqual({ from: 'gpt-image-1.5', fromLabel: 'GPT Image 1.5', on: '2026-12-01', to: 'gpt-image-2', toLabel: 'GPT Image 2' });
    // gpt-image-2, gone by the list: the newest model of the gpt-image family the list names.
    expect(replacementOf('openai', 'gpt-image-2', list, NOW)).toEqual({ from: 'gpt-image-2', fromLabel: 'GPT Image 2', on: '2026-12-05', to: 'gpt-image-2.5-sunburst', toLabel: 'gpt-image-2.5-sunburst' });
    // So is gpt-image-1.5 then: its recommended replacement is gone too.
    expect(replacementOf('openai', 'gpt-image-1.5', list, NOW)?.to).toBe('gpt-image-2.5-sunburst');
    // A request made again follows, with the options the new model takes.
    const again = upToDateRequest({ provider: 'openai' as const, operation: 'generate' as const, model: 'gpt-image-2', params: { quality: 'high', size: '2048x1152' } }, list, NOW);
    expect(again.request).toMatchObject({ model: 'gpt-image-2.5-sunburst', params: { quality: 'high', size: '2048x1152' } });
  });

  test('the background checks a job on a new model against the options the picker gave it', () => {
    const job = { provider: 'openai', model: 'gpt-image-2.5-sunburst', operation: 'generate', prompt: 'a fox', params: { size: '2048x1152', quality: 'high' } } as unknown as Job;
    expect(jobProblem(job, list)).toBeUndefined();
    // Without the list it is a typed id, with the options every GPT Image model takes.
    expect(jobProblem(job)).toMatch(/invalid parameters/);
  });

  test('the popup opens a stored gpt-image-1.5 as its replacement, with the note; the list’s new model is offered there', async () => {
    await modelLists.setValue({ openai: { at: NOW, models: [{ id: 'gpt-image-1.5', shutdownDate: '2026-12-01' }, { id: 'gpt-image-2' }, { id: 'gpt-image-2.5-flare', created: 1790000000 }] } });
    await modelChoice.setValue({ provider: 'openai', model: 'gpt-image-1.5' });
    const composer = new ComposerState(clock);
    await composer.load();
    expect(composer.choice).toEqual({ provider: 'openai', model: 'gpt-image-2' });
    expect(composer.modelNote).toBe('GPT Image 1.5 was shut down on 2026-12-01: GPT Image 2 is used instead.');
    expect(composer.models.map((m) => [m.id, m.isNew === true])).toEqual([['gpt-image-2', false], ['gpt-image-2.5-flare', true]]);
    expect(await modelChoice.getValue()).toEqual({ provider: 'openai', model: 'gpt-image-2' });
  });

  test('the popup opens a stored model the list shut down as the newest of its family, with the note', async () => {
    await modelLists.setValue({ openai: list });
    await modelChoice.setValue({ provider: 'openai', model: 'gpt-image-2' });
    const composer = new ComposerState(clock);
    await composer.load();
    expect(composer.choice.model).toBe('gpt-image-2.5-sunburst');
    expect(composer.model.isNew).toBe(true);
    expect(composer.modelNote).toBe('GPT Image 2 was shut down on 2026-12-05: gpt-image-2.5-sunburst is used instead.');
    expect(composer.problems).toEqual([]);
  });

  test('a settings file and a job to retry move the same way', async () => {
    await modelLists.setValue({ openai: list });
    const notes: string[] = [];
    const file = JSON.stringify({ format: 'pictor-settings', version: 2, settings: { modelChoice: { provider: 'openai', model: 'gpt-image-2' } } });
    expect(await importSettings(file, (n) => notes.push(n.key), NOW)).toEqual(['modelChoice']);
    expect(await modelChoice.getValue()).toEqual({ provider: 'openai', model: 'gpt-image-2.5-sunburst' });
    expect(notes).toEqual(['modelReplaced']);

    vi.spyOn(fakeBrowser.alarms, 'create').mockResolvedValue(undefined);
    const store = createJobStore();
    const old = await store.create({ provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a fox', params: { quality: 'low' } });
    const said: string[] = [];
    const job = await submitAgain(store, old.id, (n) => said.push(n), NOW);
    expect(job).toMatchObject({ model: 'gpt-image-2.5-sunburst', params: { quality: 'low' } });
    expect(said).toEqual(['GPT Image 2 was shut down on 2026-12-05: gpt-image-2.5-sunburst is used instead.']);
  });
});

describe('the stored lists', () => {
  test('version 1 (ids of Gemini models the catalog lacked) comes over as a list read long ago, due again', async () => {
    await fakeBrowser.storage.local.set({ discoveredModels: { google: ['gemini-4-flash-image'] }, discoveredModels$: { v: 1 } });
    vi.resetModules();
    const fresh = await import('../../utils/platform/storage');
    expect(await fresh.modelLists.getValue()).toEqual({ google: { at: 0, models: [{ id: 'gemini-4-flash-image' }] } });
    expect(modelsOf('google', (await fresh.modelLists.getValue()).google, NOW).find((m) => m.id === 'gemini-4-flash-image')?.isNew).toBe(true);
  });
});
