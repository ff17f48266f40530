import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * Chrome's offscreen document, as the browser makes it: listed among the extension's contexts as
 * soon as it is asked for, listening only once its scripts ran (when createDocument resolves).
 */
let listening = false;
let listed = false;
const received: string[] = [];
vi.mock('../../utils/platform/messaging', () => ({
  sendMessage: vi.fn(async (_type: string, { jobId }: { jobId: string }) => {
    // Nobody answers a message sent before the document listens: it is lost.
    if (!listening) throw new Error('Could not establish connection. Receiving end does not exist.');
    received.push(jobId);
  }),
}));

test('two jobs handed over while the document is being made both reach it (the second waits for it instead of finding it listed)', async () => {
  let made!: () => void;
  Object.assign(fakeBrowser, {
    offscreen: {
      createDocument: vi.fn(() => {
        listed = true;
        return new Promise<void>((resolve) => (made = resolve));
      }),
    },
  });
  Object.assign(fakeBrowser.runtime, { getContexts: vi.fn(async () => (listed ? [{ contextType: 'OFFSCREEN_DOCUMENT' }] : [])) });
  const { offscreenRunner } = await import('../../utils/jobs/offscreen');

  const first = offscreenRunner.run('job-openai', 'openai');
  await vi.waitFor(() => expect(listed).toBe(true));
  // A comparison's second job, handed over while the document loads.
  const second = offscreenRunner.run('job-google', 'google');
  await new Promise((r) => setTimeout(r, 10));
  listening = true;
  made();
  await Promise.all([first, second]);
  expect(received.sort()).toEqual(['job-google', 'job-openai']);
});
