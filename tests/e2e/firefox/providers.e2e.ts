import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { decodePng } from '../../fake-providers/png';
import type { FakeProviders } from '../../fake-providers/server';
import { type TestSite } from '../site';
import { FirefoxPopup, type FirefoxSession, saveKey } from './browser';
import { firefoxOnTestSite, type FirefoxOnSite } from './on-test-site';

/** Providers beyond OpenAI in real Firefox, from a real right-click crop. */
const KEYS = { photoroom: 'pr-firefox-0123456789', google: 'AIza-firefox-0123456789' };
let fake: FakeProviders;
let site: TestSite;
let firefox: FirefoxSession;
let started: FirefoxOnSite | undefined;
let options: Page;
let popup: FirefoxPopup;

beforeAll(async () => {
  ({ fake, site, firefox } = started = await firefoxOnTestSite({ photoroom: KEYS.photoroom, google: KEYS.google }));
  options = await firefox.extensionPage('options.html');
  await saveKey(options, 'photoroom', KEYS.photoroom);
  await saveKey(options, 'google', KEYS.google);
  popup = new FirefoxPopup(options);
});

afterAll(() => started?.close());

async function cropThePhoto(): Promise<void> {
  const page = await firefox.browser.newPage();
  await page.goto(`${site.origin}/page.html`);
  await firefox.contextMenu(page, '#photo', 'Edit image with Pictor');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await page.keyboard.press('Enter');
  // The popup the previous test left open still shows that test's image (a result, so no Recrop)
  // until this crop arrives: waiting for the image alone let Generate run first, and the crop then
  // arriving reset the popup. The overlay closes once the background has stored the crop and told
  // the popup; the popup then shows it, with Recrop.
  await page.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await popup.waitFor(`(d) => [...d.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Recrop')`, 'the new crop');
  await popup.waitFor(`(d) => d.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth`, 'the crop');
  // The popup has read what it needs (keys, subscription): Generate is enabled.
  await popup.waitFor(`(d) => d.querySelector('button.primary') && !d.querySelector('button.primary').disabled`, 'the popup ready');
}

/** The bytes of an image in the popup, read from its blob: URL there. */
async function imageBytes(selector: string): Promise<Buffer> {
  const b64 = await popup.eval<string>(`async (d) => {
    const bytes = new Uint8Array(await (await d.defaultView.fetch(d.querySelector(${JSON.stringify(selector)}).src)).arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }`);
  return Buffer.from(b64!, 'base64');
}

test('PhotoRoom removes the background of the crop: the exact crop goes up, a transparent PNG comes back and becomes the image to edit', async () => {
  await cropThePhoto();
  await popup.clickButton('Remove background from the image to edit');
  await popup.waitFor(`(d) => d.querySelector('img[alt="Result 1, background removed"]')?.naturalWidth`, 'the cut-out', 30_000);
  const upload = fake.requests.find((r) => r.host === 'sdk.photoroom.com' && r.path === '/v1/segment');
  expect(upload?.headers['x-api-key']).toBe(KEYS.photoroom);
  expect(upload?.files.image_file?.bytes.equals(site.photo)).toBe(true);
  const cutout = await imageBytes('img[alt="Result 1, background removed"]');
  expect(cutout.equals(fake.photoroom.sentImages.at(-1)!)).toBe(true);
  expect(decodePng(cutout).alpha(0, 0)).toBe(0);
  // The cut-out is now the image the next request edits.
  await popup.waitForText('A previous result, at its full size.');
  const source = await imageBytes('img[alt="The image you chose to edit"]');
  expect(source.equals(cutout)).toBe(true);
});

test('Gemini edits the crop: its exact bytes go up as inline data with the key, and the image it answers is shown', async () => {
  await cropThePhoto();
  await popup.select('Provider', 'Google');
  await popup.fill('Prompt', 'make it a watercolor');
  await popup.clickButton('Generate');
  const selector = 'img[alt="Result 1 for “make it a watercolor”"]';
  await popup.waitFor(`(d) => d.querySelector(${JSON.stringify(selector)})?.naturalWidth`, 'the Gemini result', 30_000);
  const call = fake.requests.find((r) => r.host === 'generativelanguage.googleapis.com' && r.path.endsWith(':generateContent'));
  expect(call?.headers['x-goog-api-key']).toBe(KEYS.google);
  const parts = (JSON.parse(call!.fields.contents!) as { parts: { text?: string; inlineData?: { data: string } }[] }[])[0]!.parts;
  expect(Buffer.from(parts[0]!.inlineData!.data, 'base64').equals(site.photo)).toBe(true);
  expect(parts[1]?.text).toBe('make it a watercolor');
  expect((await imageBytes(selector)).equals(fake.google.sentImages.at(-1)!)).toBe(true);
});
