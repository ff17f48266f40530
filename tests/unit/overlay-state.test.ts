import { describe, expect, test } from 'vitest';
import { OverlayState } from '../../utils/crop/page/overlay-state';

// A 3000×2000 file shown at 600×400 CSS px (one CSS px = five source px), all of it on screen.
const SOURCE = { width: 3000, height: 2000 };
const PLACED = { image: { x: 0, y: 0, width: 600, height: 400 }, visible: { x: 0, y: 0, width: 600, height: 400 } };
const PRESETS = [{ label: 'Free', aspect: null }];

describe('the crop overlay', () => {
  test('an image starts whole; a capture starts with nothing selected and Enter has nothing to crop', () => {
    expect(new OverlayState(SOURCE, PRESETS, PLACED).pixels).toEqual({ x: 0, y: 0, width: 3000, height: 2000 });
    const capture = new OverlayState(SOURCE, PRESETS, PLACED, 'none');
    expect(capture.empty).toBe(true);
    capture.key('ArrowRight', false, false);
    expect(capture.empty).toBe(true);
    capture.begin('move', 10, 10);
    capture.drag(110, 60);
    expect(capture.empty).toBe(false);
    expect(capture.pixels).toEqual({ x: 50, y: 50, width: 500, height: 250 });
  });

  test('Recrop starts from the last selection, given as fractions', () => {
    const again = new OverlayState(SOURCE, PRESETS, PLACED, { x: 0.1, y: 0.25, width: 0.5, height: 0.5 });
    expect(again.pixels).toEqual({ x: 300, y: 500, width: 1500, height: 1000 });
  });

  test('arrows move by what the screen shows: one CSS px is five source px here (Shift: fifty)', () => {
    const s = new OverlayState(SOURCE, PRESETS, PLACED, { x: 0.1, y: 0.1, width: 0.2, height: 0.2 });
    s.key('ArrowRight', false, false);
    expect(s.pixels.x).toBe(305);
    s.key('ArrowDown', true, false);
    expect(s.pixels.y).toBe(250);
  });

  test('when only a screenshot can be read, the readout is the selection on screen in device pixels', () => {
    const s = new OverlayState(SOURCE, PRESETS, PLACED, { x: 0, y: 0, width: 0.5, height: 0.5 }, true, 2);
    expect(s.pixels).toMatchObject({ width: 1500, height: 1000 });
    expect(s.sent).toEqual({ width: 600, height: 400 });
    expect(new OverlayState(SOURCE, PRESETS, PLACED, { x: 0, y: 0, width: 0.5, height: 0.5 }).sent).toEqual({ width: 1500, height: 1000 });
  });
});
