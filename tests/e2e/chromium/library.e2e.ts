import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ARTIFACTS, TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { expectAccessible } from '../a11y';

/** The library of past work, as a user with an OpenAI and a PhotoRoom key meets it. */
const KEYS = { openai: 'sk-test-library-0123456789abcdef', photoroom: 'pr-test-library-0123456789' };
const PROMPTS = ['a lighthouse at dawn', 'a red fox in snow', 'a paper boat'];
const REFUSED = 'a forbidden harbour';
let fake: FakeProviders;
let session: ChromiumSession;
let library: Page;

/** What IndexedDB holds, read from an extension page (the records themselves, not what is shown). */
interface StoredSummary {
  id: string;
  prompt: string;
  state: string;
  results: number;
  parent?: string;
}
const stored = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<StoredSummary[]>((resolve, reject) => {
        const open = indexedDB.open('pictor-jobs');
        open.onerror = () => reject(open.error ?? new Error('the job database did not open'));
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('jobs').objectStore('jobs').getAll() as IDBRequest<{ id: string; prompt: string; state: string; results: unknown[]; parent?: { jobId: string } }[]>;
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((j) => ({ id: j.id, prompt: j.prompt, state: j.state, results: j.results.length, parent: j.parent?.jobId })));
          };
        };
      }),
  );

const rows = () => library.locator('main li:has(button[aria-label^="Open "])');
const loaded = (page: Page, selector: string, timeout = 20_000) =>
  page.waitForFunction((s) => document.querySelector<HTMLImageElement>(s)?.naturalWidth, selector, { polling: 50, timeout });

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEYS.openai);
  fake.photoroom.validKeys.add(KEYS.photoroom);
  session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', KEYS.openai);
  await session.saveKey('PhotoRoom API key', KEYS.photoroom);

  // Three images from the popup (no crop: made from words alone), then a request OpenAI refuses.
  const popup = await session.openPopup();
  for (const prompt of PROMPTS) {
    await popup.fill('Prompt', prompt);
    await popup.clickButton('Generate');
    await popup.waitFor(`document.querySelector('img[alt="Result 1 for “${prompt}”"]')?.naturalWidth`, `the result for ${prompt}`, 20_000);
  }
  fake.openai.queue = [{ kind: 'moderation' }];
  await popup.fill('Prompt', REFUSED);
  await popup.clickButton('Generate');
  await popup.waitForText('OpenAI refused this request under its content policy');
  await popup.eval('window.close()').catch(() => undefined);
  popup.close();

  // The page the History button shows beside the page, here in a tab of its own.
  library = await session.context.newPage();
  await library.goto(`chrome-extension://${session.extensionId}/library.html`);
}, 120_000);

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

test('lists every request newest first: thumbnails, prompt, provider and model, date, state', async () => {
  await expect.poll(() => rows().count()).toBe(4);
  const names = await rows().locator('.name').allTextContents();
  expect(names).toEqual([`“${REFUSED}”`, ...PROMPTS.map((p) => `“${p}”`).reverse()]);
  for (const prompt of PROMPTS) {
    const row = rows().filter({ hasText: `“${prompt}”` });
    await expect.poll(() => row.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    expect(await row.innerText()).toMatch(/OpenAI · GPT Image 2/);
    expect(await row.innerText()).toMatch(/done/);
  }
  expect(await rows().first().innerText()).toMatch(/failed/);
  expect(await library.title()).toBe('Pictor history');
  await expectAccessible(library, 'History');
  mkdirSync(ARTIFACTS, { recursive: true });
  await library.screenshot({ path: join(ARTIFACTS, 'chromium-library-tab.png'), fullPage: true });
});

test('Search filters by prompt', async () => {
  await library.getByLabel('Search').fill('FOX');
  await expect.poll(() => rows().count()).toBe(1);
  expect(await rows().first().innerText()).toContain('“a red fox in snow”');
  await library.getByLabel('Search').fill('zebra');
  await library.getByText('No prompt contains “zebra”.').waitFor();
  await library.getByLabel('Search').fill('');
  await expect.poll(() => rows().count()).toBe(4);
});

test('Delete removes a job and its images from IndexedDB', async () => {
  const boat = (await stored(library)).find((j) => j.prompt === 'a paper boat');
  expect(boat?.results).toBe(1);
  await library.getByRole('button', { name: 'Delete “a paper boat”' }).click();
  await library.getByText('Delete this request and its images?').waitFor();
  await library.getByRole('button', { name: 'Yes, delete' }).click();
  await expect.poll(() => rows().count()).toBe(3);
  await library.getByRole('status').filter({ hasText: 'Deleted.' }).waitFor();
  const left = await stored(library);
  expect(left.map((j) => j.id)).not.toContain(boat!.id);
  expect(left).toHaveLength(3);
});

test('Delete of a request still running stops it on the wire before removing it', async () => {
  const prompt = 'a slow lighthouse';
  fake.openai.queue = [{ kind: 'ok', delayMs: 30_000 }];
  const sent = () => fake.requests.filter((r) => r.path === '/v1/images/generations' && r.fields.prompt === prompt);
  const popup = await session.openPopup();
  await popup.fill('Prompt', prompt);
  await popup.clickButton('Generate');
  await expect.poll(() => sent().length, { timeout: 15_000 }).toBe(1);
  await popup.eval('window.close()').catch(() => undefined);
  popup.close();
  await library.bringToFront();
  await library.getByRole('button', { name: `Delete “${prompt}”` }).click();
  await library.getByRole('button', { name: 'Yes, delete' }).click();
  await library.getByRole('status').filter({ hasText: 'Deleted.' }).waitFor();
  // The answer was 30 s away: the connection closes now, not when it arrives.
  await expect.poll(() => sent()[0]?.aborted, { timeout: 5_000 }).toBe(true);
  expect((await stored(library)).map((j) => j.prompt)).not.toContain(prompt);
  expect(sent()).toHaveLength(1);
});

test('a job opens at full size with its actions; a background removal shows its chain both ways', async () => {
  await library.getByRole('button', { name: 'Open “a lighthouse at dawn” (done)' }).click();
  await loaded(library, 'img[alt="Result 1 for “a lighthouse at dawn”"]');
  expect(await library.locator('img[alt="Result 1 for “a lighthouse at dawn”"]').evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBe(64);
  for (const action of ['Download', 'Copy', 'Use as input', 'Remove background from result 1', 'Generate again', 'Delete “a lighthouse at dawn”']) {
    await library.getByRole('button', { name: action, exact: true }).waitFor();
  }

  // Download saves the very bytes OpenAI sent for it.
  await library.getByRole('button', { name: 'Download', exact: true }).click();
  const dir = join(session.downloadsDir, 'Pictor');
  const saved = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('lighthouse') && f.endsWith('.png')) : []);
  await expect.poll(saved, { timeout: 10_000 }).toHaveLength(1);
  expect(readFileSync(join(dir, saved()[0]!)).equals(Buffer.from(fake.openai.sentImages[0]!, 'base64'))).toBe(true);

  // Remove background: a PhotoRoom job of its own opens, and fills in when it finishes.
  await library.getByRole('button', { name: 'Remove background from result 1' }).click();
  await loaded(library, 'img[alt="Result 1, background removed"]');
  const upload = fake.requests.find((r) => r.host === 'sdk.photoroom.com' && r.path === '/v1/segment');
  expect(upload?.files.image_file?.bytes.equals(Buffer.from(fake.openai.sentImages[0]!, 'base64'))).toBe(true);
  await loaded(library, 'img[alt="The image this request started from"]');
  await library.getByRole('heading', { name: 'Made from' }).waitFor();
  await library.screenshot({ path: join(ARTIFACTS, 'chromium-library-cutout.png'), fullPage: true });
  await library.getByRole('button', { name: 'Result 1 of “a lighthouse at dawn”' }).click();

  // Up the chain: the lighthouse, and what was made from it.
  await library.getByRole('heading', { name: 'Made from this request' }).waitFor();
  await library.getByRole('button', { name: 'Remove background from result 1 (done)' }).waitFor();
  await expectAccessible(library, 'History, with a job and its chain open');
  await library.screenshot({ path: join(ARTIFACTS, 'chromium-library-job.png'), fullPage: true });
  const cut = (await stored(library)).find((j) => j.prompt === '' && j.state === 'succeeded');
  const lighthouse = (await stored(library)).find((j) => j.prompt === 'a lighthouse at dawn');
  expect(cut?.parent).toBe(lighthouse?.id);

  // Back to the list with the keyboard, onto the row the job was opened from; Enter opens it again.
  const focused = () => library.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());
  await library.keyboard.press('Escape');
  await expect.poll(focused).toBe('Open “a lighthouse at dawn” (done)');
  await library.keyboard.press('Enter');
  await expect.poll(focused).toBe('← Back to history');
  await library.keyboard.press('Escape');

  // The cut-out sits on top of the list, marked as made from an earlier request.
  await expect.poll(() => rows().count()).toBe(4);
  expect(await rows().first().innerText()).toContain('Made from result 1 of an earlier request.');
});

test('Generate again sends the same request and shows its result', async () => {
  const before = fake.requests.filter((r) => r.path === '/v1/images/generations').length;
  await library.getByRole('button', { name: 'Open “a red fox in snow” (done)' }).click();
  await library.getByRole('button', { name: 'Generate again' }).click();
  await expect.poll(() => fake.requests.filter((r) => r.path === '/v1/images/generations').length, { timeout: 20_000 }).toBe(before + 1);
  expect(fake.requests.filter((r) => r.path === '/v1/images/generations').at(-1)?.fields.prompt).toBe('a red fox in snow');
  // The new job is open and finishes in place.
  await library.getByRole('heading', { name: '“a red fox in snow”' }).waitFor();
  await library.getByRole('button', { name: 'Generate again' }).waitFor({ timeout: 20_000 });
  await library.getByRole('button', { name: 'Back to history' }).click();
  await expect.poll(() => rows().filter({ hasText: '“a red fox in snow”' }).count()).toBe(2);
});

test('Use as input makes a result the image to edit and opens the popup with it', async () => {
  await library.getByRole('button', { name: 'Open “a lighthouse at dawn” (done)' }).click();
  await library.getByRole('button', { name: 'Use as input' }).click();
  const popup = await session.attach('/popup.html');
  await popup.waitFor(`document.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth === 64`, 'the result as the image to edit');
  await popup.eval('window.close()').catch(() => undefined);
  popup.close();
  await library.getByRole('button', { name: 'Back to history' }).click();
});

test('History in the popup opens the library in the side panel, which works as the tab does', async () => {
  await library.close();
  const popup: CdpPage = await session.openPopup();
  await popup.clickButton('History');
  const panel = await session.attach('/library.html');
  await panel.waitFor(`document.querySelectorAll('main li').length === 5`, 'the history in the panel');
  // Beside the page, not in a tab: no tab shows it, and it is a side panel's width.
  expect(session.context.pages().some((p) => p.url().endsWith('/library.html'))).toBe(false);
  expect(await panel.eval<number>('innerWidth')).toBeLessThan(700);
  await panel.waitFor(`[...document.querySelectorAll('img')].every((img) => img.naturalWidth > 0)`, 'the thumbnails');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'chromium-library-panel.png'), await panel.screenshot());

  // Delete all history, from the panel: the library empties, and the keys stay.
  await panel.clickButton('Delete all history');
  await panel.clickButton('Yes, delete');
  await panel.waitForText('No requests yet.');
  const options = await session.optionsPage();
  expect(await stored(options)).toEqual([]);
  await options.reload();
  // Each card still says its key works, by the key's last four characters.
  await options.getByRole('region', { name: 'OpenAI' }).getByText(`Key ending …${KEYS.openai.slice(-4)} works.`).waitFor();
  await options.getByRole('region', { name: 'PhotoRoom' }).getByText(`Key ending …${KEYS.photoroom.slice(-4)}`).waitFor();
  panel.close();
});
