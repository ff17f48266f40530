import { expect, test } from 'vitest';
import { cropStore, type CropRecord } from '../../utils/crop/store';

const crop = (at: number): CropRecord => ({
  blob: new Blob([new Uint8Array([1])], { type: 'image/png' }), width: 400, height: 300, origin: 'original', mode: 'image', pageUrl: '', selection: { x: 0, y: 0, width: 1, height: 1 }, tabId: 1, frameId: 0, at,
});
const mask = { width: 4, height: 3, data: new Uint8Array(12).fill(255) };
const original = { blob: new Blob([new Uint8Array([2])], { type: 'image/png' }), width: 3000, height: 2000, rect: { x: 0, y: 0, width: 400, height: 300 } };

test('the original arriving while a mask is painted keeps both, in either order', async () => {
  await cropStore.set(crop(10));
  // The two writers start from the same stored record, as the background and the popup do.
  await Promise.all([cropStore.patch(10, { mask }), cropStore.patch(10, { original })]);
  const stored = await cropStore.get();
  expect(stored?.mask?.data).toEqual(mask.data);
  expect(stored?.original?.width).toBe(3000);
});

test('a patch for a crop no longer stored changes nothing and says so', async () => {
  await cropStore.set(crop(20));
  expect(await cropStore.patch(10, { original })).toBe(false);
  expect((await cropStore.get())?.original).toBeUndefined();
  await cropStore.clear();
  expect(await cropStore.patch(20, { mask })).toBe(false);
  expect(await cropStore.get()).toBeUndefined();
});
