import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * A virtual X display (Xvfb) for a headed Chromium, and real input into it (xdotool). Only real
 * input opens Chromium's native context menu and runs keyboard commands, and only those grant the
 * extension activeTab (PLATFORM.md: a dispatched onClicked event grants nothing).
 */
export interface Display {
  name: string;
  /** Real keys, e.g. 'Return', 'alt+shift+s'. */
  key(...keys: string[]): void;
  /** A real right-click at the centre of `selector`, then `ups` presses of Up and Return in the menu. */
  contextMenu(page: Page, selector: string, ups: number): Promise<void>;
  /** A real right-click at the centre of `selector`; resolves once the native menu is on screen, nothing chosen. */
  openContextMenu(page: Page, selector: string): Promise<void>;
  /** What the screen shows right now, browser UI and native dialogs included (xwd). */
  grab(): Screenshot;
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

/** Reads an XWD dump of a 24/32-bit TrueColor screen, as `xwd -root` writes it. */
function parseXwd(file: Buffer): Screenshot {
  const field = (i: number) => file.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bitsPerPixel, bytesPerLine, ncolors] = [0, 4, 5, 7, 11, 12, 19].map(field) as number[];
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

export async function startDisplay(): Promise<Display> {
  let n = 90 + Math.floor(Math.random() * 400);
  while (existsSync(`/tmp/.X${n}-lock`)) n++;
  const name = `:${n}`;
  const xvfb: ChildProcess = spawn('Xvfb', [name, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await new Promise((r) => setTimeout(r, 100));
  const env = { ...process.env, DISPLAY: name };
  const xdo = (...args: string[]) => execFileSync('xdotool', args, { env });
  /** The screen's top-level windows (xwininfo lines like `0x200012 (has no name): ()  283x245+324+351  +324+351`). */
  const windows = () =>
    [...execFileSync('xwininfo', ['-root', '-children'], { env }).toString().matchAll(/^\s+(0x[0-9a-f]+) .*?\s(\d+)x(\d+)[+-]/gm)].map((m) => ({
      id: m[1]!,
      width: Number(m[2]),
      height: Number(m[3]),
    }));
  /** Whether the window is on screen (a closed menu may linger unmapped). */
  const viewable = (id: string) => {
    try {
      return /Map State: IsViewable/.test(execFileSync('xwininfo', ['-id', id], { env }).toString());
    } catch {
      return false;
    }
  };
  /** The native menu the last openContextMenu opened. */
  let menu: string | undefined;
  const display: Display = {
    name,
    key: (...keys) => xdo('key', '--delay', '60', ...keys),
    async contextMenu(page, selector, ups) {
      await display.openContextMenu(page, selector);
      // Choosing an item closes the menu. On a loaded machine the menu can be drawn before it takes
      // keys, and keys sent then are lost: the menu stays open, nothing was chosen, and the keys
      // are sent again. (A menu that closed chose something; what it chose is the test's to check.)
      for (let attempt = 1; ; attempt++) {
        xdo('key', '--delay', '60', ...Array<string>(ups).fill('Up'), 'Return');
        for (const end = Date.now() + 3000; menu && viewable(menu) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
        if (!menu || !viewable(menu) || attempt === 3) return;
        console.warn(`The context menu took no keys (attempt ${attempt}); sending them again.`);
      }
    },
    async openContextMenu(page, selector) {
      const p = await page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        // The centre of the part on screen (a tall image reaches below the fold).
        const top = Math.max(0, r.y);
        const bottom = Math.min(innerHeight, r.y + r.height);
        // No window manager: the window's frame is its toolbar on top, nothing at the bottom.
        return { x: screenX + (outerWidth - innerWidth) / 2 + r.x + r.width / 2, y: screenY + outerHeight - innerHeight + (top + bottom) / 2 };
      });
      const before = new Set(windows().map((w) => w.id));
      xdo('mousemove', String(Math.round(p.x)), String(Math.round(p.y)), 'click', '3');
      // The native menu is a window of its own: wait until it is on screen, however long it takes.
      for (const end = Date.now() + 10_000; ; ) {
        menu = windows().find((w) => !before.has(w.id) && w.width > 50 && w.height > 50)?.id;
        if (menu) break;
        if (Date.now() > end) throw new Error('The context menu did not open');
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
    },
    grab: () => parseXwd(execFileSync('xwd', ['-root', '-silent'], { env, maxBuffer: 64 << 20 })),
    close: () => void xvfb.kill(),
  };
  return display;
}
