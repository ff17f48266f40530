import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { CHROME_BILLING_BUILD, TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { rightClickCrop } from './right-click';

/**
 * Answers that stop arriving after their headers. This runs on the tests' second build, made with a
 * 15 s answer idle deadline (`PICTOR_IDLE_MS=15000 npm run build:billing`, utils/build/idle-deadline.ts)
 * instead of the product's 90 s, so that the suite waits seconds, not minutes; the deadline code is
 * the same, and its 90 s default is held by tests/unit/deadlines.test.ts. The fake ExtensionPay
 * answers this user as a subscriber, so billing lets every generation through.
 */
const KEYS = { openai: 'sk-test-stalls-0123456789abcdef', google: 'AIza-test-stalls-0123456789' };
const IDLE_MS = 15_000;
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;
let popup: CdpPage | undefined;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.extpay.state = 'paid';
  fake.openai.validKeys.add(KEYS.openai);
  fake.google.validKeys.add(KEYS.google);
  site = await startTestSite();
  session = await launchChromium(fake.port, { build: CHROME_BILLING_BUILD });
  await session.saveKey('OpenAI API key', KEYS.openai);
  await session.saveKey('Google API key', KEYS.google);
});

afterAll(async () => {
  popup?.close();
  await session?.close();
  await site?.close();
  await fake?.close();
});

const openaiCalls = () => fake.requests.filter((r) => r.host === 'api.openai.com' && r.path.startsWith('/v1/images/'));
const geminiCalls = () => fake.requests.filter((r) => r.host === 'generativelanguage.googleapis.com' && r.path.endsWith(':generateContent'));

test('answers that stall after their headers, from OpenAI and from Gemini at once, each end as "stopped answering" at the idle deadline, with Retry, their connections closed', async () => {
  fake.openai.queue = [{ kind: 'stall-open' }];
  fake.google.queue = [{ kind: 'stall-open' }];
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'OpenAI');
  await popup.fill('Prompt', 'a stalled OpenAI request');
  await popup.clickButton('Generate');
  await expect.poll(() => openaiCalls().length, { timeout: 15_000 }).toBe(1);
  const openaiSent = Date.now();
  // A new crop while OpenAI is silent: a fresh composer, the OpenAI job waiting in the strip.
  await popup.eval('window.close()');
  popup.close();
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Google');
  await popup.fill('Prompt', 'a stalled Gemini request');
  await popup.clickButton('Generate');
  await expect.poll(() => geminiCalls().length, { timeout: 15_000 }).toBe(1);
  const geminiSent = Date.now();
  // Both wait on the network at the same time.
  expect(geminiSent - openaiSent).toBeLessThan(IDLE_MS);
  // No bytes for the idle deadline (the runner's, which the Gemini SDK's fetch carries too): Pictor stops waiting.
  await popup.waitForText('Google stopped answering, so Pictor stopped waiting.', IDLE_MS + 20_000);
  // Not before the deadline: the silence was waited out, not cut short.
  expect(Date.now() - geminiSent).toBeGreaterThanOrEqual(IDLE_MS - 500);
  await popup.waitFor(`[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Retry')`, 'Retry');
  await expect.poll(() => geminiCalls()[0]?.aborted, { timeout: 5000 }).toBe(true);
  expect(geminiCalls()).toHaveLength(1);
  // The OpenAI job ended the same way: its strip entry says failed, and opens its sentence.
  const openaiEntry = `[...document.querySelectorAll('nav[aria-label="Recent"] button')].find((b) => b.title === 'a stalled OpenAI request')`;
  await popup.waitFor(`${openaiEntry}?.getAttribute('aria-label').endsWith('(failed)')`, 'the OpenAI job failed in the strip', 30_000);
  await popup.eval(`${openaiEntry}.click()`);
  await popup.waitForText('OpenAI stopped answering, so Pictor stopped waiting.');
  await expect.poll(() => openaiCalls()[0]?.aborted, { timeout: 5000 }).toBe(true);
  expect(openaiCalls()).toHaveLength(1);
});
