import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng } from '../../fake-providers/png';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { closePopup, rightClickCrop } from './right-click';

/** Each provider from a real right-click crop, as a user with keys for all of them meets it. */
const KEYS = {
  openai: 'sk-test-providers-0123456789abcdef',
  google: 'AIza-test-providers-0123456789',
  ideogram: 'ideo-test-providers-0123456789',
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
  fake.google.validKeys.add(KEYS.google);
  fake.ideogram.validKeys.add(KEYS.ideogram);
  site = await startTestSite();
  session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', KEYS.openai);
  await session.saveKey('Google API key', KEYS.google);
  await session.saveKey('Ideogram API key', KEYS.ideogram);
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
  fake.ideogram.pendingPolls = 2;
  await closePopup(popup);
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
  await popup.clickButton('Remove background from the image to edit');
  await popup.waitForText('PhotoRoom rejected the API key. Check it in Pictor');
  await popup.waitForText('Open settings');
});

/** The JSON body the Gemini SDK posted to generateContent. */
function geminiBody(): { path: string; key?: string; parts: { text?: string; inlineData?: { mimeType: string; data: string } }[]; imageConfig?: Record<string, string> } {
  const call = fake.requests.find((r) => r.host === 'generativelanguage.googleapis.com' && r.path.endsWith(':generateContent'));
  if (!call) throw new Error('Gemini was not called');
  const contents = JSON.parse(call.fields.contents!) as { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
  const config = JSON.parse(call.fields.generationConfig ?? '{}') as { imageConfig?: Record<string, string> };
  return { path: call.path, key: call.headers['x-goog-api-key'], parts: contents[0]!.parts, imageConfig: config.imageConfig };
}

test('Google: the crop goes to Gemini as inline data with the chosen ratio and size; the JPEG and the words it answers are shown', async () => {
  fake.google.queue = [{ kind: 'ok', format: 'jpeg', text: 'Here is your watercolor.' }];
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Google');
  await popup.select('Model', 'Nano Banana Pro (Gemini 3 Pro Image)');
  await popup.select('Aspect ratio', '16:9');
  await popup.select('Resolution', '2K (about 2048 px)');
  await popup.waitForText('About $0.13 for this request, plus input tokens.');
  await popup.fill('Prompt', 'make it a watercolor');
  await popup.clickButton('Generate');
  await shown(popup, result('make it a watercolor'));
  const body = geminiBody();
  expect(body.path).toBe('/v1beta/models/gemini-3-pro-image:generateContent');
  expect(body.key).toBe(KEYS.google);
  expect(body.parts[0]?.inlineData?.mimeType).toBe('image/png');
  expect(Buffer.from(body.parts[0]!.inlineData!.data, 'base64').equals(site.photo)).toBe(true);
  expect(body.parts[1]?.text).toBe('make it a watercolor');
  expect(body.imageConfig).toEqual({ aspectRatio: '16:9', imageSize: '2K' });
  // Gemini answers JPEG by default: kept as it came, and its words are shown beside it.
  const image = await popup.imageBytes(result('make it a watercolor'));
  expect(image.equals(fake.google.sentImages.at(-1)!)).toBe(true);
  expect(image.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  await popup.waitForText('Here is your watercolor.');
  // The choice is remembered for Google, and OpenAI keeps its own.
  await popup.select('Provider', 'OpenAI');
  await popup.waitFor(`document.querySelector('select')?.closest('form') && [...document.querySelectorAll('label')].some((l) => l.textContent.includes('Quality'))`, 'OpenAI options');
  await popup.select('Provider', 'Google');
  await popup.waitForText('Nano Banana Pro');
  expect(await popup.eval<string>(`[...document.querySelectorAll('label')].find((l) => l.textContent.includes('Aspect ratio')).querySelector('select').value`)).toBe('16:9');
});

/** The generateContent calls the Gemini SDK made. */
const geminiCalls = () => fake.requests.filter((r) => r.host === 'generativelanguage.googleapis.com' && r.path.endsWith(':generateContent'));

test('Google: Cancel during a Gemini call closes it on the wire, and nothing more is sent', async () => {
  fake.google.queue = [{ kind: 'ok', delayMs: 30_000 }];
  const imagesBefore = fake.google.sentImages.length;
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Google');
  await popup.fill('Prompt', 'a canceled Gemini request');
  await popup.clickButton('Generate');
  await expect.poll(() => geminiCalls().length, { timeout: 15_000 }).toBe(1);
  await popup.clickButton('Cancel');
  await popup.waitForText('Canceled.');
  await expect.poll(() => geminiCalls()[0]?.aborted, { timeout: 5000 }).toBe(true);
  // Nothing more reaches Gemini after Cancel: 4 s is longer than the runner waits before a second attempt.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect(geminiCalls()).toHaveLength(1);
  expect(fake.google.sentImages).toHaveLength(imagesBefore);
});

test('Google: a rejected key and a safety block each get their sentence', async () => {
  fake.google.queue = [{ kind: 'invalid-key' }, { kind: 'finish', finishReason: 'IMAGE_SAFETY' }];
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Google');
  await popup.fill('Prompt', 'a red door');
  await popup.clickButton('Generate');
  await popup.waitForText('Google rejected the API key. Check it in Pictor');
  await popup.clickButton('Generate');
  await popup.waitForText('Google refused this request: its safety filters flagged the image.');
});

test('Ideogram: a remix of the crop runs asynchronously, polls its generation, and fetches the images from ideogram.ai; an unsafe one is withheld, the safe one kept', async () => {
  fake.ideogram.queue = [{ kind: 'ok', unsafe: 1 }];
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Ideogram');
  await popup.select('Model', 'Ideogram 3.0');
  await popup.select('Action', 'Remix');
  await popup.select('Rendering speed', 'Turbo');
  await popup.waitForText('About $0.03 for this request.');
  await popup.eval(`document.querySelector('details')?.setAttribute('open', '')`);
  await popup.fill('Images', '2');
  await popup.fill('Prompt', 'a poster of this photo');
  await popup.clickButton('Generate');
  await shown(popup, result('a poster of this photo'), 30_000);
  const post = fake.requests.find((r) => r.host === 'api.ideogram.ai' && r.method === 'POST');
  expect(post?.path).toBe('/v2/image/remix/ideogram-3');
  expect(post?.headers['api-key']).toBe(KEYS.ideogram);
  expect(post?.files.image?.bytes.equals(site.photo)).toBe(true);
  expect(post?.fields).toMatchObject({ prompt: 'a poster of this photo', rendering_speed: 'turbo', num_images: '2' });
  // It polled the generation, then fetched the safe image from the other host, without the key.
  expect(fake.requests.some((r) => r.host === 'api.ideogram.ai' && r.method === 'GET' && r.path.startsWith('/v2/generations/'))).toBe(true);
  const download = fake.requests.find((r) => r.host === 'ideogram.ai');
  expect(download?.headers['api-key']).toBeUndefined();
  expect((await popup.imageBytes(result('a poster of this photo'))).equals(fake.ideogram.served.at(-1)!)).toBe(true);
  await popup.waitForText('Ideogram withheld 1 of the images as unsafe; the others are here.');
  expect(await popup.eval<number>(`document.querySelectorAll('img[alt^="Result "]').length`)).toBe(1);
});

/** The Ideogram POST of the request with this prompt (the strict fake has already held it to its route's schema). */
/** Ideogram 4.0 with its own defaults back (an earlier test chose Turbo and two images, remembered for Ideogram). */
async function ideogram4Defaults(p: CdpPage): Promise<void> {
  await p.select('Model', 'Ideogram 4.0');
  await p.select('Rendering speed', 'Default');
  await p.eval(`document.querySelector('details')?.setAttribute('open', '')`);
  await p.fill('Images', '1');
}

const ideogramPost = (prompt: string) => fake.requests.find((r) => r.host === 'api.ideogram.ai' && r.method === 'POST' && (r.fields.prompt ?? (r.json as { prompt?: string } | undefined)?.prompt) === prompt);

test('Ideogram 4.0 and 4.5 create from the prompt: JSON to 4.0 (its route takes nothing else), multipart to 4.5, each accepted by the strict fake', async () => {
  // What is sent is under test here; the asynchronous polling has a test of its own.
  fake.ideogram.pendingPolls = 0;
  popup = await rightClickCrop(session, site);
  // Without an image, a prompt alone creates a new one.
  await popup.clickButton('Remove image');
  await popup.select('Provider', 'Ideogram');
  await ideogram4Defaults(popup);
  for (const [model, prompt] of [['Ideogram 4.0', 'a poster that says HELLO'], ['Ideogram 4.5', 'a neon sign that says OPEN']] as const) {
    await popup.select('Model', model);
    await popup.fill('Prompt', prompt);
    await popup.clickButton('Generate');
    await shown(popup, result(prompt), 30_000);
    expect((await popup.imageBytes(result(prompt))).equals(fake.ideogram.served.at(-1)!)).toBe(true);
  }
  const v4 = ideogramPost('a poster that says HELLO');
  expect(v4?.path).toBe('/v2/image/generate/ideogram-4');
  expect(v4?.headers['content-type']).toBe('application/json');
  expect(v4?.json).toEqual({ prompt: 'a poster that says HELLO', async: true, private: true });
  const v45 = ideogramPost('a neon sign that says OPEN');
  expect(v45?.path).toBe('/v2/image/generate/ideogram-4-5');
  expect(v45?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  expect(v45?.fields).toEqual({ prompt: 'a neon sign that says OPEN', async: 'true', private: 'true' });
}, 90_000);

test('Ideogram 4.0 and 4.5 remix the crop: 4.0 on its remix route as `image`, 4.5 on its generate route as the one source `images`, in the crop\'s shape', async () => {
  // What is sent is under test here; the asynchronous polling has a test of its own.
  fake.ideogram.pendingPolls = 0;
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Ideogram');
  // With the crop as the source, Remix is what both models do with it.
  await ideogram4Defaults(popup);
  await popup.fill('Prompt', 'as a linocut');
  await popup.clickButton('Generate');
  await shown(popup, result('as a linocut'), 30_000);
  await popup.select('Model', 'Ideogram 4.5');
  await popup.select('Quality', 'Low');
  await popup.waitForText('About $0.03 for this request.');
  await popup.fill('Prompt', 'as a woodcut');
  await popup.clickButton('Generate');
  await shown(popup, result('as a woodcut'), 30_000);
  const v4 = ideogramPost('as a linocut');
  expect(v4?.path).toBe('/v2/image/remix/ideogram-4');
  expect(v4?.files.image?.bytes.equals(site.photo)).toBe(true);
  const v45 = ideogramPost('as a woodcut');
  expect(v45?.path).toBe('/v2/image/generate/ideogram-4-5');
  expect(v45?.parts?.filter((p) => p === 'images')).toHaveLength(1);
  expect(v45?.files.images?.bytes.equals(site.photo)).toBe(true);
  expect(v45?.fields).toMatchObject({ size: 'source', quality: 'low', async: 'true', private: 'true' });
}, 90_000);

test('Ideogram: a rejected key and a refused prompt each get their sentence', async () => {
  fake.ideogram.queue = [{ kind: 'invalid-key' }, { kind: 'safety' }];
  popup = await rightClickCrop(session, site);
  await popup.select('Provider', 'Ideogram');
  await popup.fill('Prompt', 'a red door');
  await popup.clickButton('Generate');
  await popup.waitForText('Ideogram rejected the API key. Check it in Pictor');
  await popup.clickButton('Generate');
  await popup.waitForText('Ideogram refused this request');
});
