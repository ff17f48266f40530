import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { assertJobMessage, isTrustedSender } from '../../utils/messaging';

const JOB = '0b7a1f52-6c2e-4d8e-9a51-3c2f1e0d9b77';

describe('the background rejects by default', () => {
  const own = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

  test('accepts Pictor’s own extension pages', () => {
    expect(isTrustedSender(own())).toBe(true);
    expect(assertJobMessage(own(), JOB)).toBe(JOB);
  });

  test('refuses content scripts, other extensions and unknown senders', () => {
    expect(isTrustedSender({ id: fakeBrowser.runtime.id, url: 'https://evil.example/page' })).toBe(false);
    expect(isTrustedSender({ id: 'another-extension', url: 'chrome-extension://another-extension/x.html' })).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(() => assertJobMessage({ id: 'x', url: 'https://a.example' }, JOB)).toThrow(/outside Pictor/);
  });

  test('refuses malformed payloads', () => {
    for (const bad of ['', 'abc', 42, { id: JOB }, `${JOB}; drop`]) {
      expect(() => assertJobMessage(own(), bad)).toThrow(/malformed/);
    }
  });
});
