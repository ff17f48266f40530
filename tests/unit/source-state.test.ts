import { expect, test } from 'vitest';
import { cropStore, type CropRecord } from '../../utils/crop/store';
import { SourceState } from '../../utils/popup/source-state.svelte';

const crop = (at: number, extra: Partial<CropRecord> = {}): CropRecord => ({
  blob: new Blob([new Uint8Array([at])], { type: 'image/png' }),
  width: 40,
  height: 30,
  origin: 'original',
  mode: 'image',
  url: 'https://shop.example/photo.png',
  pageUrl: 'https://shop.example/',
  selection: { x: 0, y: 0, width: 1, height: 1 },
  tabId: 3,
  frameId: 0,
  at,
  ...extra,
});

test('the crop shown, stored again with its original, keeps the image on screen and the mask painted here; a new crop replaces both', async () => {
  await cropStore.set(crop(1));
  const state = new SourceState(() => undefined);
  await state.load();
  const shownBlob = state.source!.blob;
  // Painted in the popup, not stored yet.
  const mask = { width: 4, height: 3, data: new Uint8Array(12).fill(1) };
  state.source = { ...state.source!, mask };

  const original = { blob: new Blob([new Uint8Array([9])], { type: 'image/png' }), width: 400, height: 300, rect: { x: 0, y: 0, width: 400, height: 300 } };
  await cropStore.set(crop(1, { original }));
  expect(await state.reload()).toBe(false);
  expect(state.source.blob).toBe(shownBlob);
  expect(state.source.mask).toBe(mask);
  expect(state.source.original?.width).toBe(400);

  await cropStore.set(crop(2));
  expect(await state.reload()).toBe(true);
  expect(state.source.at).toBe(2);
  expect(state.source.mask).toBeUndefined();
});
