import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContractMode } from '../../fake-providers/contract-modes';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ProviderError, type ErrorKind } from '../../../utils/providers/errors';
import type { ImageRequest, RunFn, ServiceId } from '../../../utils/providers/types';
import { TMP } from '../../e2e/paths';

/** One provider as the contract suite sees it: its call, a typical request, and how to steer its fake. */
export interface ContractSubject {
  id: ServiceId;
  run: RunFn;
  /** The API host the fake stands in for. */
  host: string;
  key: string;
  request: ImageRequest;
  /** Registers the key on the fake. */
  setup(fake: FakeProviders): void;
  /** Makes the fake answer the next request this way. */
  arm(fake: FakeProviders, mode: ContractMode): void;
  /** Modes this service has (OpenAI never refuses with a 200, for example). */
  modes: readonly ContractMode[];
  /** The base URL the call gets; the fake's plain-HTTP route to `host` by default. */
  baseURL?(fake: FakeProviders): string;
}

const EXPECTED: Partial<Record<ContractMode, readonly ErrorKind[]>> = {
  'invalid-key': ['invalid-key'],
  quota: ['quota'],
  'rate-limit': ['rate-limit'],
  'server-error': ['server'],
  refused: ['refused'],
  'refused-200': ['refused'],
  malformed: ['malformed'],
  stall: ['network', 'timeout'],
};

const SIGNATURES: Record<string, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/webp': [0x52, 0x49, 0x46, 0x46],
};

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should have failed').toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

/** The promises every provider keeps, run against its fake over real HTTP on loopback. */
export function contractSuite(subject: ContractSubject): void {
  describe(`${subject.id} keeps the provider contract`, () => {
    let fake: FakeProviders;
    beforeAll(async () => {
      fake = await startFakeProviders(TMP);
      subject.setup(fake);
    });
    afterAll(() => fake?.close());

    const call = (signal?: AbortSignal) =>
      subject.run(subject.request, { apiKey: subject.key, baseURL: subject.baseURL?.(fake) ?? fake.baseFor(subject.host), signal });

    test('success: images whose bytes are images of the type they claim', async () => {
      subject.arm(fake, 'ok');
      const result = await call();
      expect(result.images.length).toBeGreaterThan(0);
      for (const image of result.images) {
        const signature = SIGNATURES[image.type];
        expect(signature, `unexpected type ${image.type}`).toBeDefined();
        const head = [...new Uint8Array(await image.slice(0, signature!.length).arrayBuffer())];
        expect(head).toEqual(signature);
      }
    });

    for (const mode of subject.modes) {
      const kinds = EXPECTED[mode];
      if (!kinds) continue;
      test(`${mode} → ${kinds.join(' or ')}`, async () => {
        subject.arm(fake, mode);
        const err = await failure(call());
        expect(kinds).toContain(err.info.kind);
        if (mode === 'rate-limit') expect(err.info.retryAfterMs).toBe(2000);
      }, 15_000);
    }

    test('Cancel aborts the call and says canceled', async () => {
      subject.arm(fake, 'hold');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      const err = await failure(call(controller.signal));
      expect(err.info.kind).toBe('canceled');
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
}
