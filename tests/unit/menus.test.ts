import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMenus, MENU_CAPTURE, MENU_EDIT_IMAGE } from '../../utils/crop/background/menus';
import { lastMenuFailure } from '../../utils/crop/background/menu-failure';

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
