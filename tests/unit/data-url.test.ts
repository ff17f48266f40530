import { describe, expect, test } from 'vitest';
import { encodePng } from '../fake-providers/png';
import { fetchBounded, ImageFetchError } from '../../utils/image/bounded-fetch';
import { produceCrop, type CropCodec } from '../../utils/crop/pipeline';

const png = new Uint8Array(encodePng(4, 3, () => [200, 10, 10, 255]));
const dataUrl = (bytes: Uint8Array, type = 'image/png') => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
const limits = { maxBytes: 1000, timeoutMs: 1000 };

/** A fetch that answers every URL with the PNG, and lists what it was asked for. */
function recording() {
  const asked: string[] = [];
  const fetcher = (async (url: string) => {
    asked.push(url.slice(0, 30));
    return new Response(png, { headers: { 'content-type': 'image/png' } });
  }) as typeof fetch;
  return { fetcher, asked };
}

describe('a base64 data: URL is decoded, not fetched', () => {
  test('its bytes, of the type it names, without a request', async () => {
    const { fetcher, asked } = recording();
    const blob = await fetchBounded(fetcher, dataUrl(png, 'Image/PNG'));
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png);
    expect(asked).toEqual([]);
  });

  test('any other URL, a data: URL that is not base64 included, is fetched', async () => {
    const { fetcher, asked } = recording();
    await fetchBounded(fetcher, 'data:image/svg+xml,%3Csvg%3E');
    await fetchBounded(fetcher, 'https://img.example/a.png');
    expect(asked).toEqual(['data:image/svg+xml,%3Csvg%3E', 'https://img.example/a.png']);
  });

  test('more bytes than allowed are refused before decoding any, as a fetched body is', async () => {
    const { fetcher } = recording();
    await expect(fetchBounded(fetcher, dataUrl(new Uint8Array(3000)), {}, limits)).rejects.toEqual(new ImageFetchError('too-large'));
    expect((await fetchBounded(fetcher, dataUrl(new Uint8Array(999)), {}, limits)).size).toBe(999);
  });

  test('a crop the page cut is kept without a request, and one whose base64 is broken is cut again from the file', async () => {
    const codec: CropCodec = { cut: async () => new Blob([png], { type: 'image/png' }), measure: async () => ({ width: 4, height: 3 }) };
    const { fetcher, asked } = recording();
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
