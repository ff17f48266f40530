import { afterEach, expect, test, vi } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { submitBatch, submitJob } from '../../utils/jobs/submit';

// The browser stub below is this file's alone.
afterEach(() => vi.unstubAllGlobals());

test('the start is asked for before the page draws the stored job: the request does not wait for the redraw', async () => {
  const store = createJobStore();
  const events: string[] = [];
  // The browser's own send, under the messaging library (which waits one microtask before it).
  vi.stubGlobal('chrome', {
    runtime: {
      sendMessage(message: { type: string }, reply: (answer: unknown) => void) {
        events.push(`sent ${message.type}`);
        reply({ res: undefined });
      },
    },
  });
  // A view draws in a microtask after its state changes (Svelte's batching).
  const onStored = () => queueMicrotask(() => events.push('drawn'));
  const job = await submitJob(store, { provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a cat', params: {} }, { room: Promise.resolve(), alarm: Promise.resolve() }, onStored);
  expect(job.state).toBe('queued');
  expect(events).toEqual(['sent startJob', 'drawn']);
});

test('a start the background could not confirm fails the job only while it is still queued: one the background already took is left running (a Retry would pay twice)', async () => {
  const store = createJobStore();
  const input = { provider: 'openai' as const, operation: 'generate' as const, model: 'gpt-image-2', prompt: 'a cat', params: {} };
  const prepared = () => ({ room: Promise.resolve(), alarm: Promise.resolve() });
  let takeFirst = false;
  vi.stubGlobal('chrome', {
    runtime: {
      sendMessage(message: { data: string }, reply: (answer: unknown) => void) {
        // The background answers with an error; in the second case after it handed the job over.
        const taken = takeFirst ? store.patch(message.data, () => ({ state: 'running' })) : Promise.resolve();
        void taken.then(() => reply({ err: { message: 'Could not establish connection.' } }));
      },
    },
  });
  const unreached = await submitJob(store, input, prepared());
  expect(unreached.state).toBe('failed');
  expect((await store.get(unreached.id))?.state).toBe('failed');
  takeFirst = true;
  const taken = await submitJob(store, input, prepared());
  expect(taken.state).toBe('running');
  expect((await store.get(taken.id))?.state).toBe('running');
  // A batch: the job the background took keeps running; the one still queued fails, saying why.
  const [first, second] = await submitBatch(store, [input, input], prepared());
  expect([(await store.get(first!.id))?.state, (await store.get(second!.id))?.state]).toEqual(['running', 'failed']);
});
