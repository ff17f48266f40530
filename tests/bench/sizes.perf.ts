import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROME_BUILD } from '../e2e/paths';
import { record } from './report';

/**
 * What each context loads before it is usable, gzipped, from the Chrome build: the popup's entry and
 * every chunk its page preloads (its static imports), the service worker, and the script injected
 * into the page. The popup imports nothing else until its first screen (the crop and the prompt) is
 * back: every dynamic import of the popup waits for PopupState.whenRestored.
 */
const kbGz = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(CHROME_BUILD, f))).length, 0) / 1024;

test('JavaScript each context loads before it is usable', () => {
  const html = readFileSync(join(CHROME_BUILD, 'popup.html'), 'utf8');
  const popup = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  record('popup-js-kb-gz', kbGz(popup));
  record('worker-js-kb-gz', kbGz(['background.js']));
  record('overlay-js-kb-gz', kbGz(['crop-overlay.js']));
});
