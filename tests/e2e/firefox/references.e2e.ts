import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { encodePng, pngSize } from '../../fake-providers/png';
import { TMP } from '../paths';
import { BANNER_SIZE, PHOTO_SIZE, startTestSite, type TestSite } from '../site';
import { cropThePhoto, launchFirefox, type FirefoxSession, saveKey } from './browser';
import { startDisplay, type Display } from '../chromium/x11';

const KEY = 'sk-test-firefox-references-0123456789';
let fake: FakeProviders;
let site: TestSite;
let firefox: FirefoxSession;
let display: Display;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  site = await startTestSite();
  // On an X display: headless Firefox's clipboard holds text only.
  display = await startDisplay();
  firefox = await launchFirefox(fake.proxyPort, undefined, undefined, display.name);
});

afterAll(async () => {
  await firefox?.close();
  display?.close();
  await site?.close();
  await fake?.close();
});

/** Drops a PNG of `size` on the popup, as a file dragged onto it. */
const drop = (size: { width: number; height: number }) => `async (d) => {
  const w = d.defaultView;
  const canvas = new w.OffscreenCanvas(${size.width}, ${size.height});
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#0a6';
  ctx.fillRect(0, 0, ${size.width}, ${size.height});
  const file = new w.File([await canvas.convertToBlob({ type: 'image/png' })], 'picture.png', { type: 'image/png' });
  const data = new w.DataTransfer();
  data.items.add(file);
  const target = d.querySelector('textarea');
  target.dispatchEvent(new w.DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
  target.dispatchEvent(new w.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  return true;
}`;

test('an image added from the context menu, one pasted and one dropped on the popup join the crop, and the edit carries all four in order', async () => {
  const options = await firefox.extensionPage('options.html');
  await saveKey(options, 'openai', KEY);
  const popup = await cropThePhoto(firefox, site.origin, options);
  // What the popup says once it takes pastes and drops.
  await popup.waitForText('Add references: paste an image (Ctrl+V), drop one here');
  // A second image of a page: "Add to Pictor as a reference", in Pictor's submenu while the crop
  // waits; Enter in the overlay it opens adds the whole image, and the popup opens with it.
  const page = await firefox.browser.newPage();
  await page.goto(`${site.origin}/pair.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), { polling: 50 });
  await firefox.contextMenu(page, '#banner', 'Add to Pictor as a reference');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await page.keyboard.press('Enter');
  await popup.waitForText('Reference 1', 15_000);
  // A real paste: an image on the system clipboard, Ctrl+V in the prompt (a paste event made by a
  // script has no clipboard data in Firefox).
  await popup.eval(`(d) => { d.querySelector('textarea').focus(); return true; }`);
  await firefox.pastePng(encodePng(120, 80, () => [0, 160, 100, 255]));
  await popup.waitForText('Added as reference 2.');
  await popup.eval(drop({ width: 64, height: 96 }));
  await popup.waitForText('Added as reference 3.');
  await popup.waitForText('Dropped');

  fake.requests.length = 0;
  await popup.fill('Prompt', 'the colours of the others');
  await popup.clickButton('Generate');
  await popup.waitFor(`(d) => d.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 30_000);
  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  expect((edit?.fileList['image[]'] ?? []).map((f) => pngSize(f.bytes))).toEqual([PHOTO_SIZE, BANNER_SIZE, { width: 120, height: 80 }, { width: 64, height: 96 }]);
}, 120_000);
