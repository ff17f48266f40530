import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FakeProviders } from '../../fake-providers/server';
import { join } from 'node:path';
import { TMP } from '../paths';
import { type TestSite } from '../site';
import { cropThePhoto, FirefoxPopup, type FirefoxSession, saveKey } from './browser';
import { firefoxOnTestSite, type FirefoxOnSite } from './on-test-site';

/**
 * A comparison and a batch in Firefox, where jobs run in the background page: a crop from a real
 * right-click, Google added beside OpenAI, one Generate, one request to each, both results side by
 * side with their cost; then the same pair run on a list of two prompts as a batch, followed in
 * History to the end.
 */
const KEYS = { openai: 'sk-test-firefox-compare-0123456789', google: 'AIza-test-firefox-compare-0123456789' };
let fake: FakeProviders;
let site: TestSite;
let firefox: FirefoxSession;
let started: FirefoxOnSite | undefined;

beforeAll(async () => {
  ({ fake, site, firefox } = started = await firefoxOnTestSite({ openai: KEYS.openai, google: KEYS.google }));
});

afterAll(() => started?.close());

test('compare OpenAI and Gemini: one request to each, both results side by side with their cost', async () => {
  const options = await firefox.extensionPage('options.html');
  await saveKey(options, 'openai', KEYS.openai);
  await saveKey(options, 'google', KEYS.google);
  const popup = await cropThePhoto(firefox, site.origin, options);
  await popup.clickButton('Compare with another model');
  await popup.waitForText('Compare 2 models: one Generate sends to each');
  await popup.eval(`(d) => {
    const select = d.querySelector('select[aria-label="Model 2"]');
    select.value = 'gemini-3-pro-image';
    select.dispatchEvent(new d.defaultView.Event('change', { bubbles: true }));
    return true;
  }`);
  await popup.waitForText('2 requests, about $0.19 in all');

  fake.requests.length = 0;
  await popup.fill('Prompt', 'a windmill at noon');
  await popup.clickButton('Generate');
  for (const label of ['OpenAI · GPT Image 2', 'Google · Nano Banana Pro (Gemini 3 Pro Image)']) {
    await popup.waitFor(`(d) => d.querySelector('img[alt="Result of ${label}"]')?.naturalWidth`, `the result of ${label}`, 30_000);
  }
  expect(fake.requests.filter((r) => r.path === '/v1/images/edits')).toHaveLength(1);
  expect(fake.requests.filter((r) => r.path.endsWith(':generateContent'))).toHaveLength(1);
  const cells = await popup.eval<{ top: number; text: string }[]>(`(d) => [...d.querySelectorAll('li.cell')].map((c) => ({ top: Math.round(c.getBoundingClientRect().top), text: c.textContent }))`);
  expect(cells).toHaveLength(2);
  expect(cells![0]!.top).toBe(cells![1]!.top);
  // OpenAI's cell: what the answer's tokens cost (5 text, 256 image in, 1767 out: $0.055), Gemini's the catalog's price.
  expect(cells![0]!.text).toMatch(/\d+ s · \$0\.055/);
  expect(cells![1]!.text).toMatch(/\d+ s · \$0\.13\b/);
}, 120_000);

test('a batch of two prompts on the compared pair: four requests, followed in History to the end', async () => {
  const options = await firefox.extensionPage('options.html');
  const popup = new FirefoxPopup(options);
  await popup.waitFor(`(d) => [...d.querySelectorAll('summary')].find((s) => s.textContent.includes('Batch: run a list of prompts'))?.click() ?? true`, 'the batch form');
  await popup.fill('Prompts, one a line', 'a mill\na barn');
  await popup.waitForText('4 requests, about $0.37 in all.');
  fake.requests.length = 0;
  await popup.clickButton('Start batch');
  // Firefox's sidebar opens only within the click itself, and the batch is stored first: History
  // opens in a tab.
  const library = await firefox.extensionPage('library.html', 15_000);
  const text = (needle: string) => library.waitForFunction((n) => document.body.innerText.includes(n), { timeout: 30_000, polling: 100 }, needle);
  await text('Batch of 4 requests');
  await text('4 of 4 done');
  await library.screenshot({ path: join(TMP, 'firefox-batch.png') });
  expect(fake.requests.filter((r) => r.path === '/v1/images/edits').map((r) => r.fields.prompt).sort()).toEqual(['a barn', 'a mill']);
  expect(fake.requests.filter((r) => r.path.endsWith(':generateContent'))).toHaveLength(2);
}, 120_000);
