// @vitest-environment node
// Node's own Blob and FormData: the SDK's multipart body is the one a browser sends.
import { describe, expect, test, vi } from 'vitest';
import { inputLimits, planInputs } from '../../utils/providers/inputs';
import { run } from '../../utils/providers/openai/run';
import { partsFor } from '../../utils/providers/google/run';
import { findModel, provider } from '../../utils/providers/registry';

const MB = 1_000_000;

describe('how many images a request takes, and how many bytes', () => {
  test('the catalog counts: OpenAI 16, Gemini 14, Ideogram 4.5 five (four beside a mask), 4.0 and 3.0 one; generating takes none beyond one', () => {
    const limits = (service: 'openai' | 'google' | 'ideogram', model: string, operation: 'edit' | 'remix' | 'generate', masked = false) =>
      inputLimits(provider(service), findModel(service, model)!, operation, masked).count;
    expect(limits('openai', 'gpt-image-2', 'edit')).toBe(16);
    expect(limits('google', 'gemini-3-pro-image', 'edit')).toBe(14);
    expect(limits('ideogram', 'ideogram-4-5', 'remix')).toBe(5);
    expect(limits('ideogram', 'ideogram-4-5', 'remix', true)).toBe(4);
    expect(limits('ideogram', 'ideogram-4', 'remix')).toBe(1);
    expect(limits('ideogram', 'ideogram-3', 'remix')).toBe(1);
    expect(limits('openai', 'gpt-image-2', 'generate')).toBe(1);
  });

  test('the images past the count are ignored, never dropped from the list, and the rest go at their size', () => {
    const plan = planInputs({ count: 1 }, [{ width: 400, height: 300, bytes: MB }, { width: 800, height: 600, bytes: MB }, { width: 10, height: 10, bytes: 100 }]);
    expect(plan).toEqual([{ sent: true, size: { width: 400, height: 300 }, scaled: false }, { sent: false }, { sent: false }]);
  });

  test('a file over the per-file limit is scaled down by the square root of the excess, with a margin', () => {
    const [first, second] = planInputs({ count: 2, each: 10 * MB }, [{ width: 4000, height: 3000, bytes: 40 * MB }, { width: 1000, height: 1000, bytes: 2 * MB }]);
    // √(8.5 / 40) ≈ 0.461: 1843 × 1382.
    expect(first).toEqual({ sent: true, size: { width: 1843, height: 1382 }, scaled: true });
    expect(second).toEqual({ sent: true, size: { width: 1000, height: 1000 }, scaled: false });
  });

  test('files over the total together are all scaled down alike (Gemini: 14 MB of files in a 20 MB body)', () => {
    const limits = inputLimits(provider('google'), findModel('google', 'gemini-3-pro-image')!, 'edit', false);
    expect(limits.total).toBe(14 * MB);
    const plan = planInputs(limits, [{ width: 2000, height: 2000, bytes: 10 * MB }, { width: 2000, height: 1000, bytes: 10 * MB }]);
    // √(11.9 / 20) ≈ 0.771.
    expect(plan).toEqual([{ sent: true, size: { width: 1542, height: 1542 }, scaled: true }, { sent: true, size: { width: 1542, height: 771 }, scaled: true }]);
  });
});

describe('each service gets the images in its own format, the one edited first', () => {
  const png = (n: number) => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n])], { type: 'image/png' });
  const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 7])], { type: 'image/jpeg' });

  test('OpenAI: repeated `image[]` parts in order, through the SDK', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
      return new Response(JSON.stringify({ created: 1, data: [{ b64_json: btoa('x') }] }), { headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
    await run({ operation: 'edit', model: 'gpt-image-2', prompt: 'put the jacket of the second on the first', inputs: [png(1), jpeg, png(3)], params: {} }, { apiKey: 'sk', fetch });
    const sent = calls.at(-1)!;
    const form = await new Request(sent.url, { method: 'POST', body: sent.init.body as BodyInit, headers: sent.init.headers, duplex: 'half' } as RequestInit).formData();
    const images = form.getAll('image[]') as File[];
    expect(images.map((f) => f.name)).toEqual(['image.png', 'image-2.jpg', 'image-3.png']);
    expect([...new Uint8Array(await images[1]!.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xe0, 7]);
    expect(form.getAll('image')).toEqual([]);
  });

  test('Gemini: one inlineData part per image, in order, then the prompt', async () => {
    const parts = await partsFor({ operation: 'edit', model: 'gemini-3-pro-image', prompt: 'in the style of the second', inputs: [png(1), jpeg], params: {} });
    expect(parts.map((p) => p.inlineData?.mimeType ?? p.text)).toEqual(['image/png', 'image/jpeg', 'in the style of the second']);
  });
});
