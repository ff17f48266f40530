import { afterAll, beforeAll, test } from 'vitest';
import type { FakeProviders } from '../fake-providers/server';
import type { CdpPage } from '../e2e/chromium/cdp-page';
import { userWithKey, type ReadyUser } from '../e2e/chromium/with-key';
import { median, record } from './report';

/**
 * Pictor's own overhead per generation, against a fake OpenAI that answers at once:
 * click → request on the wire, and answer sent → result on screen. The baseline, measured in the
 * same run and the same popup, is a bare fetch of the same endpoint: request start → on the wire,
 * and answer sent → body read. Prints figures; asserts nothing about speed.
 */
const RUNS = 8;
const KEY = 'sk-test-bench-0123456789abcdef';
let user: ReadyUser;
let fake: FakeProviders;
let popup: CdpPage;

beforeAll(async () => {
  user = await userWithKey(KEY);
  ({ fake, popup } = user);
  // Stamps the moment each result image is decoded and on screen, on the page's own clock.
  await popup.eval(`window.__shown = {}; document.addEventListener('load', (e) => {
    const alt = e.target.alt ?? '';
    const m = /run (\\d+)/.exec(alt);
    if (alt.startsWith('Result 1') && m && !window.__shown[m[1]]) window.__shown[m[1]] = Date.now();
  }, true); true`);
});

afterAll(async () => {
  await user?.close();
});


test('generation overhead', async () => {
  const toWire: number[] = [];
  const toScreen: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await popup.fill('Prompt', `bench run ${i}`);
    const before = fake.requests.length;
    const clicked = Date.now();
    await popup.clickButton('Generate');
    const shown = await popup.waitFor<number>(`window.__shown['${i}']`, `result ${i}`, 15_000);
    const req = fake.requests.slice(before).find((r) => r.path === '/v1/images/generations')!;
    toWire.push(req.at - clicked);
    toScreen.push(shown - req.respondedAt!);
  }

  const baseWire: number[] = [];
  const baseRead: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = fake.requests.length;
    const start = await popup.eval<number>(`(() => { const t = Date.now(); window.__base = fetch('https://api.openai.com/v1/images/generations', {
      method: 'POST', headers: { authorization: 'Bearer ${KEY}', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2', prompt: 'baseline ${i}' }) }).then((r) => r.json()).then(() => Date.now()); return t; })()`);
    const read = await popup.eval<number>('window.__base');
    const req = fake.requests.slice(before).find((r) => r.path === '/v1/images/generations')!;
    baseWire.push(req.at - start);
    baseRead.push(read - req.respondedAt!);
  }

  const row = (name: string, pictor: number[], base: number[]) => {
    const p = median(pictor);
    const b = Math.max(1, median(base));
    return `${name.padEnd(28)} Pictor ${String(p).padStart(5)} ms   bare fetch ${String(median(base)).padStart(4)} ms   ratio ${(p / b).toFixed(1)}x`;
  };
  // Pictor's own milliseconds: what it adds to a bare fetch of the same request from the same page.
  record('overhead-before-ms', Math.max(0, median(toWire) - median(baseWire)), 'ms', 50);
  record('overhead-after-ms', Math.max(0, median(toScreen) - median(baseRead)), 'ms', 50);
  console.log(
    [
      `Generation overhead, median of ${RUNS} runs (fake answers at once):`,
      row('click → request on the wire', toWire, baseWire),
      row('answer sent → on screen', toScreen, baseRead),
    ].join('\n'),
  );
}, 180_000);
