import { describe, expect, it } from 'vitest';
import { emptyMask, maskGridSize, paintedOrNone, paintedShare, stamp, strokeSegment } from '../../utils/image/mask-paint';
import { maskForJob, maskPixels } from '../../utils/image/mask-png';

describe('the painted mask', () => {
  it('is a grid of the crop’s shape, at most 1024 a side', () => {
    expect(maskGridSize({ width: 400, height: 300 })).toEqual({ width: 400, height: 300 });
    expect(maskGridSize({ width: 4096, height: 2048 })).toEqual({ width: 1024, height: 512 });
  });

  it('paints a disc, and the eraser takes it away again', () => {
    const mask = emptyMask({ width: 20, height: 20 });
    stamp(mask, 10, 10, 3, 255);
    expect(mask.data[10 * 20 + 10]).toBe(255);
    expect(mask.data[10 * 20 + 14]).toBe(0);
    expect(paintedShare(mask)).toBeGreaterThan(20 / 400);
    stamp(mask, 10, 10, 5, 0);
    expect(paintedOrNone(mask)).toBeUndefined();
  });

  it('leaves no gap along a fast stroke', () => {
    const mask = emptyMask({ width: 100, height: 10 });
    strokeSegment(mask, { x: 2, y: 5 }, { x: 97, y: 5 }, 2, 255);
    for (let x = 2; x < 97; x++) expect(mask.data[5 * 100 + x], `x=${x}`).toBe(255);
  });
});

describe('the mask file each service reads', () => {
  const mask = emptyMask({ width: 4, height: 2 });
  // The left half is painted: the part that may change.
  for (const i of [0, 1, 4, 5]) mask.data[i] = 255;

  it('for OpenAI: transparent where painted, opaque elsewhere, at the size of the image sent', () => {
    const px = maskPixels(mask, { width: 8, height: 4 }, 'transparent');
    expect(px.length).toBe(8 * 4 * 4);
    expect(px[3]).toBe(0);
    expect(px[(0 * 8 + 7) * 4 + 3]).toBe(255);
    expect(px[(3 * 8 + 3) * 4 + 3]).toBe(0);
    expect(px[(3 * 8 + 4) * 4 + 3]).toBe(255);
  });

  it('for Ideogram: black where painted, white elsewhere, opaque', () => {
    const px = maskPixels(mask, { width: 4, height: 2 }, 'black');
    expect(Array.from(px.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    expect(Array.from(px.subarray(12, 16))).toEqual([255, 255, 255, 255]);
  });

  it('is sent only for an operation the service takes it with, and only when something was painted', async () => {
    const route = { operations: ['remix'] as const, models: ['ideogram-4-5'], style: 'black' as const };
    const source = { width: 4, height: 2, mask };
    expect(await maskForJob(route, { model: 'ideogram-4-5', operation: 'generate', source })).toBeUndefined();
    expect(await maskForJob(route, { model: 'ideogram-4', operation: 'remix', source })).toBeUndefined();
    expect(await maskForJob(undefined, { model: 'ideogram-4-5', operation: 'remix', source })).toBeUndefined();
    expect(await maskForJob(route, { model: 'ideogram-4-5', operation: 'remix', source: { width: 4, height: 2 } })).toBeUndefined();
  });

  it('is not sent when, at the size sent, it is all painted or all kept: the whole crop may change (Precise Edit refuses one colour)', async () => {
    const route = { operations: ['remix'] as const, style: 'black' as const };
    const all = { width: 4, height: 2, data: new Uint8Array(8).fill(255) };
    expect(await maskForJob(route, { model: 'ideogram-4-5', operation: 'remix', source: { width: 400, height: 200, mask: all } })).toBeUndefined();
    // One painted cell of a 40×20 grid, sent at 2×1: nearest sampling misses it.
    const speck = { width: 40, height: 20, data: new Uint8Array(800) };
    speck.data[0] = 255;
    expect(await maskForJob(route, { model: 'ideogram-4-5', operation: 'remix', source: { width: 2, height: 1, mask: speck } })).toBeUndefined();
  });
});
