import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useEnglishMessages } from './english';
import { comparedPair, MAX_COMPARED, nextPair } from '../../utils/providers/compare';
import { ComposerState } from '../../utils/popup/composer-state.svelte';
import { generateInputs } from '../../utils/popup/popup-parts';
import { createJobStore } from '../../utils/jobs/store';
import { latestPerPlace, listEntries } from '../../utils/jobs/groups';
import type { Job, NewJob } from '../../utils/jobs/types';
import { compareWith, modelChoice } from '../../utils/platform/storage';
import type { ServiceId } from '../../utils/providers/types';

beforeEach(() => {
  fakeBrowser.reset();
  useEnglishMessages();
});

const NOW = Date.parse('2026-12-05T12:00:00Z');
const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const crop = { blob: png, width: 300, height: 200, at: 1, pageUrl: 'https://example.com/', origin: 'original' as const, mode: 'image' as const, selection: { x: 0, y: 0, width: 1, height: 1 }, tabId: 1, frameId: 0 };
const everyKey = () => true;

describe('a compared pair', () => {
  test('runs the composer operation with its own options, only those its model takes, and says its price', () => {
    const pair = comparedPair({ provider: 'google', model: 'gemini-3-pro-image', params: { imageSize: '2K', quality: 'high' } }, { lists: {}, hasSource: true, operation: 'edit', now: NOW });
    expect(pair.operation).toBe('edit');
    expect(pair.params).toEqual({ imageSize: '2K' });
    expect(pair.problems).toEqual([]);
    expect(pair.estimate).toBeCloseTo(0.134);
  });

  test('an operation its model cannot do falls back to what it can with the input; a model with no price has no estimate', () => {
    const pair = comparedPair({ provider: 'google', model: 'gemini-nano-banana-2.1', params: {} }, { lists: {}, hasSource: true, operation: 'remix', now: NOW });
    expect(pair.operation).toBe('edit');
    expect(pair.estimate).toBeUndefined();
  });

  test('"Add a model" proposes a provider with a key not compared yet, then another model of one already there', () => {
    const hasKey = (id: ServiceId) => id === 'openai' || id === 'google';
    const first = nextPair([{ provider: 'openai', model: 'gpt-image-2' }], hasKey, { google: { imageSize: '2K' } }, {}, NOW);
    expect(first.provider).toBe('google');
    expect(first.params).toEqual({ imageSize: '2K' });
    const googleOnly = (id: ServiceId) => id === 'google';
    const second = nextPair([{ provider: 'openai', model: 'gpt-image-2' }, first], googleOnly, {}, {}, NOW);
    expect(second.provider).toBe('google');
    expect(second.model).not.toBe(first.model);
  });
});

describe('the composer and Generate with a comparison', () => {
  async function composer(): Promise<ComposerState> {
    await modelChoice.setValue({ provider: 'openai', model: 'gpt-image-2' });
    const c = new ComposerState(() => NOW);
    await c.load();
    c.hasSource = true;
    return c;
  }

  test('pairs are remembered, at most three beside the choice', async () => {
    const c = await composer();
    for (let i = 0; i < 5; i++) await c.addOther(everyKey);
    expect(c.others).toHaveLength(MAX_COMPARED - 1);
    expect(c.canCompareMore).toBe(false);
    expect(await compareWith.getValue()).toHaveLength(MAX_COMPARED - 1);
    await c.removeOther(0);
    expect((await new ComposerState(() => NOW).load().then(() => compareWith.getValue())).length).toBe(MAX_COMPARED - 2);
  });

  test('one Generate makes one job per pair, in order, linked as one comparison, each with its own model, options and references it takes', async () => {
    const c = await composer();
    await c.addOther(everyKey);
    await c.setOther(0, { provider: 'ideogram' });
    await c.setOther(0, { model: 'ideogram-4' });
    const refs = [1, 2].map((n) => ({ blob: png, width: n, height: n, from: 'pasted' }));
    const inputs = generateInputs(c, 'a red door', crop, refs, everyKey);
    if (!Array.isArray(inputs)) throw new Error(JSON.stringify(inputs));
    expect(inputs.map((i) => [i.provider, i.model, i.prompt, i.references?.length])).toEqual([
      ['openai', 'gpt-image-2', 'a red door', 2],
      // Ideogram 4.0 takes one image: the crop alone.
      ['ideogram', 'ideogram-4', 'a red door', 0],
    ]);
    expect(new Set(inputs.map((i) => i.group?.id)).size).toBe(1);
    expect(inputs.map((i) => [i.group?.kind, i.group?.index])).toEqual([
      ['compare', 0],
      ['compare', 1],
    ]);
  });

  test('a pair without a key, or with options its model refuses, stops the whole comparison with a sentence', async () => {
    const c = await composer();
    await c.addOther(everyKey);
    await c.setOther(0, { provider: 'google' });
    const first = generateInputs(c, 'x', crop, [], (id) => id === 'openai');
    expect('problem' in first && first.problem).toContain('there is no Google key');
    await c.setOther(0, { params: { imageSize: '9K' } });
    const input = generateInputs(c, 'x', crop, [], everyKey);
    expect('problem' in input && input.problem).toMatch(/^Nothing was sent: .* cannot run this comparison/);
    // Without pairs, Generate makes the one job it always made.
    await c.removeOther(0);
    expect(Array.isArray(generateInputs(c, 'x', crop, [], everyKey))).toBe(false);
  });
});

describe('a comparison in the store and in History', () => {
  const input: NewJob = { provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} };

  test('inGroup reads its jobs in their order; a place the user sent again (Retry in its cell) shows its latest attempt', async () => {
    let now = 1;
    const store = createJobStore({ now: () => now++ });
    const group = (index: number) => ({ id: 'g1', kind: 'compare' as const, index });
    const b = await store.create({ ...input, provider: 'google', group: group(1) });
    const a = await store.create({ ...input, group: group(0) });
    const alone = await store.create(input);
    // The user pressed Retry in Google's cell: a second job in the same place.
    const again = await store.create({ ...input, provider: 'google', group: group(1) });
    expect((await store.inGroup('g1')).map((j) => j.id)).toEqual([a.id, b.id, again.id]);
    expect(latestPerPlace(await store.inGroup('g1')).map((j) => j.id)).toEqual([a.id, again.id]);
    // History, newest first: the comparison is one entry where its newest job stands.
    const list: Job[] = await store.page({ limit: 10 });
    const entries = listEntries(list);
    expect(entries.map((e) => ('group' in e ? e.jobs.map((j) => j.id) : e.job.id))).toEqual([[a.id, again.id], alone.id]);
  });
});
