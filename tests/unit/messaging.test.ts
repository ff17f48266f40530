import { describe, expect, test, vi } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { guard, guarded, MESSAGE_RULES, RefusedMessage, senderKind, type MessageName, type SenderKind } from '../../utils/platform/message-rules';

const id = fakeBrowser.runtime.id;
const page = (path: string) => ({ id, url: fakeBrowser.runtime.getURL(path) });
const SENDERS: Record<SenderKind, { id: string; url: string; tab?: { id: number } }> = {
  'extension-page': page('/popup.html'),
  background: page('/background.js'),
  offscreen: page('/offscreen.html'),
  'content-script': { id, url: 'https://shop.example/item', tab: { id: 7 } },
};
const JOB = '0b7c6a52-3d1e-4a3f-9c7e-2f1d0e9a8b7c';
const CROP = { mode: 'image', url: 'https://shop.example/a.jpg', pageUrl: 'https://shop.example/', selection: { x: 0, y: 0, width: 1, height: 1 }, screen: { x: 0, y: 0, width: 10, height: 10 }, viewport: { width: 100, height: 100 } };

/** Who may send each message: this table is the test, so loosening a declaration fails it. */
const EXPECTED: Record<MessageName, { from: SenderKind[]; good: unknown; bad: unknown }> = {
  startJob: { from: ['extension-page', 'offscreen'], good: JOB, bad: '../../etc' },
  cancelJob: { from: ['extension-page'], good: JOB, bad: 42 },
  runJob: { from: ['background'], good: { jobId: JOB, provider: 'openai' }, bad: { jobId: JOB, provider: '../../evil' } },
  stopJob: { from: ['background'], good: JOB, bad: { jobId: JOB } },
  jobChanged: { from: ['extension-page', 'background', 'offscreen'], good: JOB, bad: null },
  jobSeen: { from: ['extension-page'], good: JOB, bad: 7 },
  saveUnsaved: { from: ['offscreen'], good: { jobId: JOB, urls: [{ url: 'blob:x', type: 'image/png' }] }, bad: { jobId: JOB, urls: [{ url: 'https://evil.example/', type: 'image/png' }] } },
  saveHeldAgain: { from: ['extension-page'], good: JOB, bad: { jobId: JOB } },
  vaultSessionKey: { from: ['offscreen'], good: undefined, bad: 'please' },
  originGranted: { from: ['offscreen'], good: 'https://proxy.example/*', bad: '<all_urls>' },
  billingCheck: { from: ['extension-page'], good: undefined, bad: { force: true } },
  billingPlans: { from: ['extension-page'], good: undefined, bad: 1 },
  billingOpen: { from: ['extension-page'], good: 'payment', bad: 'https://evil.example/pay' },
  confirmCrop: { from: ['content-script'], good: CROP, bad: { ...CROP, url: 'file:///etc/passwd' } },
  cropStarting: { from: ['content-script'], good: undefined, bad: 'x' },
  cropOriginal: { from: ['content-script'], good: { url: 'https://example.com/a.png', bytes: 'data:image/png;base64,AA==', selection: { x: 0, y: 0, width: 1, height: 1 } }, bad: { url: 'https://example.com/a.png', bytes: 'data:text/html,<script>', selection: { x: 0, y: 0, width: 1, height: 1 } } },
  recrop: { from: ['extension-page'], good: undefined, bad: 'x' },
  cropChanged: { from: ['background', 'extension-page'], good: undefined, bad: 'x' },
};

describe('who may send each message', () => {
  test('the sender kinds, told from what the browser vouches for', () => {
    for (const [kind, sender] of Object.entries(SENDERS)) expect(senderKind(sender as never)).toBe(kind);
    expect(senderKind({ id, url: fakeBrowser.runtime.getURL('/_generated_background_page.html') })).toBe('background');
    expect(senderKind({ id: 'another-extension', url: 'chrome-extension://another-extension/popup.html' })).toBeNull();
    // A web page without a tab (a service worker of the site, say) is nobody.
    expect(senderKind({ id, url: 'https://shop.example/' })).toBeNull();
    expect(senderKind(undefined)).toBeNull();
  });

  test('every message is declared, exactly as this table says', () => {
    expect(Object.keys(MESSAGE_RULES).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, rule] of Object.entries(MESSAGE_RULES)) expect([...rule.from].sort(), name).toEqual([...EXPECTED[name as MessageName].from].sort());
  });

  for (const [name, { from, good, bad }] of Object.entries(EXPECTED) as [MessageName, (typeof EXPECTED)[MessageName]][]) {
    test(`${name}: its own senders pass; any other sender, another extension, or a malformed payload is refused before the handler`, () => {
      const handler = vi.fn(() => 'ran');
      const listener = guarded(name, handler);
      for (const kind of from) expect(listener({ data: good, sender: SENDERS[kind] as never })).toBe('ran');
      expect(handler).toHaveBeenCalledTimes(from.length);
      for (const kind of Object.keys(SENDERS) as SenderKind[]) {
        if (!from.includes(kind)) expect(() => listener({ data: good, sender: SENDERS[kind] as never })).toThrow(RefusedMessage);
      }
      expect(() => guard(name, { ...SENDERS[from[0]!], id: 'another-extension' } as never, good)).toThrow(RefusedMessage);
      expect(() => listener({ data: bad, sender: SENDERS[from[0]!] as never })).toThrow(/malformed/);
      expect(handler).toHaveBeenCalledTimes(from.length);
    });
  }
});

describe('every handler goes through its declaration', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const path = join(dir, f);
      return statSync(path).isDirectory() ? files(path) : /\.(ts|svelte)$/.test(f) ? [path] : [];
    });
  test('each onMessage / onCropMessage in utils/, components/ and entrypoints/ is guarded by its own name', () => {
    const root = join(import.meta.dirname, '../..');
    let seen = 0;
    for (const file of ['utils', 'components', 'entrypoints'].flatMap((d) => files(join(root, d)))) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/on(?:Crop)?Message\(\s*'(\w+)',\s*([^\n]*)/g)) {
        seen++;
        expect(m[2], `${file}: ${m[1]}`).toMatch(new RegExp(`^guarded\\('${m[1]}'`));
      }
    }
    expect(seen).toBeGreaterThanOrEqual(15);
  });
});
