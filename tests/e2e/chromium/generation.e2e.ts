import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeProviders } from '../../fake-providers/server';
import type { ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { userWithKey, type ReadyUser } from './with-key';

let user: ReadyUser;
let fake: FakeProviders;
let session: ChromiumSession;
let popup: CdpPage;

beforeAll(async () => {
  user = await userWithKey('sk-test-generation-0123456789abcdef');
  ({ fake, session, popup } = user);
});

afterAll(async () => {
  // The tests replace the popup when they reopen it.
  user.popup = popup;
  await user?.close();
});

beforeEach(() => {
  fake.requests.length = 0;
  fake.openai.queue = [];
  fake.openai.mode = { kind: 'ok' };
});

const imageRequests = () => fake.requests.filter((r) => r.path.startsWith('/v1/images/'));

async function generate(prompt: string): Promise<void> {
  await popup.fill('Prompt', prompt);
  await popup.clickButton('Generate');
}

async function waitForRequests(n: number, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (imageRequests().length < n) {
    if (Date.now() > end) throw new Error(`The fake saw ${imageRequests().length} of ${n} requests`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('Copy puts the result on the clipboard', async () => {
  await generate('a lighthouse to copy');
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result');
  // The confirmation appears only once the browser's clipboard accepted the PNG (reading it back
  // would need a clipboardRead permission Pictor does not ask for). This runs before any download:
  // once headless Chromium has downloaded a file, clicks in the popup stop reaching Copy.
  await popup.clickButton('Copy');
  await popup.waitForText('Copied to the clipboard.');
});

describe('errors: each one in a sentence that says what to do', () => {
  test.each([
    ['invalid-key', 'OpenAI rejected the API key. Check it in Pictor', 'Open settings'],
    ['verification', 'OpenAI needs your organization to be verified', 'Open organization settings'],
    ['quota', 'Your OpenAI account is out of credit', 'Open billing settings'],
    ['moderation', 'OpenAI refused this request under its content policy', null],
  ] as const)('%s is shown, sent once, and not retried', async (kind, sentence, action) => {
    fake.openai.mode = { kind };
    await generate(`a lighthouse (${kind})`);
    await popup.waitForText(sentence);
    if (action) await popup.waitForText(action);
    await new Promise((r) => setTimeout(r, 2500));
    expect(imageRequests()).toHaveLength(1);
    // Nothing is retried that cannot succeed: no Retry button for these.
    expect(await popup.eval<boolean>(`[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Retry')`)).toBe(false);
  });

  test('a rate limit waits for Retry-After with a visible countdown, then succeeds', async () => {
    fake.openai.queue = [{ kind: 'rate-limit', retryAfterSeconds: 2 }];
    await generate('a lighthouse (rate limited)');
    await popup.waitForText('retrying in');
    await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 15_000);
    const [first, second] = imageRequests();
    expect(imageRequests()).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1900);
  });

  test('a server error is retried, then explained with a Retry button', async () => {
    fake.openai.mode = { kind: 'server-error' };
    await generate('a lighthouse (server down)');
    await popup.waitForText('OpenAI had a problem on its side', 20_000);
    expect(imageRequests()).toHaveLength(3);
    fake.openai.mode = { kind: 'ok' };
    // The user reads the message first. (Chrome itself holds back an extension's requests to a URL
    // for a few seconds after repeated 5xx answers, so an instant second click fails to fetch.)
    await new Promise((r) => setTimeout(r, 2000));
    await popup.clickButton('Retry');
    await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result after Retry');
  });

  test('a dropped connection says the provider could not be reached', async () => {
    fake.openai.mode = { kind: 'drop' };
    await generate('a lighthouse (dropped)');
    await popup.waitForText("Pictor couldn't reach OpenAI");
    await popup.waitForText('Retry');
  });
});

test('partial previews show while the image is being made', async () => {
  fake.openai.mode = { kind: 'ok', partialDelayMs: 1500 };
  await generate('a lighthouse (streamed)');
  await popup.waitFor(`document.querySelector('img[alt="Preview while the image is being made"]')?.naturalWidth`, 'a partial preview');
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 15_000);
  expect(imageRequests()[0]?.fields.stream).toBe('true');
});

test('Cancel stops the request on the wire and keeps the prompt', async () => {
  fake.openai.mode = { kind: 'ok', delayMs: 30_000 };
  await generate('a lighthouse (canceled)');
  await waitForRequests(1);
  await popup.clickButton('Cancel');
  await popup.waitForText('Canceled.');
  await expect.poll(() => imageRequests()[0]?.aborted, { timeout: 5000 }).toBe(true);
  expect(await popup.eval<string>(`document.querySelector('textarea').value`)).toBe('a lighthouse (canceled)');
});

test('closing the popup during a 45 s answer loses nothing: the result waits, and downloads', async () => {
  fake.openai.mode = { kind: 'ok', delayMs: 46_000 };
  await generate('a lighthouse at dusk');
  await waitForRequests(1);
  expect(await session.badgeText()).toBe('…');
  // The user closes the popup while OpenAI is still working, and Chrome stops the idle worker.
  await popup.eval('window.close()');
  popup.close();
  await session.stopServiceWorker();
  await expect.poll(() => session.badgeText(), { timeout: 60_000, interval: 500 }).toBe('1');

  popup = await session.openPopup();
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the waiting result');
  await popup.clickButton('Download');
  await popup.waitForText('Saved to your Downloads folder');
  const dir = join(session.downloadsDir, 'Pictor');
  await expect.poll(() => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('dusk') && f.endsWith('.png')) : []), { timeout: 10_000 }).toHaveLength(1);
  const file = join(dir, readdirSync(dir).find((f) => f.includes('dusk'))!);
  expect(file).toMatch(/pictor-\d{4}-\d{2}-\d{2}-\d{6}-a-lighthouse-at-dusk-1\.png$/);
  expect(readFileSync(file).equals(Buffer.from(fake.openai.sentImages.at(-1)!, 'base64'))).toBe(true);
  // Seen now: the badge stops counting it.
  await expect.poll(() => session.badgeText()).toBe('');
}, 120_000);

/** Whether the popup's store marks the first result of the job with this prompt as saved. */
const savedInStore = (prompt: string) =>
  popup.eval<boolean | null>(`new Promise((resolve) => {
    const open = indexedDB.open('pictor-jobs');
    open.onsuccess = () => {
      const all = open.result.transaction('jobs').objectStore('jobs').getAll();
      all.onsuccess = () => resolve(all.result.find((j) => j.prompt === ${JSON.stringify(prompt)})?.results[0]?.saved ?? null);
    };
  })`);

test('a download the browser cannot write says why, claims nothing, and Download works again once it can', async () => {
  const prompt = 'a lighthouse that cannot be saved';
  const dir = join(session.downloadsDir, 'Pictor');
  const aside = `${dir}.aside`;
  if (existsSync(dir)) renameSync(dir, aside);
  // A file where Pictor's folder goes: the browser starts the download, then cannot write it.
  writeFileSync(dir, 'not a folder');
  try {
    await generate(prompt);
    await popup.waitFor(`document.querySelector('img[alt="Result 1 for “${prompt}”"]')?.naturalWidth`, 'the result');
    await popup.clickButton('Download');
    await popup.waitForText('The download did not finish:');
    // Chromium reports FILE_FAILED here; the user reads it in words.
    expect(await popup.text()).toContain('The download did not finish: the file could not be written in your Downloads folder. The image is still here: use Download to try again.');
    expect(await popup.text()).not.toContain('Saved to your Downloads folder');
    // Not saved, so no retention rule may delete it.
    expect(await savedInStore(prompt)).toBe(null);
  } finally {
    rmSync(dir);
    if (existsSync(aside)) renameSync(aside, dir);
  }
  await popup.clickButton('Download');
  await popup.waitForText('Saved to your Downloads folder.');
  expect(await savedInStore(prompt)).toBe(true);
  expect(readdirSync(dir).filter((f) => f.includes('cannot-be-saved'))).toHaveLength(1);
});

test('with auto-download on, results are saved without a click, once', async () => {
  const options = await session.optionsPage();
  await options.getByLabel('Download each result as soon as it is ready').check();
  await expect.poll(() => options.getByRole('status').first().textContent()).toMatch(/Download settings saved/i);
  // Working in Settings took the focus, which closes the popup, as it does for a user.
  popup.close();
  popup = await session.openPopup();
  await generate('a lighthouse in fog');
  await popup.waitForText('Saved to your Downloads folder automatically.', 15_000);
  const dir = join(session.downloadsDir, 'Pictor');
  const saved = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('fog') && f.endsWith('.png')) : []);
  await expect.poll(saved, { timeout: 10_000 }).toHaveLength(1);
  expect(readFileSync(join(dir, saved()[0]!)).equals(Buffer.from(fake.openai.sentImages.at(-1)!, 'base64'))).toBe(true);
  // Reopening the popup and later notifications do not save it again.
  await new Promise((r) => setTimeout(r, 1000));
  expect(saved()).toHaveLength(1);
  await options.getByLabel('Download each result as soon as it is ready').uncheck();
  popup.close();
  popup = await session.openPopup();
});
