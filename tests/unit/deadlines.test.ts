import { describe, expect, test } from 'vitest';
import { assertZipHasDefaultIdle, idleMsFrom } from '../../utils/build/idle-deadline';
import { DEFAULT_DEADLINES, withIdleDeadline } from '../../utils/jobs/deadlines';

describe('the answer idle deadline', () => {
  test('a build made without PICTOR_IDLE_MS waits 90 s for the next bytes of an answer', () => {
    expect(DEFAULT_DEADLINES.idleMs).toBe(90_000);
    expect(DEFAULT_DEADLINES.attemptMs).toBe(12 * 60_000);
  });

  test('a build may set its own, within bounds; anything else stops the build', () => {
    expect(idleMsFrom({})).toBe(0);
    expect(idleMsFrom({ PICTOR_IDLE_MS: ' ' })).toBe(0);
    expect(idleMsFrom({ PICTOR_IDLE_MS: '15000' })).toBe(15_000);
    for (const bad of ['15s', '1.5', '1999', '90001', '-1', 'NaN']) {
      expect(() => idleMsFrom({ PICTOR_IDLE_MS: bad })).toThrow(/is not a whole number of milliseconds/);
    }
  });

  test('a store package is never made with a test deadline', () => {
    expect(() => assertZipHasDefaultIdle(0)).not.toThrow();
    expect(() => assertZipHasDefaultIdle(15_000)).toThrow(/unset PICTOR_IDLE_MS/);
  });

  test('an answer whose body goes silent calls onIdle after the deadline, and not while bytes keep coming', async () => {
    let push: ((chunk: Uint8Array) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (push = (chunk) => c.enqueue(chunk)) });
    const base = (() => Promise.resolve(new Response(body))) as unknown as typeof fetch;
    let idle = 0;
    const response = await withIdleDeadline(base, 60, () => idle++)('https://example.test/');
    const reader = response.body!.getReader();
    for (let i = 0; i < 4; i++) {
      setTimeout(() => push!(new Uint8Array([i])), 30);
      await reader.read();
    }
    expect(idle).toBe(0);
    const silent = reader.read().then(
      () => 'read',
      (error: unknown) => (error as Error).name,
    );
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(idle).toBe(1);
    expect(await silent).toBe('DeadlineError');
  });
});
