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
  close(): void;
}

export async function startDisplay(): Promise<Display> {
  let n = 90 + Math.floor(Math.random() * 400);
  while (existsSync(`/tmp/.X${n}-lock`)) n++;
  const name = `:${n}`;
  const xvfb: ChildProcess = spawn('Xvfb', [name, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await new Promise((r) => setTimeout(r, 100));
  const env = { ...process.env, DISPLAY: name };
  const xdo = (...args: string[]) => execFileSync('xdotool', args, { env });
  return {
    name,
    key: (...keys) => xdo('key', '--delay', '60', ...keys),
    async contextMenu(page, selector, ups) {
      const p = await page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        // No window manager: the window's frame is its toolbar on top, nothing at the bottom.
        return { x: screenX + (outerWidth - innerWidth) / 2 + r.x + r.width / 2, y: screenY + outerHeight - innerHeight + r.y + r.height / 2 };
      });
      xdo('mousemove', String(Math.round(p.x)), String(Math.round(p.y)), 'click', '3');
      await new Promise((r) => setTimeout(r, 1200));
      xdo('key', '--delay', '60', ...Array<string>(ups).fill('Up'), 'Return');
    },
    close: () => void xvfb.kill(),
  };
}
