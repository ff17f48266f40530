import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeProviders } from '../../fake-providers/server';
import { PHOTO_SIZE, type TestSite } from '../site';
import { FirefoxPopup, type FirefoxSession, saveKey } from './browser';
import { firefoxOnTestSite, type FirefoxOnSite } from './on-test-site';

const KEY = 'sk-test-firefox-0123456789abcdef';
let fake: FakeProviders;
let site: TestSite;
let firefox: FirefoxSession;
let started: FirefoxOnSite | undefined;

beforeAll(async () => {
  ({ fake, site, firefox } = started = await firefoxOnTestSite({ openai: KEY }));
});

afterAll(() => started?.close());

test('right-click an image → popup → Generate → the edited image comes back and downloads', async () => {
  const options = await firefox.extensionPage('options.html');
  await saveKey(options, 'openai', KEY);
  // The field the user typed into is the one labelled for OpenAI.
  expect(await options.evaluate(() => document.querySelector('label[for="key-openai"]')?.textContent)).toBe('OpenAI API key');

  const page = await firefox.browser.newPage();
  await page.goto(`${site.origin}/page.html`);
  await firefox.contextMenu(page, '#photo', 'Edit image with Pictor');
  // The overlay opens on the photo with all of it selected: Enter takes it whole.
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await page.keyboard.press('Enter');

  const popup = new FirefoxPopup(options);
  await popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`);
  await popup.fill('Prompt', 'make it a watercolor');
  await popup.clickButton('Generate');
  await popup.waitFor(`(d) => d.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 30_000);

  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  expect(edit?.host).toBe('api.openai.com');
  expect(edit?.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(edit?.fields.prompt).toBe('make it a watercolor');
  expect(Object.values(edit?.files ?? {})[0]?.bytes.equals(site.photo)).toBe(true);
  // Firefox's own background traffic is refused by the proxy; Pictor asked for no other host than
  // OpenAI and ExtensionPay (the subscription status), and ExtensionPay never saw the key.
  expect(fake.requests.every((r) => r.host === 'api.openai.com' || r.host === 'extensionpay.com')).toBe(true);
  expect(fake.requests.filter((r) => r.host === 'extensionpay.com').some((r) => JSON.stringify(r).includes(KEY))).toBe(false);

  await popup.clickButton('Download');
  const dir = join(firefox.downloadsDir, 'Pictor');
  // Firefox puts an empty file under the final name at once, then writes into a .part file beside
  // it, which it renames over the empty one when the download completes (seen polling every 2 ms:
  // 0 bytes alone, then 0 bytes beside a .part, then the whole file): done is a file with bytes in
  // it and no .part beside it.
  let file: string | undefined;
  for (let i = 0; i < 100 && !file; i++) {
    const names = existsSync(dir) ? readdirSync(dir) : [];
    const done = names.filter((f) => f.endsWith('.png') && statSync(join(dir, f)).size > 0);
    file = done[0] && !names.some((f) => f.endsWith('.part')) ? join(dir, done[0]) : undefined;
    if (!file) await new Promise((r) => setTimeout(r, 100));
  }
  expect(file).toMatch(/make-it-a-watercolor-1\.png$/);
  expect(readFileSync(file!).equals(Buffer.from(fake.openai.sentImages[0]!, 'base64'))).toBe(true);
});
