import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSite, type TestSite } from '../site';
import { closePopup, rightClickCrop } from './right-click';
import { userWithKey, type ReadyUser } from './with-key';

/**
 * This month's spend and a monthly limit, as a user meets them: a $0.10 limit for OpenAI set in
 * Settings, one edit at about $0.053, then a second one that would pass the limit, refused before
 * anything is sent; the spend shown in the popup and in History, and History's CSV.
 */
let user: ReadyUser;
let site: TestSite;

beforeAll(async () => {
  user = await userWithKey('sk-test-spend-0123456789abcdef');
  site = await startTestSite();
});

afterAll(async () => {
  await user?.close();
  await site?.close();
});

test('with a $0.10 OpenAI limit, a second $0.053 edit is refused with the sentence and never reaches OpenAI; the month shows what the first cost by its tokens, and its CSV the job and its cost', async () => {
  const { session, fake } = user;
  const options = await session.optionsPage();
  await options.getByLabel('Monthly limit, OpenAI (US dollars)').fill('0.10');
  await options.getByLabel('Monthly limit, OpenAI (US dollars)').press('Tab');
  await options.getByText('Spending limits saved.').waitFor();

  await closePopup(user.popup, session);
  user.popup = await rightClickCrop(session, site);
  const popup = user.popup;
  await popup.waitForText('About $0.053 for this request');
  await popup.fill('Prompt', 'a paper boat');
  await popup.clickButton('Generate');
  await popup.waitFor(`document.querySelector('img[alt="Result 1 for “a paper boat”"]')?.naturalWidth`, 'the first result', 20_000);
  expect(fake.requests.filter((r) => r.path === '/v1/images/edits')).toHaveLength(1);
  // What it cost, from the tokens the answer counted at gpt-image-2's rates: 3 text tokens at $5/M,
  // the crop's 256 image tokens at $8/M, 1767 output tokens at $30/M = $0.055073 (the estimate was $0.053).

  await popup.fill('Prompt', 'a paper plane');
  await popup.clickButton('Generate');
  await popup.waitForText('Not sent, nothing was charged: this request (about $0.053) would take OpenAI past your monthly limit of $0.10 ($0.055 spent or on its way this month).', 15_000);
  expect(fake.requests.filter((r) => r.path === '/v1/images/edits')).toHaveLength(1);
  await popup.waitForText('This month: $0.055 (OpenAI $0.055)');

  const library = await session.context.newPage();
  try {
    await library.goto(`chrome-extension://${session.extensionId}/library.html`);
    await library.getByRole('button', { name: 'Show by month' }).click();
    await library.getByText(new Date().toLocaleDateString(undefined, { year: 'numeric', month: 'long' })).waitFor();
    await library.getByText('Spent: $0.055 · OpenAI $0.055').waitFor();
    await library.getByRole('button', { name: 'Export CSV' }).click();
    const month = new Date();
    const file = join(session.downloadsDir, `pictor-${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, '0')}.csv`);
    await expect.poll(() => existsSync(file), { timeout: 10_000 }).toBe(true);
    const csv = readFileSync(file, 'utf8').split('\r\n');
    expect(csv[0]).toBe('date,service,model,operation,prompt,state,images,cost_usd');
    expect(csv.filter((line) => line.includes(',a paper boat,succeeded,1,0.0551'))).toHaveLength(1);
    expect(csv.filter((line) => line.includes(',a paper plane,failed,0,'))).toHaveLength(1);
  } finally {
    await library.close();
  }
});
