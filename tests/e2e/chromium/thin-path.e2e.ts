import { afterAll, beforeAll, expect, test } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ARTIFACTS, TMP } from '../paths';
import { PHOTO_SIZE, startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import { rightClickCrop } from './right-click';
import { expectAccessible } from '../a11y';

const KEY = 'sk-test-thin-path-0123456789abcdef';
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  site = await startTestSite();
  session = await launchChromium(fake.port);
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await fake?.close();
});

async function waitForFile(dir: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith('.crdownload')) : [];
    if (files[0]) return join(dir, files[0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Nothing was downloaded into ${dir}`);
}

test('right-click an image → popup → Generate → the edited image comes back and downloads', async () => {
  // The options page opens on install; the user saves a key there.
  const options = await session.optionsPage();
  await options.getByLabel('OpenAI API key').fill(KEY);
  await options.getByRole('button', { name: 'Save OpenAI key' }).click();
  await options.getByText(`Key ending …${KEY.slice(-4)} works.`).waitFor();
  await expectAccessible(options, 'Settings, with a key saved');

  // The user right-clicks the photo, picks "Edit image with Pictor" in the native menu and confirms
  // the whole image in the overlay with Enter; the popup opens by itself with that image.
  const popup = await rightClickCrop(session, site);
  await popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`);
  // Shown at its real size once decoded.
  await popup.waitFor(`document.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth === ${PHOTO_SIZE.width}`, 'the crop at full size');
  await expectAccessible(popup, 'the popup, with a crop shown');

  await popup.fill('Prompt', 'make it a watercolor');
  await popup.clickButton('Generate');
  await popup.waitFor(`[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Download')`, 'the result', 20_000);

  // What went over the wire: the photo's own bytes, the prompt, the user's key, to OpenAI's edits endpoint.
  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  expect(edit?.host).toBe('api.openai.com');
  expect(edit?.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(edit?.fields.prompt).toBe('make it a watercolor');
  expect(edit?.fields.model).toBe('gpt-image-2');
  const uploaded = Object.values(edit?.files ?? {})[0];
  expect(uploaded?.bytes.equals(site.photo)).toBe(true);

  // The result is on screen... The buttons and the <img> come in the same update; the image's bytes
  // are then read from the job store and decoded, 7-31 ms later in eight runs measured in the page
  // (a MutationObserver's time for Download against the image's load event). Read at once, as this
  // test did, a busy machine caught the image before its load: naturalWidth 0. So it waits for it.
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth === 64`, 'the result shown at its size');
  await expectAccessible(popup, 'the popup, with a result shown');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'chromium-thin-path-popup.png'), await popup.screenshot());

  // ...and Download saves exactly the bytes OpenAI sent, under the Pictor folder.
  await popup.clickButton('Download');
  const file = await waitForFile(join(session.downloadsDir, 'Pictor'));
  expect(file).toMatch(/pictor-\d{4}-\d{2}-\d{2}-\d{6}-make-it-a-watercolor-1\.png$/);
  expect(readFileSync(file).equals(Buffer.from(fake.openai.sentImages[0]!, 'base64'))).toBe(true);
  popup.close();
});
