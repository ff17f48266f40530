import type { PhotoRoomMode } from '../../fake-providers/photoroom';
import { encodePng } from '../../fake-providers/png';
import { run } from '../../../utils/providers/photoroom/run';
import type { ContractSubject } from './harness';

const MODES = {
  ok: { kind: 'ok' },
  'invalid-key': { kind: 'invalid-key' },
  quota: { kind: 'quota' },
  'rate-limit': { kind: 'rate-limit', retryAfterSeconds: 2 },
  'server-error': { kind: 'server-error' },
  malformed: { kind: 'malformed' },
  stall: { kind: 'stall' },
  hold: { kind: 'ok', delayMs: 30_000 },
} as const satisfies Record<string, PhotoRoomMode>;

const KEY = 'pr-contract-0123456789';
const SOURCE = encodePng(40, 30, (x, y) => [x * 6, y * 8, 90, 255]);

export const photoroomContract: ContractSubject = {
  id: 'photoroom',
  run,
  host: 'sdk.photoroom.com',
  key: KEY,
  request: { operation: 'remove-background', model: 'segment', inputs: [new Blob([new Uint8Array(SOURCE)], { type: 'image/png' })], params: {} },
  setup: (fake) => void fake.photoroom.validKeys.add(KEY),
  arm: (fake, mode) => void fake.photoroom.queue.push(MODES[mode as keyof typeof MODES] ?? { kind: 'ok' }),
  // No prompt, so nothing to refuse: PhotoRoom has no content-policy answers.
  modes: ['invalid-key', 'quota', 'rate-limit', 'server-error', 'malformed', 'stall'],
};
