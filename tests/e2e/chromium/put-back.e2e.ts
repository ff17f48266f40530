import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { coordPixel, decodeXY } from '../crop-site';
import { decodePng, pngSize } from '../../fake-providers/png';
import { startTestSite, type TestSite } from '../site';
import { closePopup, waitForOverlay } from './right-click';
import { userWithKey, type ReadyUser } from './with-key';

let user: ReadyUser;
let site: TestSite;
let page: Page;

beforeAll(async () => {
  user = await userWithKey('sk-test-put-back-0123456789abcdef');
  site = await startTestSite();
  await closePopup(user.popup, user.session);
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

test('a painted part of a 400×300 region of a 3000×2000 photo is edited and goes back into the whole photo at its full size: the mask on the wire where painted, every pixel elsewhere the original’s', async () => {
  const { session, fake } = user;
  await session.display.contextMenu(page, '#big', 2);
  await waitForOverlay(session, page);
  // The photo is shown at 600×400: 80×60 CSS px are 400×300 of its pixels.
  await drag('#big', [100, 80], [180, 140]);
  session.display.key('Return');
  const popup = (user.popup = await session.attach('/popup.html', 15_000));
  await popup.waitForText('400 × 300 px', 15_000);

  // Paint a stroke across the left part of the crop: only it may change.
  await popup.clickButton('Paint the area to change');
  await popup.waitForText('Nothing painted: the whole crop may change.');
  await popup.drag('canvas', [0.1, 0.5], [0.4, 0.5]);
  await popup.waitForText('% of the crop painted.');
  await popup.waitForText('GPT Image 2 gets the painted area as its mask');
  // The painter's tint, one cell per crop pixel: where the user sees paint.
  const painted = new Set(
    await popup.eval<number[]>(`(() => {
      const c = document.querySelector('canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const out = [];
      for (let i = 0; i < d.length / 4; i++) if (d[i * 4 + 3] > 0) out.push(i);
      return out;
    })()`),
  );
  expect(painted.size).toBeGreaterThan(1000);

  fake.requests.length = 0;
  await popup.fill('Prompt', 'make the region glow');
  await popup.clickButton('Generate');
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 15_000);

  // The crop went as it was cut: 400×300, its first pixel telling where in the photo it lies.
  const edit = fake.requests.find((r) => r.path === '/v1/images/edits');
  const sent = edit?.files['image']?.bytes;
  expect(sent && pngSize(sent)).toEqual({ width: 400, height: 300 });
  const crop = decodePng(sent!);
  const { x: left, y: top } = decodeXY(crop.rgba(0, 0));
  expect(decodeXY(crop.rgba(399, 299))).toEqual({ x: left + 399, y: top + 299 });
  // The mask beside it: the same size, transparent exactly where the user painted.
  const maskBytes = edit?.files['mask']?.bytes;
  expect(maskBytes && pngSize(maskBytes)).toEqual({ width: 400, height: 300 });
  const mask = decodePng(maskBytes!);
  const wrong: number[] = [];
  for (let i = 0; i < 400 * 300; i++) if ((mask.rgba(i % 400, Math.floor(i / 400))[3] === 0) !== painted.has(i)) wrong.push(i);
  expect(wrong).toEqual([]);

  await popup.clickButton('Put back into the original: result 1', 15_000);
  await popup.waitForText('Put back into the 3000 × 2000 original.', 30_000);
  // The fake answers a square: the user is told what part of it went back.
  await popup.waitForText('The model returned 64 × 64, another shape than the crop');

  await popup.clickButton('Download full image');
  await popup.waitForText('Saved to your Downloads folder.');
  const dir = join(session.downloadsDir, 'Pictor');
  const saved = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('glow') && f.endsWith('.png')) : []);
  await expect.poll(saved, { timeout: 10_000 }).toHaveLength(1);
  const full = decodePng(readFileSync(join(dir, saved()[0]!)));
  expect({ width: full.width, height: full.height }).toEqual({ width: 3000, height: 2000 });

  // Every pixel outside the painted area is the original's, exactly (the rest of the crop too);
  // inside it, the edit shows (all but the soft edge, 4 px by default, which blends inward).
  let outsideChanged = 0;
  let paintedChanged = 0;
  for (let y = 0; y < full.height; y++) {
    for (let x = 0; x < full.width; x++) {
      const same = full.rgba(x, y).every((v, i) => v === coordPixel(x, y)[i]);
      const inCrop = x >= left && x < left + 400 && y >= top && y < top + 300;
      const isPainted = inCrop && painted.has((y - top) * 400 + (x - left));
      if (!same && isPainted) paintedChanged++;
      if (!same && !isPainted) outsideChanged++;
    }
  }
  expect(outsideChanged).toBe(0);
  expect(paintedChanged).toBeGreaterThan(painted.size / 2);
});
