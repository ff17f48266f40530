import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP, tempDir } from '../paths';
import { needles, scanProfile } from '../profile-scan';
import { launchChromium, type ChromiumSession } from './browser';

// Random like real keys, so no two share a run of characters a scanner could confuse.
const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;
const KEYS = {
  openai: token('sk-proj-'),
  google: token('AIza'),
  ideogram: token('ideo-'),
  photoroom: token('sandbox_'),
};
const PROVIDER_HOSTS: Record<keyof typeof KEYS, string[]> = {
  openai: ['api.openai.com'],
  google: ['generativelanguage.googleapis.com'],
  ideogram: ['api.ideogram.ai'],
  photoroom: ['image-api.photoroom.com', 'sdk.photoroom.com'],
};

/** Chromium's own connections, made with or without any extension (refused by the proxy). */
const CHROMIUM_OWN_HOSTS = ['accounts.google.com', 'update.googleapis.com'];

let fake: FakeProviders;
let session: ChromiumSession;
let options: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEYS.openai);
  fake.google.validKeys.add(KEYS.google);
  fake.ideogram.validKeys.add(KEYS.ideogram);
  fake.photoroom.validKeys.add(KEYS.photoroom);
  // Every connection goes through the fakes' proxy: a request to any other host is recorded.
  session = await launchChromium(fake.port, { proxyPort: fake.proxyPort });
  options = await session.optionsPage();
});

afterAll(async () => {
  await session?.close().catch(() => undefined);
  await fake?.close();
});

test('keys for all four providers are saved, and each Test key says what its provider answered', async () => {
  const card = (name: string) => options.getByRole('region', { name });
  for (const [name, key] of [['OpenAI', KEYS.openai], ['Google', KEYS.google], ['Ideogram', KEYS.ideogram], ['PhotoRoom', KEYS.photoroom]] as const) {
    await options.getByLabel(`${name} API key`).fill(key);
    await options.getByRole('button', { name: `Save ${name} key` }).click();
    await card(name).getByText(`Key ending …${key.slice(-4)}`).waitFor();
    // Nothing typed stays on screen.
    expect(await options.getByLabel(`${name} API key`).inputValue()).toBe('');
  }

  const expectations: [string, string][] = [
    ['OpenAI', `Key ending …${KEYS.openai.slice(-4)} works.`],
    ['Google', `Key ending …${KEYS.google.slice(-4)} works.`],
    ['Ideogram', `Key ending …${KEYS.ideogram.slice(-4)} is saved, and Ideogram accepted it.`],
    ['PhotoRoom', `Key ending …${KEYS.photoroom.slice(-4)} is saved, and PhotoRoom accepted it.`],
  ];
  for (const [name, sentence] of expectations) {
    await options.getByRole('button', { name: `Test key for ${name}` }).click();
    await expect.poll(() => card(name).innerText()).toContain(sentence);
    expect(await card(name).getByRole('alert').count()).toBe(0);
  }
  // A mistyped key, tested before saving, is called invalid next to its field; the saved key is untouched.
  await options.getByLabel('Google API key').fill('AIza-mistyped');
  await options.getByRole('button', { name: 'Test key for Google' }).click();
  await expect.poll(() => card('Google').getByRole('alert').textContent()).toContain('Google: the key is invalid.');
  expect(await card('Google').innerText()).toContain(`Key ending …${KEYS.google.slice(-4)} works.`);
  await options.getByLabel('Google API key').fill('');
});

test('a generation runs with the saved OpenAI key', async () => {
  const popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.getByLabel('Prompt').fill('a lighthouse at dusk');
  await popup.getByRole('button', { name: 'Generate' }).click();
  await popup.getByRole('button', { name: 'Download' }).first().waitFor({ timeout: 20_000 });
  const generation = fake.requests.find((r) => r.path === '/v1/images/generations');
  expect(generation?.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
  await popup.close();
});

test('each key was seen only by its own provider, and no host but the providers was asked for (not even ExtensionPay)', () => {
  const hostsOf = (secret: string) =>
    new Set(fake.requests.filter((r) => JSON.stringify([r.headers, r.fields, r.path]).includes(secret)).map((r) => r.host));
  for (const [provider, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    const seenBy = [...hostsOf(key)];
    expect(seenBy.length, `${provider}'s key reached a host`).toBeGreaterThan(0);
    expect(seenBy.every((h) => PROVIDER_HOSTS[provider].includes(h)), `${provider}'s key went to ${seenBy.join(', ')}`).toBe(true);
  }
  // Besides the providers, nothing is asked: this is the default build, without billing, which never
  // talks to ExtensionPay (the build with billing is tested in billing*.e2e.ts).
  const configured = Object.values(PROVIDER_HOSTS).flat();
  expect(fake.requests.map((r) => r.host).filter((h) => !configured.includes(h))).toEqual([]);
  expect(fake.refusedHosts).not.toContain('extensionpay.com');
  // The proxy saw every connection the browser opened and refused all but the providers', so nothing
  // was sent anywhere else. Chromium itself still checks for updates and account state despite
  // --disable-background-networking; those two hosts are the browser's, any other fails the test.
  expect(fake.refusedHosts.filter((h) => !CHROMIUM_OWN_HOSTS.includes(h))).toEqual([]);
});

test('no file in the browser profile holds any key, in plain text, UTF-16, base64 or hex', async () => {
  // Planted the way a leak would happen (extension storage, IndexedDB, web storage): the scan must find these.
  const markers = { local: token('sk-marker-'), idb: token('sk-marker-'), web: token('sk-marker-') };
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  await page.evaluate(async (m) => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome;
    await api.storage.local.set({ plantedMarker: m.local });
    localStorage.setItem('plantedMarker', m.web);
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('planted-marker', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => {
        const tx = open.result.transaction('s', 'readwrite');
        tx.objectStore('s').put({ note: m.idb }, 'k');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('the write failed'));
      };
    });
  }, markers);
  // Closing the browser flushes everything it keeps to disk.
  await session.close();

  const { findings, filesScanned, bytesScanned } = scanProfile(session.profileDir, [...Object.values(KEYS), ...Object.values(markers)]);
  expect(filesScanned).toBeGreaterThan(20);
  expect(bytesScanned).toBeGreaterThan(100_000);
  for (const marker of Object.values(markers)) {
    expect(findings.some((f) => f.secret === marker), `planted marker ${marker} found`).toBe(true);
  }
  const leaks = findings.filter((f) => Object.values<string>(KEYS).includes(f.secret));
  expect(leaks).toEqual([]);
});

test('the scanner catches every encoded form it claims to', () => {
  const dir = tempDir('scan-check');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  const secret = token('sk-check-');
  const forms = needles(secret);
  forms.forEach((n, i) => writeFileSync(join(dir, 'nested', `f${i}.bin`), Buffer.concat([randomBytes(37), n.bytes, randomBytes(11)])));
  // Base64 of the secret inside a longer binary blob, at each alignment.
  for (const pad of [0, 1, 2]) {
    writeFileSync(join(dir, `b${pad}.txt`), Buffer.concat([Buffer.alloc(pad, 7), Buffer.from(secret), Buffer.alloc(5, 9)]).toString('base64'));
  }
  const { findings } = scanProfile(dir, [secret]);
  const files = new Set(findings.map((f) => f.file));
  expect(files.size).toBe(forms.length + 3);
});
