import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { closePopup, rightClickCrop } from './right-click';

/** What happens to a job between the click and the result, when things go wrong around it. */
const KEY = 'sk-test-lifecycle-0123456789abcdef';
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;
let popup: CdpPage | undefined;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  site = await startTestSite();
  session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', KEY);
});

afterAll(async () => {
  popup?.close();
  await session?.close();
  await site?.close();
  await fake?.close();
});

beforeEach(async () => {
  fake.requests.length = 0;
  fake.openai.queue = [];
  await closePopup(popup);
  popup = undefined;
});

const imageRequests = () => fake.requests.filter((r) => r.path.startsWith('/v1/images/'));

test('a new crop opens a fresh composer: no earlier error or result under it, the last prompt offered, not reused', async () => {
  fake.openai.queue = [{ kind: 'quota' }];
  popup = await rightClickCrop(session, site);
  await popup.fill('Prompt', 'a lighthouse at night');
  await popup.clickButton('Generate');
  await popup.waitForText('Your OpenAI account is out of credit');

  // Closed the moment the error shows: the job was seen, and the badge stops counting it (the
  // popup's own write of that was lost when it closed this fast, seen once in a full run).
  await popup.eval('window.close()');
  popup.close();
  await expect.poll(() => session.badgeText(), { timeout: 5_000 }).toBe('');
  popup = await rightClickCrop(session, site);
  const text = await popup.text();
  expect(text).not.toContain('out of credit');
  expect(await popup.eval<string>(`document.querySelector('textarea').value`)).toBe('');
  expect(await popup.eval<boolean>(`document.activeElement === document.querySelector('textarea')`)).toBe(true);
  // The earlier request waits in the strip, and the prompt is one click away.
  await popup.waitFor(`document.querySelector('nav[aria-label="Recent"] button')`, 'the recent strip');
  await popup.clickButton('Use the last prompt: “a lighthouse at night”');
  expect(await popup.eval<string>(`document.querySelector('textarea').value`)).toBe('a lighthouse at night');
});

test('"Use as input" can be undone: the crop comes back', async () => {
  popup = await rightClickCrop(session, site);
  const crop = await popup.imageBytes('img[alt="The image you chose to edit"]');
  await popup.eval(`window.__loads = 0; document.addEventListener('load', (e) => { if (e.target.alt === 'Result 1 for “a watercolor”') window.__loads++; }, true); true`);
  await popup.fill('Prompt', 'a watercolor');
  await popup.clickButton('Generate');
  await popup.waitFor(`document.querySelector('img[alt="Result 1 for “a watercolor”"]')?.naturalWidth`, 'the result', 20_000);
  // Stored with a small WebP copy for lists, made in the browser right after the result is shown.
  const thumb = await popup.waitFor<string>(
    `new Promise((resolve) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => {
        const all = open.result.transaction('jobs').objectStore('jobs').getAll();
        all.onsuccess = () => resolve(all.result.find((j) => j.prompt === 'a watercolor')?.results[0]?.thumb?.type ?? null);
      };
    })`,
    'the small copy for lists',
    5_000,
  );
  expect(thumb).toBe('image/webp');
  // The job re-read with its small copy does not load the image on screen again (a reload would
  // bring the results back into view, moving the popup under the pointer).
  await new Promise((r) => setTimeout(r, 300));
  expect(await popup.eval<number>('window.__loads')).toBe(1);
  await popup.clickButton('Use as input');
  await popup.waitForText('A previous result, at its full size.');
  await popup.clickButton('Undo: back to the previous image');
  await popup.waitFor(`document.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth === 300`, 'the crop again');
  expect((await popup.imageBytes('img[alt="The image you chose to edit"]')).equals(crop)).toBe(true);
});

test('a job stored by a popup that closed before asking for its start still runs', async () => {
  popup = await rightClickCrop(session, site);
  // What the popup does on Generate, cut off after the job is stored: the wake-up alarm, the record.
  await popup.eval(`(async () => {
    await chrome.alarms.create('pictor-pump', { delayInMinutes: 0.5 });
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const id = crypto.randomUUID();
    const job = { id, createdAt: Date.now(), state: 'queued', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'an orphaned request', params: {}, results: [], seen: false, unseen: 0 };
    await new Promise((resolve, reject) => {
      const tx = db.transaction('jobs', 'readwrite');
      tx.objectStore('jobs').put(job, id);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  })()`);
  await popup.eval('window.close()');
  popup.close();
  popup = undefined;
  await expect.poll(() => imageRequests().find((r) => r.fields.prompt === 'an orphaned request'), { timeout: 60_000, interval: 500 }).toBeDefined();
  // Its result waits for the user: the badge counts it, and only it (the earlier tests' jobs were seen).
  const badge = await expect.poll(() => session.badgeText(), { timeout: 15_000 }).toBe('1').then(
    () => null,
    (error: unknown) => error,
  );
  if (badge) {
    // What the store holds, so that a wrong count says which job it counted.
    const options = await session.optionsPage();
    const jobs = await options.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('pictor-jobs');
          open.onsuccess = () => {
            const all = open.result.transaction('jobs').objectStore('jobs').getAll();
            all.onsuccess = () => resolve(JSON.stringify((all.result as { prompt: string; state: string; seen: boolean; unseen: number; createdAt: number; finishedAt?: number }[]).map((j) => ({ prompt: j.prompt, state: j.state, seen: j.seen, unseen: j.unseen, createdAt: j.createdAt, finishedAt: j.finishedAt }))));
          };
        }),
    );
    throw new Error(`The badge says ${await session.badgeText()}, not 1. Stored jobs: ${jobs}\nService worker console:\n${session.consoleLog.slice(-30).join('\n')}`, { cause: badge });
  }
}, 90_000);
