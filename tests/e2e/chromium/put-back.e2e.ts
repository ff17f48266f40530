import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodeXY } from '../crop-site';
import { changedAgainstPhoto, maskMismatches } from '../put-back-pixels';
import { decodePng, pngSize } from '../../fake-providers/png';
import { startTestSite, type TestSite } from '../site';
import { closePopup, waitForOverlay } from './right-click';
import { userWithEveryKey, type ReadyUser } from './with-key';

let user: ReadyUser;
let site: TestSite;
let page: Page;

beforeAll(async () => {
  user = await userWithEveryKey('put-back');
  site = await startTestSite();
  page = await user.session.context.newPage();
  await page.goto(`${site.origin}/big.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), undefined, { polling: 50 });
  await page.bringToFront();
});

afterAll(async () => {
  await page?.close();
  await user?.close();
  await site?.close();
});

/** Drags a selection over the element, in CSS px from its top-left corner. */
async function drag(selector: string, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
  await page.mouse.up();
}

/** Where the crop lies in the photo, and the crop pixels (row-major, 400 a row) the user painted. */
interface Painted {
  left: number;
  top: number;
  cells: Set<number>;
}

/**
 * From a real right-click on the 3000×2000 photo (shown at 600×400), a 400×300 crop; then a stroke
 * painted across its left part, with the note the chosen model gives under the brush. Returns the
 * painter's tint, one cell per crop pixel: where the user sees paint.
 */
async function cropAndPaint(choose: () => Promise<void>, note: string): Promise<Painted> {
  const { session } = user;
  await closePopup(user.popup, session);
  await page.bringToFront();
  await session.display.contextMenu(page, '#big', 2);
  await waitForOverlay(session, page);
  // 80×60 CSS px are 400×300 of the photo's pixels.
  await drag('#big', [100, 80], [180, 140]);
  session.display.key('Return');
  const popup = (user.popup = await session.attach('/popup.html', 15_000));
  await popup.waitForText('400 × 300 px', 15_000);
  await choose();
  await popup.clickButton('Paint the area to change');
  await popup.waitForText('Nothing painted: the whole crop may change.');
  await popup.drag('canvas', [0.1, 0.5], [0.4, 0.5]);
  await popup.waitForText('% of the crop painted.');
  await popup.waitForText(note);
  const cells = new Set(
    await popup.eval<number[]>(`(() => {
      const c = document.querySelector('canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const out = [];
      for (let i = 0; i < d.length / 4; i++) if (d[i * 4 + 3] > 0) out.push(i);
      return out;
    })()`),
  );
  expect(cells.size).toBeGreaterThan(1000);
  return { left: 0, top: 0, cells };
}

/** The crop as it went (400×300, its first pixel telling where in the photo it lies): its place. */
function placeOf(sent: Buffer | undefined, painted: Painted): void {
  expect(sent && pngSize(sent)).toEqual({ width: 400, height: 300 });
  const crop = decodePng(sent!);
  const { x, y } = decodeXY(crop.rgba(0, 0));
  expect(decodeXY(crop.rgba(399, 299))).toEqual({ x: x + 399, y: y + 299 });
  painted.left = x;
  painted.top = y;
}

/** The mask file that went beside the crop: 400×300, marking exactly the painted cells. */
function expectMask(bytes: Buffer | undefined, painted: Painted, isEdit: (rgba: readonly number[]) => boolean): void {
  expect(bytes && pngSize(bytes)).toEqual({ width: 400, height: 300 });
  expect(maskMismatches(decodePng(bytes!), painted.cells, isEdit)).toEqual([]);
}

/**
 * Put back, then Download full image: the file is 3000×2000, every pixel outside the painted area
 * the original's exactly (the rest of the crop too), and inside it the edit shows (all but the soft
 * edge, 4 px by default, which blends inward).
 */
async function putBackAndCheck(prompt: string, word: string, painted: Painted, shown?: string): Promise<ReturnType<typeof decodePng>> {
  const popup = user.popup;
  await popup.waitFor(`document.querySelector('img[alt="Result 1 for “${prompt}”"]')?.naturalWidth`, 'the result', 30_000);
  await popup.clickButton('Put back into the original: result 1', 15_000);
  await popup.waitForText('Put back into the 3000 × 2000 original.', 30_000);
  if (shown) await popup.waitForText(shown);
  await popup.clickButton('Download full image');
  await popup.waitForText('Saved to your Downloads folder.');
  const dir = join(user.session.downloadsDir, 'Pictor');
  const saved = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes(word) && f.endsWith('.png')) : []);
  await expect.poll(saved, { timeout: 10_000 }).toHaveLength(1);
  const full = decodePng(readFileSync(join(dir, saved()[0]!)));
  expect({ width: full.width, height: full.height }).toEqual({ width: 3000, height: 2000 });
  const changed = changedAgainstPhoto(full, { left: painted.left, top: painted.top, cropWidth: 400, cropHeight: 300 }, painted.cells);
  expect(changed.outside).toBe(0);
  expect(changed.painted).toBeGreaterThan(painted.cells.size / 2);
  return full;
}

test('OpenAI: a painted part of a 400×300 region of a 3000×2000 photo is edited and goes back into the whole photo at its full size: the mask on the wire transparent where painted, every pixel elsewhere the original’s', async () => {
  const { fake } = user;
  const painted = await cropAndPaint(async () => {}, 'GPT Image 2 gets the painted area as its mask');
  fake.requests.length = 0;
  await user.popup.fill('Prompt', 'make the region glow');
  await user.popup.clickButton('Generate');
  await user.popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 15_000);
  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  placeOf(edit?.files['image']?.bytes, painted);
  expectMask(edit?.files['mask']?.bytes, painted, (rgba) => rgba[3] === 0);
  // The fake answers a square: the user is told what part of it went back, before Download.
  const full = await putBackAndCheck('make the region glow', 'glow', painted, 'The model returned 64 × 64, another shape than the crop');

  // The next step on the same photo: its region, with the edit in it, at full resolution, is the
  // image to edit; the new job is linked to this one, and goes back into the edited photo.
  await user.popup.clickButton('Edit this region again');
  await user.popup.waitForText('This result is now the image to edit.');
  fake.requests.length = 0;
  await user.popup.fill('Prompt', 'now add a star');
  await user.popup.clickButton('Generate');
  await user.popup.waitFor(`document.querySelector('img[alt="Result 1 for “now add a star”"]')?.naturalWidth`, 'the second result', 15_000);
  const second = decodePng(fake.requests.find((r) => r.path === '/v1/images/edits')!.files['image']!.bytes);
  expect({ width: second.width, height: second.height }).toEqual({ width: 400, height: 300 });
  const differs: string[] = [];
  for (let y = 0; y < 300; y += 7) for (let x = 0; x < 400; x += 7) if (second.rgba(x, y).some((v, i) => v !== full.rgba(painted.left + x, painted.top + y)[i])) differs.push(`${x},${y}`);
  expect(differs).toEqual([]);
  await user.popup.waitForText('Made from result 1 of an earlier request.');
  await user.popup.clickButton('Put back into the original: result 1', 15_000);
  await user.popup.waitForText('Put back into the 3000 × 2000 original.', 30_000);
});

test('Ideogram 4.5 Precise Edit: the mask goes beside the crop, black where painted, and the edit goes back into the full photo', async () => {
  const { fake } = user;
  const painted = await cropAndPaint(async () => {
    await user.popup.select('Provider', 'Ideogram');
    await user.popup.select('Model', 'Ideogram 4.5');
  }, 'Ideogram 4.5 gets the painted area as its mask');
  fake.requests.length = 0;
  await user.popup.fill('Prompt', 'a brass door handle');
  await user.popup.clickButton('Generate');
  await user.popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 30_000);
  const post = fake.requests.find((r) => r.host === 'api.ideogram.ai' && r.method === 'POST');
  // A painted area takes the edit to Precise Edit, Ideogram's route for editing one region.
  expect(post?.path).toBe('/v2/image/precise-edit/ideogram-4-5');
  placeOf(post?.files['image']?.bytes, painted);
  expectMask(post?.files['mask']?.bytes, painted, (rgba) => rgba[0] === 0 && rgba[1] === 0 && rgba[2] === 0);
  // The result keeps the crop's size: no size is sent; the quality is the one the estimate counted.
  expect(post?.fields.size).toBeUndefined();
  expect(post?.fields.quality).toBe('high');
  await putBackAndCheck('a brass door handle', 'brass', painted);
});

test('Gemini takes no mask: the crop goes alone, the brush says so, and only the painted area goes back into the full photo', async () => {
  const { fake } = user;
  const painted = await cropAndPaint(async () => {
    await user.popup.select('Provider', 'Google');
  }, 'takes no mask: it gets the whole crop, and only the painted area is put back into the original.');
  fake.requests.length = 0;
  await user.popup.fill('Prompt', 'a sunlit window');
  await user.popup.clickButton('Generate');
  await user.popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 30_000);
  const call = fake.requests.find((r) => r.host === 'generativelanguage.googleapis.com' && r.path.endsWith(':generateContent'));
  const parts = (JSON.parse(call!.fields.contents!) as { parts: { text?: string; inlineData?: { data: string } }[] }[])[0]!.parts;
  // One image, the crop; nothing else.
  expect(parts.filter((p) => p.inlineData)).toHaveLength(1);
  placeOf(Buffer.from(parts[0]!.inlineData!.data, 'base64'), painted);
  await putBackAndCheck('a sunlit window', 'sunlit', painted);
});

test('History keeps the photo with the job: an edit opened there goes back into it, shown before and after', async () => {
  const library = await user.session.context.newPage();
  try {
    await library.goto(`chrome-extension://${user.session.extensionId}/library.html`);
    await library.getByRole('button', { name: 'Open “a sunlit window” (done)' }).click();
    await library.getByRole('button', { name: 'Put back into the original: result 1' }).click();
    await library.getByText('Put back into the 3000 × 2000 original.').waitFor({ timeout: 30_000 });
    // Before and after, one over the other, with the slider between them.
    await expect.poll(() => library.getByRole('img', { name: 'The original before the edit' }).count()).toBe(1);
    await expect.poll(() => library.getByRole('slider', { name: 'Before and after: slide to compare' }).count()).toBe(1);
  } finally {
    await library.close();
  }
});
