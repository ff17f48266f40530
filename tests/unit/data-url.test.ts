import { afterEach, describe, expect, test } from 'vitest';
import { encodePng } from '../fake-providers/png';
import { ImageFetchError } from '../../utils/image/bounded-fetch';
import { dataUrlBlob } from '../../utils/image/data-url';
import { produceCrop, type CropCodec } from '../../utils/crop/pipeline';

/**
 * Node 20 has no Uint8Array.fromBase64 (Chrome 140 and Firefox 133 have it): these tests give it one
 * that decodes as the standard does for valid input, and take it away again.
 */
type WithFromBase64 = { fromBase64?: (s: string) => Uint8Array };
const native = (Uint8Array as unknown as WithFromBase64).fromBase64;
function giveFromBase64(): void {
  (Uint8Array as unknown as WithFromBase64).fromBase64 = (s) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new SyntaxError('not base64');
    return new Uint8Array(Buffer.from(s, 'base64'));
  };
}
afterEach(() => {
  (Uint8Array as unknown as WithFromBase64).fromBase64 = native;
});

const png = new Uint8Array(encodePng(4, 3, () => [200, 10, 10, 255]));
const dataUrl = (bytes: Uint8Array, type = 'image/png') => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

describe('a data: URL read without fetching it', () => {
  test('gives its bytes, of the type it names', async () => {
    giveFromBase64();
    const blob = dataUrlBlob(dataUrl(png, 'Image/PNG'))!;
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
  });

  test('leaves to fetch what it does not read: no fromBase64 in this browser, not base64, not a data: URL', () => {
    expect(dataUrlBlob(dataUrl(png))).toBeNull();
    giveFromBase64();
    expect(dataUrlBlob('data:image/svg+xml,%3Csvg%3E')).toBeNull();
    expect(dataUrlBlob('https://img.example/a.png')).toBeNull();
  });

  test('refuses more bytes than allowed before decoding any, as fetchBounded does, and bad base64', () => {
    giveFromBase64();
    expect(() => dataUrlBlob(dataUrl(new Uint8Array(3000)), 1000)).toThrow(ImageFetchError);
    expect(dataUrlBlob(dataUrl(new Uint8Array(999)), 1000)).not.toBeNull();
    expect(() => dataUrlBlob('data:image/png;base64,@@@@')).toThrow(SyntaxError);
  });

  test("a crop the page cut is kept without a fetch, and one whose base64 is broken is cut again from the file", async () => {
    giveFromBase64();
    const codec: CropCodec = { cut: async () => new Blob([png], { type: 'image/png' }), measure: async () => ({ width: 4, height: 3 }) };
    const asked: string[] = [];
    const fetcher = (async (url: string) => {
      asked.push(url.slice(0, 30));
      return new Response(png, { headers: { 'content-type': 'image/png' } });
    }) as typeof fetch;
    const base = { mode: 'image' as const, url: 'https://img.example/a.png', pageUrl: 'https://img.example/', selection: { x: 0, y: 0, width: 1, height: 1 }, screen: { x: 0, y: 0, width: 4, height: 3 }, viewport: { width: 4, height: 3 } };
    const deps = { fetch: fetcher, capture: async () => new Blob([png], { type: 'image/png' }), codec };

    const kept = await produceCrop({ ...base, pageCut: { bytes: dataUrl(png), width: 4, height: 3 } }, ['page', 'extension', 'screen'], deps);
    expect(kept).toMatchObject({ width: 4, height: 3, origin: 'original' });
    expect(new Uint8Array(await kept.blob.arrayBuffer())).toEqual(png);
    expect(asked).toEqual([]);

    const again = await produceCrop({ ...base, pageCut: { bytes: 'data:image/png;base64,@@@@', width: 4, height: 3 } }, ['page', 'extension', 'screen'], deps);
    expect(again).toMatchObject({ width: 4, height: 3, origin: 'original' });
    expect(asked).toEqual(['https://img.example/a.png']);
  });
});
