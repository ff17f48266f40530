import { describe, expect, it } from 'vitest';
import { blendInto, featherMask, fitResult, openSides, scaleMask, wholeMask } from '../../utils/image/put-back';

const ALL_OPEN = { left: true, top: true, right: true, bottom: true };

describe('fitResult: which part of a result goes back into the crop', () => {
  it('takes a result of the crop’s shape whole, at any size', () => {
    expect(fitResult({ width: 1024, height: 768 }, { width: 400, height: 300 })).toEqual({ take: { x: 0, y: 0, width: 1024, height: 768 }, reshaped: false });
  });

  it('takes the centre of a square result for a 4:3 crop, as large as fits', () => {
    expect(fitResult({ width: 1024, height: 1024 }, { width: 400, height: 300 })).toEqual({ take: { x: 0, y: 128, width: 1024, height: 768 }, reshaped: true });
  });

  it('takes the centre of a wide result for a tall crop', () => {
    expect(fitResult({ width: 1536, height: 1024 }, { width: 300, height: 400 })).toEqual({ take: { x: 384, y: 0, width: 768, height: 1024 }, reshaped: true });
  });
});

describe('scaleMask', () => {
  it('keeps a painted half where it was at another size', () => {
    // 4×2, left half painted.
    const mask = Uint8Array.from([255, 255, 0, 0, 255, 255, 0, 0]);
    const big = scaleMask(mask, { width: 4, height: 2 }, { width: 8, height: 4 });
    for (let y = 0; y < 4; y++) expect(Array.from(big.subarray(y * 8, y * 8 + 8))).toEqual([255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('shrinks a mask without moving its edge by more than a pixel', () => {
    const size = { width: 400, height: 300 };
    const mask = new Uint8Array(size.width * size.height);
    for (let y = 0; y < 300; y++) for (let x = 100; x < 200; x++) mask[y * 400 + x] = 255;
    const small = scaleMask(mask, size, { width: 100, height: 75 });
    const row = Array.from(small.subarray(0, 100));
    expect(row.indexOf(255)).toBe(25);
    expect(row.lastIndexOf(255)).toBe(49);
  });

  it('refuses a mask whose length does not match its size', () => {
    expect(() => scaleMask(new Uint8Array(3), { width: 2, height: 2 }, { width: 4, height: 4 })).toThrow();
  });
});

describe('featherMask: a soft edge that stays inside the mask', () => {
  const size = { width: 40, height: 40 };
  const square = () => {
    const m = new Uint8Array(size.width * size.height);
    for (let y = 5; y < 35; y++) for (let x = 10; x < 30; x++) m[y * size.width + x] = 255;
    return m;
  };

  it('never gives weight to a pixel outside the mask', () => {
    const m = square();
    const w = featherMask(m, size, 6, ALL_OPEN);
    for (let i = 0; i < m.length; i++) if (m[i] === 0) expect(w[i]).toBe(0);
  });

  it('rises from the edge to full weight within the feather width', () => {
    const w = featherMask(square(), size, 6, ALL_OPEN);
    const row = Array.from(w.subarray(20 * size.width, 21 * size.width));
    expect(row[10]).toBeLessThan(64);
    expect(row[20]).toBe(255);
    for (let x = 10; x < 20; x++) expect(row[x + 1]).toBeGreaterThanOrEqual(row[x]!);
  });

  it('keeps full weight up to a side that is the picture’s own edge', () => {
    const whole = wholeMask(size);
    const w = featherMask(whole, size, 8, openSides({ x: 0, y: 0, width: 40, height: 40 }, { width: 100, height: 40 }));
    // Left, top and bottom are the picture's edges; only the right side blends into the original.
    expect(w[0]).toBe(255);
    expect(w[10 * size.width]).toBe(255);
    expect(w[10 * size.width + 39]).toBeLessThan(64);
  });

  it('is the mask itself with no feather', () => {
    const m = square();
    expect(featherMask(m, size, 0, ALL_OPEN)).toEqual(m);
  });
});

describe('blendInto', () => {
  it('leaves a pixel of weight 0 byte for byte, writes the patch at 255, mixes between', () => {
    const base = Uint8ClampedArray.from([10, 20, 30, 255, 10, 20, 30, 255, 0, 0, 0, 255]);
    const patch = Uint8ClampedArray.from([200, 200, 200, 255, 200, 200, 200, 255, 255, 255, 255, 255]);
    blendInto(base, patch, Uint8Array.from([0, 255, 128]));
    expect(Array.from(base)).toEqual([10, 20, 30, 255, 200, 200, 200, 255, 128, 128, 128, 255]);
  });

  it('refuses arrays of different sizes', () => {
    expect(() => blendInto(new Uint8ClampedArray(8), new Uint8ClampedArray(8), new Uint8Array(1))).toThrow();
  });
});
