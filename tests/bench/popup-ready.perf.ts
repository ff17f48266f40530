import { afterAll, beforeAll, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { TMP } from '../e2e/paths';
import { launchChromium, type ChromiumSession } from '../e2e/chromium/browser';
import { BLANK_EXTENSION, BLANK_READY, blankExtensionId, blankExtensionPage, openToReady, type Opening } from './fixture';
import { measuring, median, record } from './report';

/**
 * Popup open → prompt field usable with the popup's state restored, against a blank extension popup
 * (a page with one textarea and no script) opened the same way in the same browser: each from its
 * own extension's page with chrome.action.openPopup(), alternating. Both ends are stamped in the
 * browser: the open just before openPopup() in the opener, the ready moment in the popup (Pictor:
 * its 'pictor-popup-restored' mark, once the crop and the prompt are back on screen (the catalog, the
 * job store and billing follow, utils/popup/popup-state.svelte.ts); blank: DOMContentLoaded's end).
 * Prints figures; asserts nothing about speed.
 */
const RUNS = 9;
let fake: FakeProviders;
let session: ChromiumSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  session = await launchChromium(fake.port, { extraExtensions: [BLANK_EXTENSION] });
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

/** The moment (epoch ms, the page's own clock) Pictor's popup is ready, or 0 while it is not. */
const PICTOR_READY = `(() => {
  const mark = performance.getEntriesByName('pictor-popup-restored')[0];
  const field = document.querySelector('textarea');
  return mark && field && !field.disabled ? performance.timeOrigin + mark.startTime : 0;
})()`;
test('popup ready, against a blank extension popup', () => measuring(['popup-ready-ratio'], 240_000, async () => {
  const pictorOpener = await session.optionsPage();
  const blankOpener = await blankExtensionPage(session);
  const pictorUrl = `chrome-extension://${session.extensionId}/popup.html`;
  const blankUrl = `chrome-extension://${await blankExtensionId(session)}/blank.html`;
  // One opening of each first, not counted: the first popup of a session also starts its process.
  await openToReady(session, pictorOpener, pictorUrl, PICTOR_READY);
  await openToReady(session, blankOpener, blankUrl, BLANK_READY);
  const pictor: Opening[] = [];
  const blank: Opening[] = [];
  for (let i = 0; i < RUNS; i++) {
    pictor.push(await openToReady(session, pictorOpener, pictorUrl, PICTOR_READY));
    blank.push(await openToReady(session, blankOpener, blankUrl, BLANK_READY));
  }
  const p = median(pictor.map((o) => o.total));
  const b = median(blank.map((o) => o.total));
  record('popup-ready-ratio', p, Math.round(b * 10) / 10);
  const row = (name: string, runs: Opening[]) =>
    `  ${name} ${median(runs.map((o) => o.total)).toFixed(1).padStart(6)} ms, of which to the page's start ${median(runs.map((o) => o.toPage)).toFixed(1).padStart(6)} ms  [${runs.map((o) => o.total.toFixed(0)).join(' ')}]`;
  console.log(`\npopup open → prompt usable, state restored (median of ${RUNS}, alternating)`);
  console.log(row('blank extension popup:', blank));
  console.log(row('Pictor popup:         ', pictor) + `  ratio ${(p / b).toFixed(2)}`);
}, (label) => session.display.saveGrab(label)));
