import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestSite, type TestSite } from '../site';
import { TMP } from '../paths';
import { expectAccessible } from '../a11y';
import { rightClickCrop } from './right-click';
import { userWithEveryKey, type ReadyUser } from './with-key';

/**
 * One crop, two models side by side: "Compare with another model" in the popup adds Google beside
 * OpenAI; one Generate sends one request to each; the results arrive in their own cells with their
 * cost; a provider that keeps failing leaves the other's result; "Keep this one" makes a result
 * the working image; History shows the comparison as one entry with its results in a grid.
 */
let user: ReadyUser;
let site: TestSite;

beforeAll(async () => {
  user = await userWithEveryKey('compare');
  site = await startTestSite();
});

afterAll(async () => {
  await user?.close();
  await site?.close();
});

const edits = () => user.fake.requests.filter((r) => r.path === '/v1/images/edits');
const gemini = () => user.fake.requests.filter((r) => r.path.endsWith(':generateContent'));
const cellImage = (label: string) => `document.querySelector('img[alt="Result of ${label}"]')?.naturalWidth`;
const OPENAI = 'OpenAI · GPT Image 2';
const GOOGLE = 'Google · Nano Banana Pro (Gemini 3 Pro Image)';

test('compare OpenAI and Gemini: one request reaches each, both results side by side with their cost', async () => {
  const { session } = user;
  user.popup = await rightClickCrop(session, site);
  const popup = user.popup;
  await popup.clickButton('Compare with another model');
  await popup.waitForText('Compare 2 models: one Generate sends to each');
  // Nano Banana Pro, whose price the catalog knows: $0.134 at 1K.
  await popup.eval(`(() => {
    const select = document.querySelector('select[aria-label="Model 2"]');
    select.value = 'gemini-3-pro-image';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
  await popup.waitForText('2 requests, about $0.19 in all');

  user.fake.requests.length = 0;
  await popup.fill('Prompt', 'a lighthouse at dusk');
  await popup.clickButton('Generate');
  await popup.waitFor(cellImage(OPENAI), 'the OpenAI result', 30_000);
  await popup.waitFor(cellImage(GOOGLE), 'the Gemini result', 30_000);
  expect(edits()).toHaveLength(1);
  expect(gemini()).toHaveLength(1);
  const parts = (JSON.parse(gemini()[0]!.fields.contents!) as { parts: { text?: string; inlineData?: unknown }[] }[])[0]!.parts;
  expect(parts.map((p) => (p.inlineData ? 'image' : p.text))).toEqual(['image', 'a lighthouse at dusk']);

  // Side by side: the two cells share a row, each with its time and cost.
  const cells = await popup.eval<{ top: number; left: number; text: string }[]>(
    `[...document.querySelectorAll('li.cell')].map((c) => ({ top: Math.round(c.getBoundingClientRect().top), left: c.getBoundingClientRect().left, text: c.textContent }))`,
  );
  expect(cells).toHaveLength(2);
  expect(cells[0]!.top).toBe(cells[1]!.top);
  expect(cells[0]!.left).toBeLessThan(cells[1]!.left);
  expect(cells[0]!.text).toContain(OPENAI);
  // OpenAI's cell: what the answer's tokens cost (5 text, 256 image in, 1767 out: $0.055), Gemini's the catalog's price.
  expect(cells[0]!.text).toMatch(/\d+ s · \$0\.055/);
  expect(cells[1]!.text).toContain(GOOGLE);
  expect(cells[1]!.text, cells[1]!.text).toMatch(/\d+ s · \$0\.13\b/);
  await expectAccessible(popup, 'the popup, with two models compared and their results side by side');
  await popup.eval(`document.querySelector('li.cell').scrollIntoView({ block: 'start' })`);
  writeFileSync(join(TMP, 'compare-popup.png'), await popup.screenshot());
});

test('a provider that keeps failing (500 on every attempt) leaves the other result; Keep this one makes it the working image; History shows one entry with a grid', async () => {
  const popup = user.popup;
  user.fake.google.queue = [{ kind: 'server-error' }, { kind: 'server-error' }, { kind: 'server-error' }];
  user.fake.requests.length = 0;
  await popup.fill('Prompt', 'a lighthouse in fog');
  await popup.clickButton('Generate');
  await popup.waitFor(cellImage(OPENAI), 'the OpenAI result', 30_000);
  await popup.waitForText('Google', 5_000);
  await popup.waitFor(`document.querySelector('li.cell[data-state="failed"] [role="alert"]')?.textContent`, 'the Gemini failure', 30_000);
  expect(edits()).toHaveLength(1);
  expect(gemini()).toHaveLength(3);
  expect(await popup.eval<number>(`document.querySelectorAll('li.cell[data-state="succeeded"]').length`)).toBe(1);
  await popup.waitFor(`document.querySelector('button[aria-label^="Retry Google"]')`, 'Retry in the failed cell');

  await popup.clickButton(`Keep this one: ${OPENAI}`);
  await popup.waitForText('Now the image you are working on.');
  await popup.waitForText('A previous result, at its full size.');

  const library = await user.session.context.newPage();
  try {
    await library.goto(`chrome-extension://${user.session.extensionId}/library.html`);
    const entry = library.getByRole('listitem').filter({ hasText: 'Compared on 2 models' }).filter({ hasText: 'a lighthouse in fog' });
    await entry.waitFor();
    await entry.getByRole('img', { name: `Result of ${OPENAI}` }).waitFor();
    expect(await entry.getByRole('alert').textContent()).toBeTruthy();
    expect(await library.getByText('Compared on 2 models').count()).toBe(2);
    await library.screenshot({ path: join(TMP, 'compare-history.png') });
    await expectAccessible(library, 'History, with two comparisons');
  } finally {
    await library.close();
  }
});
