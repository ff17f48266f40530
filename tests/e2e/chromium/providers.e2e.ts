import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng } from '../../fake-providers/png';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { rightClickCrop } from './right-click';

/** Each provider from a real right-click crop, as a user with keys for all of them meets it. */
const KEYS = {
  openai: 'sk-test-providers-0123456789abcdef',
  photoroom: 'pr-test-providers-0123456789',
};
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;
let popup: CdpPage | undefined;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEYS.openai);
  fake.photoroom.validKeys.add(KEYS.photoroom);
  site = await startTestSite();
  session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', KEYS.openai);
  await session.saveKey('PhotoRoom API key', KEYS.photoroom);
});

afterAll(async () => {
  popup?.close();
  await session?.close();
  await site?.close();
  await fake?.close();
});

beforeEach(async () => {
  fake.requests.length = 0;
  // The user is done with the last popup: it closes, so the next crop's popup is the only one.
  if (popup) {
    await popup.eval('window.close()').catch(() => undefined);
    popup.close();
    await new Promise((r) => setTimeout(r, 500));
  }
  popup = undefined;
});

/** The first result of the request with this prompt (a cut-out has none). */
const result = (prompt?: string) => (prompt ? `img[alt="Result 1 for “${prompt}”"]` : `img[alt="Result 1, background removed"]`);
const shown = (p: CdpPage, selector: string, timeoutMs = 20_000) => p.waitFor(`document.querySelector('${selector}')?.naturalWidth`, selector, timeoutMs);

test('OpenAI: a gateway that answers a streamed request with plain JSON still gives the image', async () => {
  fake.openai.queue = [{ kind: 'json-only' }];
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'OpenAI');
  await popup.fill('Prompt', 'make it a watercolor');
  await popup.clickButton('Generate');
  await shown(popup, result('make it a watercolor'));
  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  expect(edit?.fields.stream).toBe('true');
  expect((await popup.imageBytes(result('make it a watercolor'))).equals(Buffer.from(fake.openai.sentImages.at(-1)!, 'base64'))).toBe(true);
});

test('PhotoRoom: Remove background on a result makes a linked cut-out whose PNG keeps its transparency through Download', async () => {
  popup = await rightClickCrop(session, site);
  await popup.fill('Prompt', 'a lighthouse on the rocks');
  await popup.clickButton('Generate');
  await shown(popup, result('a lighthouse on the rocks'));
  const made = Buffer.from(fake.openai.sentImages.at(-1)!, 'base64');

  await popup.clickButton('Remove background from result 1');
  await popup.waitForText('Made from result 1 of an earlier request.', 20_000);
  await shown(popup, result());
  // What went to PhotoRoom: the result's exact bytes, with the key, to the segment endpoint.
  const upload = fake.requests.find((r) => r.host === 'sdk.photoroom.com' && r.path === '/v1/segment');
  expect(upload?.headers['x-api-key']).toBe(KEYS.photoroom);
  expect(upload?.files.image_file?.bytes.equals(made)).toBe(true);
  expect(upload?.fields.prompt).toBeUndefined();

  const cutout = await popup.imageBytes(result());
  expect(cutout.equals(fake.photoroom.sentImages.at(-1)!)).toBe(true);
  const png = decodePng(cutout);
  expect(png.colourType).toBe(6);
  expect(png.alpha(0, 0)).toBe(0);

  await popup.clickButton('Download');
  const dir = join(session.downloadsDir, 'Pictor');
  const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png')) : []);
  await expect.poll(files, { timeout: 10_000 }).toHaveLength(1);
  const saved = readFileSync(join(dir, files()[0]!));
  expect(saved.equals(cutout)).toBe(true);
  expect(decodePng(saved).alpha(0, 0)).toBe(0);
});

test('PhotoRoom: a rejected key is said in a sentence that leads to settings', async () => {
  fake.photoroom.queue = [{ kind: 'invalid-key' }];
  popup = await rightClickCrop(session, site);
  await popup.clickButton('Remove the background of the image to edit');
  await popup.waitForText('PhotoRoom rejected the API key. Check it in Pictor');
  await popup.waitForText('Open settings');
});
