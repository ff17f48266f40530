import type { CropOriginal, CropReply, CropRequest } from '../messages';

// The browser's own API object (Chrome's and Firefox's content scripts both have it), used with a
// callback as @webext-core/messaging itself uses it.
declare const chrome: {
  runtime: {
    lastError?: { message?: string };
    sendMessage(message: unknown, callback: (reply: unknown) => void): void;
  };
};

/** What @webext-core/messaging (v4) answers: the handler's result, or its error serialized. */
type Reply = { res?: CropReply; err?: { message?: string } } | undefined;

let nextId = Math.floor(Math.random() * 1e4);

/**
 * The overlay's messages to the background, `cropStarting`, `confirmCrop` and `cropOriginal`, sent without
 * @webext-core/messaging: the library and the error serializer it brings were about 1.2 KB gzipped of
 * the overlay, which every page the user crops from loads, for these calls.
 *
 * The background still receives them with the library (its onCropMessage handlers, in
 * utils/crop/background/service.ts, behind the same guard), so this speaks the library's wire format exactly
 * (v4, dist/generic; tests/unit/overlay-send.test.ts checks it against the library itself):
 * - the message is `{ id, type, data, timestamp }`; the library's listener drops any message without
 *   a string `type` and a numeric `timestamp`, and `id` only labels its logs;
 * - the reply is `{ res }`, or `{ err }` when the handler threw (a refused sender or payload too);
 *   none at all, or `runtime.lastError`, when nothing listens.
 * Like the library, it rejects on an error or no reply.
 */
export function sendConfirmCrop(request: CropRequest): Promise<CropReply> {
  return send<CropReply>('confirmCrop', request);
}

/** `cropStarting`, the same way: the page is cutting the crop, the popup can open meanwhile. */
export function sendCropStarting(): Promise<void> {
  return send<void>('cropStarting', undefined);
}

/** `cropOriginal`, the same way: the file a crop cut in the page came from. */
export function sendCropOriginal(original: CropOriginal): Promise<void> {
  return send<void>('cropOriginal', original);
}

function send<T>(type: 'confirmCrop' | 'cropStarting' | 'cropOriginal', data: unknown): Promise<T> {
  const message = { id: nextId++, type, data, timestamp: Date.now() };
  return new Promise((resolve, reject) =>
    chrome.runtime.sendMessage(message, (raw) => {
      const lastError = chrome.runtime.lastError;
      const reply = raw as Reply;
      if (lastError) reject(new Error(lastError.message));
      else if (!reply) reject(new Error('No response'));
      else if (reply.err != null) reject(new Error(reply.err.message));
      else resolve(reply.res as T);
    }),
  );
}
