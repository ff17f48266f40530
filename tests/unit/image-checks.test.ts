import { describe, expect, test, vi } from 'vitest';
import { base64ToBlob, toBase64 } from '../../utils/platform/bytes';
import { encodePng } from '../fake-providers/png';
import { fetchBounded, ImageFetchError } from '../../utils/image/bounded-fetch';
import { checkImage, checkImageBlob, ImageCheckError, sniffImageType } from '../../utils/image/inspect';
import { CropError, produceCrop, type CropCodec } from '../../utils/crop/pipeline';
import { checkedResults } from '../../utils/jobs/results';

const png = new Uint8Array(encodePng(4, 3, () => [1, 2, 3, 255]));
/** A PNG whose header claims `w`×`h` (nothing behind it). */
function pngClaiming(w: number, h: number): Uint8Array<ArrayBuffer> {
  const head = new Uint8Array(png.subarray(0, 33));
  const view = new DataView(head.buffer);
  view.setUint32(16, w);
  view.setUint32(20, h);
  return head;
}
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof ImageCheckError ? err.problem : String(err);
  }
  return 'none';
};

describe('every image is checked by its bytes', () => {
  test('each format by its signature; text calling itself an image is not one; SVG only when a page gave it', () => {
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a……'))).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('\0\0\0\x1cftypavif\0\0\0\0'))).toBe('image/avif');
    expect(sniffImageType(new TextEncoder().encode('<!doctype html><p>Not found'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode(' <?xml version="1.0"?><svg>'), { svg: true })).toBe('image/svg+xml');
  });

  test('a header over 100 megapixels, a file over 50 MB, or a 0-pixel image are refused before any decoding', () => {
    expect(checkImage(png, png.length)).toEqual({ type: 'image/png', size: { width: 4, height: 3 }, stored: { width: 4, height: 3 } });
    expect(problem(() => checkImage(pngClaiming(30000, 30000), 33))).toBe('too-many-pixels');
    expect(problem(() => checkImage(pngClaiming(10000, 10000), 33))).toBe('none');
    expect(problem(() => checkImage(pngClaiming(0, 10), 33))).toBe('not-image');
    expect(problem(() => checkImage(png, 50 * 1024 * 1024 + 1))).toBe('too-large');
    expect(problem(() => checkImage(new TextEncoder().encode('%PDF-1.7'), 8))).toBe('not-image');
  });

  test('a blob is retyped to what its bytes are, whatever it claimed', async () => {
    const { blob } = await checkImageBlob(new Blob([png], { type: 'image/jpeg' }));
    expect(blob.type).toBe('image/png');
  });
});

/** A JPEG whose frame header (claiming `w`×`h`) follows `app` metadata segments of 64 KB each. */
function jpegAfterMetadata(app: number, w: number, h: number): Uint8Array<ArrayBuffer> {
  const segment = 2 + 65_533;
  const bytes = new Uint8Array(2 + app * segment + 11);
  const view = new DataView(bytes.buffer);
  bytes.set([0xff, 0xd8]);
  for (let k = 0; k < app; k++) {
    const at = 2 + k * segment;
    bytes.set([0xff, 0xe2], at);
    view.setUint16(at + 2, 65_533);
  }
  const sof = 2 + app * segment;
  bytes.set([0xff, 0xc0], sof);
  view.setUint16(sof + 2, 17);
  bytes[sof + 4] = 8;
  view.setUint16(sof + 5, h);
  view.setUint16(sof + 7, w);
  return bytes;
}

/** An AVIF head with two 'ispe' boxes: a small one first, then the image's. */
function avifWithTwoSizes(first: [number, number], second: [number, number]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(80);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('\0\0\0\x1cftypavif'), 0);
  for (const [at, [w, h]] of [[24, first], [48, second]] as const) {
    bytes.set(new TextEncoder().encode('ispe'), at);
    view.setUint32(at + 8, w);
    view.setUint32(at + 12, h);
  }
  return bytes;
}

describe('a size the first bytes do not give is not trusted', () => {
  test('a JPEG whose frame header comes after 320 KB of metadata is measured through the file, and refused over 100 megapixels', async () => {
    const huge = jpegAfterMetadata(5, 20_000, 20_000);
    expect(huge.length).toBeGreaterThan(256 * 1024);
    await expect(checkImageBlob(new Blob([huge]))).rejects.toMatchObject({ problem: 'too-many-pixels', size: { width: 20_000, height: 20_000 } });
    expect((await checkImageBlob(new Blob([jpegAfterMetadata(5, 4000, 3000)]))).stored).toEqual({ width: 4000, height: 3000 });
  });

  test('an AVIF is held to the largest of its sizes, not a small first one', () => {
    expect(problem(() => checkImage(avifWithTwoSizes([64, 64], [20_000, 20_000]), 80))).toBe('too-many-pixels');
  });

  test("a provider's answer made into a blob is checked from the bytes in hand, without reading them back; a JPEG whose frame lies past them is measured through the file", async () => {
    const read = vi.spyOn(Blob.prototype, 'slice');
    const checked = await checkImageBlob(base64ToBlob(toBase64(png), 'image/jpeg'));
    expect(checked.blob.type).toBe('image/png');
    expect(checked.stored).toEqual({ width: 4, height: 3 });
    // 2 segments of metadata (131 KB): the frame is within the bytes kept.
    expect((await checkImageBlob(base64ToBlob(toBase64(jpegAfterMetadata(2, 4000, 3000)), 'image/jpeg'))).stored).toEqual({ width: 4000, height: 3000 });
    expect(read).not.toHaveBeenCalled();
    // 5 segments (327 KB): past them, read through the file.
    const late = await checkImageBlob(base64ToBlob(toBase64(jpegAfterMetadata(5, 20_000, 20_000)), 'image/jpeg')).catch((err: unknown) => err);
    expect(late).toMatchObject({ problem: 'too-many-pixels', size: { width: 20_000, height: 20_000 } });
  });

  test('a provider result whose header does not give its size is not kept', async () => {
    const unmeasured = new Uint8Array([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]);
    await expect(checkedResults([new Blob([unmeasured])])).rejects.toMatchObject({ info: { kind: 'malformed', detail: 'an image whose header does not give its size' } });
    expect(await checkedResults([new Blob([png])])).toHaveLength(1);
  });
});

describe('fetches of images are capped and timed', () => {
  const body = (chunks: number, size: number) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < chunks; i++) c.enqueue(new Uint8Array(size));
        c.close();
      },
    });

  test('the bytes are counted as they come: a body past the cap stops, whatever Content-Length says', async () => {
    const fetcher = (async () => new Response(body(5, 1000), { headers: { 'content-length': '10' } })) as typeof fetch;
    await expect(fetchBounded(fetcher, 'https://x/a.png', {}, { maxBytes: 3000, timeoutMs: 1000 })).rejects.toMatchObject({ problem: 'too-large' });
    const ok = await fetchBounded((async () => new Response(body(2, 1000), { headers: { 'content-type': 'image/png' } })), 'https://x/a.png', {}, { maxBytes: 3000, timeoutMs: 1000 });
    expect(ok.size).toBe(2000);
    expect(ok.type).toBe('image/png');
  });

  test('a server that never answers ends at the deadline; a 404 is said as a status', async () => {
    const never = ((_u: string, init?: RequestInit) =>
      new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
    await expect(fetchBounded(never, 'https://x/a.png', {}, { maxBytes: 10, timeoutMs: 50 })).rejects.toMatchObject({ problem: 'timeout' });
    const missing = (async () => new Response('no', { status: 404 })) as typeof fetch;
    await expect(fetchBounded(missing, 'https://x/a.png')).rejects.toEqual(new ImageFetchError('status', 404));
  });
});

describe('a crop from a file that is not an image, or too big to open', () => {
  const codec: CropCodec = { cut: async (blob) => blob, measure: async () => ({ width: 4, height: 3 }) };
  const request = { mode: 'image' as const, url: 'https://img.example/a.png', pageUrl: 'https://page.example/', selection: { x: 0, y: 0, width: 1, height: 1 }, screen: { x: 0, y: 0, width: 4, height: 3 }, viewport: { width: 4, height: 3 } };
  const serving = (bytes: Uint8Array<ArrayBuffer>, type = 'image/png') => (async () => new Response(bytes, { headers: { 'content-type': type } })) as typeof fetch;
  const screenshot = async () => new Blob([png], { type: 'image/png' });

  test('is refused with what is wrong, not replaced by a screenshot of it', async () => {
    await expect(produceCrop(request, ['extension', 'screen'], { fetch: serving(new TextEncoder().encode('<html>')), capture: screenshot, codec })).rejects.toEqual(new CropError('not-image'));
    await expect(produceCrop(request, ['extension', 'screen'], { fetch: serving(pngClaiming(30000, 30000)), capture: screenshot, codec })).rejects.toMatchObject({ kind: 'too-many-pixels', size: { width: 30000, height: 30000 } });
  });

  test('a file the server does not give (404) falls back to the screen', async () => {
    const missing = (async () => new Response('no', { status: 404 })) as typeof fetch;
    const cut = await produceCrop(request, ['extension', 'screen'], { fetch: missing, capture: screenshot, codec });
    expect(cut.origin).toBe('screen');
    // A screenshot is no picture to put an edit back into.
    expect(cut.original).toBeUndefined();
  });

  test('a crop cut from the file keeps the file and where in it the crop lies, for putting an edit back', async () => {
    const cut = await produceCrop({ ...request, selection: { x: 0.25, y: 1 / 3, width: 0.5, height: 2 / 3 } }, ['extension', 'screen'], { fetch: serving(png), capture: screenshot, codec });
    expect(cut.original).toMatchObject({ width: 4, height: 3, rect: { x: 1, y: 1, width: 2, height: 2 } });
    expect(new Uint8Array(await cut.original!.blob.arrayBuffer())).toEqual(png);
  });
});

describe('a crop the page cut itself', () => {
  const codec: CropCodec = { cut: async () => new Blob([new Uint8Array(encodePng(2, 2, () => [9, 9, 9, 255]))], { type: 'image/png' }), measure: async () => ({ width: 4, height: 3 }) };
  const dataUrl = (bytes: Uint8Array) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
  const base = { mode: 'image' as const, url: 'https://img.example/a.png', pageUrl: 'https://img.example/', selection: { x: 0, y: 0, width: 1, height: 1 }, screen: { x: 0, y: 0, width: 4, height: 3 }, viewport: { width: 4, height: 3 } };
  /** Serves data: URLs as themselves and answers everything else with the 4×3 PNG, counting those. */
  const fetching = () => {
    const asked: string[] = [];
    const fetcher = (async (url: string) => {
      if (url.startsWith('data:')) return new Response(Buffer.from(url.split(',')[1]!, 'base64'), { headers: { 'content-type': 'image/png' } });
      asked.push(url);
      return new Response(png, { headers: { 'content-type': 'image/png' } });
    }) as typeof fetch;
    return { fetcher, asked };
  };
  const screenshot = async () => new Blob([png], { type: 'image/png' });

  test('is kept as it came, at full resolution, when its bytes are an image of the size it claims', async () => {
    const { fetcher, asked } = fetching();
    const cut = await produceCrop({ ...base, pageCut: { bytes: dataUrl(png), width: 4, height: 3 } }, ['page', 'extension', 'screen'], { fetch: fetcher, capture: screenshot, codec });
    expect(cut).toMatchObject({ width: 4, height: 3, origin: 'original' });
    expect(new Uint8Array(await cut.blob.arrayBuffer())).toEqual(png);
    expect(asked).toEqual([]);
  });

  test('claiming another size, being no image, or being larger than providers take, it is cut again the next way', async () => {
    const big = pngClaiming(5000, 100);
    for (const pageCut of [
      { bytes: dataUrl(png), width: 40, height: 30 },
      { bytes: `data:image/png;base64,${Buffer.from('<html>').toString('base64')}`, width: 4, height: 3 },
      { bytes: dataUrl(big), width: 5000, height: 100 },
    ]) {
      const { fetcher, asked } = fetching();
      const cut = await produceCrop({ ...base, pageCut }, ['page', 'extension', 'screen'], { fetch: fetcher, capture: screenshot, codec });
      // The file itself was fetched and cut (here: the whole 4×3 file).
      expect(asked).toEqual(['https://img.example/a.png']);
      expect(cut).toMatchObject({ width: 4, height: 3, origin: 'original' });
    }
  });
});
