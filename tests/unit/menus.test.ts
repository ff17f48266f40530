import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { createMenus, MENU_ADD_REFERENCE, MENU_CAPTURE, MENU_EDIT_IMAGE, onCommand, onMenuClicked } from '../../utils/crop/background/menus';
import { COMMAND_CAPTURE, COMMAND_CAPTURE_REFERENCE } from '../../utils/crop/shortcuts';
import { lastMenuFailure } from '../../utils/crop/background/menu-failure';
import { cropStore, wholeImageCrop } from '../../utils/crop/store';

/**
 * A stand-in for the browser's menus as Chrome keeps them: across a worker restart and an update, a
 * second create with an id already there fails, and says so only in runtime.lastError inside the
 * create callback. (fake-browser has no contextMenus.)
 */
function chromeLikeMenus() {
  const items = new Map<string, unknown>();
  const runtime = fakeBrowser.runtime as { lastError?: { message: string } };
  // As in Chrome, no error unless the last call failed.
  delete runtime.lastError;
  return {
    items,
    create(properties: { id?: string }, callback?: () => void) {
      const id = properties.id!;
      if (items.has(id)) runtime.lastError = { message: `Cannot create item with duplicate id ${id}` };
      else items.set(id, properties);
      queueMicrotask(() => {
        callback?.();
        delete runtime.lastError;
      });
      return id;
    },
    removeAll: async () => void items.clear(),
  };
}

beforeEach(() => {
  // Message keys stand for their sentences; fake-browser has no i18n.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string) => key));
});

describe("Pictor's menu items", () => {
  test('made the same however often the background starts or is updated, with nothing left failing', async () => {
    const menus = chromeLikeMenus();
    await createMenus(menus);
    await createMenus(menus);
    await createMenus(menus);
    expect([...menus.items.keys()]).toEqual([MENU_EDIT_IMAGE, MENU_CAPTURE]);
    expect(await lastMenuFailure.getValue()).toBeNull();
  });

  test("a create the browser refuses is logged and kept, with the browser's words, not lost in a callback", async () => {
    const menus = chromeLikeMenus();
    // Without the removal first, the second start's create fails as in Chrome.
    const noRemoval = { ...menus, removeAll: async () => undefined };
    await createMenus(noRemoval);
    await createMenus(noRemoval);
    const failure = await lastMenuFailure.getValue();
    expect(failure?.step).toBe('menus');
    expect(failure?.message).toContain('duplicate id pictor-edit-image');
  });
});

describe('"Add to Pictor as a reference"', () => {
  const offered = (menus: ReturnType<typeof chromeLikeMenus>) => menus.items.has(MENU_ADD_REFERENCE);
  /** The menus API as extension pages reach it, recording each time the item is made (true) or removed (false). */
  function followUpdates() {
    const updates: boolean[] = [];
    (fakeBrowser as { contextMenus?: unknown }).contextMenus = {
      create: (properties: { id: string; contexts: string[] }, callback: () => void) => {
        if (properties.id === MENU_ADD_REFERENCE) updates.push(true);
        expect(properties.contexts).toEqual(['image']);
        queueMicrotask(callback);
      },
      remove: async (id: string) => void (id === MENU_ADD_REFERENCE && updates.push(false)),
    };
    return updates;
  }

  beforeEach(async () => {
    await cropStore.clear();
  });

  test('exists only while a crop waits that no request took, so "Edit image with Pictor" stays at the top level otherwise', async () => {
    const menus = chromeLikeMenus();
    await createMenus(menus);
    expect(offered(menus)).toBe(false);

    const updates = followUpdates();
    const crop = wholeImageCrop(new Blob(['x'], { type: 'image/png' }), 10, 10);
    await cropStore.set(crop);
    await vi.waitFor(() => expect(updates).toEqual([true]));
    // Made again (Firefox's background starting): from what is stored.
    await createMenus(menus);
    expect([...menus.items.keys()]).toEqual([MENU_EDIT_IMAGE, MENU_ADD_REFERENCE, MENU_CAPTURE]);

    // A request made from an older crop (History's Generate again) leaves it.
    await cropStore.taken(crop.at - 1);
    await createMenus(menus);
    expect(offered(menus)).toBe(true);
    // A request made from this crop: removed, though the crop stays for Generate again.
    await cropStore.taken(crop.at);
    expect(updates).toEqual([true, false]);
    expect(await cropStore.get()).toBeDefined();
    await createMenus(menus);
    expect(offered(menus)).toBe(false);

    // A new crop offers it again; removing the crop removes it.
    await cropStore.set(wholeImageCrop(new Blob(['y'], { type: 'image/png' }), 10, 10));
    await cropStore.clear();
    await vi.waitFor(() => expect(updates).toEqual([true, false, true, false]));
    delete (fakeBrowser as { contextMenus?: unknown }).contextMenus;
  });

  test('opens the overlay on the image clicked (or, from its shortcut, on the area to capture), in the mode whose Enter adds a reference', async () => {
    const configs: { intent?: string; srcUrl?: string; mode?: string }[] = [];
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (injection: { args?: unknown[] }) => {
      const handOver = injection.args?.[1] as { config?: { intent?: string; srcUrl?: string; mode?: string } } | undefined;
      if (handOver?.config) configs.push(handOver.config);
      return [{ frameId: 0, result: [] }];
    }) as never);
    // Pictor may not read example.com itself: the overlay cuts what the page can read.
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
    const tab = { id: 3 } as Browser.tabs.Tab;
    await onMenuClicked({ menuItemId: MENU_ADD_REFERENCE, srcUrl: 'https://example.com/b.png', frameId: 0, editable: false }, tab);
    await onMenuClicked({ menuItemId: MENU_EDIT_IMAGE, srcUrl: 'https://example.com/a.png', frameId: 0, editable: false }, tab);
    expect(await lastMenuFailure.getValue()).toBeNull();
    expect(configs).toEqual([
      expect.objectContaining({ mode: 'image', srcUrl: 'https://example.com/b.png', intent: 'reference' }),
      expect.objectContaining({ mode: 'image', srcUrl: 'https://example.com/a.png' }),
    ]);
    expect(configs[1]).not.toHaveProperty('intent');

    // The keyboard: the capture shortcut, and its twin that adds the area as a reference.
    configs.length = 0;
    await onCommand(COMMAND_CAPTURE_REFERENCE, tab);
    await onCommand(COMMAND_CAPTURE, tab);
    expect(configs).toEqual([expect.objectContaining({ mode: 'capture', intent: 'reference' }), expect.objectContaining({ mode: 'capture' })]);
    expect(configs[1]).not.toHaveProperty('intent');
  });
});
