// @vitest-environment node
// The job runner's guards on a Gemini call made by the real @google/genai SDK: its fetch carries the
// idle deadline, the "started" notice and the rule that nothing leaves after Cancel.
import { describe, expect, test } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { createRunner } from '../../utils/jobs/runner';
import { run as gemini } from '../../utils/providers/google/run';
import { encodePng } from '../fake-providers/png';

const KEY = 'AIzaSy-guards-0123';
const png = new Blob([new Uint8Array(encodePng(2, 2, () => [0, 0, 0, 255]))], { type: 'image/png' });
/** The address a fetch was asked for, whichever form the SDK passed it in. */
const urlOf = (input: RequestInfo | URL): string => (input instanceof Request ? input.url : input.toString());
const job = { provider: 'google' as const, operation: 'edit' as const, model: 'gemini-3-pro-image', prompt: 'a hat', params: {}, source: { blob: png, width: 2, height: 2 } };

function setup(fetch: typeof globalThis.fetch, deadlines: { attemptMs: number; idleMs: number; maxAnswerBytes?: number } = { attemptMs: 60_000, idleMs: 90_000 }) {
  const store = createJobStore();
  const told: string[] = [];
  const runner = createRunner({
    store,
    runners: { google: gemini },
    readKey: async () => KEY,
    notify: async (id) => void told.push((await store.get(id))?.state ?? '?'),
    fetch,
    deadlines,
    retry: { maxAttempts: () => 1, delay: () => 0 },
  });
  return { store, runner, told };
}

describe('Gemini calls keep the runner’s guards', () => {
  test('a Gemini answer that stalls mid-body ends as timed out within the idle deadline', async () => {
    const calls: string[] = [];
    const stalled: typeof fetch = async (input) => {
      calls.push(urlOf(input));
      // Headers and the first bytes, then nothing more: the connection stays open.
      const body = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"candidates": [')) });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const { store, runner } = setup(stalled, { attemptMs: 60_000, idleMs: 200 });
    const created = await store.create(job);
    const started = Date.now();
    const done = await runner.run(created.id);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'timeout' } });
    expect(calls).toEqual(['https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-image:generateContent']);
  });

  test('a Gemini answer that keeps coming past the answer cap is stopped there and ends as not an image, not retried', async () => {
    let sent = 0;
    let cancelled = false;
    const endless: typeof fetch = async () => {
      sent++;
      // Bytes without end, and no Content-Length to give it away.
      const body = new ReadableStream<Uint8Array>({
        pull: (c) => c.enqueue(new TextEncoder().encode('{"candidates": [' + ' '.repeat(4096))),
        cancel: () => void (cancelled = true),
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const { store, runner } = setup(endless, { attemptMs: 60_000, idleMs: 90_000, maxAnswerBytes: 2 * 1024 * 1024 });
    const created = await store.create(job);
    const done = await runner.run(created.id);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'malformed', detail: 'the answer passed 2 MB' } });
    expect(sent).toBe(1);
    expect(cancelled).toBe(true);
  });

  test('an answer that announces more than the cap in Content-Length is not read at all', async () => {
    let pulled = 0;
    const announced: typeof fetch = async () => {
      const body = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(10))) }, { highWaterMark: 0 });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) } });
    };
    const { store, runner } = setup(announced);
    const created = await store.create(job);
    const done = await runner.run(created.id);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'malformed', detail: 'the answer passed 256 MB' } });
    expect(pulled).toBe(0);
  });

  test('a Gemini call that never answers ends at the attempt deadline', async () => {
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const { store, runner } = setup(silent, { attemptMs: 200, idleMs: 90_000 });
    const created = await store.create(job);
    const done = await runner.run(created.id);
    expect(done).toMatchObject({ state: 'failed', error: { kind: 'timeout' } });
  });

  test('the views hear that the job started once the request is out; Cancel aborts it and nothing more is sent', async () => {
    const sent: { url: string; signal?: AbortSignal | null }[] = [];
    let reached!: () => void;
    const inFlight = new Promise<void>((resolve) => (reached = resolve));
    const hanging: typeof fetch = (input, init) => {
      sent.push({ url: urlOf(input), signal: init?.signal });
      reached();
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    const { store, runner, told } = setup(hanging);
    const created = await store.create(job);
    const running = runner.run(created.id);
    await inFlight;
    // Told while the request is out, before any answer.
    await expect.poll(() => told).toContain('running');
    expect(await runner.cancel(created.id)).toBe(true);
    const done = await running;
    expect(done?.state).toBe('canceled');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.signal?.aborted).toBe(true);
    // Whatever the SDK tried after Cancel, nothing reached the network.
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toHaveLength(1);
  });
});
