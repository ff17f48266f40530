import { afterEach, describe, expect, test, vi } from 'vitest';
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CropReply, CropRequest } from '../../utils/crop/messages';
import { sendConfirmCrop } from '../../utils/crop/page/overlay-send';

/** The background's side, as utils/crop/messages.ts declares it (a fresh instance per test). */
const background = () => defineExtensionMessaging<{ confirmCrop(request: CropRequest): CropReply }>({ logger: undefined });

type Listener = (message: unknown, sender: unknown, sendResponse: (reply: unknown) => void) => boolean;

/** chrome.runtime messaging between a content script and the background, with a structured clone each way as in a browser. */
function stubRuntime() {
  const listeners = new Set<Listener>();
  const runtime = {
    lastError: undefined as { message: string } | undefined,
    onMessage: { addListener: (l: Listener) => listeners.add(l), removeListener: (l: Listener) => listeners.delete(l) },
    sendMessage(message: unknown, callback: (reply: unknown) => void) {
      const sender = { id: 'pictor', url: 'https://shop.example/item', tab: { id: 7 } };
      for (const listener of listeners) {
        if (listener(structuredClone(message), sender, (reply) => callback(structuredClone(reply)))) return;
      }
      // Nobody answers: the callback gets nothing, with lastError set while it runs.
      runtime.lastError = { message: 'Could not establish connection. Receiving end does not exist.' };
      callback(undefined);
      runtime.lastError = undefined;
    },
  };
  vi.stubGlobal('chrome', { runtime });
}

const REQUEST: CropRequest = {
  mode: 'image',
  url: 'https://shop.example/a.jpg',
  pageUrl: 'https://shop.example/item',
  selection: { x: 0.1, y: 0.2, width: 0.5, height: 0.5 },
  screen: { x: 10, y: 20, width: 300, height: 200 },
  viewport: { width: 1280, height: 800 },
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the overlay's confirmCrop, sent without @webext-core/messaging", () => {
  test("reaches the library's onMessage handler with the request as its data, sender included, and returns its reply", async () => {
    stubRuntime();
    const handler = vi.fn((_message: { data: CropRequest; sender: unknown }): CropReply => ({ ok: false, message: 'Not this time.' }));
    background().onMessage('confirmCrop', handler);
    await expect(sendConfirmCrop(REQUEST)).resolves.toEqual({ ok: false, message: 'Not this time.' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0].data).toEqual(REQUEST);
    expect(handler.mock.calls[0]![0].sender).toMatchObject({ tab: { id: 7 } });
  });

  test('an async handler answers too', async () => {
    stubRuntime();
    background().onMessage('confirmCrop', async () => ({ ok: true }));
    await expect(sendConfirmCrop(REQUEST)).resolves.toEqual({ ok: true });
  });

  test('rejects, as the library does, when the handler throws (a refused sender or payload) or nothing listens', async () => {
    stubRuntime();
    await expect(sendConfirmCrop(REQUEST)).rejects.toThrow(/Receiving end does not exist/);
    background().onMessage('confirmCrop', () => {
      throw new Error('Rejected a malformed confirmCrop.');
    });
    await expect(sendConfirmCrop(REQUEST)).rejects.toThrow('Rejected a malformed confirmCrop.');
  });
});
