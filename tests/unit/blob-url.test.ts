// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { releaseUrl, takeUrl, warmImage, WARM_HOLD_MS } from '../../utils/image/blob-url';

describe("a blob's object URL is shared while anything holds it", () => {
  let revoked: string[];
  beforeEach(() => {
    revoked = [];
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
  });
  afterEach(() => vi.useRealTimers());

  test('two takers get one URL; it is revoked when the last lets go, and a new taker then gets a new one', () => {
    const blob = new Blob(['a']);
    const url = takeUrl(blob);
    expect(takeUrl(blob)).toBe(url);
    expect(takeUrl(new Blob(['a']))).not.toBe(url);
    releaseUrl(blob);
    expect(revoked).toEqual([]);
    releaseUrl(blob);
    expect(revoked).toEqual([url]);
    expect(takeUrl(blob)).not.toBe(url);
  });

  test('a warmed image starts loading under the URL its <img> takes later, and lets go after the hold', () => {
    vi.useFakeTimers();
    const made = vi.spyOn(URL, 'createObjectURL');
    const blob = new Blob(['b']);
    warmImage(blob);
    const url = takeUrl(blob);
    expect(made).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(WARM_HOLD_MS);
    expect(revoked).toEqual([]);
    releaseUrl(blob);
    expect(revoked).toEqual([url]);
  });

  test('a warmed image no <img> took is let go after the hold', () => {
    vi.useFakeTimers();
    const blob = new Blob(['c']);
    warmImage(blob);
    vi.advanceTimersByTime(WARM_HOLD_MS - 1);
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(revoked).toHaveLength(1);
  });
});
