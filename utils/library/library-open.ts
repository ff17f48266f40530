import { browser } from 'wxt/browser';

/** The library page: Chrome's side panel and Firefox's sidebar show it, and so does a tab. */
export const LIBRARY_PAGE = '/library.html';

/** The few browser APIs that open the library, passed in so the choice is tested without a browser. */
export interface LibraryOpeners {
  /** Chrome ≥ 114 (MV3, permission `sidePanel`). */
  sidePanel?: { open(options: { windowId: number }): Promise<void> };
  /** Firefox (manifest `sidebar_action`). */
  sidebarAction?: { open(): Promise<void> };
  tabs: { create(options: { url: string }): Promise<unknown> };
  runtime: { getURL(path: typeof LIBRARY_PAGE): string };
}

export function browserOpeners(): LibraryOpeners {
  // Firefox's sidebarAction is missing from WXT's Chrome-based types.
  const { sidePanel, sidebarAction } = browser as unknown as Pick<LibraryOpeners, 'sidePanel' | 'sidebarAction'>;
  return { sidePanel, sidebarAction, tabs: browser.tabs, runtime: browser.runtime };
}

/**
 * Opens the library beside the page where the browser has a side panel, else in a tab. Both
 * panels open only in answer to a user's click, and Firefox stops counting the click at the first
 * `await` (MDN, sidebarAction.open): the panel is asked for before anything is awaited, so the
 * caller needs the window id beforehand. A refused panel falls back to a tab.
 */
export async function openLibrary(apis: LibraryOpeners, windowId: number | undefined): Promise<'panel' | 'tab'> {
  let panel: Promise<void> | undefined;
  try {
    if (apis.sidebarAction) panel = apis.sidebarAction.open();
    else if (apis.sidePanel && windowId !== undefined) panel = apis.sidePanel.open({ windowId });
  } catch {
    panel = undefined;
  }
  if (panel) {
    try {
      await panel;
      return 'panel';
    } catch {
      // Refused (no user gesture, a browser without panels here): a tab works everywhere.
    }
  }
  await apis.tabs.create({ url: apis.runtime.getURL(LIBRARY_PAGE) });
  return 'tab';
}
