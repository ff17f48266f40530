import { describe, expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { mapOpenAIError } from '../../utils/providers/openai/run';
import { describeError, isRetryable, retryAfterMs, toJobError, ProviderError } from '../../utils/providers/errors';

function apiError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) {
  return APIError.generate(status, { error }, undefined, new Headers(headers));
}

describe('OpenAI errors map to one kind each (the shapes of platform.openai.com/docs/guides/error-codes)', () => {
  test.each([
    ['401 invalid key', apiError(401, { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' }), 'invalid-key'],
    ['403 verification', apiError(403, { message: 'Your organization must be verified to use the model `gpt-image-2`.', code: null }), 'verification'],
    ['429 insufficient_quota', apiError(429, { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' }), 'quota'],
    ['429 credit_balance_exhausted', apiError(429, { message: 'Credit balance exhausted', code: 'credit_balance_exhausted' }), 'quota'],
    ['429 rate limit', apiError(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }), 'rate-limit'],
    ['400 moderation_blocked', apiError(400, { message: 'Rejected by the safety system', type: 'image_generation_user_error', code: 'moderation_blocked' }), 'refused'],
    ['400 other', apiError(400, { message: "Invalid value: 'size'", type: 'invalid_request_error', param: 'size' }), 'bad-request'],
    ['500', apiError(500, { message: 'The server had an error' }), 'server'],
    ['503', apiError(503, { message: 'Service unavailable' }), 'server'],
    ['connection', new APIConnectionError({ message: 'Connection error.' }), 'network'],
    ['timeout', new APIConnectionTimeoutError(), 'timeout'],
    ['user abort', new APIUserAbortError(), 'canceled'],
  ])('%s', (_name, err, kind) => {
    expect(mapOpenAIError(err).kind).toBe(kind);
  });

  test('a rate limit carries the wait the server asked for', () => {
    expect(mapOpenAIError(apiError(429, { code: 'rate_limit_exceeded' }, { 'retry-after': '7' })).retryAfterMs).toBe(7000);
    expect(mapOpenAIError(apiError(429, { code: 'rate_limit_exceeded' }, { 'retry-after-ms': '1500' })).retryAfterMs).toBe(1500);
  });

  test('a bad request keeps the provider’s own words for the user', () => {
    const e = mapOpenAIError(apiError(400, { message: "Invalid value: 'size'" }));
    expect(e.detail).toBe("Invalid value: 'size'");
  });
});

describe('taxonomy helpers', () => {
  test('quota and refusals are never retried; rate limits, network and server errors are', () => {
    expect(isRetryable('quota')).toBe(false);
    expect(isRetryable('refused')).toBe(false);
    expect(isRetryable('invalid-key')).toBe(false);
    expect(isRetryable('rate-limit')).toBe(true);
    expect(isRetryable('network')).toBe(true);
    expect(isRetryable('server')).toBe(true);
  });

  test('retry-after as an HTTP date', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });

  test('anything thrown becomes a JobError, never [object Object]', () => {
    expect(toJobError(new ProviderError({ kind: 'quota' }))).toEqual({ kind: 'quota' });
    expect(toJobError(new DOMException('aborted', 'AbortError'))).toEqual({ kind: 'canceled' });
    expect(toJobError(new Error('boom'))).toEqual({ kind: 'unknown', detail: 'boom' });
    expect(toJobError({ weird: true })).toEqual({ kind: 'unknown', detail: 'no details were given' });
  });

  test('every kind has a sentence naming the provider', () => {
    expect(describeError({ kind: 'invalid-key' }, 'OpenAI')).toEqual({ key: 'errorInvalidKey', subs: ['OpenAI'] });
    expect(describeError({ kind: 'bad-request', detail: 'bad size' }, 'OpenAI')).toEqual({ key: 'errorBadRequest', subs: ['OpenAI', 'bad size'] });
  });
});

describe('a provider answer is bounded', () => {
  test('its own words in an error are cut at 500 characters', () => {
    const info = toJobError(new ProviderError({ kind: 'bad-request', detail: 'x'.repeat(5000) }));
    expect(info.detail?.length).toBe(501);
    expect(toJobError(new ProviderError({ kind: 'bad-request', detail: 'short' })).detail).toBe('short');
  });
});
