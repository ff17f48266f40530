import type { OpenAIMode } from '../../fake-providers/openai';
import { run } from '../../../utils/providers/openai/run';
import type { ContractSubject } from './harness';

const MODES = {
  ok: { kind: 'ok' },
  'invalid-key': { kind: 'invalid-key' },
  quota: { kind: 'quota' },
  'rate-limit': { kind: 'rate-limit', retryAfterSeconds: 2 },
  'server-error': { kind: 'server-error' },
  refused: { kind: 'moderation' },
  malformed: { kind: 'malformed' },
  stall: { kind: 'stall' },
  hold: { kind: 'ok', delayMs: 30_000 },
} as const satisfies Record<string, OpenAIMode>;

export const openaiContract: ContractSubject = {
  id: 'openai',
  run,
  host: 'api.openai.com',
  key: 'sk-contract-0123456789',
  request: { operation: 'edit', model: 'gpt-image-2', prompt: 'make it a watercolor', inputs: [new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })], params: {} },
  baseURL: (fake) => `${fake.baseFor('api.openai.com')}/v1`,
  setup: (fake) => void fake.openai.validKeys.add('sk-contract-0123456789'),
  arm: (fake, mode) => void fake.openai.queue.push(MODES[mode as keyof typeof MODES] ?? { kind: 'ok' }),
  // OpenAI refuses with a 400 (moderation_blocked), never with an empty 200.
  modes: ['invalid-key', 'quota', 'rate-limit', 'server-error', 'refused', 'malformed', 'stall'],
};
