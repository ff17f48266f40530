import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { captureShownTab } from '../../utils/crop/background/capture';
import { CropError, produceCrop, type CropDeps } from '../../utils/crop/pipeline';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const asked = { id: 1, windowId: 7 };
const other = { id: 2, windowId: 7 };

test('the screenshot is of the tab that asked, or none: a tab switched to before or during the capture is never cut', async () => {
  // Which tab the window shows, as tabs.query({ active: true, windowId }) answers.
  let showing = asked.id;
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async (q: { active?: boolean; windowId?: number }) => (q.active && q.windowId === 7 ? [{ id: showing, windowId: 7 }] : [])) as never);
  const capture = vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockImplementation(async () => PNG);

  expect((await captureShownTab(asked)).type).toBe('image/png');
  expect(capture).toHaveBeenCalledWith(7, { format: 'png' });

  // Another tab showing already: nothing is captured.
  showing = other.id;
  await expect(captureShownTab(asked)).rejects.toMatchObject({ kind: 'tab-changed' });
  expect(capture).toHaveBeenCalledTimes(1);

  // Switched while the screenshot was being taken: it is thrown away.
  showing = asked.id;
  capture.mockImplementation(async () => {
    showing = other.id;
    return PNG;
  });
  await expect(captureShownTab(asked)).rejects.toMatchObject({ kind: 'tab-changed' });
});

test('the crop says so, rather than falling through to "unreadable"', async () => {
  const deps = { fetch: vi.fn(), capture: () => Promise.reject(new CropError('tab-changed')), codec: {} } as unknown as CropDeps;
  const req = { mode: 'image', pageUrl: 'https://shop.example/', selection: { x: 0, y: 0, width: 1, height: 1 }, screen: { x: 0, y: 0, width: 10, height: 10 }, viewport: { width: 100, height: 100 } } as const;
  await expect(produceCrop(req, ['screen'], deps)).rejects.toMatchObject({ kind: 'tab-changed' });
});
