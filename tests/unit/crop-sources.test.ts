// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { browser } from 'wxt/browser';
import { dropLeftConfig, LEFT_CONFIG_FRESH_MS, takeLeftConfig } from '../../utils/crop/handover';
import { candidatesOf, isRememberedSource, rememberSources } from '../../utils/crop/background/sources';

describe('the files a right-click allows a crop to name', () => {
  test("the element's own file, its srcset and its <picture>'s sources, as absolute URLs; nothing of other images", () => {
    document.body.innerHTML = `
      <picture><source srcset="/big.webp 2000w,/huge.webp 4000w" type="image/webp">
        <img id="a" src="/small.jpg" srcset="/small.jpg 1x, /large.jpg 2x"></picture>
      <img id="b" src="/other.jpg" srcset="/other-big.jpg 2x">`;
    const base = document.baseURI;
    const found = candidatesOf('/small.jpg');
    for (const path of ['/small.jpg', '/large.jpg', '/big.webp', '/huge.webp']) expect(found).toContain(new URL(path, base).href);
    expect(found).not.toContain(new URL('/other-big.jpg', base).href);
  });

  test('remembered per tab and frame; any other file, or another tab, is not allowed', async () => {
    await rememberSources(4, 0, ['https://cdn.example/a.jpg', 'https://cdn.example/a@2x.jpg']);
    expect(await isRememberedSource(4, 0, 'https://cdn.example/a@2x.jpg')).toBe(true);
    expect(await isRememberedSource(4, 0, 'http://192.168.1.1/admin.png')).toBe(false);
    expect(await isRememberedSource(4, 1, 'https://cdn.example/a.jpg')).toBe(false);
    expect(await isRememberedSource(5, 0, 'https://cdn.example/a.jpg')).toBe(false);
  });

  test('bounded whatever the page lists: addresses kept as hashes (a data: URL of megabytes takes 64 characters), 32 per click, 16 frames', async () => {
    const huge = `data:image/png;base64,${'A'.repeat(3_000_000)}`;
    const many = Array.from({ length: 100 }, (_, i) => `https://cdn.example/${i}.jpg`);
    await rememberSources(7, 0, [huge, ...many]);
    expect(await isRememberedSource(7, 0, huge)).toBe(true);
    expect(await isRememberedSource(7, 0, many[30]!)).toBe(true);
    expect(await isRememberedSource(7, 0, many[31]!)).toBe(false);
    const stored = JSON.stringify(await browser.storage.session.get(null));
    expect(stored.length).toBeLessThan(10_000);
    expect(stored).not.toContain('cdn.example');
    for (let tab = 100; tab < 120; tab++) await rememberSources(tab, 0, [`https://cdn.example/t${tab}.jpg`]);
    expect(await isRememberedSource(119, 0, 'https://cdn.example/t119.jpg')).toBe(true);
    expect(await isRememberedSource(100, 0, 'https://cdn.example/t100.jpg')).toBe(false);
    expect(Object.keys((await browser.storage.session.get('cropSources')).cropSources as object)).toHaveLength(16);
  });

  test('a list still being read is waited for; one that could not be read allows nothing, not an older list', async () => {
    await rememberSources(6, 0, ['https://cdn.example/old.jpg']);
    let give: (urls: string[]) => void = () => undefined;
    const storing = rememberSources(6, 0, new Promise<string[]>((resolve) => (give = resolve)));
    const asked = isRememberedSource(6, 0, 'https://cdn.example/new.jpg');
    give(['https://cdn.example/new.jpg']);
    expect(await asked).toBe(true);
    await storing;
    expect(await isRememberedSource(6, 0, 'https://cdn.example/old.jpg')).toBe(false);

    const failed = rememberSources(6, 0, Promise.reject(new Error('frame gone')));
    expect(await isRememberedSource(6, 0, 'https://cdn.example/new.jpg')).toBe(false);
    await expect(failed).rejects.toThrow('frame gone');
  });

  test('the call that reads the candidates hands the overlay its config, whichever of the two runs first', () => {
    const world = globalThis as Record<string, unknown>;
    const handOver = { configKey: '__testConfig', openKey: '__testOpen', config: { mode: 'capture' }, stamp: 'one' };
    // The config first: the overlay file takes it when it runs.
    expect(candidatesOf(null, handOver)).toEqual([]);
    expect(takeLeftConfig(world, '__testConfig', Date.now())).toEqual({ mode: 'capture' });
    expect(world.__testConfig).toBeUndefined();
    // The file first: its opener is used, once.
    const opened: unknown[] = [];
    world.__testOpen = (config: unknown) => opened.push(config);
    candidatesOf(null, handOver);
    expect(opened).toEqual([{ mode: 'capture' }]);
    expect(world.__testOpen).toBeUndefined();
    expect(world.__testConfig).toBeUndefined();
  });

  test("a config an earlier click left (its overlay file never ran) is never the next click's", () => {
    const world = globalThis as Record<string, unknown>;
    const first = { configKey: '__testConfig', openKey: '__testOpen', config: { srcUrl: 'https://a.example/old.jpg' }, stamp: 'first' };
    const second = { ...first, config: { srcUrl: 'https://a.example/new.jpg' }, stamp: 'second' };
    // The first click's file call failed after its config was left: the background takes back its own, not another's.
    candidatesOf(null, first);
    dropLeftConfig('__testConfig', 'second');
    expect(world.__testConfig).toBeDefined();
    dropLeftConfig('__testConfig', 'first');
    expect(world.__testConfig).toBeUndefined();

    // Where even that could not reach the page, the file of a click long after does not take it.
    const t0 = Date.now();
    candidatesOf(null, first);
    expect(takeLeftConfig(world, '__testConfig', t0 + LEFT_CONFIG_FRESH_MS + 1)).toBeUndefined();
    // ...and leaves its opener for its own config, which then opens the overlay with the new image.
    const opened: unknown[] = [];
    world.__testOpen = (config: unknown) => opened.push(config);
    candidatesOf(null, second);
    expect(opened).toEqual([{ srcUrl: 'https://a.example/new.jpg' }]);
  });
});
