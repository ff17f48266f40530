import { afterEach, expect, test, vi } from 'vitest';
import { createJobStore } from '../../utils/jobs/store';
import { submitJob } from '../../utils/jobs/submit';

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
