import type { IdeogramMode } from '../../fake-providers/ideogram';
import { createRun } from '../../../utils/providers/ideogram/run';
import type { ContractSubject } from './harness';
import { encodePng } from '../../fake-providers/png';

const MODES = {
  ok: { kind: 'ok' },
  'invalid-key': { kind: 'invalid-key' },
  quota: { kind: 'quota' },
  'rate-limit': { kind: 'rate-limit', retryAfterSeconds: 2 },
  'server-error': { kind: 'server-error' },
  refused: { kind: 'safety' },
  // Every image withheld by the safety review: HTTP 200, no link.
  'refused-200': { kind: 'ok', unsafe: 8 },
  malformed: { kind: 'malformed' },
  stall: { kind: 'stall' },
  hold: { kind: 'ok', delayMs: 30_000 },
} as const satisfies Record<string, IdeogramMode>;

const KEY = 'ideo-contract-0123456789';

export const ideogramContract: ContractSubject = {
  id: 'ideogram',
  // Polls every 20 ms instead of 2 s: the fake answers `pending` twice before it completes.
  run: createRun({ pollIntervalMs: 20 }),
  host: 'api.ideogram.ai',
  key: KEY,
  request: {
    operation: 'remix',
    model: 'ideogram-3',
    prompt: 'make it a watercolor',
    inputs: [new Blob([new Uint8Array(encodePng(4, 4, () => [200, 100, 50, 255]))], { type: 'image/png' })],
    params: { n: 2 },
  },
  setup: (fake) => void fake.ideogram.validKeys.add(KEY),
  arm: (fake, mode) => void fake.ideogram.queue.push(MODES[mode] ?? { kind: 'ok' }),
  modes: ['invalid-key', 'quota', 'rate-limit', 'server-error', 'refused', 'refused-200', 'malformed', 'stall'],
};
