import { isCropRequest } from '../../utils/crop/messages';
import { describe, expect, test } from 'vitest';
import { fitWithin, fittedImageRect, parseObjectPosition, placeImage, toPixels, viewportToScreenshot, viewportToSource, type ElementBox } from '../../utils/crop/geometry';
import { largestCandidate, parseSrcset } from '../../utils/crop/page/srcset';
import { planRoutes } from '../../utils/crop/cascade';
import { originPattern } from '../../utils/platform/origins';
import { draw, nudge, resize, applyAspect } from '../../utils/crop/page/box';
import { headerSize } from '../../utils/image/dimensions';

const el = (over: Partial<ElementBox>): ElementBox => ({
  bounds: { x: 0, y: 0, width: 300, height: 200 },
  layout: { width: 300, height: 200 },
  inset: { top: 0, right: 0, bottom: 0, left: 0 },
  fit: 'fill',
  position: parseObjectPosition('50% 50%'),
  natural: { width: 3000, height: 2000 },
  ...over,
});
const vp = { width: 1000, height: 800 };

describe('displayed → source pixels', () => {
  test('object-fit: contain letterboxes; the bars are not image', () => {
    const p = placeImage(el({ layout: { width: 400, height: 200 }, bounds: { x: 10, y: 20, width: 400, height: 200 }, fit: 'contain' }), vp);
    expect(p.image).toEqual({ x: 60, y: 20, width: 300, height: 200 });
    expect(viewportToSource({ x: 60, y: 20, width: 150, height: 100 }, p.image, { width: 3000, height: 2000 })).toEqual({ x: 0, y: 0, width: 1500, height: 1000 });
  });

  test('object-fit: cover overflows the box; only the box is visible', () => {
    const p = placeImage(el({ layout: { width: 200, height: 200 }, bounds: { x: 0, y: 0, width: 200, height: 200 }, fit: 'cover' }), vp);
    expect(p.image).toEqual({ x: -50, y: 0, width: 300, height: 200 });
    expect(p.visible).toEqual({ x: 0, y: 0, width: 200, height: 200 });
    // The visible square is the middle 2000x2000 of the source.
    expect(viewportToSource(p.visible, p.image, { width: 3000, height: 2000 })).toEqual({ x: 500, y: 0, width: 2000, height: 2000 });
  });

  test('object-position in px and none', () => {
    expect(fittedImageRect({ width: 100, height: 100 }, { width: 50, height: 20 }, 'none', parseObjectPosition('10px 0%'))).toEqual({ x: 10, y: 0, width: 50, height: 20 });
  });

  test('a CSS transform (scale 2 from the centre) is read from the bounding box, padding included', () => {
    const p = placeImage(el({ bounds: { x: -150, y: -100, width: 640, height: 440 }, layout: { width: 320, height: 220 }, inset: { top: 10, right: 10, bottom: 10, left: 10 } }), vp);
    expect(p.image).toEqual({ x: -130, y: -80, width: 600, height: 400 });
    expect(p.visible).toEqual({ x: 0, y: 0, width: 470, height: 320 });
  });

  test('device pixel ratio: a screenshot twice the viewport doubles the rectangle', () => {
    expect(viewportToScreenshot({ x: 10.2, y: 5, width: 100, height: 50 }, { width: 800, height: 600 }, { width: 1600, height: 1200 })).toEqual({ x: 20, y: 10, width: 200, height: 100 });
  });

  test('whole pixels, inside the image', () => {
    expect(toPixels({ x: -3, y: 1.6, width: 500, height: 10.2 }, { width: 300, height: 200 })).toEqual({ x: 0, y: 2, width: 300, height: 10 });
  });

  test('fitting to provider limits keeps the aspect and never enlarges', () => {
    expect(fitWithin({ width: 12000, height: 9000 }, { maxEdge: 4096, maxPixels: 16_777_216 })).toEqual({ width: 4096, height: 3072 });
    expect(fitWithin({ width: 300, height: 200 }, { maxEdge: 4096, maxPixels: 16_777_216 })).toEqual({ width: 300, height: 200 });
  });
});

describe('srcset', () => {
  test('the widest candidate wins, its height from the shown aspect', () => {
    const c = parseSrcset('a.jpg 400w, b.jpg 1600w,c.jpg 800w', 'https://x.test/p/');
    expect(largestCandidate(c, { url: 'https://x.test/p/a.jpg', natural: { width: 400, height: 300 }, density: 1 })).toEqual({ url: 'https://x.test/p/b.jpg', size: { width: 1600, height: 1200 } });
  });
  test('density descriptors, and commas inside data: URLs', () => {
    const c = parseSrcset('data:image/png;base64,AA,BB 1x, big.png 3x', 'https://x.test/');
    expect(c.map((x) => x.density)).toEqual([1, 3]);
    expect(c[0]!.url).toBe('data:image/png;base64,AA,BB');
    expect(largestCandidate(c, { url: c[0]!.url, natural: { width: 100, height: 50 }, density: 1 }).size).toEqual({ width: 300, height: 150 });
  });
});

describe('source cascade', () => {
  const page = 'https://site.test/a.html';
  test.each([
    ['data:image/png;base64,AA', false, false, ['extension', 'screen']],
    ['blob:https://site.test/1', false, false, ['page', 'screen']],
    ['https://site.test/a.png', false, false, ['page', 'screen']],
    ['https://cdn.test/a.png', false, false, ['page', 'screen']],
    ['https://cdn.test/a.png', true, false, ['extension', 'screen']],
    ['https://cdn.test/a.png', true, true, ['extension']],
  ] as const)('%s (host permission %s, subframe %s)', (url, hostPermission, inSubframe, routes) => {
    expect(planRoutes({ url, pageUrl: page, hostPermission, inSubframe })).toEqual(routes);
  });
  test('capture is a screenshot; SVG is drawn by the page first', () => {
    expect(planRoutes({ pageUrl: page, hostPermission: false, inSubframe: false })).toEqual(['screen']);
    expect(planRoutes({ url: 'https://cdn.test/a.svg', pageUrl: page, hostPermission: true, inSubframe: false, svg: true })).toEqual(['page', 'extension', 'screen']);
  });
  test('permission patterns have no port', () => {
    expect(originPattern('http://localhost:8080/a.png')).toBe('http://localhost/*');
    expect(originPattern('data:image/png;base64,AA')).toBeNull();
  });
});

describe('crop box', () => {
  const b = { width: 300, height: 200 };
  test('drawing with 1:1 stays inside the image', () => {
    expect(draw({ x: 250, y: 10 }, { x: 400, y: 300 }, 1, b)).toEqual({ x: 250, y: 10, width: 50, height: 50 });
  });
  test('handles: the opposite corner stays put', () => {
    expect(resize({ x: 10, y: 10, width: 100, height: 100 }, 'nw', { x: 0, y: 5 }, null, b)).toEqual({ x: 0, y: 5, width: 110, height: 105 });
  });
  test('edge handles move one edge; with an aspect the other side follows, centred', () => {
    const b = { width: 400, height: 300 };
    const r = { x: 100, y: 100, width: 100, height: 50 };
    expect(resize(r, 'e', { x: 250, y: 0 }, null, b)).toEqual({ x: 100, y: 100, width: 150, height: 50 });
    expect(resize(r, 'w', { x: 50, y: 0 }, null, b)).toEqual({ x: 50, y: 100, width: 150, height: 50 });
    expect(resize(r, 's', { x: 0, y: 200 }, null, b)).toEqual({ x: 100, y: 100, width: 100, height: 100 });
    expect(resize(r, 'n', { x: 0, y: 20 }, null, b)).toEqual({ x: 100, y: 20, width: 100, height: 130 });
    expect(resize(r, 'e', { x: 300, y: 0 }, 2, b)).toEqual({ x: 100, y: 75, width: 200, height: 100 });
    expect(resize(r, 's', { x: 0, y: 250 }, 2, b)).toEqual({ x: 0, y: 100, width: 300, height: 150 });
    // Past the opposite edge, the box flips rather than going negative.
    expect(resize(r, 'n', { x: 0, y: 190 }, null, b)).toEqual({ x: 100, y: 150, width: 100, height: 40 });
  });

  test('keyboard: arrows move 1 (Shift 10), Alt resizes', () => {
    const r = { x: 10, y: 10, width: 50, height: 50 };
    expect(nudge(r, 'ArrowRight', { shift: true, alt: false }, null, b)).toMatchObject({ x: 20 });
    expect(nudge(r, 'ArrowDown', { shift: false, alt: true }, null, b)).toMatchObject({ height: 51 });
  });
  test('a preset keeps the centre', () => {
    const box = applyAspect({ x: 100, y: 50, width: 100, height: 100 }, 16 / 9, b);
    expect(box.x).toBeCloseTo(83.3, 0.1);
    expect(box.width).toBeCloseTo(133.3, 0.1);
  });
});

describe('image headers', () => {
  test('PNG and GIF sizes without decoding', () => {
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47], 0);
    png.set([...'IHDR'].map((c) => c.charCodeAt(0)), 12);
    new DataView(png.buffer).setUint32(16, 12000);
    new DataView(png.buffer).setUint32(20, 9000);
    expect(headerSize(png)).toEqual({ width: 12000, height: 9000 });
    expect(headerSize(new Uint8Array([71, 73, 70, 56, 57, 97, 10, 0, 5, 0]))).toEqual({ width: 10, height: 5 });
  });
});

describe('crop requests the background accepts', () => {
  const ok = { mode: 'image', url: 'https://a.example/p.jpg', pageUrl: 'https://a.example/', selection: { x: 0.1, y: 0.2, width: 0.5, height: 0.5 }, screen: { x: 1, y: 2, width: 3, height: 4 }, viewport: { width: 800, height: 600 } };
  test('a well-formed request', () => {
    expect(isCropRequest(ok)).toBe(true);
    expect(isCropRequest({ ...ok, pageBytes: 'data:image/png;base64,AAAA' })).toBe(true);
  });
  test.each([
    ['a file: URL', { url: 'file:///etc/passwd' }],
    ['page bytes that are not an image data: URL', { pageBytes: 'https://evil.example/x' }],
    ['a selection outside the image', { selection: { x: 0.8, y: 0, width: 0.5, height: 1 } }],
    ['an empty selection', { selection: { x: 0, y: 0, width: 0, height: 1 } }],
    ['a non-number', { screen: { x: 'a', y: 0, width: 1, height: 1 } }],
    ['an unknown mode', { mode: 'steal' }],
  ])('refuses %s', (_name, change) => {
    expect(isCropRequest({ ...ok, ...change })).toBe(false);
  });
});
