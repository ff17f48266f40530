import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS } from '../paths';
import type { ChromiumSession } from './browser';

/** What the extension shows and keeps of a failed step, read from one of its pages. */
interface ExtensionState {
  badgeText: string;
  badgeTitle: string;
  lastMenuFailure: unknown;
}

/**
 * Everything a failed wait can tell, kept next to the test's artifacts: the screen as the user saw
 * it, the toolbar badge and its title, the last failure Pictor kept of a menu click, every console
 * message of the extension's service worker and of the pages since the browser started, and the
 * browser's targets. Returns a few lines naming the files, for the failure's message.
 */
export async function keepEvidence(session: ChromiumSession, label: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const base = join(ARTIFACTS, `${Date.now()}-${label.replace(/[^a-z0-9-]+/gi, '-')}`);
  const lines: string[] = [];
  try {
    lines.push(`screen: ${session.display.saveGrab(label)}`);
  } catch (error) {
    lines.push(`screen: not grabbed (${String(error)})`);
  }
  const state = await readState(session).catch((error: unknown) => `unreadable: ${String(error)}`);
  const targets = await session.targets().catch((error: unknown) => `unreadable: ${String(error)}`);
  writeFileSync(`${base}-state.json`, JSON.stringify({ state, targets }, null, 2));
  writeFileSync(`${base}-console.log`, session.consoleLog.join('\n'));
  if (typeof state === 'object') lines.push(`badge: "${state.badgeText}" titled "${state.badgeTitle}"; last menu failure: ${JSON.stringify(state.lastMenuFailure)}`);
  lines.push(`badge, last failure and targets: ${base}-state.json`, `service worker and page consoles: ${base}-console.log`);
  return lines.join('\n');
}

async function readState(session: ChromiumSession): Promise<ExtensionState> {
  const page = await session.optionsPage();
  return page.evaluate(async () => {
    const chrome = (globalThis as unknown as {
      chrome: {
        action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> };
        storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
      };
    }).chrome;
    return {
      badgeText: await chrome.action.getBadgeText({}),
      badgeTitle: await chrome.action.getTitle({}),
      lastMenuFailure: (await chrome.storage.session.get('lastMenuFailure')).lastMenuFailure ?? null,
    };
  });
}

/** Polls `check` until it is truthy; past the timeout, throws naming `what` and the evidence kept. */
export async function waitOrKeepEvidence<T>(session: ChromiumSession, what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const evidence = await keepEvidence(session, what);
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}\n${evidence}`);
}
