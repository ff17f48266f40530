import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeXY } from '../crop-site';
import { changedAgainstPhoto, maskMismatches } from '../put-back-pixels';
import type { FakeProviders } from '../../fake-providers/server';
import { decodePng, pngSize } from '../../fake-providers/png';
import { type TestSite } from '../site';
import { FirefoxPopup, type FirefoxSession, saveKey } from './browser';
import { firefoxOnTestSite, type FirefoxOnSite } from './on-test-site';

const KEY = 'sk-test-firefox-put-back-0123456789';
let fake: FakeProviders;
let site: TestSite;
let firefox: FirefoxSession;
let started: FirefoxOnSite | undefined;

beforeAll(async () => {
  ({ fake, site, firefox } = started = await firefoxOnTestSite({ openai: KEY }));
});

afterAll(() => started?.close());

/** The finished download whose name contains `word` (Firefox writes a .part first, see thin-path.e2e.ts). */
async function downloaded(word: string): Promise<string> {
  const dir = join(firefox.downloadsDir, 'Pictor');
  for (let i = 0; i < 150; i++) {
    const names = existsSync(dir) ? readdirSync(dir) : [];
    const done = names.filter((f) => f.includes(word) && f.endsWith('.png') && statSync(join(dir, f)).size > 0);
    if (done[0] && !names.some((f) => f.endsWith('.part'))) return join(dir, done[0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No finished download named like ${word}`);
}

test('crop a 400×300 region of a 3000×2000 photo, paint with the keyboard, Generate, put back: the mask on the wire where painted, the download 3000×2000 and the original everywhere else', async () => {
  const options = await firefox.extensionPage('options.html');
  await saveKey(options, 'openai', KEY);
  const page = await firefox.browser.newPage();
  await page.goto(`${site.origin}/big.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), { polling: 50 });
  await firefox.contextMenu(page, '#big', 'Edit image with Pictor');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  // Shown at 600×400: 80×60 CSS px are 400×300 of the photo's pixels.
  const box = (await (await page.$('#big'))!.boundingBox())!;
  await page.mouse.move(box.x + 100, box.y + 80);
  await page.mouse.down();
  await page.mouse.move(box.x + 180, box.y + 140, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.press('Enter');

  const popup = new FirefoxPopup(options);
  await popup.waitForText('400 × 300 px', 15_000);
  await popup.clickButton('Paint the area to change');
  await popup.waitForText('Nothing painted: the whole crop may change.');
  // The keyboard way: the brush starts in the middle; Space paints, arrows move it by its radius.
  await popup.eval(`(d) => {
    const canvas = d.querySelector('canvas');
    canvas.focus();
    const press = (key) => canvas.dispatchEvent(new d.defaultView.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    press(' ');
    for (let i = 0; i < 6; i++) { press('ArrowLeft'); press(' '); }
    return true;
  }`);
  await popup.waitForText('% of the crop painted.');
  await popup.waitForText('GPT Image 2 gets the painted area as its mask');
  const painted = new Set(
    (await popup.eval<number[]>(`(d) => {
      const c = d.querySelector('canvas');
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const out = [];
      for (let i = 0; i < px.length / 4; i++) if (px[i * 4 + 3] > 0) out.push(i);
      return out;
    }`)),
  );
  expect(painted.size).toBeGreaterThan(1000);

  fake.requests.length = 0;
  await popup.fill('Prompt', 'a glowing stripe');
  await popup.clickButton('Generate');
  await popup.waitFor(`(d) => d.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 30_000);
  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  const sent = edit?.files['image']?.bytes;
  expect(sent && pngSize(sent)).toEqual({ width: 400, height: 300 });
  const { x: left, y: top } = decodeXY(decodePng(sent!).rgba(0, 0));
  const maskBytes = edit?.files['mask']?.bytes;
  expect(maskBytes && pngSize(maskBytes)).toEqual({ width: 400, height: 300 });
  expect(maskMismatches(decodePng(maskBytes!), painted, (rgba) => rgba[3] === 0)).toEqual([]);

  await popup.clickButton('Put back into the original: result 1', 15_000);
  await popup.waitForText('Put back into the 3000 × 2000 original.', 30_000);
  await popup.clickButton('Download full image');
  await popup.waitForText('Saved to your Downloads folder.');
  const full = decodePng(readFileSync(await downloaded('glowing')));
  expect({ width: full.width, height: full.height }).toEqual({ width: 3000, height: 2000 });
  const changed = changedAgainstPhoto(full, { left, top, cropWidth: 400, cropHeight: 300 }, painted);
  expect(changed.outside).toBe(0);
  expect(changed.painted).toBeGreaterThan(painted.size / 2);
}, 120_000);
