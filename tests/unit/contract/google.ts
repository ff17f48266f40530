import type { GoogleMode } from '../../fake-providers/google';
import { encodePng } from '../../fake-providers/png';
import { run } from '../../../utils/providers/google/run';
import type { ContractSubject } from './harness';

const MODES = {
  ok: { kind: 'ok' },
  'invalid-key': { kind: 'invalid-key' },
  quota: { kind: 'quota' },
  'rate-limit': { kind: 'rate-limit', retryAfterSeconds: 2 },
  'server-error': { kind: 'server-error', status: 503 },
  'refused-200': { kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' },
  malformed: { kind: 'malformed' },
  stall: { kind: 'stall' },
  hold: { kind: 'ok', delayMs: 30_000 },
} as const satisfies Record<string, GoogleMode>;

const KEY = 'AIzaSy-contract-0123456789';
const CROP = encodePng(32, 24, (x, y) => [x * 8, y * 10, 120, 255]);

export const googleContract: ContractSubject = {
  id: 'google',
  run,
  host: 'generativelanguage.googleapis.com',
  key: KEY,
  request: { operation: 'edit', model: 'gemini-3-pro-image', prompt: 'make it a watercolor', inputs: [new Blob([new Uint8Array(CROP)], { type: 'image/png' })], params: {} },
  setup: (fake) => void fake.google.validKeys.add(KEY),
  arm: (fake, mode) => void fake.google.queue.push(MODES[mode as keyof typeof MODES] ?? { kind: 'ok' }),
  // Gemini refuses with HTTP 200 and no image (promptFeedback or finishReason), never with an error status.
  modes: ['invalid-key', 'quota', 'rate-limit', 'server-error', 'refused-200', 'malformed', 'stall'],
};
