import { describe, expect, test, vi } from 'vitest';
import { loadImageFromUrl, SourceError, type ImageCodec } from '../../utils/image/source';

const codec = (size = { width: 30, height: 20 }): ImageCodec => ({
  measure: vi.fn(async () => size),
  toPng: vi.fn(async () => new Blob(['png'], { type: 'image/png' })),
});
// What fetch resolves with, reduced to what the loader reads.
const respond = (body: Blob, status = 200) =>
  vi.fn(async () => ({ ok: status < 400, status, blob: async () => body })) as unknown as typeof fetch;

describe('loading the picked image', () => {
  test('keeps PNG/JPEG/WebP bytes as they are', async () => {
    const jpeg = new Blob(['jpeg-bytes'], { type: 'image/jpeg' });
    const c = codec();
    const loaded = await loadImageFromUrl('https://example.test/a.jpg', respond(jpeg), c);
    expect(loaded).toMatchObject({ width: 30, height: 20 });
    expect(await loaded.blob.text()).toBe('jpeg-bytes');
    expect(c.toPng).not.toHaveBeenCalled();
  });

  test('re-encodes formats providers do not take (GIF) to PNG', async () => {
    const c = codec();
    const loaded = await loadImageFromUrl('https://example.test/a.gif', respond(new Blob(['gif'], { type: 'image/gif' })), c);
    expect(loaded.blob.type).toBe('image/png');
  });

  test('an HTTP error or a blocked fetch is "unreadable"', async () => {
    await expect(loadImageFromUrl('https://x.test/a.png', respond(new Blob(['']), 404), codec())).rejects.toMatchObject({ kind: 'unreadable' });
    const blocked = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(loadImageFromUrl('https://x.test/a.png', blocked, codec())).rejects.toBeInstanceOf(SourceError);
  });

  test('bytes the browser cannot decode are "not-image"', async () => {
    const c = codec();
    c.measure = vi.fn(async () => {
      throw new Error('decode');
    });
    await expect(loadImageFromUrl('https://x.test/a.png', respond(new Blob(['<html>'], { type: 'text/html' })), c)).rejects.toMatchObject({ kind: 'not-image' });
  });
});
