// @vitest-environment happy-dom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OverlayState } from '../../utils/crop/page/overlay-state';
import { mountOverlayView } from '../../utils/crop/page/overlay-view';

// The overlay reads its words from the browser's own API object; message keys stand for them here.
vi.stubGlobal('chrome', { i18n: { getMessage: (key: string) => key } });

const SOURCE = { width: 3000, height: 2000 };
// A model that makes square images only: the 3:2 selection is outside its range.
const SQUARE_ONLY = { model: 'Square', outputEdge: 1024, minAspect: 1, maxAspect: 1 };
const PLACED = { image: { x: 0, y: 0, width: 600, height: 400 }, visible: { x: 0, y: 0, width: 600, height: 400 } };

function mount(referenceOnly?: boolean) {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const confirmed: boolean[] = [];
  const view = mountOverlayView(shadow, { crop: new OverlayState(SOURCE, [{ label: 'Free', aspect: null }], PLACED), site: '', fit: SQUARE_ONLY, referenceOnly, onConfirm: (asReference) => confirmed.push(asReference), onCancel: () => undefined });
  const buttons = () => [...shadow.querySelectorAll('button')].map((b) => b.textContent);
  const enter = (shiftKey: boolean) => shadow.querySelector('.stage')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey, bubbles: true }));
  const click = (label: string) => [...shadow.querySelectorAll('button')].find((b) => b.textContent === label)!.click();
  return { confirmed, buttons, enter, click, help: () => shadow.querySelector('.help')!.textContent, notes: () => shadow.querySelectorAll('.note').length, remove: () => (view.remove(), host.remove()) };
}

let mounted: ReturnType<typeof mount> | undefined;
afterEach(() => mounted?.remove());

describe('the crop overlay’s buttons and Enter', () => {
  test('opened by "Edit image with Pictor": Enter and Crop make the crop; Shift+Enter and Add as reference add a reference', () => {
    mounted = mount();
    expect(mounted.buttons()).toEqual(['overlayConfirm', 'overlayAddReference', 'overlayCancel']);
    mounted.enter(false);
    mounted.enter(true);
    mounted.click('overlayConfirm');
    mounted.click('overlayAddReference');
    expect(mounted.confirmed).toEqual([false, true, false, true]);
    expect(mounted.help()).toBe('overlayHelp');
    // The crop sets the result's shape: a word before one the model would pad or cut.
    expect(mounted.notes()).toBe(1);
  });

  test('opened by "Add to Pictor as a reference": one main button, Add as reference, and Enter adds a reference, never replacing the crop', () => {
    mounted = mount(true);
    expect(mounted.buttons()).toEqual(['overlayAddReference', 'overlayCancel']);
    mounted.enter(false);
    mounted.enter(true);
    mounted.click('overlayAddReference');
    expect(mounted.confirmed).toEqual([true, true, true]);
    expect(mounted.help()).toBe('overlayHelpReference');
    // A reference only guides the edit: its shape says nothing of the result's.
    expect(mounted.notes()).toBe(0);
  });
});
