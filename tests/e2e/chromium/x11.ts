import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { encodePng } from '../../fake-providers/png';
import { ARTIFACTS } from '../paths';

/**
 * A virtual X display (Xvfb) for a headed Chromium, and real input into it (xdotool). Only real
 * input opens Chromium's native context menu and runs keyboard commands, and only those grant the
 * extension activeTab (a dispatched onClicked event grants nothing).
 *
 * Nothing here chooses blindly. There is no window manager, so focus can fall to the root window
 * after a popup, a dialog or DevTools closes, and keys then go nowhere: the browser window is
 * focused (and the focus checked) before every right-click and every key. The menu is the one
 * mapped window of the menu type that the right-click made. An item is reached with Up, and every
 * Up is seen to move the menu's highlight one item (a screen grab of the menu) before the next key:
 * a key the menu lost is sent again, and a highlight that is anywhere else ends the attempt
 * (Escape, the menu seen gone) and the whole right-click is made again. The last failed attempt
 * throws, naming the screen grab it saved.
 */
export interface Display {
  name: string;
  /** Real keys into the focused window, e.g. 'Return', 'alt+shift+s' (the browser window is focused first if nothing of it is). */
  key(...keys: string[]): void;
  /**
   * A real right-click at the centre of `selector`, then the item `ups` places above the menu's end,
   * chosen with Return. Chromium folds an extension's items into one submenu, under its name, when
   * two of them match (Pictor's two image items while a crop waits): `submenuDowns` says the item is
   * that submenu, Right opens it on its first item, and the item `submenuDowns` below that is chosen.
   * Without it, a Return that opens the submenu is followed by a second Return, which chooses its
   * first item ("Edit image with Pictor"); `inSubmenu` says which happened. `pressReturn`, when
   * given, presses the first Return instead (a bench that times from that key).
   */
  contextMenu(page: Page, selector: string, ups: number, choose?: { submenuDowns?: number; pressReturn?: () => void }): Promise<{ inSubmenu: boolean }>;
  /** A real right-click at the centre of `selector`; resolves once the native menu is on screen and drawn, nothing chosen. */
  openContextMenu(page: Page, selector: string): Promise<void>;
  /** Focuses the browser window (the largest normal Chromium window) and checks that it has the focus. */
  focusBrowser(): void;
  /** What the screen shows right now, browser UI and native dialogs included (xwd). */
  grab(): Screenshot;
  /** Saves what the screen shows as a PNG among the test artifacts; returns its path. */
  saveGrab(name: string): string;
  close(): void;
}

export interface Screenshot {
  width: number;
  height: number;
  rgb(x: number, y: number): [number, number, number];
}

/** Mean luminance of the screen, 0…255, from a grid of samples: a modal dialog's scrim darkens it. */
export function brightness(shot: Screenshot): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < shot.height; y += 8) {
    for (let x = 0; x < shot.width; x += 8) {
      const [r, g, b] = shot.rgb(x, y);
      sum += 0.299 * r + 0.587 * g + 0.114 * b;
      n++;
    }
  }
  return sum / n;
}

export function screenshotPng(shot: Screenshot): Buffer {
  return encodePng(shot.width, shot.height, (x, y) => [...shot.rgb(x, y), 255]);
}

/** Reads an XWD dump of a 24/32-bit TrueColor screen or window, as `xwd` writes it. */
function parseXwd(file: Buffer): Screenshot {
  const field = (i: number) => file.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bitsPerPixel, bytesPerLine, ncolors] = [0, 4, 5, 7, 11, 12, 19].map<number>(field);
  if (bitsPerPixel !== 32) throw new Error(`xwd: ${bitsPerPixel} bits per pixel`);
  const start = headerSize! + ncolors! * 12;
  return {
    width: width!,
    height: height!,
    rgb(x, y) {
      const at = start + y * bytesPerLine! + x * 4;
      const v = byteOrder === 0 ? file.readUInt32LE(at) : file.readUInt32BE(at);
      return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    },
  };
}

/** A horizontal band of a window, in its own pixels: the menu's highlighted item. */
interface Band {
  top: number;
  bottom: number;
}

/**
 * The highlighted item of a menu: the tallest run of rows of which most pixels changed against the
 * menu as it was drawn with nothing highlighted (a highlight fills its row; an item's text alone
 * changes no row that much).
 */
export function highlightBand(before: Screenshot, now: Screenshot): Band | null {
  if (before.width !== now.width || before.height !== now.height) return null;
  let best: Band | null = null;
  let runStart = -1;
  for (let y = 0; y <= now.height; y++) {
    let changed = 0;
    if (y < now.height) {
      for (let x = 0; x < now.width; x += 2) {
        const [a, b, c] = before.rgb(x, y);
        const [d, e, f] = now.rgb(x, y);
        if (Math.abs(a - d) + Math.abs(b - e) + Math.abs(c - f) > 12) changed++;
      }
    }
    const full = y < now.height && changed > now.width / 2 / 2;
    if (full && runStart < 0) runStart = y;
    if (!full && runStart >= 0) {
      if (!best || y - runStart > best.bottom - best.top) best = { top: runStart, bottom: y };
      runStart = -1;
    }
  }
  return best && best.bottom - best.top >= 8 ? best : null;
}

/** Whether `next` is the item just above `previous`: above it, with less than one item's height (a separator at most) between. */
export function isItemAbove(previous: Band, next: Band): boolean {
  return next.bottom <= previous.top && previous.top - next.bottom < previous.bottom - previous.top;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startDisplay(): Promise<Display> {
  let n = 90 + Math.floor(Math.random() * 400);
  while (existsSync(`/tmp/.X${n}-lock`)) n++;
  const name = `:${n}`;
  const xvfb: ChildProcess = spawn('Xvfb', [name, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await sleep(100);
  const env = { ...process.env, DISPLAY: name };
  const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const xdo = (...args: string[]) => run('xdotool', ...args);
  /** A window's `xwininfo -id` and `xprop` facts, or null once it is gone. */
  const windowFacts = (id: string) => {
    try {
      const info = run('xwininfo', '-id', id);
      const size = /-geometry (\d+)x(\d+)/.exec(info);
      return {
        viewable: /Map State: IsViewable/.test(info),
        width: Number(size?.[1] ?? 0),
        height: Number(size?.[2] ?? 0),
        type: run('xprop', '-id', id, '_NET_WM_WINDOW_TYPE'),
        wmClass: run('xprop', '-id', id, 'WM_CLASS'),
      };
    } catch {
      return null;
    }
  };
  const topLevel = () => [...run('xwininfo', '-root', '-children').matchAll(/^\s+(0x[0-9a-f]+) /gm)].map((m) => m[1]!);
  /** A native menu: Chromium marks its menus with the menu window type (a notification or a tooltip is another type). */
  const isMenu = (id: string) => {
    const facts = windowFacts(id);
    return !!facts && facts.viewable && facts.width > 50 && facts.height > 50 && /_NET_WM_WINDOW_TYPE_(POPUP_|DROPDOWN_)?MENU\b/.test(facts.type);
  };
  const browserWindow = () => {
    const found = topLevel()
      .map((id) => ({ id, facts: windowFacts(id) }))
      .filter(({ facts }) => facts?.viewable && /chromium/i.test(facts.wmClass) && /_NET_WM_WINDOW_TYPE_NORMAL/.test(facts.type));
    found.sort((a, b) => b.facts!.width * b.facts!.height - a.facts!.width * a.facts!.height);
    return found[0]?.id;
  };
  const focused = () => {
    try {
      return Number(xdo('getwindowfocus').trim());
    } catch {
      return 0;
    }
  };
  const grabWindow = (id: string) => parseXwd(execFileSync('xwd', ['-id', id, '-silent'], { env, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }));
  /** The native menu the last openContextMenu opened. */
  let menu: string | undefined;
  const menuOpen = () => !!menu && !!windowFacts(menu)?.viewable;
  let grabs = 0;

  const display: Display = {
    name,
    focusBrowser() {
      const id = browserWindow();
      if (!id) throw new Error('No Chromium window is on screen');
      if (focused() === Number(id)) return;
      xdo('windowfocus', '--sync', id);
      if (focused() !== Number(id)) throw new Error(`The browser window ${id} did not take the focus (it is on ${focused()})`);
    },
    key(...keys) {
      // While a menu is open it has the keyboard: focusing the window under it would close it.
      // Keys for a window of the browser's own (a popup, a dialog) go there; only a focus that fell off the browser is moved.
      if (!menuOpen() && !/chromium/i.test(windowFacts(`0x${focused().toString(16)}`)?.wmClass ?? '')) display.focusBrowser();
      xdo('key', '--delay', '60', ...keys);
    },
    async contextMenu(page, selector, ups, { submenuDowns, pressReturn } = {}) {
      const problems: string[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        await display.openContextMenu(page, selector);
        const chosen = await chooseItem(ups, submenuDowns, pressReturn);
        if (typeof chosen !== 'string') return chosen;
        problems.push(`attempt ${attempt}: ${chosen}`);
        const shot = display.saveGrab(`context-menu-attempt-${attempt}`);
        problems.push(`  screen: ${shot}`);
        await closeMenu();
      }
      throw new Error(`"${selector}": the menu item ${ups} above the menu's end could not be chosen\n${problems.join('\n')}`);
    },
    async openContextMenu(page, selector) {
      if (menuOpen()) await closeMenu();
      await page.bringToFront();
      display.focusBrowser();
      const p = await page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        // The centre of the part on screen (a tall image reaches below the fold).
        const top = Math.max(0, r.y);
        const bottom = Math.min(innerHeight, r.y + r.height);
        // No window manager: the window's frame is its toolbar on top, nothing at the bottom.
        return { x: screenX + (outerWidth - innerWidth) / 2 + r.x + r.width / 2, y: screenY + outerHeight - innerHeight + (top + bottom) / 2 };
      });
      const before = new Set(topLevel());
      xdo('mousemove', String(Math.round(p.x)), String(Math.round(p.y)), 'click', '3');
      // The native menu is a window of its own: wait until it is on screen, however long it takes.
      menu = undefined;
      for (const end = Date.now() + 10_000; !menu; await sleep(100)) {
        menu = topLevel().find((id) => !before.has(id) && isMenu(id));
        if (!menu && Date.now() > end) throw new Error(`The context menu did not open on "${selector}" (screen: ${display.saveGrab('no-context-menu')})`);
      }
      await drawn(menu);
    },
    grab: () => parseXwd(execFileSync('xwd', ['-root', '-silent'], { env, maxBuffer: 64 << 20 })),
    saveGrab(label) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `screen-${Date.now()}-${++grabs}-${label.replace(/[^a-z0-9-]+/gi, '-')}.png`);
      writeFileSync(file, screenshotPng(display.grab()));
      return file;
    },
    close: () => void xvfb.kill(),
  };

  /** A cheap fingerprint of a window's pixels (a column of samples down its middle and a row across). */
  function signature(shot: Screenshot): string {
    const parts: number[] = [];
    for (let y = 0; y < shot.height; y += 3) parts.push(...shot.rgb(Math.floor(shot.width / 3), y));
    return parts.join(',');
  }

  /** Waits until a menu window is drawn (two grabs of it alike, a frame apart); returns its last signature. */
  async function drawn(id: string): Promise<string> {
    let last = '';
    for (const end = Date.now() + 2000; Date.now() < end; await sleep(50)) {
      const sig = signature(grabWindow(id));
      if (sig === last && sig !== '') break;
      last = sig;
    }
    return last;
  }

  /**
   * Right on the highlighted submenu item, the submenu seen opening (a menu window of its own), then
   * Down `downs` times, each seen to change the submenu (a key it has not taken yet is sent once
   * more). Returns what went wrong, or null; the submenu's item is then highlighted.
   */
  async function openSubmenu(downs: number): Promise<string | null> {
    const before = new Set(topLevel());
    let sub: string | undefined;
    for (let send = 1; send <= 2 && !sub; send++) {
      xdo('key', 'Right');
      for (const end = Date.now() + 1500; !sub && Date.now() < end; await sleep(50)) sub = topLevel().find((id) => !before.has(id) && isMenu(id));
    }
    if (!sub) return 'Right opened no submenu';
    let last = await drawn(sub);
    for (let step = 1; step <= downs; step++) {
      let moved = false;
      for (let send = 1; send <= 2 && !moved; send++) {
        xdo('key', 'Down');
        for (const end = Date.now() + 1500; !moved && Date.now() < end; await sleep(50)) {
          if (!windowFacts(sub)?.viewable) return `the submenu closed at Down ${step}`;
          const now = signature(grabWindow(sub));
          moved = now !== last;
          last = now;
        }
      }
      if (!moved) return `Down ${step} changed nothing in the submenu`;
    }
    return null;
  }

  /** Escape, then the menu seen gone (Escape again if it stayed). */
  async function closeMenu(): Promise<void> {
    for (let i = 0; i < 3 && menuOpen(); i++) {
      xdo('key', 'Escape');
      for (const end = Date.now() + 2000; menuOpen() && Date.now() < end; ) await sleep(50);
    }
    if (menuOpen()) throw new Error(`The context menu would not close (screen: ${display.saveGrab('menu-stuck')})`);
    menu = undefined;
  }

  /**
   * Up, `ups` times, each seen to move the highlight to the item just above the last one, then
   * (for an item in a submenu) the submenu's item, then Return, and the menu seen closing. Returns
   * what went wrong, or whether the item chosen was in the submenu.
   */
  async function chooseItem(ups: number, submenuDowns: number | undefined, pressReturn: () => void = () => void xdo('key', 'Return')): Promise<string | { inSubmenu: boolean }> {
    const id = menu!;
    const plain = grabWindow(id);
    let previous: Band | null = null;
    for (let step = 1; step <= ups; step++) {
      let band: Band | null = null;
      // A key the menu has not taken yet (it is drawn before it listens) is sent once more.
      for (let send = 1; send <= 2 && !band; send++) {
        xdo('key', 'Up');
        for (const end = Date.now() + 1500; Date.now() < end; await sleep(50)) {
          if (!menuOpen()) return `the menu closed at Up ${step}`;
          const found = highlightBand(plain, grabWindow(id));
          if (found && (!previous || found.top !== previous.top)) {
            band = found;
            break;
          }
        }
      }
      if (!band) return `Up ${step} moved no highlight`;
      // The first Up highlights the last item; each next one the item above.
      if (!previous && band.bottom < plain.height - (band.bottom - band.top)) return `Up 1 highlighted rows ${band.top}-${band.bottom} of ${plain.height}, not the last item`;
      if (previous && !isItemAbove(previous, band)) return `Up ${step} highlighted rows ${band.top}-${band.bottom}, not the item above rows ${previous.top}-${previous.bottom}`;
      previous = band;
    }
    if (submenuDowns !== undefined) {
      const problem = await openSubmenu(submenuDowns);
      if (problem) return problem;
    }
    let inSubmenu = submenuDowns !== undefined;
    const before = new Set(topLevel());
    pressReturn();
    for (const end = Date.now() + 3000; menuOpen(); await sleep(50)) {
      // Return on Pictor's submenu (two of its items matched: a crop waits, utils/crop/reference-menu.ts)
      // opens it on its first item, "Edit image with Pictor", which a second Return chooses.
      const sub = submenuDowns === undefined && topLevel().find((w) => !before.has(w) && isMenu(w));
      if (sub) {
        await drawn(sub);
        inSubmenu = true;
        xdo('key', 'Return');
        before.add(sub);
      }
      if (Date.now() > end) return 'Return did not close the menu';
    }
    menu = undefined;
    return { inSubmenu };
  }

  return display;
}
