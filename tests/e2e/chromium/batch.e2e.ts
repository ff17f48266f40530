import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSite, type TestSite } from '../site';
import { TMP } from '../paths';
import { expectAccessible } from '../a11y';
import type { CdpPage } from './cdp-page';
import { rightClickCrop } from './right-click';
import { userWithKey, type ReadyUser } from './with-key';

/**
 * A batch as a user runs one: three prompts typed in the popup's batch form, each run twice on a
 * crop made with a real right-click; the cost said before it starts; the popup closes and History
 * opens in the side panel, where the six requests are followed to the end, grouped as one batch, and
 * Download all saves six files. Then a batch that meets the monthly limit stops there and says so.
 */
let user: ReadyUser;
let site: TestSite;

beforeAll(async () => {
  user = await userWithKey('sk-test-batch-0123456789abcdef');
  site = await startTestSite();
});

afterAll(async () => {
  await user?.close();
  await site?.close();
});

const edits = () => user.fake.requests.filter((r) => r.path === '/v1/images/edits');

async function startBatch(prompts: string[], times: number): Promise<CdpPage> {
  const { session } = user;
  user.popup = await rightClickCrop(session, site);
  const popup = user.popup;
  await popup.waitFor(`[...document.querySelectorAll('summary')].find((s) => s.textContent.includes('Batch: run a list of prompts'))`, 'the batch form');
  await popup.eval(`[...document.querySelectorAll('summary')].find((s) => s.textContent.includes('Batch: run a list of prompts')).click()`);
  await popup.fill('Prompts, one a line', prompts.join('\n'));
  await popup.fill('Times each', String(times));
  return popup;
}

test('3 prompts × 2: six requests, followed in the side panel with the popup closed, one History entry, Download all gives six files', async () => {
  // Each answer takes a moment: the popup is closed while the batch is still under way.
  user.fake.openai.mode = { kind: 'ok', delayMs: 800 };
  const popup = await startBatch(['a red door', 'a blue door', 'a green door'], 2);
  await popup.waitForText('6 requests, about $0.32 in all.');
  await expectAccessible(popup, 'the popup, with the batch form open');
  writeFileSync(join(TMP, 'batch-form.png'), await popup.screenshot());
  user.fake.requests.length = 0;
  await popup.clickButton('Start batch');
  const panel = await user.session.attach('/library.html', 15_000);
  // The popup closed itself once the batch was stored; the batch goes on.
  await expect.poll(async () => (await user.session.targets()).some((t) => t.url.includes('/popup.html')), { timeout: 10_000 }).toBe(false);
  expect(edits().length).toBeLessThan(6);

  await panel.waitForText('Batch of 6 requests', 15_000);
  // Opened again while the batch runs, the popup is free for another request.
  const again = await user.session.openPopup();
  await again.waitFor(`(() => { const b = [...document.querySelectorAll('button.primary')].find((x) => x.textContent.trim() === 'Generate'); return b && !b.disabled; })()`, 'Generate usable during the batch');
  await again.eval('window.close()').catch(() => undefined);
  again.close();
  await panel.waitForText('6 of 6 done', 60_000);
  expect(edits()).toHaveLength(6);
  const prompts = edits().map((r) => r.fields.prompt).sort();
  expect(prompts).toEqual(['a blue door', 'a blue door', 'a green door', 'a green door', 'a red door', 'a red door']);
  // Each request carried the crop, which is on disk once for the six, not six times.
  expect(edits().every((r) => Object.keys(r.files).some((field) => field.startsWith('image')))).toBe(true);
  expect(
    await panel.eval<{ shared: number; jobs: number; withOwnSource: number }>(`new Promise((resolve) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => {
        const tx = open.result.transaction(['jobs', 'inputs']);
        const jobs = tx.objectStore('jobs').getAll();
        const shared = tx.objectStore('inputs').count();
        tx.oncomplete = () => { resolve({ shared: shared.result, jobs: jobs.result.length, withOwnSource: jobs.result.filter((j) => j.source).length }); open.result.close(); };
      };
    })`),
  ).toEqual({ shared: 1, jobs: 6, withOwnSource: 0 });
  // One entry in History: the batch, with its six results.
  expect(await panel.eval<number>(`document.querySelectorAll('main > .list > ul > li').length`)).toBe(1);
  await panel.waitFor(`document.querySelectorAll('li.cell img').length === 6 && [...document.querySelectorAll('li.cell img')].every((i) => i.naturalWidth > 0)`, 'six results');
  writeFileSync(join(TMP, 'batch-panel.png'), await panel.screenshot());
  await expectAccessible(panel, 'History in the side panel, with a finished batch');

  // Saved in the download folder (Settings: "Pictor"), named from the template.
  const dir = join(user.session.downloadsDir, 'Pictor');
  const pngs = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png')) : []);
  expect(pngs()).toHaveLength(0);
  await panel.clickButton('Download all images (6)');
  await panel.waitForText('6 images sent to Downloads.', 20_000);
  await expect.poll(() => pngs().length, { timeout: 15_000 }).toBe(6);
  expect(pngs().filter((f) => f.includes('a-red-door') || f.includes('a red door'))).toHaveLength(2);
  panel.close();
  user.fake.openai.mode = { kind: 'ok' };
});

test('with a $0.10 OpenAI limit, the batch request that would pass it is refused with the sentence, nothing more is sent, and the batch says it stopped; Resume once the limit is raised sends it', async () => {
  // A user new to Pictor this month: nothing spent yet.
  await user.close();
  user = await userWithKey('sk-test-batch-limit-0123456789abcdef');
  const options = await user.session.optionsPage();
  await options.getByLabel('Monthly limit, OpenAI (US dollars)').fill('0.10');
  await options.getByLabel('Monthly limit, OpenAI (US dollars)').press('Tab');
  await options.getByText('Spending limits saved.').waitFor();
  await options.close();
  // $0.10 leaves room for one $0.053 request, not two.
  const popup = await startBatch(['a red boat', 'a blue boat', 'a green boat'], 1);
  await popup.waitForText('3 requests, about $0.16 in all.');
  user.fake.requests.length = 0;
  await popup.clickButton('Start batch');
  const panel = await user.session.attach('/library.html', 15_000);
  await panel.waitForText('Stopped at your monthly limit', 30_000);
  await panel.waitForText('Not sent, nothing was charged: this request (about $0.053) would take OpenAI past your monthly limit of $0.10');
  await panel.waitForText('1 of 3 done · 0 running · 1 waiting · 1 failed or canceled');
  expect(edits()).toHaveLength(1);
  expect(edits()[0]!.fields.prompt).toBe('a red boat');
  writeFileSync(join(TMP, 'batch-limit.png'), await panel.screenshot());

  // Resume with the limit unchanged: the refused request is checked again and refused again, unsent.
  await panel.clickButton('Resume');
  await panel.waitForText('Stopped at your monthly limit');
  await panel.waitForText('1 of 3 done · 0 running · 1 waiting · 1 failed or canceled');
  await new Promise((r) => setTimeout(r, 500));
  expect(edits()).toHaveLength(1);

  // The limit raised to $0.15 (room for one more): Resume sends the refused request, in its place,
  // and the batch stops again before the third.
  const settings = await user.session.optionsPage();
  await settings.getByLabel('Monthly limit, OpenAI (US dollars)').fill('0.15');
  await settings.getByLabel('Monthly limit, OpenAI (US dollars)').press('Tab');
  await settings.getByText('Spending limits saved.').waitFor();
  await settings.close();
  await panel.clickButton('Resume');
  await panel.waitForText('2 of 3 done · 0 running · 0 waiting · 1 failed or canceled', 30_000);
  await panel.waitForText('Stopped at your monthly limit');
  expect(edits().map((e) => e.fields.prompt)).toEqual(['a red boat', 'a blue boat']);

  // Cancel all: the batch ends there, and nothing more is sent.
  await panel.clickButton('Cancel all');
  await panel.waitFor(`!document.body.innerText.includes('Stopped at your monthly limit') && !document.body.innerText.includes('Resume')`, 'the batch ended');
  await new Promise((r) => setTimeout(r, 500));
  expect(edits()).toHaveLength(2);
  panel.close();
});
