import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pngSize } from '../../fake-providers/png';
import type { FakeRequest } from '../../fake-providers/server';
import { BANNER_SIZE, PHOTO_SIZE, startTestSite, type TestSite } from '../site';
import { closePopup, waitForOverlay } from './right-click';
import { userWithEveryKey, type ReadyUser } from './with-key';

/**
 * Several images in one request: the crop, a second image added from the page with the context
 * menu's "Add to Pictor as a reference", and a third pasted into the popup. Each service gets the three
 * in its own format, in that order; a model that takes one says which it will not send.
 */
let user: ReadyUser;
let site: TestSite;
let page: Page;

const PASTED = { width: 120, height: 80 };

beforeAll(async () => {
  user = await userWithEveryKey('references');
  site = await startTestSite();
  page = await user.session.context.newPage();
  await page.goto(`${site.origin}/pair.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), undefined, { polling: 50 });
});

afterAll(async () => {
  await page?.close();
  await user?.close();
  await site?.close();
});

const sizes = (files: { bytes: Buffer }[] | undefined) => (files ?? []).map((f) => pngSize(f.bytes));
const expected = [PHOTO_SIZE, BANNER_SIZE, PASTED];

async function generate(prompt: string, isCall: (r: FakeRequest) => boolean): Promise<FakeRequest> {
  user.fake.requests.length = 0;
  await user.popup.fill('Prompt', prompt);
  await user.popup.clickButton('Generate');
  await user.popup.waitFor(`document.querySelector('img[alt="Result 1 for “${prompt}”"]')?.naturalWidth`, 'the result', 30_000);
  const call = user.fake.requests.find(isCall);
  expect(call, `the request for “${prompt}”`).toBeDefined();
  return call!;
}

test('a crop, a reference added from the page and one pasted go to each service in order; a model that takes one sends only the crop and says so', async () => {
  const { session } = user;
  // The crop: "Edit image with Pictor" on the photo, Enter.
  await session.display.contextMenu(page, '#photo', 2);
  await waitForOverlay(session, page);
  session.display.key('Return');
  user.popup = await session.attach('/popup.html', 15_000);
  await user.popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`, 15_000);
  await closePopup(user.popup, session);

  // The banner, added beside it: "Add to Pictor as a reference". With a crop waiting, Pictor's two
  // image items match, and Chromium folds them into its "Pictor" submenu: the second item there. It
  // opens the overlay whose Enter adds the selection (the whole banner) as a reference.
  expect(await session.display.contextMenu(page, '#banner', 2, { submenuDowns: 1 })).toEqual({ inSubmenu: true });
  await waitForOverlay(session, page);
  session.display.key('Return');
  user.popup = await session.attach('/popup.html', 15_000);
  await user.popup.waitForText('Reference 1', 15_000);
  await user.popup.waitForText('127.0.0.1');

  // A third image pasted into the popup (Ctrl+V of an image on the clipboard).
  await user.popup.eval(`(async () => {
    const canvas = new OffscreenCanvas(${PASTED.width}, ${PASTED.height});
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#c03';
    ctx.fillRect(0, 0, ${PASTED.width}, ${PASTED.height});
    const file = new File([await canvas.convertToBlob({ type: 'image/png' })], 'image.png', { type: 'image/png' });
    const data = new DataTransfer();
    data.items.add(file);
    document.querySelector('textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
  await user.popup.waitForText('Added as reference 2.');
  await user.popup.waitForText('GPT Image 2 takes up to 16 images');
  await user.popup.waitForText('Pasted');

  // OpenAI: three `image[]` parts, in order, at their sizes.
  const edit = await generate('the jacket of the second on the first', (r) => r.path === '/v1/images/edits');
  expect(sizes(edit.fileList['image[]'])).toEqual(expected);

  // The crop was sent: the reference item is hidden again, and "Edit image with Pictor" is back at
  // the top level of the menu (Esc leaves the overlay it opens; the crop and references stay).
  await closePopup(user.popup, session);
  expect(await session.display.contextMenu(page, '#banner', 2)).toEqual({ inSubmenu: false });
  await waitForOverlay(session, page);
  session.display.key('Escape');
  await page.waitForFunction(() => !document.querySelector('pictor-crop-overlay'), undefined, { polling: 50 });
  user.popup = await session.openPopup();
  await user.popup.waitForText('Reference 2', 15_000);

  // Gemini: three inline images, in order, then the prompt.
  await user.popup.select('Provider', 'Google');
  const call = await generate('in the colours of the third', (r) => r.path.endsWith(':generateContent'));
  const parts = (JSON.parse(call.fields.contents!) as { parts: { inlineData?: { data: string } }[] }[])[0]!.parts;
  expect(parts.filter((p) => p.inlineData).map((p) => pngSize(Buffer.from(p.inlineData!.data, 'base64')))).toEqual(expected);

  // Ideogram 4.5: the crop is the image edited, the others its reference images.
  await user.popup.select('Provider', 'Ideogram');
  await user.popup.select('Model', 'Ideogram 4.5');
  const remix = await generate('a poster of both', (r) => r.host === 'api.ideogram.ai' && r.method === 'POST');
  expect(remix.path).toBe('/v2/image/generate/ideogram-4-5');
  expect(sizes(remix.fileList.images)).toEqual(expected);

  // Ideogram 4.0 takes one image: the two references are marked and kept, and only the crop goes.
  await user.popup.select('Model', 'Ideogram 4.0');
  await user.popup.waitForText('Ideogram 4.0 takes one image: the references are kept but not sent.');
  expect(await user.popup.eval<number>(`[...document.querySelectorAll('li')].filter((li) => li.textContent.includes('Not sent with this model')).length`)).toBe(2);
  const one = await generate('a poster of the first', (r) => r.host === 'api.ideogram.ai' && r.method === 'POST');
  expect(one.path).toBe('/v2/image/remix/ideogram-4');
  expect(sizes(one.fileList.image)).toEqual([PHOTO_SIZE]);
  // Still there for the next request.
  await user.popup.waitForText('Reference 2');


  // Move the pasted one first, remove the banner: the next edit sends the crop, then the pasted image.
  await user.popup.select('Provider', 'OpenAI');
  await user.popup.clickButton('Move reference 2 earlier');
  await user.popup.waitFor(`document.querySelector('img[alt="Reference 1"]')?.naturalWidth === ${PASTED.width}`, 'the pasted image first');
  await user.popup.clickButton('Remove reference 2');
  await user.popup.waitFor(`!document.querySelector('img[alt="Reference 2"]')`, 'one reference left');
  const reordered = await generate('only the pasted one', (r) => r.path === '/v1/images/edits');
  expect(sizes(reordered.fileList['image[]'])).toEqual([PHOTO_SIZE, PASTED]);

  // History keeps the references with the job, and Generate again sends the same three.
  const library = await session.context.newPage();
  try {
    await library.goto(`chrome-extension://${session.extensionId}/library.html`);
    await library.getByRole('button', { name: 'Open “a poster of both” (done)' }).click();
    await expect.poll(() => library.getByRole('img', { name: /^Reference [12]$/ }).count()).toBe(2);
    await library.getByText('Reference 2 · 120 × 80 px · Pasted').waitFor();
    user.fake.requests.length = 0;
    await library.getByRole('button', { name: 'Generate again' }).click();
    await expect.poll(() => sizes(user.fake.requests.find((r) => r.path === '/v2/image/generate/ideogram-4-5')?.fileList.images), { timeout: 15_000 }).toEqual(expected);
  } finally {
    await library.close();
  }
});
