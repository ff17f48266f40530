import { describe, expect, test, vi } from 'vitest';
import { cardState, recheckKey, removeKey, saveBaseUrl, saveKey } from '../../utils/keys/key-settings';
import { getEndpoints } from '../../utils/keys/endpoint-store';
import { keyChecks } from '../../utils/platform/storage';
import type { KeyTestResult } from '../../utils/keys/key-test';

const vaultFake = () => {
  const saved = new Map<string, string>();
  return { saved, save: vi.fn(async (n: string, v: string) => void saved.set(n, v)), remove: vi.fn(async (n: string) => void saved.delete(n)) };
};
const answering = (result: KeyTestResult) => vi.fn(async () => result);

describe('what a key card says', () => {
  test('no key, locked, works, rejected, not checked: each from what is known, ending in the last four characters', () => {
    expect(cardState(undefined, false, undefined)).toEqual({ kind: 'none' });
    expect(cardState(undefined, true, { outcome: 'valid', at: 1 })).toEqual({ kind: 'locked' });
    expect(cardState('1234', false, { outcome: 'valid', at: 1 })).toEqual({ kind: 'works', ending: '1234', outcome: 'valid' });
    expect(cardState('1234', false, { outcome: 'invalid', at: 1 })).toEqual({ kind: 'rejected', ending: '1234' });
    expect(cardState('1234', false, { outcome: 'network', at: 1 })).toEqual({ kind: 'unchecked', ending: '1234', outcome: 'network' });
    expect(cardState('1234', false, undefined)).toEqual({ kind: 'unchecked', ending: '1234' });
  });
});

describe('Save asks the provider first', () => {
  test('a key the provider rejects is not kept, and nothing is remembered about it', async () => {
    const vault = vaultFake();
    const out = await saveKey('openai', ' sk-wrong ', { vault, test: answering({ outcome: 'invalid', status: 401 }) });
    expect(out).toEqual({ saved: false, outcome: 'invalid', status: 401 });
    expect(vault.save).not.toHaveBeenCalled();
    expect(await keyChecks.getValue()).toEqual({});
  });

  test('a key it accepts is kept (trimmed), with the answer; one it could not check is kept as unchecked', async () => {
    const vault = vaultFake();
    const test = answering({ outcome: 'valid', status: 200 });
    expect((await saveKey('openai', ' sk-good ', { vault, test, now: () => 5 })).saved).toBe(true);
    expect(test).toHaveBeenCalledWith('openai', 'sk-good', undefined);
    expect(vault.saved.get('openai')).toBe('sk-good');
    expect((await keyChecks.getValue()).openai).toEqual({ outcome: 'valid', status: 200, at: 5 });

    expect((await saveKey('ideogram', 'ideo', { vault, test: answering({ outcome: 'network' }), now: () => 6 })).saved).toBe(true);
    expect((await keyChecks.getValue()).ideogram?.outcome).toBe('network');
  });

  test('Test key remembers the new answer; Remove forgets key and answer', async () => {
    const vault = vaultFake();
    await saveKey('openai', 'sk-good', { vault, test: answering({ outcome: 'valid' }) });
    await recheckKey('openai', 'sk-good', { vault, test: answering({ outcome: 'invalid', status: 401 }) });
    expect((await keyChecks.getValue()).openai?.outcome).toBe('invalid');
    await removeKey('openai', { vault });
    expect(vault.saved.has('openai')).toBe(false);
    expect(await keyChecks.getValue()).toEqual({});
  });
});

describe('a base URL', () => {
  test('is refused with credentials or a query, asked for as an origin, and kept only when granted', async () => {
    const ask = vi.fn(async () => true);
    expect(await saveBaseUrl('openai', 'https://user:pw@proxy.example/v1', ask)).toBe('invalid');
    expect(await saveBaseUrl('openai', 'https://proxy.example/v1?x=1', ask)).toBe('invalid');
    expect(ask).not.toHaveBeenCalled();
    expect(await saveBaseUrl('openai', 'https://proxy.example/v1', async () => false)).toBe('denied');
    expect(await getEndpoints()).toEqual({});
    expect(await saveBaseUrl('openai', ' https://proxy.example/v1 ', ask)).toBe('saved');
    expect(ask).toHaveBeenCalledWith(['https://proxy.example/*']);
    expect(await getEndpoints()).toEqual({ openai: 'https://proxy.example/v1' });
    expect(await saveBaseUrl('openai', '', ask)).toBe('saved');
    expect(await getEndpoints()).toEqual({});
  });
});
