import { describe, expect, test, vi } from 'vitest';
import { allowedImageLink, downloadImage } from '../../utils/providers/ideogram/download';
import { collect } from '../../utils/providers/ideogram/run';

const API = 'https://api.ideogram.ai';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

describe('an Ideogram answer does not choose what Pictor downloads', () => {
  test('links are followed only on https ideogram.ai (or a subdomain), or on the origin the request went to', () => {
    for (const ok of ['https://ideogram.ai/api/images/ephemeral/abc.png?exp=1&sig=2', 'https://cdn.ideogram.ai/x.png', `${API}/images/x.png`, '/images/x.png']) expect(allowedImageLink(ok, API), ok).not.toBeNull();
    for (const bad of ['http://ideogram.ai/x.png', 'https://ideogram.ai.evil.example/x.png', 'https://evilideogram.ai/x.png', 'https://evil.example/x.png', 'https://user:pw@ideogram.ai/x.png', 'file:///etc/passwd', 'data:image/png;base64,AAAA', 'javascript:alert(1)', 'http://127.0.0.1:9/x.png']) {
      expect(allowedImageLink(bad, API), bad).toBeNull();
    }
    // Through a gateway: its own origin serves the images.
    expect(allowedImageLink('https://gateway.example/img/1.png', 'https://gateway.example/ideogram')).not.toBeNull();
  });

  test('a link elsewhere is refused as a malformed answer, and nothing is fetched', async () => {
    const fetch = vi.fn();
    await expect(downloadImage('https://tracker.example/p.png', { fetch, base: API, attempts: 3, retryDelayMs: 1 })).rejects.toMatchObject({ info: { kind: 'malformed' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  test('more links than any answer has are refused before the first download; the rest are fetched in order, two at a time', async () => {
    const fetch = vi.fn(async () => new Response(PNG));
    const links = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://ideogram.ai/i/${i}.png`, is_image_safe: true }));
    await expect(collect(links(11), { fetch, base: API, attempts: 1, retryDelayMs: 1 })).rejects.toMatchObject({ info: { kind: 'malformed' } });
    expect(fetch).not.toHaveBeenCalled();

    let inFlight = 0;
    let most = 0;
    fetch.mockImplementation(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return new Response(PNG);
    });
    const result = await collect(links(5), { fetch, base: API, attempts: 1, retryDelayMs: 1 });
    expect(result.images).toHaveLength(5);
    expect(fetch.mock.calls.map((c) => (c as unknown[])[0])).toEqual(links(5).map((l) => l.url));
    expect(most).toBe(2);
  });
});
